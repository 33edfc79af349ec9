"""The OWL RL rules our ontology uses, as SPARQL updates run to a fixpoint inside the store.

owlrl computes the full OWL 2 RL closure in Python, which takes minutes per million triples. The
ontology (ontology/*.ttl) only uses class and property hierarchies, domains and ranges, one
owl:inverseOf, one owl:TransitiveProperty and owl:disjointWith, so only the rules for those need
to run, and they run as set-at-a-time SPARQL inside Oxigraph. Each rule inserts into
``graph/inferred`` exactly the triples owlrl would add (tests/bulk/test_rules.py compares them on
the curated graph). Rules are generic — the schema is read from the data, not compiled in — so an
ontology change needs no code change, while an OWL construct outside this rule set is refused
(``check_supported``) rather than silently ignored.

Not materialised, on purpose (each would be noise at scale; the test lists them exactly):
``?x rdf:type owl:Thing`` for every typed resource (cax-sco over scm-cls), the datatype axioms
(``?dt rdf:type rdfs:Datatype``, owl:disjointWith between XSD datatypes), owlrl's typing of the
built-in annotation properties (prp-ap), reflexive owl:sameAs and literal-subject triples.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox

from syriakg.errors import ReasoningError
from syriakg.namespaces import graph_iri

INFERRED = str(graph_iri("inferred"))
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@dataclass(frozen=True)
class Rule:
    """One OWL 2 RL rule (named as in the OWL 2 profiles, table 4-9): body => one head triple."""

    name: str
    body: tuple[str, ...]
    head: str
    condition: str = ""
    # Match the first body triple (a schema axiom) in the asserted graphs only; see TYPE_RULES.
    asserted_axiom: bool = False


# The schema rules first: they are cheap and, once at their fixpoint, let every data rule below
# reach its own fixpoint in one pass.
SCHEMA_RULES = [
    Rule("cls-thing", (), "owl:Thing rdf:type owl:Class"),
    Rule("cls-nothing1", (), "owl:Nothing rdf:type owl:Class"),
    Rule("scm-cls", ("?c rdf:type owl:Class",), "?c rdfs:subClassOf ?c"),
    Rule("scm-cls", ("?c rdf:type owl:Class",), "?c owl:equivalentClass ?c"),
    Rule("scm-cls", ("?c rdf:type owl:Class",), "?c rdfs:subClassOf owl:Thing"),
    Rule("scm-cls", ("?c rdf:type owl:Class",), "owl:Nothing rdfs:subClassOf ?c"),
    Rule("scm-sco", ("?a rdfs:subClassOf ?b", "?b rdfs:subClassOf ?c"), "?a rdfs:subClassOf ?c"),
    Rule("scm-eqc1", ("?a owl:equivalentClass ?b",), "?a rdfs:subClassOf ?b"),
    Rule("scm-eqc1", ("?a owl:equivalentClass ?b",), "?b rdfs:subClassOf ?a"),
    Rule(
        "scm-eqc2", ("?a rdfs:subClassOf ?b", "?b rdfs:subClassOf ?a"), "?a owl:equivalentClass ?b"
    ),
    Rule("scm-op", ("?p rdf:type owl:ObjectProperty",), "?p rdfs:subPropertyOf ?p"),
    Rule("scm-op", ("?p rdf:type owl:ObjectProperty",), "?p owl:equivalentProperty ?p"),
    Rule("scm-dp", ("?p rdf:type owl:DatatypeProperty",), "?p rdfs:subPropertyOf ?p"),
    Rule("scm-dp", ("?p rdf:type owl:DatatypeProperty",), "?p owl:equivalentProperty ?p"),
    Rule(
        "scm-spo",
        ("?p rdfs:subPropertyOf ?q", "?q rdfs:subPropertyOf ?r"),
        "?p rdfs:subPropertyOf ?r",
    ),
    Rule("scm-eqp1", ("?p owl:equivalentProperty ?q",), "?p rdfs:subPropertyOf ?q"),
    Rule("scm-eqp1", ("?p owl:equivalentProperty ?q",), "?q rdfs:subPropertyOf ?p"),
    Rule(
        "scm-eqp2",
        ("?p rdfs:subPropertyOf ?q", "?q rdfs:subPropertyOf ?p"),
        "?p owl:equivalentProperty ?q",
    ),
    Rule("scm-dom1", ("?p rdfs:domain ?a", "?a rdfs:subClassOf ?b"), "?p rdfs:domain ?b"),
    Rule("scm-dom2", ("?q rdfs:domain ?c", "?p rdfs:subPropertyOf ?q"), "?p rdfs:domain ?c"),
    Rule("scm-rng1", ("?p rdfs:range ?a", "?a rdfs:subClassOf ?b"), "?p rdfs:range ?b"),
    Rule("scm-rng2", ("?q rdfs:range ?c", "?p rdfs:subPropertyOf ?q"), "?p rdfs:range ?c"),
]
# The data rules in two strata. Property rules derive property triples and feed each other, so
# they run to their own fixpoint. Type rules then run once, in this order: prp-dom and prp-rng
# type the ends of every property triple, and cax-sco adds every superclass at once (the class
# hierarchy is already closed), so nothing is left for a second pass — unless a derived type is an
# OWL schema type (a resource typed owl:Class, owl:TransitiveProperty, ...), which ``closure``
# checks for and then goes round again. prp-dom and prp-rng read only the asserted domain and
# range axioms: an inferred one (scm-dom1/2, scm-rng1/2) only yields types that cax-sco and
# prp-spo1 derive anyway, and skipping them makes these joins, the costliest, 4x smaller.
PROPERTY_RULES = [
    Rule("prp-inv1", ("?p owl:inverseOf ?q", "?x ?p ?y"), "?y ?q ?x", "!isLiteral(?y)"),
    Rule("prp-inv2", ("?p owl:inverseOf ?q", "?x ?q ?y"), "?y ?p ?x", "!isLiteral(?y)"),
    Rule(
        "prp-symp", ("?p rdf:type owl:SymmetricProperty", "?x ?p ?y"), "?y ?p ?x", "!isLiteral(?y)"
    ),
    Rule("prp-spo1", ("?p rdfs:subPropertyOf ?q", "?x ?p ?y"), "?x ?q ?y", "?p != ?q"),
    Rule("prp-trp", ("?p rdf:type owl:TransitiveProperty", "?x ?p ?y", "?y ?p ?z"), "?x ?p ?z"),
]
TYPE_RULES = [
    Rule("prp-dom", ("?p rdfs:domain ?c", "?x ?p ?y"), "?x rdf:type ?c", "?c != owl:Thing", True),
    Rule(
        "prp-rng",
        ("?p rdfs:range ?c", "?x ?p ?y"),
        "?y rdf:type ?c",
        "?c != owl:Thing && !isLiteral(?y)",
        True,
    ),
    Rule(
        "cax-sco",
        ("?a rdfs:subClassOf ?b", "?x rdf:type ?a"),
        "?x rdf:type ?b",
        "?a != ?b && ?b != owl:Thing",
    ),
]
DATA_RULES = PROPERTY_RULES + TYPE_RULES
# A derived type in this namespace may make a schema or property rule fire again.
OWL = "http://www.w3.org/2002/07/owl#"

# Inconsistencies owlrl reports (as ReasoningError in the curated build): (rule, query, message).
CHECKS = [
    (
        "cax-dw",
        "SELECT ?x ?a ?b WHERE { ?a owl:disjointWith ?b . ?x rdf:type ?a , ?b }",
        "{x} is an instance of the disjoint classes {a} and {b}",
    ),
    ("cls-nothing2", "SELECT ?x WHERE { ?x rdf:type owl:Nothing }", "{x} is of type owl:Nothing"),
    (
        "prp-irp",
        "SELECT ?x ?p WHERE { ?p rdf:type owl:IrreflexiveProperty . ?x ?p ?x }",
        "{x} is related to itself by the irreflexive property {p}",
    ),
    (
        "prp-asyp",
        "SELECT ?x ?y ?p WHERE { ?p rdf:type owl:AsymmetricProperty . ?x ?p ?y . ?y ?p ?x }",
        "{x} and {y} are related both ways by the asymmetric property {p}",
    ),
    (
        "prp-pdw",
        "SELECT ?x ?y ?p ?q WHERE { ?p owl:propertyDisjointWith ?q . ?x ?p ?y . ?x ?q ?y }",
        "{x} and {y} are related by the disjoint properties {p} and {q}",
    ),
    (
        "dt-not-type",
        """SELECT ?x WHERE { ?s ?p ?x . FILTER (isLiteral(?x) && (
        (DATATYPE(?x) IN (xsd:integer, xsd:decimal, xsd:double, xsd:float) && !isNumeric(?x))
        || (DATATYPE(?x) IN (xsd:date, xsd:dateTime, xsd:gYear, xsd:gYearMonth)
            && !COALESCE(YEAR(?x) = YEAR(?x), false))
        || (DATATYPE(?x) = xsd:boolean && !COALESCE(STR(xsd:boolean(?x)) != "", false))
        || (DATATYPE(?x) = xsd:duration && !COALESCE(STR(xsd:duration(?x)) != "", false)))) }""",
        "the literal {x} is not a valid value of its datatype",
    ),
]

# OWL RL constructs whose rules are not implemented here. If the schema or data uses one, reasoning
# stops with an error instead of producing a silently incomplete closure.
UNSUPPORTED_PREDICATES = [
    "owl:onProperty",
    "owl:someValuesFrom",
    "owl:allValuesFrom",
    "owl:hasValue",
    "owl:intersectionOf",
    "owl:unionOf",
    "owl:complementOf",
    "owl:oneOf",
    "owl:hasKey",
    "owl:propertyChainAxiom",
    "owl:maxCardinality",
    "owl:maxQualifiedCardinality",
    "owl:cardinality",
    "owl:sameAs",
    "owl:differentFrom",
    "owl:members",
    "owl:distinctMembers",
    "owl:sourceIndividual",
]
UNSUPPORTED_TYPES = ["owl:FunctionalProperty", "owl:InverseFunctionalProperty"]


@dataclass
class ClosureReport:
    rounds: int = 0
    inferred: int = 0
    seconds: float = 0.0
    per_round: list[int] = field(default_factory=list)


class _Dataset:
    """Writes rule bodies against every graph of the store except the inferences' own updates.

    SPARQL Update has no union default graph, so "anywhere in the store" is ``GRAPH ?g`` over the
    named graphs plus, only when the default graph holds triples, the default graph itself.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.default_used = bool(store.query("ASK { ?s ?p ?o }"))
        self._n = 0

    def anywhere(self, triple: str) -> str:
        self._n += 1
        named = f"GRAPH ?g{self._n} {{ {triple} }}"
        return f"{{ {{ {triple} }} UNION {{ {named} }} }}" if self.default_used else named

    def asserted(self, triple: str) -> str:
        self._n += 1
        named = f"GRAPH ?g{self._n} {{ {triple} }} FILTER (?g{self._n} != <{INFERRED}>)"
        return f"{{ {{ {triple} }} UNION {{ {named} }} }}" if self.default_used else named

    def update(self, rule: Rule) -> str:
        body = " ".join(
            self.asserted(t) if i == 0 and rule.asserted_axiom else self.anywhere(t)
            for i, t in enumerate(rule.body)
        )
        condition = f"FILTER ({rule.condition})" if rule.condition else ""
        return (
            f"{PREFIXES}INSERT {{ GRAPH <{INFERRED}> {{ {rule.head} }} }}\n"
            f"WHERE {{ {body} {condition} FILTER NOT EXISTS {{ {self.anywhere(rule.head)} }} }}"
        )


