"""The query guard: SERVICE calls outside the allowlist, and to local addresses, are refused
before any connection; FROM and dataset IRIs are never fetched; the lexer is not fooled by
strings, comments, IRIs or prefixed names.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from syriakg.namespaces import PREFIXES
from syriakg.web.errors import BadGateway, Forbidden
from syriakg.web.sparql.guard import check_services, inspect_query, local_address_reason


class Listener:
    """A loopback TCP listener that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.close()


def services(query: str) -> list[str | None]:
    return [c.endpoint for c in inspect_query(query, PREFIXES).services]


# --- the lexer ------------------------------------------------------------------------------


def test_service_iri_found() -> None:
    assert services("SELECT * { SERVICE <http://h.example/sparql> { ?s ?p ?o } }") == [
        "http://h.example/sparql"]
    assert services("SELECT * { service silent<http://h.example/s>{} }") == [
        "http://h.example/s"]


def test_service_prefixed_name_resolved() -> None:
    query = "PREFIX e: <http://h.example/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }"
    assert services(query) == ["http://h.example/sparql"]
    assert services("SELECT * { SERVICE wd:sparql {} }") == [PREFIXES["wd"] + "sparql"]


def test_service_relative_iri_resolved_against_base() -> None:
    query = "BASE <http://h.example/a/> SELECT * { SERVICE <../sparql> {} }"
    assert services(query) == ["http://h.example/sparql"]


def test_service_iri_unicode_escapes_resolved() -> None:
    query = r"SELECT * { SERVICE <http://127.0.0.\u0031:8000/sparql> {} }"
    assert services(query) == ["http://127.0.0.1:8000/sparql"]


def test_service_variable_has_no_endpoint() -> None:
    assert services("SELECT * { VALUES ?e { <http://x/> } SERVICE ?e { ?s ?p ?o } }") == [None]


def test_service_in_strings_comments_and_iris_is_not_a_call() -> None:
    query = '''SELECT * WHERE {
      ?s ?p "SERVICE <http://a.example/>" .        # SERVICE <http://b.example/>
      ?s ?p """x " SERVICE <http://c.example/> """ .
      ?s ?p 'it\\'s SERVICE <http://d.example/>' .
      ?s <http://e.example/SERVICE> ?o .
      ?s skg:SERVICE ?o .
      ?service ?p "x"@service .
    }'''
    assert services(query) == []


def test_service_after_tricky_strings_is_found() -> None:
    query = r'''SELECT * WHERE {
      ?s ?p "a \" } SERVICE" .
      ?s ?p """ends with quote\"""" .
      FILTER(?a<?b&&?c>?d)
      SERVICE <http://z.example/> { ?s ?p ?o }
    }'''
    assert services(query) == ["http://z.example/"]


def test_query_form_and_dataset() -> None:
    shape = inspect_query("PREFIX a: <http://a/> # x\nASK FROM <http://g> { }", PREFIXES)
    assert shape.form == "ASK" and shape.has_dataset and not shape.is_update
    assert inspect_query("CLEAR DEFAULT", PREFIXES).is_update
    assert not inspect_query("SELECT * { ?s ?p 'INSERT' }", PREFIXES).is_update


# --- the policy ------------------------------------------------------------------------------


def test_allowlisted_public_endpoint_passes() -> None:
    shape = inspect_query("SELECT * { SERVICE <https://query.wikidata.org/sparql> {} }", {})
    # Not Forbidden. Without DNS (as in CI) the name cannot be checked: 502, still no call.
    with contextlib.suppress(BadGateway):
        check_services(shape, ["https://query.wikidata.org/sparql"])


def test_local_addresses_are_recognised() -> None:
    for url in ("http://localhost:8000/", "http://[::1]/s", "http://10.1.2.3/", "http://0.0.0.0/",
                "http://169.254.169.254/latest", "http://printer.local/", "http://192.168.1.1/"):
        assert local_address_reason(url, resolve=False), url
    assert local_address_reason("https://dbpedia.org/sparql", resolve=False) is None


