"""Stage 3, reason: the OWL 2 RL closure of ontology + reference + documents, with owlrl.

Only what the closure adds is kept, in its own named graph, so that asserted and inferred triples
can always be told apart. Claim content is never asserted, so nothing a source says leaks into
the inferences as a fact.
"""

from __future__ import annotations

import owlrl
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from syriakg.errors import ReasoningError

OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
OWLRL_ERROR_TEXT = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


# A triple with a literal object takes part in an OWL RL rule only through its property's axioms
# (domain, sub-property, ...). Labels, definitions, quotes and texts have none, and leaving them
# out makes owlrl several times faster for the same closure (tests/pipeline/test_reasoning.py).
AXIOMS = {
    RDFS.domain,
    RDFS.range,
    RDFS.subPropertyOf,
    OWL.inverseOf,
    OWL.propertyChainAxiom,
    OWL.equivalentProperty,
}
CHARACTERISTICS = {
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
}


def logical_part(graph: Graph, ontology: Graph) -> Graph:
    """``graph`` without the literal-valued triples that no OWL RL rule can use."""
    active = {s for s, p, _ in ontology if p in AXIOMS}
    active |= {s for s, p, o in ontology if p == RDF.type and o in CHARACTERISTICS}
    out = Graph()
    for triple in graph:
        if isinstance(triple[2], Literal) and triple[1] not in active:
            continue
        out.add(triple)
    return out


def run(ontology: Graph, asserted: Graph) -> Graph:
    """Return the triples the OWL RL closure adds.

    :raises ReasoningError: if owlrl reports an inconsistency (disjoint classes and the like).
    """
    graph = logical_part(ontology, ontology)
    graph += logical_part(asserted, ontology)
    base = set(graph)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(graph)
    errors = [str(graph.value(e, OWLRL_ERROR_TEXT)) for e in graph.subjects(RDF.type, OWLRL_ERROR)]
    if errors:
        raise ReasoningError(
            "OWL RL reasoning found the data inconsistent with the ontology:\n- "
            + "\n- ".join(sorted(errors))
        )
    inferred = Graph()
    for s, p, o in graph:
        if (s, p, o) in base or isinstance(s, Literal):
            continue
        if p == OWL.sameAs and s == o:  # every resource is the same as itself: noise
            continue
        inferred.add((s, p, o))
    return inferred
