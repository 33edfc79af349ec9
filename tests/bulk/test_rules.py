"""The in-store OWL RL rules infer exactly what owlrl infers, minus four documented families.

owlrl's closure is computed by the curated build's own stage (``pipeline.reasoning.run``, which
already drops literal subjects and reflexive owl:sameAs). From it the comparison removes only:

E1  ``?x rdf:type owl:Thing`` — cax-sco over scm-cls types every typed resource as owl:Thing;
E2  ``?dt rdf:type rdfs:Datatype`` — owlrl's datatype axioms (dt-type1), which it adds for every
    XSD datatype whether used or not;
E3  owl:disjointWith between XSD datatypes — owlrl's datatype disjointness axioms
    (``owlrl.AxiomaticTriples.OWLRL_Datatypes_Disjointness``);
E4  ``?p rdf:type owl:AnnotationProperty`` for the built-in annotation properties (prp-ap,
    ``owlrl.OWLRL.OWLRL_Annotation_properties``).

Everything else must be equal, on the curated graph and on a small graph that exercises every
rule; and every rule must be needed: without any one of them the comparison fails.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness
from owlrl.OWLRL import OWLRL_Annotation_properties
from rdflib import OWL, RDF, RDFS, Graph
from rdflib.term import Node

from syriakg.bulk import rules
from syriakg.errors import ReasoningError
from syriakg.pipeline import reasoning
from tests.bulk.conftest import Curated, store_with

Triple = tuple[Node, Node, Node]
DATATYPE_DISJOINTNESS = set(OWLRL_Datatypes_Disjointness)
ANNOTATION_PROPERTIES = set(OWLRL_Annotation_properties)

SCHEMA = """
@prefix ex: <https://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:A a owl:Class .
ex:B a owl:Class ; rdfs:subClassOf ex:A .
ex:C a owl:Class ; rdfs:subClassOf ex:B .
ex:D a owl:Class ; owl:equivalentClass ex:E . ex:E a owl:Class .
ex:F a owl:Class ; rdfs:subClassOf ex:G . ex:G a owl:Class ; rdfs:subClassOf ex:F .
ex:p a owl:ObjectProperty ; rdfs:subPropertyOf ex:q .
ex:q a owl:ObjectProperty ; rdfs:subPropertyOf ex:r .
ex:r a owl:ObjectProperty ; rdfs:domain ex:C ; rdfs:range ex:B .
ex:dp a owl:DatatypeProperty ; rdfs:range xsd:string .
ex:e1 a owl:ObjectProperty ; owl:equivalentProperty ex:e2 . ex:e2 a owl:ObjectProperty .
ex:m1 a owl:ObjectProperty ; rdfs:subPropertyOf ex:m2 .
ex:m2 a owl:ObjectProperty ; rdfs:subPropertyOf ex:m1 .
ex:hasPart a owl:ObjectProperty ; owl:inverseOf ex:partOf .
ex:partOf a owl:ObjectProperty ; rdfs:subPropertyOf ex:in .
ex:near a owl:ObjectProperty , owl:SymmetricProperty .
ex:in a owl:ObjectProperty , owl:TransitiveProperty .
ex:kind a owl:ObjectProperty ; rdfs:range owl:Class .
ex:H rdfs:subClassOf ex:A .
"""
DATA = """
@prefix ex: <https://example.org/> .
ex:x1 ex:p ex:y1 . ex:x2 a ex:D . ex:x3 a ex:F . ex:x4 ex:e1 ex:y4 . ex:x9 ex:dp "text" .
ex:x5 ex:hasPart ex:y5 . ex:y6 ex:partOf ex:x6 . ex:x7 ex:near ex:y7 . ex:m ex:m1 ex:n .
ex:a1 ex:in ex:a2 . ex:a2 ex:in ex:a3 . ex:a3 ex:in ex:a4 . ex:a4 ex:in ex:a5 .
ex:x8 ex:kind ex:H . ex:z a ex:H .
"""


def excluded(triple: Triple) -> bool:
    s, p, o = triple
    return (
        (p == RDF.type and o == OWL.Thing)  # E1
        or (p == RDF.type and o == RDFS.Datatype)  # E2
        or triple in DATATYPE_DISJOINTNESS  # E3
        or (p == RDF.type and o == OWL.AnnotationProperty and s in ANNOTATION_PROPERTIES)  # E4
    )


def owlrl_inferred(ontology: Graph, asserted: Graph) -> set[str]:
    inferred = reasoning.run(ontology, asserted)
    return {f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in inferred if not excluded((s, p, o))}


def rules_inferred(graphs: dict[str, Graph]) -> set[str]:
    store = store_with(graphs)
    rules.closure(store)
    return {
        f"{q.subject} {q.predicate} {q.object}"
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(rules.INFERRED))
    }


@pytest.fixture(scope="module")
def exercise() -> tuple[Graph, Graph, set[str]]:
    schema = Graph().parse(data=SCHEMA, format="turtle")
    data = Graph().parse(data=DATA, format="turtle")
    return schema, data, owlrl_inferred(schema, data)


def test_equal_to_owlrl_on_the_curated_graph(curated: Curated) -> None:
    graphs = {name: g.skolemize() for name, g in curated.graphs.items()}  # no blank-node labels
    ontology = graphs.pop("https://w3id.org/syria-kg/graph/ontology")
    asserted = Graph()
    for graph in graphs.values():
        asserted += graph
    expected = owlrl_inferred(ontology, asserted)
    got = rules_inferred({**graphs, "https://w3id.org/syria-kg/graph/ontology": ontology})
    assert got == expected, (sorted(expected - got)[:10], sorted(got - expected)[:10])
    # What E1-E4 leave out is only noise: the rest of owlrl's output is all there.
    assert len(got) > 1000


def test_equal_to_owlrl_on_every_rule(exercise: tuple[Graph, Graph, set[str]]) -> None:
    schema, data, expected = exercise
    got = rules_inferred({"urn:schema": schema, "urn:data": data})
    assert got == expected, (sorted(expected - got), sorted(got - expected))


RULE_NAMES = sorted({r.name for r in rules.SCHEMA_RULES + rules.PROPERTY_RULES + rules.TYPE_RULES})


@pytest.mark.parametrize("name", RULE_NAMES)
def test_every_rule_is_needed(
    name: str, exercise: tuple[Graph, Graph, set[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    for group in ("SCHEMA_RULES", "PROPERTY_RULES", "TYPE_RULES"):
        monkeypatch.setattr(rules, group, [r for r in getattr(rules, group) if r.name != name])
    schema, data, expected = exercise
    assert rules_inferred({"urn:schema": schema, "urn:data": data}) != expected


def test_default_graph_data_is_reasoned_too() -> None:
    store = ox.Store()
    store.load(SCHEMA.encode(), format=ox.RdfFormat.TURTLE)  # into the default graph
    store.load(
        b"<https://example.org/x> a <https://example.org/C> .",
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode("urn:data"),
    )
    rules.closure(store)
    assert store.query(
        f"ASK {{ GRAPH <{rules.INFERRED}> "
        "{ <https://example.org/x> a <https://example.org/A> } }"
    )
    rules.closure(store)  # recomputed from scratch, not added to
    assert rules.inferred_count(store) == len(
        list(store.quads_for_pattern(None, None, None, ox.NamedNode(rules.INFERRED)))
    )


def test_inconsistency_is_an_error_like_owlrl() -> None:
    schema = Graph().parse(data=SCHEMA + "ex:A owl:disjointWith ex:E .", format="turtle")
    data = Graph().parse(data=DATA + "ex:x2 a ex:C .", format="turtle")  # D = E, C < A
    with pytest.raises(ReasoningError):
        reasoning.run(schema, data)
    with pytest.raises(
        ReasoningError, match="cax-dw: <https://example.org/x2> is an instance of the disjoint"
    ):
        rules_inferred({"urn:schema": schema, "urn:data": data})


@pytest.mark.parametrize(
    "construct",
    [
        "ex:S owl:onProperty ex:p ; owl:someValuesFrom ex:A .",
        "ex:p a owl:FunctionalProperty .",
        "ex:x1 owl:sameAs ex:y1 .",
    ],
)
def test_unsupported_constructs_are_refused(construct: str) -> None:
    schema = Graph().parse(data=SCHEMA + construct, format="turtle")
    with pytest.raises(ReasoningError, match="does not implement"):
        rules_inferred({"urn:schema": schema})