def test_loopback_refused_even_when_allowlisted() -> None:
    shape = inspect_query("SELECT * { SERVICE <http://127.0.0.1:9/sparql> {} }", {})
    with pytest.raises(Forbidden, match="service_allowlist"):
        check_services(shape, ["http://127.0.0.1:9/sparql"])


# --- over HTTP, with a listener that would see any connection --------------------------------


def test_service_not_allowlisted_is_refused_without_connecting(
    client: FlaskClient, listener: Listener
) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert "service_allowlist" in response.json["error"]
    assert "No connection was made" in response.json["error"]
    silent = f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"
    assert client.post("/sparql", data={"query": silent}).status_code == 403
    assert listener.connections == 0


def test_service_loopback_refused_even_when_allowlisted(client: FlaskClient) -> None:
    # "http://127.0.0.1:9/sparql" is in the fixture's service_allowlist.
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert "loopback or private" in response.json["error"]
    assert "service_allowlist" in response.json["error"]


def test_service_prefixed_and_variable_refused(client: FlaskClient, listener: Listener) -> None:
    query = f"PREFIX l: <http://127.0.0.1:{listener.port}/> SELECT * {{ SERVICE l:sparql {{}} }}"
    assert client.get("/sparql", query_string={"query": query}).status_code == 403
    query = f"SELECT * {{ BIND(<{listener.url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert listener.connections == 0


def test_from_and_dataset_iris_are_never_fetched(client: FlaskClient, listener: Listener) -> None:
    query = f"SELECT * FROM <{listener.url}> FROM NAMED <{listener.url}/g> WHERE {{ ?s ?p ?o }}"
    assert client.get("/sparql", query_string={"query": query}).status_code == 200
    response = client.get("/sparql", query_string={
        "query": "SELECT * WHERE { ?s ?p ?o }",
        "default-graph-uri": listener.url, "named-graph-uri": listener.url + "/n",
    })
    assert response.status_code == 200
    assert response.json["results"]["bindings"] == []
    assert listener.connections == 0


# --- the quick read of the prologue agrees with the full scan -------------------------------

PROLOGUE_CASES = [
    "PREFIX skg: <https://w3id.org/syria-kg/ontology#>\n"
    "SELECT * { ?s a skg:Actor ; rdfs:label ?l }",
    "prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ASK { ?s rdfs:label ?o }",
    "# a comment: with a colon\nBASE <http://x/> SELECT * { ?s owl:sameAs ?o }",
    "PREFIX : <http://x/> SELECT * { :a :b skg:c . ?s <http://y/> ?o }",
    "SELECT * { ?s schema:name ?n FILTER(?n = 'a:b') }",
    "CONSTRUCT { ?s prov:wasDerivedFrom ?d } WHERE { ?s prov:wasDerivedFrom ?d }",
]


@pytest.mark.parametrize("query", PROLOGUE_CASES)
def test_quick_prologue_read_finds_the_prefixes_the_full_scan_needs(query: str) -> None:
    # Padding with a word the quick read refuses forces the full token scan of the same query.
    quick = inspect_query(query, PREFIXES)
    full = inspect_query(query + " # from", PREFIXES)
    assert quick.form == full.form
    # The quick read may over-approximate (names inside strings) but never miss a prefix.
    assert full.undeclared & set(PREFIXES) <= quick.undeclared
    assert quick.declared == full.declared


def test_declared_prefixes_are_resolved_against_base_by_both_reads() -> None:
    query = ("BASE <http://x.example/a/> PREFIX r: <rel/> PREFIX : <http://y.example/>\n"
             "BASE <b/> PREFIX s: <c#> SELECT * { ?s :p ?o }")
    expected = {"r": "http://x.example/a/rel/", "": "http://y.example/",
                "s": "http://x.example/a/b/c#"}
    assert inspect_query(query, PREFIXES).declared == expected
    assert inspect_query(query + " # from", PREFIXES).declared == expected
