"""The remote-store client against a scripted HTTP server: what it sends, and how it reads the
answers and failures of a store (no Virtuoso needed)."""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest

from syriakg.errors import QuerySyntaxError, QueryTimedOut, RemoteStoreFailed
from syriakg.querytext import has_dataset_clause, query_form, with_prefixes
from syriakg.store.remote import (
    EMPTY_GRAPH,
    RemoteQueryError,
    RemoteStore,
    RemoteStoreError,
    RemoteTimeout,
)
from syriakg.web.sparql.runner import Job, run_job

ASK_TRUE = (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            b"<head></head><boolean>true</boolean></sparql>")


def select_xml(*bindings: str) -> bytes:
    rows = "".join(f'<result><binding name="x">{b}</binding></result>' for b in bindings)
    return (f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f'<head><variable name="x"/></head><results>{rows}</results></sparql>').encode()


@dataclass
class Script:
    """What the fake store answers next, and what it was sent."""

    status: int = 200
    content_type: str = "application/sparql-results+xml"
    body: bytes = ASK_TRUE
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)


@pytest.fixture
def fake() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            query = urllib.parse.urlsplit(self.path).query
            params = urllib.parse.parse_qs(body if self.command == "POST" else query)
            script.requests.append((self.command, self.headers.get("Accept", ""), params))
            self.send_response(script.status)
            self.send_header("Content-Type", script.content_type)
            for name, value in script.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(script.body)))
            self.end_headers()
            self.wfile.write(script.body)

        do_GET = do_POST = do_PUT = do_DELETE = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", script
    server.shutdown()
    server.server_close()


def test_union_default_graph_is_the_graphs_of_the_build(fake: tuple[str, Script]) -> None:
    url, script = fake
    store = RemoteStore(url, graphs=["urn:g1", "urn:g2"])
    assert bool(store.query("ASK { ?s ?p ?o }", use_default_graph_as_union=True))
    method, accept, params = script.requests[-1]
    assert (method, accept) == ("GET", "application/sparql-results+xml")
    assert params["default-graph-uri"] == ["urn:g1", "urn:g2"]
    assert params["named-graph-uri"] == ["urn:g1", "urn:g2"]


def test_without_options_the_default_graph_is_empty_and_named_graphs_are_ours(
    fake: tuple[str, Script],
) -> None:
    """As in the embedded store, whose default graph the build leaves empty."""
    url, script = fake
    RemoteStore(url, graphs=["urn:g1"]).query("ASK { GRAPH ?g { ?s ?p ?o } }")
    assert script.requests[-1][2]["default-graph-uri"] == [EMPTY_GRAPH]
    assert script.requests[-1][2]["named-graph-uri"] == ["urn:g1"]
    RemoteStore(url, graphs=["urn:g1"]).query("ASK FROM <urn:g2> { ?s ?p ?o }")
    assert "default-graph-uri" not in script.requests[-1][2]  # the query's own FROM applies


def test_protocol_dataset_is_passed_on(fake: tuple[str, Script]) -> None:
    url, script = fake
    RemoteStore(url, graphs=["urn:g1"]).query(
        "ASK {}", default_graph=[ox.NamedNode("urn:a")], named_graphs=[ox.NamedNode("urn:b")])
    assert script.requests[-1][2]["default-graph-uri"] == ["urn:a"]
    assert script.requests[-1][2]["named-graph-uri"] == ["urn:b"]


def test_a_long_query_goes_as_a_form_post(fake: tuple[str, Script]) -> None:
    url, script = fake
    long_query = "ASK { " + " ".join(f"<urn:s{i}> ?p ?o ." for i in range(400)) + " }"
    RemoteStore(url).query(long_query)
    method, _, params = script.requests[-1]
    assert method == "POST" and params["query"] == [long_query]


