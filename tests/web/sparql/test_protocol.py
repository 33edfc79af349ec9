"""SPARQL 1.1 Protocol, query side: the W3C protocol tests' cases, run in process.

Names follow the W3C suite where one matches (query_post_form, bad_query_wrong_media_type, ...).
Every assertion is on the parsed result, not on strings.
"""

from __future__ import annotations

import json
import random
import re
import time
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from syriakg.web.sparql.protocol import _decode_params
from tests.web.conftest import GRAPH, sample_quads

SIZES = {
    name: sum(1 for q in sample_quads() if q.graph_name.value == GRAPH + name)
    for name in ("d0001", "reference", "ontology", "inferred")
}

SELECT_LABELS = (
    "SELECT ?label WHERE { <https://w3id.org/syria-kg/id/actor/russia> rdfs:label ?label }"
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def bindings(response_data: bytes) -> list[dict[str, str]]:
    doc = json.loads(response_data)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def count(client: FlaskClient, **params: str | list[str]) -> int:
    response = client.get("/sparql", query_string={"query": COUNT, **params})
    assert response.status_code == 200, response.data
    return int(bindings(response.data)[0]["n"])


def test_query_get(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT_LABELS})
    assert response.status_code == 200
    assert {b["label"] for b in bindings(response.data)} == {"Russia", "روسيا"}


