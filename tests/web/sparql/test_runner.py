"""How results are serialised: written once when short, cut at max_rows, and the namespaces a
Turtle answer declares."""

from __future__ import annotations

import json
import random
import time

import pyoxigraph as ox
import pytest

from syriakg.errors import QuerySyntaxError
from syriakg.namespaces import PREFIXES
from syriakg.web.sparql.runner import Job, _used_prefixes, run_job


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


def _fewest_bytes_store(rows: int) -> ox.Store:
    """Answers whose rows are as short as rows get: unbound variables, and integer objects of
    one subject and predicate (`, 1` in Turtle)."""
    store = ox.Store()
    s, p = ox.NamedNode("http://a.example/s"), ox.NamedNode("http://a.example/p")
    graph = ox.NamedNode("http://a.example/g")
    for i in range(rows):
        store.add(ox.Quad(s, p, ox.Literal(str(i), datatype=ox.NamedNode(XSD_INTEGER)), graph))
    return store


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "tsv": ox.QueryResultsFormat.TSV}
GRAPHS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
          "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
          "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}


# Enough rows that the header of an answer is small beside them.
MAX_ROWS = 1000
AROUND_MAX = [1, MAX_ROWS - 1, MAX_ROWS, MAX_ROWS + 1, MAX_ROWS + 2]


@pytest.mark.parametrize("fmt", [*RESULTS, "csv"])
@pytest.mark.parametrize("rows", AROUND_MAX)
def test_rows_of_the_fewest_bytes_are_cut_exactly_at_max_rows(fmt: str, rows: int) -> None:
    # Written once, an answer is served uncounted only when it is too short to hold more than
    # max_rows rows; the shortest rows there are must still be cut at max_rows.
    store = _fewest_bytes_store(rows)
    query = "SELECT ?unbound WHERE { ?s ?p ?o }"
    outcome = run_job(store, Job(query, fmt, None, max_rows=MAX_ROWS))
    assert outcome.truncated == (rows > MAX_ROWS)
    if fmt == "csv":
        assert outcome.body.count(b"\r\n") == 1 + min(rows, MAX_ROWS)
    else:
        kept = len(list(ox.parse_query_results(outcome.body, RESULTS[fmt])))
        assert kept == min(rows, MAX_ROWS)


@pytest.mark.parametrize("fmt", list(GRAPHS))
@pytest.mark.parametrize("rows", AROUND_MAX)
def test_triples_of_the_fewest_bytes_are_cut_exactly_at_max_rows(fmt: str, rows: int) -> None:
    store = _fewest_bytes_store(rows)
    job = Job("CONSTRUCT WHERE { ?s ?p ?o }", None, fmt, max_rows=MAX_ROWS, answer_prefixes={})
    outcome = run_job(store, job)
    assert outcome.truncated == (rows > MAX_ROWS)
    assert len(list(ox.parse(outcome.body, GRAPHS[fmt]))) == min(rows, MAX_ROWS)


@pytest.mark.parametrize("rows,max_rows", [(3, 2), (2, 2), (1, 2)])
def test_an_answer_past_the_read_back_limit_is_counted_from_a_second_run(
        rows: int, max_rows: int) -> None:
    # Rows of 2,000 bytes pass the read-back limit (400 bytes a row): the first writing is
    # stopped, and the query runs again along the counting path, with the same answer.
    store = ox.Store()
    for i in range(rows):
        store.add(ox.Quad(ox.NamedNode(f"http://a.example/s{i}"), ox.NamedNode("http://a.example/p"),
                          ox.Literal(str(i) * 2000), ox.NamedNode("http://a.example/g")))
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    outcome = run_job(store, Job(query, "json", None, max_rows=max_rows))
    assert outcome.truncated == (rows > max_rows)
    bindings = json.loads(outcome.body)["results"]["bindings"]
    assert [b["o"]["value"][0] for b in bindings] == [str(i) for i in range(min(rows, max_rows))]
    graph = run_job(store, Job("CONSTRUCT WHERE { ?s ?p ?o }", None, "turtle", max_rows,
                               answer_prefixes={"a": "http://a.example/"}))
    assert graph.truncated == (rows > max_rows)
    assert len(list(ox.parse(graph.body, ox.RdfFormat.TURTLE))) == min(rows, max_rows)


