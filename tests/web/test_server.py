"""The real server: gunicorn as a subprocess on a loopback port, queried by real clients.

One smoke test per client family (SPARQLWrapper, rdflib, plain urllib as curl would), and the
runaway query: stopped with a 503 at the 2 s limit while another client is answered meanwhile.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.web.conftest import LiveServer, processes_in_group

pytestmark = [
    pytest.mark.server,
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { <https://w3id.org/syria-kg/id/actor/russia> rdfs:label ?label }"""
RUNAWAY = """SELECT (COUNT(*) AS ?n) WHERE {
  ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"""


def test_sparqlwrapper_select_in_every_format(live_server: LiveServer) -> None:
    for method in ("GET", "POST"):
        client = SPARQLWrapper(live_server.endpoint)
        client.setMethod(method)
        client.setQuery(LABELS)
        client.setReturnFormat(JSON)
        result = client.query().convert()
        assert isinstance(result, dict)
        labels = {b["label"]["value"] for b in result["results"]["bindings"]}
        assert labels == {"Russia", "روسيا"}
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert len(document.getElementsByTagName("result")) == 2  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[0] == "label"  # type: ignore[union-attr]


def test_sparqlwrapper_construct_and_ask(live_server: LiveServer) -> None:
    client = SPARQLWrapper(live_server.endpoint)
    client.setQuery("CONSTRUCT WHERE { ?s a <https://w3id.org/syria-kg/ontology#Actor> }")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 3
    client.setQuery("ASK { ?s a <https://w3id.org/syria-kg/ontology#Place> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True  # type: ignore[index]


def test_rdflib_sparqlstore(live_server: LiveServer) -> None:
    graph = rdflib.Graph(SPARQLStore(live_server.endpoint, returnFormat="json"))
    rows = list(graph.query(LABELS))
    assert {str(r[0]) for r in rows} == {"Russia", "روسيا"}  # type: ignore[index]
    assert any(lit.language == "ar" for (lit,) in rows)  # type: ignore[union-attr,misc]


def test_rdflib_parses_a_construct_url(live_server: LiveServer) -> None:
    query = "CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
    url = live_server.endpoint + "?" + urllib.parse.urlencode({"query": query})
    graph = rdflib.Graph().parse(url, format="turtle")
    assert len(graph) >= 10


def test_service_description_endpoint_is_the_url_used(live_server: LiveServer) -> None:
    graph = rdflib.Graph().parse(live_server.endpoint, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert set(graph.objects(None, sd.endpoint)) == {rdflib.URIRef(live_server.endpoint)}


def _query(url: str, query: str, timeout: float,
           method: str = "POST") -> tuple[int, dict[str, object], float]:
    form = urllib.parse.urlencode({"query": query})
    started = time.monotonic()
    accept = {"Accept": "application/sparql-results+json"}
    request = (urllib.request.Request(url, data=form.encode(), headers=accept) if method == "POST"
               else urllib.request.Request(f"{url}?{form}", headers=accept))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read()), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), time.monotonic() - started


# Both methods must get the 503.
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_runaway_query_is_stopped_while_others_are_served(live_server: LiveServer,
                                                          method: str) -> None:
    outcome: dict[str, tuple[int, dict[str, object], float]] = {}
    assert _query(live_server.endpoint, LABELS, timeout=10)[0] == 200
    before = set(processes_in_group(live_server.proc.pid))

    def runaway() -> None:
        outcome["runaway"] = _query(live_server.endpoint, RUNAWAY, timeout=30, method=method)

    thread = threading.Thread(target=runaway)
    started = time.monotonic()
    thread.start()
    time.sleep(0.3)  # the runaway is now running in a query process
    status, body, elapsed = _query(live_server.endpoint, LABELS, timeout=10)
    answered_at = time.monotonic() - started
    thread.join(timeout=30)
    assert status == 200 and len(body["results"]["bindings"]) == 2  # type: ignore[index]
    # Answered while the runaway still ran: it did not wait for it.
    r_status, r_body, r_elapsed = outcome["runaway"]
    assert r_status == 503
    assert r_body["ok"] is False and r_body["status"] == 503
    assert "query_timeout" in str(r_body["error"])
    assert 2 <= r_elapsed < 20  # stopped at its limit (2 s), not before
    assert answered_at < r_elapsed
    # The process that ran it was ended, so the query is not left computing.
    assert before - set(processes_in_group(live_server.proc.pid))
    for _ in range(4):
        assert _query(live_server.endpoint, LABELS, timeout=10)[0] == 200


def _raw_get(live_server: LiveServer, target: str) -> bytes:
    """The body of the answer to ``GET target`` sent byte for byte, as a client may send it."""
    host, port = live_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\n"
                     "Accept: text/tab-separated-values\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    return body


def test_a_fragment_in_the_target_is_not_part_of_the_query(live_server: LiveServer) -> None:
    # A client should not send a fragment, but one that does gets the answer without it, as
    # gunicorn reads the target (RFC 9112 §3.2 has no fragment in a request target).
    target = "/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    plain = _raw_get(live_server, target)
    assert int(plain.splitlines()[1]) > 0
    assert _raw_get(live_server, target + "#x") == plain


def test_requests_are_logged(live_server: LiveServer) -> None:
    _query(live_server.endpoint, "ASK {}", timeout=10)
    _query(live_server.endpoint, "ASK {}", timeout=10, method="GET")
    # The line is written once the answer has been sent: wait for it.
    deadline = time.monotonic() + 5
    while "access: GET /sparql 200" not in live_server.log.read_text():
        assert time.monotonic() < deadline, "the GET request was not logged"
        time.sleep(0.05)
    assert "syriakg.web.access: POST /sparql 200" in live_server.log.read_text()


def test_queries_move_to_the_in_memory_copy_once_it_is_made(live_server: LiveServer) -> None:
    # The server answers from the store on disk from its first moment (the copy of a large
    # store takes seconds); a second broker copies it into memory and takes over.
    deadline = time.monotonic() + 30
    while "queries now run on the store's in-memory copy" not in live_server.log.read_text():
        assert time.monotonic() < deadline, "no hand-over to the in-memory copy was logged"
        time.sleep(0.1)
    assert "the store was copied into memory in" in live_server.log.read_text()
    for _ in range(4):
        assert _query(live_server.endpoint, LABELS, timeout=10)[0] == 200