def test_query_post_form(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": SELECT_LABELS})
    assert response.status_code == 200
    assert {b["label"] for b in bindings(response.data)} == {"Russia", "روسيا"}


def test_query_post_direct(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data=SELECT_LABELS.encode(),
        headers={"Content-Type": "application/sparql-query; charset=UTF-8"},
    )
    assert response.status_code == 200
    assert {b["label"] for b in bindings(response.data)} == {"Russia", "روسيا"}


def test_query_post_direct_with_dataset_in_url(client: FlaskClient) -> None:
    response = client.post(
        f"/sparql?default-graph-uri={quote(GRAPH + 'ontology', safe='')}",
        data=COUNT.encode(), headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 200
    assert int(bindings(response.data)[0]["n"]) == SIZES["ontology"]


def test_default_graph_is_union_of_named_graphs(client: FlaskClient) -> None:
    total = count(client)
    per_graph = sum(
        count(client, **{"default-graph-uri": GRAPH + g})
        for g in ("d0001", "reference", "ontology", "inferred")
    )
    assert total == per_graph > 0


def test_query_dataset_default_graphs_get(client: FlaskClient) -> None:
    assert count(client, **{"default-graph-uri": GRAPH + "ontology"}) == SIZES["ontology"]
    both = [GRAPH + "ontology", GRAPH + "inferred"]
    assert count(client, **{"default-graph-uri": both}) == SIZES["ontology"] + SIZES["inferred"]


def test_query_dataset_default_graphs_post(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data={"query": COUNT, "default-graph-uri": GRAPH + "inferred"}
    )
    assert int(bindings(response.data)[0]["n"]) == SIZES["inferred"]


def test_query_dataset_named_graphs(client: FlaskClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get(
        "/sparql", query_string={"query": query, "named-graph-uri": GRAPH + "reference"}
    )
    assert [b["g"] for b in bindings(response.data)] == [GRAPH + "reference"]
    # Only named graphs given: the default graph is the store's own, which is empty.
    assert count(client, **{"named-graph-uri": GRAPH + "reference"}) == 0


def test_query_dataset_full(client: FlaskClient) -> None:
    query = (
        "SELECT (COUNT(*) AS ?n) ?g "
        "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g"
    )
    response = client.get("/sparql", query_string={
        "query": query,
        "default-graph-uri": GRAPH + "inferred",
        "named-graph-uri": GRAPH + "ontology",
    })
    rows = {b.get("g", "default"): int(b["n"]) for b in bindings(response.data)}
    assert rows == {"default": SIZES["inferred"], GRAPH + "ontology": SIZES["ontology"]}


def test_protocol_dataset_overrides_from(client: FlaskClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}reference> WHERE {{ ?s ?p ?o }}"
    plain = client.get("/sparql", query_string={"query": query})
    assert int(bindings(plain.data)[0]["n"]) == SIZES["reference"]
    overridden = client.get(
        "/sparql", query_string={"query": query, "default-graph-uri": GRAPH + "inferred"}
    )
    assert int(bindings(overridden.data)[0]["n"]) == SIZES["inferred"]


def test_from_selects_a_graph_instead_of_the_union(client: FlaskClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}ontology> WHERE {{ ?s ?p ?o }}"
    response = client.get("/sparql", query_string={"query": query})
    assert int(bindings(response.data)[0]["n"]) == SIZES["ontology"]


def test_bad_dataset_iri_is_refused(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": COUNT, "default-graph-uri": "not an iri"}
    )
    assert response.status_code == 400
    assert "default-graph-uri" in response.json["error"]


def test_bad_multiple_queries(client: FlaskClient) -> None:
    response = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert response.status_code == 400
    assert "more than one query" in response.json["error"]


def test_bad_query_in_url_and_body(client: FlaskClient) -> None:
    response = client.post(
        "/sparql?query=ASK%7B%7D", data=b"ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 400


def test_bad_query_missing(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"default-graph-uri": GRAPH + "ontology"})
    assert response.status_code == 400
    assert "No query" in response.json["error"]
    assert client.get(f"/sparql?default-graph-uri={GRAPH}ontology").status_code == 400


def test_bad_query_empty(client: FlaskClient) -> None:
    assert client.get("/sparql?query=").status_code == 400


def test_bad_query_wrong_media_type(client: FlaskClient) -> None:
    response = client.post("/sparql", data=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.json["error"]


def test_bad_query_missing_form_type(client: FlaskClient) -> None:
    response = client.post("/sparql", data=b"query=ASK%20%7B%7D")
    assert response.status_code == 415


def test_bad_query_non_utf8_charset(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data='ASK { ?s ?p "é" }'.encode("latin-1"),
        headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"},
    )
    assert response.status_code == 415
    assert "UTF-8" in response.json["error"]


def test_bad_query_invalid_utf8_body(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data='ASK { ?s ?p "é" }'.encode("latin-1"),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 400
    assert "UTF-8" in response.json["error"]


def test_bad_query_invalid_utf8_form(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data=b"query=ASK%20%7B%3Fs%20%3Fp%20%22%E9%22%7D",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400


def test_bad_query_syntax_has_position(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE {\n  ?s ?p \n"})
    assert response.status_code == 400
    assert response.json["error"].startswith("SPARQL syntax error at 3:1")


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/syria-kg/graph/d0001>",
        "# comment\nWITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_update_as_query_is_forbidden(client: FlaskClient, update: str) -> None:
    before = count(client)
    for response in (
        client.get("/sparql", query_string={"query": update}),
        client.post("/sparql", data={"query": update}),
        client.post("/sparql", data=update.encode(),
                    headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 403, response.data
        assert "read-only" in response.json["error"]
    assert count(client) == before


def test_update_param_is_forbidden(client: FlaskClient) -> None:
    update = "INSERT DATA { <http://a> <http://b> <http://c> }"
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert client.get("/sparql", query_string={"update": update}).status_code == 403
    response = client.post("/sparql", data=update.encode(),
                           headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 403


def test_put_is_not_allowed(client: FlaskClient) -> None:
    response = client.put("/sparql", data=b"ASK {}")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_request_too_large(client: FlaskClient) -> None:
    big = "ASK { ?s ?p ?o } #" + "x" * 30_000
    response = client.post("/sparql", data=big.encode(),
                           headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert "max_request_bytes" in response.json["error"]


def test_query_string_too_long(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {} #" + "x" * 30_000})
    assert response.status_code == 414


def test_long_get_query_under_the_limit(client: FlaskClient) -> None:
    query = "ASK { ?s ?p ?o } #" + "x" * 8_000
    assert client.get("/sparql", query_string={"query": query}).status_code == 200


def test_cors_on_get_post_and_preflight(client: FlaskClient) -> None:
    assert client.get("/sparql", query_string={"query": "ASK {}"}).headers[
        "Access-Control-Allow-Origin"] == "*"
    assert client.post("/sparql", data={"query": "ASK {}"}).headers[
        "Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    })
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


# 39 quads: four of them joined are 2,313,441 rows to count.
JOINED = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ENGINE_TIMING = re.compile(r"engine;dur=(\d+\.\d{3})")


def _engine_ms(response: TestResponse) -> float:
    found = ENGINE_TIMING.fullmatch(response.headers["Server-Timing"])
    assert found, response.headers["Server-Timing"]
    return float(found.group(1))


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_server_timing_gives_the_stores_share_of_the_request(
    client: FlaskClient, method: str
) -> None:
    def send(query: str) -> TestResponse:
        if method == "GET":
            return client.get("/sparql", query_string={"query": query})
        return client.post("/sparql", data={"query": query})

    send("ASK {}")  # a query process ready, its first pages touched
    light = send("ASK { }")  # another text: not the kept answer
    started = time.perf_counter()
    heavy = send(JOINED)
    elapsed_ms = (time.perf_counter() - started) * 1000
    # 39^4 rows counted: thousands of times an empty ASK, so the ratio holds on a busy machine.
    assert json.loads(heavy.data)["results"]["bindings"][0]["n"]["value"] == str(39 ** 4)
    assert 0 < _engine_ms(heavy) <= elapsed_ms
    assert _engine_ms(heavy) > 10 * _engine_ms(light)
    assert "Server-Timing" in heavy.headers["Access-Control-Expose-Headers"]


def test_browser_query_link_opens_the_editor(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}"},
                          headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/?query=ASK")


def test_prefixes_need_not_be_declared(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={
        "query": "SELECT ?l WHERE { actor:china rdfs:label ?l FILTER(lang(?l) = 'ar') }"
    })
    assert [b["l"] for b in bindings(response.data)] == ["الصين"]


def test_requests_are_logged_with_status_and_duration(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="syriakg.web.access")
    client.get("/sparql", query_string={"query": "ASK {}"}).close()  # as a server does, once sent
    record = next(r for r in caplog.records if r.name == "syriakg.web.access")
    message = record.getMessage()
    assert message.startswith("GET /sparql 200 ") and "ms" in message
    assert record.created > 0


def test_query_string_decoding_equals_the_standard_library() -> None:
    alphabet = "aé ز+%&=;?#/:<>\"'\n\t{}" + "".join(chr(c) for c in range(0x20, 0x7F, 7))
    rng = random.Random(5)
    for _ in range(500):
        pairs = [("".join(rng.choices(alphabet, k=rng.randint(0, 6))),
                  "".join(rng.choices(alphabet, k=rng.randint(0, 30))))
                 for _ in range(rng.randint(1, 4))]
        raw = urlencode(pairs).encode("ascii")
        # also hand-written forms: bare names, empty fields, raw UTF-8 bytes
        for text in (raw, raw + b"&&flag", b"query=" + "رسالة".encode() + b"+x%20y",
                     b"a=%&b=%2&c=%zz&d=a%2gb&e=\\x41%41&f=%%41&g=\\&h=a\\%41%5c"):
            expected = parse_qsl(text.decode("utf-8"), keep_blank_values=True, errors="strict")
            assert _decode_params(text, "query string") == expected, text
