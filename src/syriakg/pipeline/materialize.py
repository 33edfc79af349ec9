"""The OWL RL inferences of one document's triples, in Python, from the schema's tables.

The in-store rules (bulk/rules.py) compute the closure of a whole store; at corpus scale a
document's inferences are computed on their own instead, so that a changed document has only its
own recomputed (docs/architecture.md, "The build at corpus scale"). The rules that a document's
triples can fire are the data rules of bulk/rules.py: sub-properties, inverse and symmetric
properties, transitive properties (joined with the other graphs' edges), domains and ranges
(asserted axioms only), and the class hierarchy. ``Tables`` holds the schema those rules read,
taken from the store of everything that is not a document, after its own closure; ``infer``
applies them to a fixpoint. A document's triples meet another document's only through shared
resources (the reference layer's actors and places), so the union of every document's
inferences is the closure of the whole (tests/bulk/test_corpus.py compares the two).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import OWL, RDF, Literal, URIRef
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


@dataclass
class Tables:
    """The schema as the data rules read it; every set excludes the rule's trivial heads."""

    super_properties: dict[Node, set[Node]] = field(default_factory=dict)
    inverses: dict[Node, set[Node]] = field(default_factory=dict)
    symmetric: set[Node] = field(default_factory=set)
    transitive: set[Node] = field(default_factory=set)
    domains: dict[Node, set[Node]] = field(default_factory=dict)
    ranges: dict[Node, set[Node]] = field(default_factory=dict)
    super_classes: dict[Node, set[Node]] = field(default_factory=dict)
    # The edges of the transitive properties outside the documents (the places' hierarchy).
    transitive_edges: set[Triple] = field(default_factory=set)
    # Every triple outside the documents, asserted or inferred: a document infers none of them.
    outside: set[Triple] = field(default_factory=set)

    @classmethod
    def of(cls, asserted: Iterable[Triple], inferred: Iterable[Triple]) -> Tables:
        """The tables of a closed set of graphs: ``asserted`` and what the rules ``inferred``."""
        tables = cls()
        asserted = set(asserted)
        everything = asserted | set(inferred)
        tables.outside = everything
        for s, p, o in everything:
            if p == RDFS_SUB_PROPERTY and s != o:
                tables.super_properties.setdefault(s, set()).add(o)
            elif p == OWL.inverseOf:
                tables.inverses.setdefault(s, set()).add(o)
                tables.inverses.setdefault(o, set()).add(s)
            elif p == RDF.type and o == OWL.SymmetricProperty:
                tables.symmetric.add(s)
            elif p == RDF.type and o == OWL.TransitiveProperty:
                tables.transitive.add(s)
            elif p == RDFS_SUB_CLASS and s != o and o != OWL.Thing:
                tables.super_classes.setdefault(s, set()).add(o)
        for s, p, o in asserted:  # prp-dom and prp-rng read asserted axioms only
            if p == RDFS_DOMAIN and o != OWL.Thing:
                tables.domains.setdefault(s, set()).add(o)
            elif p == RDFS_RANGE and o != OWL.Thing:
                tables.ranges.setdefault(s, set()).add(o)
        tables.transitive_edges = {t for t in everything if t[1] in tables.transitive}
        return tables


RDFS_SUB_PROPERTY = URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")
RDFS_SUB_CLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")
RDFS_DOMAIN = URIRef("http://www.w3.org/2000/01/rdf-schema#domain")
RDFS_RANGE = URIRef("http://www.w3.org/2000/01/rdf-schema#range")


def infer(triples: Iterable[Triple], tables: Tables) -> set[Triple]:
    """What the data rules add to ``triples`` (with the edges outside them), to a fixpoint:
    neither the triples themselves nor anything outside the documents."""
    asserted = set(triples)
    facts = set(asserted) | tables.transitive_edges
    outgoing: dict[tuple[Node, Node], set[Node]] = {}
    incoming: dict[tuple[Node, Node], set[Node]] = {}
    for s, p, o in tables.transitive_edges:
        outgoing.setdefault((p, s), set()).add(o)
        incoming.setdefault((p, o), set()).add(s)
    agenda = list(asserted)
    while agenda:
        s, p, o = agenda.pop()
        literal = isinstance(o, Literal)
        new: list[Triple] = [(s, q, o) for q in tables.super_properties.get(p, ())]
        if not literal:
            new += [(o, q, s) for q in tables.inverses.get(p, ())]
            if p in tables.symmetric:
                new.append((o, p, s))
            new += [(o, RDF.type, c) for c in tables.ranges.get(p, ())]
        new += [(s, RDF.type, c) for c in tables.domains.get(p, ())]
        if p == RDF.type:
            new += [(s, RDF.type, c) for c in tables.super_classes.get(o, ())]
            if o in (OWL.ObjectProperty, OWL.DatatypeProperty):  # scm-op, scm-dp
                new += [(s, RDFS_SUB_PROPERTY, s), (s, OWL.equivalentProperty, s)]
        if p in tables.transitive:
            outgoing.setdefault((p, s), set()).add(o)
            incoming.setdefault((p, o), set()).add(s)
            new += [(s, p, z) for z in outgoing.get((p, o), ())]
            new += [(x, p, o) for x in incoming.get((p, s), ())]
        for triple in new:
            if triple not in facts:
                facts.add(triple)
                agenda.append(triple)
    left = facts - asserted - tables.outside
    return {t for t in left if not isinstance(t[0], Literal)}
