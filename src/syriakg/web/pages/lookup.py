"""Read the store from the linked-data pages, through the app's executor only.

Every read during a request is a SPARQL job sent to ``state().executor`` and parsed back from TSV,
JSON or N-Triples, so that it runs in a query process under the same limits as the endpoint's
queries (web.sparql.broker): the worker itself never touches the store after start-up. The store is
read-only while a worker lives, so the few things every page needs are kept: the labels of all
resources (and the search index), read by the app factory from the store itself before any executor
or worker exists, and the document texts, fetched once per worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Flask, current_app, has_request_context, request

from syriakg.store import Bindings, QueryStore, bindings, facts, select_bindings
from syriakg.web import vocabulary
from syriakg.web.clients import client_of
from syriakg.web.sparql.runner import Job
from syriakg.web.state import state

CACHE = "syriakg.linkeddata"
# Page queries are ours, not the public's: they may return more rows than ``max_rows``.
PAGE_ROWS = 1_000_000

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = dict[str, Term]


def _run(query: str, results: str | None, graph: str | None) -> bytes:
    st = state()
    job = Job(query=query, results_format=results, graph_format=graph, max_rows=PAGE_ROWS)
    client = client_of(request.environ, st.settings) if has_request_context() else ""
    return st.executor.run(job, client).body


def select(query: str) -> list[Row]:
    """The rows of a SELECT query (union default graph), unbound variables left out."""
    body = _run(query, "tsv", None)
    solutions = ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row: Row = {}
        for name in names:
            term = solution[name]
            # RDF 1.2 triple terms are not used in this graph (docs/modelling.md, "Claims").
            if term is not None and not isinstance(term, ox.Triple):
                row[name] = term
        rows.append(row)
    return rows


def select_plain(query: str, store: QueryStore | None = None) -> Bindings:
    """The rows of a SELECT as SPARQL JSON bindings (``syriakg.store.bindings``), for the reads
    of everything at once (labels, the search index). ``store`` is given at start-up only,
    before the executor exists, and is asked directly."""
    if store is not None:
        return select_bindings(store, query)[1]
    return bindings(_run(query, "json", None))


def serialize(data: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: ox.RdfFormat,
              prefixes: dict[str, str] | None = None) -> bytes:
    """``ox.serialize`` into bytes (it returns None only when given an output file)."""
    body = ox.serialize(data, format=fmt, prefixes=prefixes)
    assert body is not None
    return body


def construct_ntriples(query: str) -> bytes:
    """The result of a CONSTRUCT query as N-Triples."""
    return _run(query, None, "ntriples")


def construct(query: str) -> list[ox.Triple]:
    """The triples of a CONSTRUCT query."""
    return [q.triple for q in ox.parse(construct_ntriples(query), ox.RdfFormat.N_TRIPLES)]


def graph_quads(graph: str) -> list[ox.Quad]:
    """Every triple of the named graph ``graph``, as quads in that graph."""
    name = ox.NamedNode(graph)
    triples = construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri(graph)} {{ ?s ?p ?o }} }}")
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]


def iri(value: str) -> str:
    """An IRI as a SPARQL term; the characters that cannot appear in an IRIREF are refused."""
    if any(c in value for c in '<>"{}|^`\\ \n\t'):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def values(names: Iterable[str]) -> str:
    """A VALUES body for IRIs."""
    return " ".join(iri(n) for n in names)


@dataclass
class Labels:
    """Every label of every resource, by language: ``{iri: {"en": ..., "ar": ...}}``."""

    by_iri: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, resource: str, lang: str) -> str | None:
        """The label in ``lang`` (the store's, else the interface's name of a borrowed
        vocabulary term: web.vocabulary), else English, else Arabic, else any; None without
        one."""
        labels = self.by_iri.get(resource)
        if not labels or lang not in labels:
            borrowed = vocabulary.name(resource, lang)
            if borrowed:
                return borrowed
        if not labels:
            return None
        for key in (lang, "en", "ar", ""):
            if key in labels:
                return labels[key]
        return next(iter(labels.values()))


def _cache(app: Flask) -> dict[str, object]:
    cache: dict[str, object] = app.extensions.setdefault(CACHE, {})
    return cache


def labels(store: QueryStore | None = None) -> Labels:
    """All labels, read once (see ``select_plain`` for ``store``) unless start-up kept those
    the store's facts hold (``keep_labels``); skos:prefLabel wins over rdfs:label."""
    cache = _cache(current_app)
    found = cache.get("labels")
    if isinstance(found, Labels):
        return found
    result = Labels(facts.labels_of(select_plain(facts.LABELS_QUERY, store)))
    cache["labels"] = result
    return result


def keep_labels(app: Flask, by_iri: dict[str, dict[str, str]]) -> None:
    """Keep labels read elsewhere (the store's facts: syriakg.store.facts) for ``labels``."""
    _cache(app)["labels"] = Labels(by_iri)


def document_text(text_node: str) -> str | None:
    """The full text (nif:isString) of a stored document text node, read once per worker."""
    cache = _cache(current_app)
    texts = cache.setdefault("texts", {})
    assert isinstance(texts, dict)
    if text_node not in texts:
        rows = select(
            "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n"
            f"SELECT ?t WHERE {{ {iri(text_node)} nif:isString ?t }} LIMIT 1"
        )
        texts[text_node] = rows[0]["t"].value if rows else None
    found: str | None = texts[text_node]
    return found


def cached(name: str) -> object | None:
    """A value kept for this worker by another module (search index, dumps, ontology docs)."""
    return _cache(current_app).get(name)


def keep(name: str, value: object) -> None:
    """Keep ``value`` for the life of this worker: the store does not change under it."""
    _cache(current_app)[name] = value