def inferred_count(store: ox.Store) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}")
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)


def check_supported(store: ox.Store) -> None:
    """Refuse data whose OWL constructs these rules do not implement.

    :raises ReasoningError: naming the construct and one resource that uses it.
    """
    found = []
    for predicate in UNSUPPORTED_PREDICATES:
        query = f"{PREFIXES}SELECT ?s WHERE {{ ?s {predicate} ?o "
        query += (
            "FILTER (!sameTerm(?s, ?o)) } LIMIT 1" if predicate == "owl:sameAs" else "} LIMIT 1"
        )
        found += [f"{predicate} (used by {row['s']})" for row in select(store, query)]
    for cls in UNSUPPORTED_TYPES:
        query = f"{PREFIXES}SELECT ?s WHERE {{ ?s rdf:type {cls} }} LIMIT 1"
        found += [f"{cls} (declared for {row['s']})" for row in select(store, query)]
    if found:
        raise ReasoningError(
            "the data uses OWL constructs that the in-store reasoner does not implement: "
            + "; ".join(found)
            + ". Run the curated build (owlrl) on it, or add the rule to syriakg/bulk/rules.py."
        )


def closure(store: ox.Store, max_rounds: int = 50) -> ClosureReport:
    """Recompute ``graph/inferred`` from every other graph of ``store``, to a fixpoint.

    :raises ReasoningError: on an unsupported OWL construct or an inconsistency.
    """
    start = time.perf_counter()
    check_supported(store)
    store.remove_graph(ox.NamedNode(INFERRED))
    dataset = _Dataset(store)
    report = ClosureReport()

    def run(rules: list[Rule], fixpoint: bool) -> bool:
        """Apply ``rules`` (to their fixpoint if asked); True if they added anything."""
        added = False
        while True:
            if report.rounds >= max_rounds:
                raise ReasoningError(f"no fixpoint after {max_rounds} rounds of rules")
            before = report.inferred
            for rule in rules:
                store.update(dataset.update(rule))
            report.rounds += 1
            report.inferred = inferred_count(store)
            report.per_round.append(report.inferred - before)
            added = added or report.inferred > before
            if not fixpoint or report.inferred == before:
                return added

    while True:
        run(SCHEMA_RULES, fixpoint=True)
        run(PROPERTY_RULES, fixpoint=True)
        owl_types = _owl_type_count(store)
        if not run(TYPE_RULES, fixpoint=False) or _owl_type_count(store) == owl_types:
            break
    check_consistency(store)
    report.seconds = time.perf_counter() - start
    return report


def _owl_type_count(store: ox.Store) -> int:
    query = f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED}> {{ ?x <{RDF_TYPE}> ?t }}
                                                FILTER (STRSTARTS(STR(?t), "{OWL}")) }}"""
    rows = store.query(query)
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)


def check_consistency(store: ox.Store, limit: int = 20) -> None:
    """The inconsistency rules of owlrl, over asserted and inferred triples together.

    :raises ReasoningError: listing up to ``limit`` problems.
    """
    problems = []
    for name, query, message in CHECKS:
        for row in select(store, f"{PREFIXES}{query} LIMIT {limit}"):
            problems.append(f"{name}: {message.format(**row)}")
    if problems:
        raise ReasoningError(
            "OWL RL reasoning found the data inconsistent with the ontology:\n- "
            + "\n- ".join(sorted(problems)[:limit])
        )


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT over the union of all graphs, as variable name -> N-Triples term."""
    rows = store.query(query, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    names = [v.value for v in rows.variables]
    return [{n: str(row[n]) for n in names if row[n] is not None} for row in rows]
