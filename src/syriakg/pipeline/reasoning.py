"""Stage 3, reason: the OWL 2 RL closure of ontology + reference + documents, with owlrl.

Only what the closure adds is kept, in its own named graph, so that asserted and inferred triples
can always be told apart. Claim content is never asserted, so nothing a source says leaks into
the inferences as a fact.
"""

from __future__ import annotations

import owlrl
from rdflib import OWL, RDF, Graph, Literal, URIRef

from syriakg.errors import ReasoningError

OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
OWLRL_ERROR_TEXT = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


def run(ontology: Graph, asserted: Graph) -> Graph:
    """Return the triples the OWL RL closure adds.

    :raises ReasoningError: if owlrl reports an inconsistency (disjoint classes and the like).
    """
    graph = Graph()
    graph += ontology
    graph += asserted
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
