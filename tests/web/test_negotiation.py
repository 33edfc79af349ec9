"""Content negotiation: every format parsed back, q-values, format= override, 406, defaults.

Results are parsed with the reader a client would use (json, csv, xml.etree, rdflib) and
compared with what the store holds.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic

from syriakg.web.negotiation import GRAPH_FORMATS, RESULT_FORMATS, choose, parse_accept

SELECT = (
    "SELECT ?actor ?label WHERE { ?actor a skg:Actor ; rdfs:label ?label } "
    "ORDER BY ?actor ?label"
)
ASK = "ASK { ?s a skg:Actor }"
CONSTRUCT = (
    "CONSTRUCT { ?place owl:sameAs ?o ; rdfs:label ?l } "
    "WHERE { ?place owl:sameAs ?o ; rdfs:label ?l }"
)
DESCRIBE = "DESCRIBE <https://w3id.org/syria-kg/id/place/syria>"
SRX = "{http://www.w3.org/2005/sparql-results#}"
# rdflib's own N-Quads/TriG/JSON-LD parsers use its deprecated ConjunctiveGraph API.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Dataset.default_context:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

RDFLIB_FORMAT = {
    "turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld",
    "trig": "trig", "nquads": "nquads",
}
EXPECTED_LABELS = [
    ("https://w3id.org/syria-kg/id/actor/china", "China"),
    ("https://w3id.org/syria-kg/id/actor/china", "الصين"),
    ("https://w3id.org/syria-kg/id/actor/iran", "Iran"),
    ("https://w3id.org/syria-kg/id/actor/iran", "إيران"),
    ("https://w3id.org/syria-kg/id/actor/russia", "Russia"),
    ("https://w3id.org/syria-kg/id/actor/russia", "روسيا"),
]


def get(client: FlaskClient, query: str, accept: str | None = None, **params: str) -> (
    tuple[int, str, bytes]
):
    headers = {"Accept": accept} if accept is not None else {}
    response = client.get("/sparql", query_string={"query": query, **params}, headers=headers)
    return response.status_code, response.headers.get("Content-Type", ""), response.data


def rows_json(data: bytes) -> list[tuple[str, str]]:
    doc = json.loads(data)
    assert doc["head"]["vars"] == ["actor", "label"]
    return [(b["actor"]["value"], b["label"]["value"]) for b in doc["results"]["bindings"]]


def rows_xml(data: bytes) -> list[tuple[str, str]]:
    root = ET.fromstring(data)
    out = []
    for result in root.iter(SRX + "result"):
        values = {b.get("name"): next(iter(b)).text for b in result.iter(SRX + "binding")}
        out.append((values["actor"], values["label"]))
    return out


def rows_csv(data: bytes) -> list[tuple[str, str]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    return [(r["actor"], r["label"]) for r in reader]


def rows_tsv(data: bytes) -> list[tuple[str, str]]:
    lines = data.decode("utf-8").splitlines()
    assert lines[0].split("\t") == ["?actor", "?label"]
    parsed = []
    for line in lines[1:]:
        actor, label = line.split("\t")
        parsed.append((rdflib.util.from_n3(actor), rdflib.util.from_n3(label)))
    return [(str(a), str(lit)) for a, lit in parsed]


ROW_READERS = {"json": rows_json, "xml": rows_xml, "csv": rows_csv, "tsv": rows_tsv}


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_select_every_results_format_by_accept(client: FlaskClient, fmt: object) -> None:
    for media_type in fmt.media_types:  # type: ignore[attr-defined]
        status, content_type, data = get(client, SELECT, media_type)
        assert status == 200
        assert content_type.startswith(fmt.media_type)  # type: ignore[attr-defined]
        assert ROW_READERS[fmt.name](data) == EXPECTED_LABELS  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_select_every_results_format_by_format_param(client: FlaskClient, fmt: object) -> None:
    status, content_type, data = get(client, SELECT, "application/sparql-results+json",
                                     format=fmt.name)  # type: ignore[attr-defined]
    assert status == 200
    assert content_type.startswith(fmt.media_type)  # type: ignore[attr-defined]
    assert ROW_READERS[fmt.name](data) == EXPECTED_LABELS  # type: ignore[attr-defined]


def test_ask_json_and_xml(client: FlaskClient) -> None:
    assert json.loads(get(client, ASK)[2]) == {"head": {}, "boolean": True}
    root = ET.fromstring(get(client, ASK, "application/sparql-results+xml")[2])
    assert root.find(SRX + "boolean").text == "true"  # type: ignore[union-attr]
    assert get(client, "ASK { ?s a skg:Nothing }", "text/csv")[2].strip() == b"false"


def expected_graph(store_query: str, client: FlaskClient) -> rdflib.Graph:
    """The same CONSTRUCT answered as N-Triples, the simplest format, as the reference."""
    status, _, data = get(client, store_query, "application/n-triples")
    assert status == 200
    return rdflib.Graph().parse(data=data.decode(), format="nt")


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_graph_every_format(client: FlaskClient, fmt: object, query: str) -> None:
    reference = expected_graph(query, client)
    assert len(reference) >= 3
    status, content_type, data = get(client, query, fmt.media_type)  # type: ignore[attr-defined]
    assert status == 200
    assert content_type.startswith(fmt.media_type)  # type: ignore[attr-defined]
    name = RDFLIB_FORMAT[fmt.name]  # type: ignore[attr-defined]
    if name in ("trig", "nquads"):
        dataset = rdflib.Dataset()
        dataset.parse(data=data.decode(), format=name)
        parsed = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            parsed.add((s, p, o))
    else:
        parsed = rdflib.Graph().parse(data=data.decode(), format=name)
    assert isomorphic(parsed, reference)


def test_turtle_answer_declares_the_query_prefixes(client: FlaskClient) -> None:
    # Declared ones as written, used-but-undeclared ones of ours, nothing else.
    query = ("PREFIX my: <https://w3id.org/syria-kg/id/place/> "
             "CONSTRUCT { my:syria rdfs:label ?l } WHERE { my:syria rdfs:label ?l }")
    _, _, data = get(client, query, "text/turtle")
    declared = {line.split()[1] for line in data.decode().splitlines()
                if line.startswith("@prefix")}
    assert declared == {"my:", "rdfs:"}
    assert b"my:syria rdfs:label" in data
    assert isomorphic(rdflib.Graph().parse(data=data.decode(), format="turtle"),
                      expected_graph(query, client))


def test_construct_arabic_literal_survives_every_format(client: FlaskClient) -> None:
    query = "CONSTRUCT { place:syria rdfs:label ?l } WHERE { place:syria rdfs:label ?l }"
    for fmt in GRAPH_FORMATS:
        _, _, data = get(client, query, fmt.media_type)
        name = RDFLIB_FORMAT[fmt.name]
        graph = rdflib.Dataset() if name in ("trig", "nquads") else rdflib.Graph()
        graph.parse(data=data.decode(), format=name)
        labels = {str(o) for o in graph.objects() if getattr(o, "language", None) == "ar"}
        assert labels == {"سوريا"}, fmt.name


def test_no_accept_gives_json_for_select_and_turtle_for_construct(client: FlaskClient) -> None:
    _, content_type, data = get(client, SELECT)
    assert content_type == "application/sparql-results+json"
    assert rows_json(data) == EXPECTED_LABELS
    _, content_type, data = get(client, CONSTRUCT)
    assert content_type.startswith("text/turtle")
    rdflib.Graph().parse(data=data.decode(), format="turtle")


def test_wildcard_accept_gives_the_defaults(client: FlaskClient) -> None:
    assert get(client, SELECT, "*/*")[1] == "application/sparql-results+json"
    assert get(client, CONSTRUCT, "*/*")[1].startswith("text/turtle")


def test_q_values_pick_the_preferred_format(client: FlaskClient) -> None:
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"
    _, content_type, data = get(client, SELECT, accept)
    assert content_type.startswith("text/csv")
    assert rows_csv(data) == EXPECTED_LABELS
    accept = "text/turtle;q=0.2, application/ld+json;q=0.8"
    _, content_type, data = get(client, CONSTRUCT, accept)
    assert content_type == "application/ld+json"
    json.loads(data)


def test_one_accept_header_for_both_query_forms(client: FlaskClient) -> None:
    """What SPARQLWrapper/YASGUI send: result types and RDF types in one header."""
    accept = ("application/sparql-results+json,application/sparql-results+xml;q=0.9,"
              "text/turtle;q=0.8,application/rdf+xml;q=0.7")
    assert get(client, SELECT, accept)[1] == "application/sparql-results+json"
    assert get(client, CONSTRUCT, accept)[1].startswith("text/turtle")


def test_browser_accept_on_post_gets_data_not_html(client: FlaskClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.post("/sparql", data={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.content_type == "application/sparql-results+xml"
    assert rows_xml(response.data) == EXPECTED_LABELS


def test_q_zero_excludes_a_format(client: FlaskClient) -> None:
    accept = "application/sparql-results+json;q=0, application/json;q=0, */*;q=0.5"
    assert get(client, SELECT, accept)[1] == "application/sparql-results+xml"


def test_format_param_overrides_accept(client: FlaskClient) -> None:
    _, content_type, data = get(client, SELECT, "application/sparql-results+xml", format="csv")
    assert content_type.startswith("text/csv")
    _, content_type, _ = get(client, CONSTRUCT, "text/turtle", format="application/n-triples")
    assert content_type.startswith("application/n-triples")
    _, content_type, _ = get(client, CONSTRUCT, None, output="json")
    assert content_type == "application/ld+json"


def test_unknown_format_param_is_400_with_the_list(client: FlaskClient) -> None:
    status, _, data = get(client, SELECT, None, format="yaml")
    assert status == 400
    message = json.loads(data)["error"]
    assert "format=yaml" in message and "csv" in message and "turtle" in message


def test_format_param_of_the_wrong_kind_is_400(client: FlaskClient) -> None:
    status, _, data = get(client, CONSTRUCT, None, format="csv")
    assert status == 400
    assert "turtle" in json.loads(data)["error"]


def test_406_when_nothing_acceptable(client: FlaskClient) -> None:
    status, content_type, data = get(client, SELECT, "image/png")
    assert status == 406
    assert content_type == "application/json"
    error = json.loads(data)
    assert error["status"] == 406 and "application/sparql-results+json" in error["error"]
    assert get(client, CONSTRUCT, "text/csv")[0] == 406
    assert get(client, ASK, "text/turtle")[0] == 406


def test_truncation_header_and_rows(client: FlaskClient) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    for fmt in ("json", "xml", "csv", "tsv"):
        response = client.get("/sparql", query_string={"query": query, "format": fmt})
        assert response.headers["X-SPARQL-Truncated"] == "true"
        assert response.headers["X-SPARQL-Max-Rows"] == "10"
        if fmt in ("csv", "tsv"):
            assert response.data.decode().count("\n") == 11  # header + 10 rows
    data = client.get("/sparql", query_string={"query": query}).data
    assert len(json.loads(data)["results"]["bindings"]) == 10
    small = client.get("/sparql", query_string={"query": query + " LIMIT 10"})
    assert "X-SPARQL-Truncated" not in small.headers
    graph = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert graph.headers["X-SPARQL-Truncated"] == "true"
    assert len(rdflib.Graph().parse(data=graph.data.decode(), format="turtle")) == 10


# Every data type named but disliked, anything else liked: HTML still only when named.
DISLIKED = ", ".join(f"{m};q=0.1" for f in GRAPH_FORMATS + RESULT_FORMATS
                     for m in f.media_types) + ", */*;q=0.9"


@pytest.mark.parametrize("accept", ["*/*", "text/*", "*/*;q=0.9, text/html;q=0.1",
                                    "application/xhtml+xml;q=0.5, */*", DISLIKED])
def test_html_only_when_named_first(client: FlaskClient, accept: str) -> None:
    """A wildcard never turns an answer, a description or an error into a web page."""
    query = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}
    for response in (client.get("/sparql", query_string=query, headers={"Accept": accept}),
                     client.get("/sparql", headers={"Accept": accept}),
                     client.get("/id/actor/russia", headers={"Accept": accept}),
                     client.get("/id/actor/nobody", headers={"Accept": accept}),
                     client.post("/sparql", data={"query": "SELECT"},
                                 headers={"Accept": accept})):
        assert "html" not in response.content_type, (accept, response.content_type)


def test_a_browser_gets_html(client: FlaskClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/sparql", headers={"Accept": browser}).content_type.startswith(
        "text/html")
    assert client.get("/id/actor/russia", headers={"Accept": browser}).content_type.startswith(
        "text/html")
    error = client.post("/sparql", data={"query": "SELECT"}, headers={"Accept": browser})
    assert error.status_code == 400 and error.content_type.startswith("text/html")


def test_parse_accept_tolerates_garbage() -> None:
    ranges = parse_accept("text/csv;q=abc, nonsense, , application/json;level=1;q=0.3")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("text", "csv", 0.0), ("application", "json", 0.3)]


def test_choose_prefers_specific_range_on_tie() -> None:
    offers = ["application/sparql-results+json", "text/csv"]
    assert choose("*/*, text/csv", offers) == "text/csv"
    assert choose("text/*", offers) == "text/csv"
    assert choose("text/*;q=0.4, */*;q=0.5", offers) == "application/sparql-results+json"
    assert choose("", offers) == offers[0]