def test_construct_asks_for_n_triples(fake: tuple[str, Script]) -> None:
    url, script = fake
    script.content_type = "application/n-triples"
    script.body = b"_:b1 <urn:p> \"24\"^^<http://www.w3.org/2001/XMLSchema#duration> .\n"
    triples = RemoteStore(url).query("PREFIX a: <urn:a>\nconstruct WHERE { ?s ?p ?o }")
    assert script.requests[-1][1] == "application/n-triples"
    (triple,) = list(triples)
    assert isinstance(triple.subject, ox.BlankNode)
    assert triple.object == ox.Literal("P2Y", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#duration"))


def test_virtuoso_blank_nodes_and_durations_are_read(fake: tuple[str, Script]) -> None:
    url, script = fake
    script.body = select_xml(
        "<bnode>nodeID://b10000</bnode>",
        '<literal datatype="http://www.w3.org/2001/XMLSchema#duration">86400.0</literal>')
    rows = RemoteStore(url).query("SELECT ?x WHERE { ?x ?p ?o }")
    assert isinstance(rows, ox.QuerySolutions)
    values = [r["x"] for r in rows]
    assert values[0] == ox.BlankNode("b10000")
    assert values[1] == ox.Literal("P1D", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#duration"))


def test_json_results_are_read_too(fake: tuple[str, Script]) -> None:
    url, script = fake
    script.content_type = "application/sparql-results+json"
    script.body = (b'{"head": {"vars": ["x"]}, "results": {"bindings": ['
                   b'{"x": {"type": "bnode", "value": "nodeID://b7"}}]}}')
    rows = RemoteStore(url).query("SELECT ?x WHERE { ?x ?p ?o }")
    assert isinstance(rows, ox.QuerySolutions)
    assert [r["x"] for r in rows] == [ox.BlankNode("b7")]


def test_an_answer_the_store_cut_is_an_error(fake: tuple[str, Script]) -> None:
    url, script = fake
    script.body = select_xml("<literal>a</literal>")
    script.headers = {"X-SPARQL-MaxRows": "10000"}
    with pytest.raises(RemoteStoreError, match="ResultSetMaxRows"):
        RemoteStore(url, max_rows=10_000).query("SELECT ?x WHERE { ?x ?p ?o }")
    # Cut above our own limit: our cut applies and is reported, so the answer is usable.
    RemoteStore(url, max_rows=100).query("SELECT ?x WHERE { ?x ?p ?o }")


def test_an_incomplete_answer_is_a_timeout(fake: tuple[str, Script]) -> None:
    url, script = fake
    script.headers = {"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete"}
    with pytest.raises(RemoteTimeout, match="incomplete"):
        RemoteStore(url).query("ASK {}")


def test_an_html_answer_names_the_setting_to_check(fake: tuple[str, Script]) -> None:
    url, script = fake
    script.content_type, script.body = "text/html", b"<html>Welcome</html>"
    with pytest.raises(RemoteStoreError, match="not SPARQL results; check the setting `store`"):
        RemoteStore(url).query("ASK {}")


def test_refused_credentials_name_the_variables(fake: tuple[str, Script]) -> None:
    url, script = fake
    script.status, script.body = 401, b"Unauthorized"
    with pytest.raises(RemoteStoreError, match="SYRIAKG_STORE_USER and SYRIAKG_STORE_PASSWORD"):
        RemoteStore(url).put_graph("urn:g", b"")


def test_a_bad_query_is_a_syntax_error_and_a_400_for_the_user(fake: tuple[str, Script]) -> None:
    url, script = fake
    script.status, script.content_type = 400, "text/plain"
    script.body = b"Virtuoso 37000 Error SP030: syntax error at '}'\n\nSPARQL query:\nSELECT"
    with pytest.raises(RemoteQueryError, match="SP030: syntax error at '}'$"):
        RemoteStore(url).query("SELECT * { ?s }")
    with pytest.raises(QuerySyntaxError):
        run_job(RemoteStore(url), Job("SELECT * { ?s }", "json", None, 10))


def test_a_store_that_does_not_answer_in_time_is_a_timeout() -> None:
    """The HTTP timeout is the time limit: the request is abandoned, 503 for the user."""
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        started = time.monotonic()
        with pytest.raises(RemoteTimeout, match="did not answer within 0.5 s"):
            RemoteStore(url, timeout=0.5).query("ASK {}")
        assert time.monotonic() - started < 10
        with pytest.raises(QueryTimedOut):
            run_job(RemoteStore(url, timeout=0.5), Job("ASK {}", "json", None, 10))


def test_an_unreachable_store_is_a_bad_gateway_for_the_user() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/sparql"  # bound, not listening
        with pytest.raises(RemoteStoreFailed) as failed:
            run_job(RemoteStore(url), Job("ASK {}", "json", None, 10))
    assert url in failed.value.message


@pytest.mark.parametrize(("query", "form"), [
    ("SELECT * {}", "SELECT"),
    ("# ASK\nPREFIX s: <urn:x#> BASE <urn:b> describe <a>", "DESCRIBE"),
    ("prefix a:<urn:a>construct{}where{}", "CONSTRUCT"),
])
def test_query_form(query: str, form: str) -> None:
    assert query_form(query) == form


def test_a_stores_own_extensions_are_not_sent(fake: tuple[str, Script]) -> None:
    """Virtuoso's `define get:soft` would fetch the FROM IRIs from the web."""
    url, script = fake
    with pytest.raises(RemoteQueryError, match="must start with SELECT"):
        RemoteStore(url).query('define get:soft "soft" SELECT * FROM <http://a/> { ?s ?p ?o }')
    assert not script.requests


def test_prefixes_go_on_the_first_line_and_yield_to_the_querys_own() -> None:
    query = "# title\nPREFIX a: <urn:mine#>\nSELECT * {}"
    sent = with_prefixes(query, {"a": "urn:ours#", "b": "urn:b#"})
    assert sent == "PREFIX b: <urn:b#> " + query


def test_from_is_found_outside_strings_iris_and_comments() -> None:
    assert has_dataset_clause("SELECT * FROM NAMED <urn:g> { }")
    assert not has_dataset_clause("SELECT * { ?s <urn:from> 'FROM' } # FROM <urn:g>")