def test_a_long_answer_that_is_not_cut_equals_the_engines_own(odd_store: ox.Store) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    direct = odd_store.query(query, use_default_graph_as_union=True).serialize(
        format=ox.QueryResultsFormat.XML)
    assert direct is not None and len(direct) > 9 * 10  # long enough to be read back
    assert run_job(odd_store, Job(query, "xml", None, max_rows=10)).body == direct


def test_turtle_answer_declares_the_prefixes_it_is_given(odd_store: ox.Store) -> None:
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    prefixes = {"odd": "http://example.org/", "ex": "http://unused.example/"}
    for max_rows in (100, 10, 3):  # written once, read back, cut
        body = run_job(odd_store, Job(query, None, "turtle", max_rows,
                                      answer_prefixes=prefixes)).body
        declared = {line.split()[1][:-1]: line.split()[2][1:-1]
                    for line in body.decode().splitlines() if line.startswith("@prefix")}
        assert declared == prefixes
        assert b"odd:p" in body
        graph = ox.Dataset(ox.parse(body, ox.RdfFormat.TURTLE))
        assert len(graph) == min(max_rows, 10)


def test_select_survives_the_tsv_cut_in_every_format(odd_store: ox.Store) -> None:
    query = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s"
    for fmt, ox_fmt in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                        ("csv", ox.QueryResultsFormat.CSV), ("tsv", ox.QueryResultsFormat.TSV)):
        direct = odd_store.query(query, use_default_graph_as_union=True).serialize(format=ox_fmt)
        outcome = run_job(odd_store, Job(query, fmt, None, max_rows=100))
        assert not outcome.truncated
        if fmt == "json":
            assert json.loads(outcome.body) == json.loads(direct)
        else:
            assert outcome.body == direct, fmt


def test_construct_survives_the_ntriples_cut(odd_store: ox.Store) -> None:
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    outcome = run_job(odd_store, Job(query, None, "nquads", max_rows=100))
    direct = odd_store.query(query, use_default_graph_as_union=True).serialize(
        format=ox.RdfFormat.N_TRIPLES)
    assert ox.Dataset(ox.parse(outcome.body, ox.RdfFormat.N_QUADS)).canonicalize(
        ox.CanonicalizationAlgorithm.UNSTABLE) is None  # parses
    assert sorted(outcome.body.splitlines()) == sorted(direct.splitlines())


def test_rows_are_cut_at_max_rows(odd_store: ox.Store) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s"
    outcome = run_job(odd_store, Job(query, "json", None, max_rows=3))
    assert outcome.truncated
    assert len(json.loads(outcome.body)["results"]["bindings"]) == 3
    exact = run_job(odd_store, Job(query, "json", None, max_rows=10))
    assert not exact.truncated
    assert len(json.loads(exact.body)["results"]["bindings"]) == 10
    graph = run_job(odd_store, Job("CONSTRUCT WHERE { ?s ?p ?o }", None, "ntriples", max_rows=4))
    assert graph.truncated and graph.body.count(b"\n") == 4


def test_a_huge_result_is_cut_without_being_computed(odd_store: ox.Store) -> None:
    # 10^9 rows would take many minutes to serialise; the sink stops the engine after 6, so
    # the answer comes at once however busy the machine is.
    query = ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r "
             ". ?s ?t ?u . ?v ?w ?x . ?y ?z ?z1 }")
    started = time.perf_counter()
    outcome = run_job(odd_store, Job(query, "csv", None, max_rows=5))
    assert outcome.truncated and outcome.body.count(b"\r\n") == 1 + 5
    assert time.perf_counter() - started < 30


def test_syntax_error_kind(odd_store: ox.Store) -> None:
    with pytest.raises(QuerySyntaxError) as failure:
        run_job(odd_store, Job("SELECT * WHERE {", "json", None, max_rows=5))
    assert "1:17" in failure.value.message
