"""OWL RL closure: no inconsistency, inferences kept apart, same result with or without literals."""

from __future__ import annotations

import owlrl
from rdflib import OWL, RDF, Graph, Literal

from syriakg.namespaces import SKG, mint
from syriakg.pipeline import assemble, load, reasoning
from syriakg.pipeline.reasoning import OWLRL_ERROR
from syriakg.settings import Settings
from tests.conftest import ROOT


def test_dropping_inert_literals_does_not_change_the_closure() -> None:
    inputs = load.run(Settings.load(root=ROOT))
    asserted = Graph()
    for name, graph in assemble(inputs).items():
        if not name.endswith("/ontology"):
            asserted += graph
    fast = set(reasoning.run(inputs.ontology, asserted))
    full = Graph()
    full += inputs.ontology
    full += asserted
    base = set(full)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(full)
    assert not list(full.subjects(predicate=None, object=OWLRL_ERROR))
    slow = {t for t in full if t not in base and not isinstance(t[0], Literal)}
    slow = {t for t in slow if not (t[1] == OWL.sameAs and t[0] == t[2])}
    assert fast == slow
    # and the closure does real work: a state is an actor, a government's state is typed
    assert (mint("actor", "russia"), RDF.type, SKG.Actor) in fast
