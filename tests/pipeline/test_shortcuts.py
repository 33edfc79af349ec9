""""A source says": each relation a claim states is one plain triple of the says: family, in the
graph of the claim's source, and nowhere else; never the ontology's own relation."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from syriakg.namespaces import PREFIXES, SAYS, SKG
from syriakg.pipeline import BuildReport
from syriakg.pipeline.shortcuts import graph_of
from syriakg.settings import Settings
from syriakg.store import open_store


@pytest.fixture(scope="module")
def store(built: tuple[Settings, BuildReport]) -> ox.Store:
    return open_store(built[0].store_path)


def rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: r[n].value if r[n] is not None else "" for n in names} for r in result]


def test_every_relation_claim_has_its_shortcut_in_its_source_graph(store: ox.Store) -> None:
    claims = rows(store, """
        SELECT ?doc ?s ?p ?o WHERE {
          ?claim a skg:RelationClaim ; skg:statedIn ?doc ;
                 rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }""")
    stated = {(str(graph_of(URIRef(r["doc"]))), r["s"], r["p"].replace(str(SKG), str(SAYS)),
               r["o"]) for r in claims}
    found = rows(store, """
        SELECT ?g ?s ?p ?o WHERE {
          GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?p), STR(says:))) }""")
    shortcuts = {(r["g"], r["s"], r["p"], r["o"]) for r in found}
    assert len(found) == len(shortcuts) == len(stated) >= 8  # one triple per s, p, o and graph
    assert shortcuts == stated


def test_each_shortcut_graph_names_its_source_and_the_family_is_declared(store: ox.Store) -> None:
    sources = rows(store, """
        SELECT ?g ?doc WHERE {
          GRAPH <https://w3id.org/syria-kg/graph/says> { ?g dcterms:source ?doc } }""")
    assert sources == [{"g": "https://w3id.org/syria-kg/graph/says-d0001",
                        "doc": "https://w3id.org/syria-kg/id/doc/d0001"}]
    declared = rows(store, """
        SELECT ?p ?of ?en ?ar WHERE { GRAPH <https://w3id.org/syria-kg/graph/says> {
          ?p skg:shortcutOf ?of ; rdfs:label ?en , ?ar .
          FILTER (LANG(?en) = "en" && LANG(?ar) = "ar") } } ORDER BY ?p""")
    by = {r["p"].removeprefix(str(SAYS)): r for r in declared}
    assert set(by) == {"benefited", "broughtIn", "pressured", "startDate", "supports"}
    assert by["broughtIn"]["of"] == str(SKG.broughtIn)
    assert by["broughtIn"]["en"] == "brought in (a source says)"


def test_shortcuts_are_never_a_bare_assertion(store: ox.Store) -> None:
    """No says: triple outside a source's graph (not even inferred), and the ontology's own
    relation properties never appear as plain triples."""
    outside = rows(store, """
        SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o }
          FILTER (STRSTARTS(STR(?p), STR(says:)))
          FILTER (!STRSTARTS(STR(?g), "https://w3id.org/syria-kg/graph/says-")) }""")
    assert outside == []
    bare = rows(store, """
        SELECT ?s WHERE { ?s skg:broughtIn|skg:supports|skg:pressured|skg:benefited ?o }""")
    assert bare == []
