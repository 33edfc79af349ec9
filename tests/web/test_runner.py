"""How results are serialised: the namespaces a Turtle answer declares."""

from __future__ import annotations

import random

import pyoxigraph as ox

from syriakg.namespaces import PREFIXES
from syriakg.web.runner import Job, _used_prefixes, run_job


def test_used_prefixes_are_the_namespaces_that_occur_nested_ones_included() -> None:
    iris = list(PREFIXES.values())
    rng = random.Random(1)
    for _ in range(2000):
        terms = [b"<" + rng.choice(iris).encode() + rng.choice([b"", b"x", b"a/b"]) + b">"
                 if rng.random() < 0.7 else b'"<' + rng.choice(iris).encode() + b'"'
                 for _ in range(rng.randint(0, 6))]
        nt = b" ".join(terms)
        expected = {p: iri for p, iri in PREFIXES.items() if b"<" + iri.encode() in nt}
        assert _used_prefixes(nt) == expected, nt


def test_turtle_answer_declares_only_what_it_uses() -> None:
    store = ox.Store()
    actor = ox.NamedNode(PREFIXES["actor"] + "russia")
    store.add(ox.Quad(actor, ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("Russia"),
                      ox.NamedNode("https://w3id.org/syria-kg/graph/reference")))
    body = run_job(store, Job("CONSTRUCT WHERE { ?s ?p ?o }", None, "turtle", 10)).body
    declared = {line.split()[1][:-1] for line in body.decode().splitlines()
                if line.startswith("@prefix")}
    assert declared == {"actor", "rdfs"} | {
        p for p, iri in PREFIXES.items() if PREFIXES["actor"].startswith(iri)}
    assert len(list(ox.parse(body, ox.RdfFormat.TURTLE))) == 1
