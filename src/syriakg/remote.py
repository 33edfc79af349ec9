"""A SPARQL 1.1 store reached by URL (Virtuoso, Fuseki, GraphDB, QLever, Neptune; issue 7).

Queries go by the SPARQL 1.1 Protocol, graphs by the Graph Store Protocol, the build's switch by
SPARQL 1.1 Update. ``RemoteStore.query`` answers like ``pyoxigraph.Store.query`` for everything
our code calls: SELECT and ASK give real ``ox.QuerySolutions``/``ox.QueryBoolean`` (parsed from
the store's SPARQL results), CONSTRUCT and DESCRIBE a ``RemoteTriples`` that iterates and
serialises like ``ox.QueryTriples``.

Every request names its dataset. A remote store's own default graph is not ours (Virtuoso's
holds its system graphs), so the union default graph and the named graphs are the graphs that
the last complete build listed in its manifest (the graph ``MANIFEST``), sent as
``default-graph-uri`` and ``named-graph-uri``; where Oxigraph would use its own (empty) default
graph, ``EMPTY_GRAPH``, a graph nobody writes, stands in for it.

Quirks of Virtuoso 7.2.5 handled here (ARCHITECTURE.md): queries go by GET, or by form POST when
the URL would be long (a POST of ``application/sparql-query`` never answers); each request asks
for one media type (a list makes it answer HTML); its blank node labels (``nodeID://b10000``)
are renamed to labels a results parser accepts, and its numbers under a duration datatype are
written back as durations (see remote_repairs); an answer it cut (``X-SPARQL-MaxRows``) or left
incomplete (``X-SQL-State``) is an error, never a silently short result.
"""

from __future__ import annotations

import http.client
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email.message import Message
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from syriakg.errors import StoreError
from syriakg.querytext import QUERY_FORMS, has_dataset_clause, query_form, with_prefixes
from syriakg.remote_errors import (
    HINT,
    PASSWORD_ENV,
    USER_ENV,
    NotFound,
    RemoteQueryError,
    RemoteStoreError,
    RemoteTimeout,
    http_error,
    timeout_error,
    unreachable,
)
from syriakg.remote_repairs import repaired_json, repaired_ntriples, repaired_xml

if TYPE_CHECKING:
    from syriakg.settings import Settings

MANIFEST = "https://w3id.org/syria-kg/build/manifest"
EMPTY_GRAPH = "https://w3id.org/syria-kg/build/empty"
HAS_PART = "http://purl.org/dc/terms/hasPart"
IDENTIFIER = "http://purl.org/dc/terms/identifier"
MODIFIED = "http://purl.org/dc/terms/modified"
TRIPLES = "http://rdfs.org/ns/void#triples"
XSD = "http://www.w3.org/2001/XMLSchema#"

RESULTS_XML = "application/sparql-results+xml"
NTRIPLES = "application/n-triples"
_GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # N-Triples' media type before RDF 1.1
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_MAX_GET_URL = 4000  # longer requests go as a form POST (servers limit their request line)
_CHUNK = 1 << 16
Term = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


@dataclass(frozen=True)
class Manifest:
    """What the last complete build pushed: its id and the triples of each named graph."""

    build: str
    graphs: dict[str, int] = field(default_factory=dict)
    modified: str = ""

    def to_ntriples(self) -> bytes:
        """The manifest graph as N-Triples (subject: ``MANIFEST``)."""
        m = f"<{MANIFEST}>"
        lines = [f'{m} <{IDENTIFIER}> {_string(self.build)} .']
        if self.modified:
            lines.append(f'{m} <{MODIFIED}> "{self.modified}"^^<{XSD}dateTime> .')
        for iri, count in self.graphs.items():
            lines.append(f"{m} <{HAS_PART}> <{iri}> .")
            lines.append(f'<{iri}> <{TRIPLES}> "{count}"^^<{XSD}integer> .')
        return ("\n".join(lines) + "\n").encode("utf-8")


class RemoteTriples:
    """A CONSTRUCT or DESCRIBE answer, with what our code uses of ``ox.QueryTriples``."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def serialize(
        self, output: IO[bytes] | str | os.PathLike[str] | None = None,
        format: ox.RdfFormat | None = None,
    ) -> bytes | None:
        """Write the triples like ``ox.QueryTriples.serialize``: bytes when ``output`` is None."""
        return ox.serialize(self._triples, output, format)


class RemoteStore:
    """A SPARQL 1.1 Protocol and Graph Store Protocol client (standard library only).

    :param url: the SPARQL query endpoint.
    :param timeout: seconds a query may take, sent as the HTTP timeout of each request.
    :param graph_store_url: the Graph Store Protocol endpoint (``?graph=`` identification);
        defaults to ``url``, as Fuseki serves it.
    :param update_url: the SPARQL Update endpoint; defaults to ``url``.
    :param auth: user and password, answered to a Digest or Basic challenge.
    :param graphs: the named graphs of the dataset (see the module's docstring).
    :param max_rows: our own row limit: an answer the store cut at or below it is an error.
    :param write_timeout: seconds a graph upload or an update may take.
    """

    def __init__(
        self, url: str, *, timeout: float = 30.0, graph_store_url: str | None = None,
        update_url: str | None = None, auth: tuple[str, str] | None = None,
        graphs: Sequence[str] = (), max_rows: int = 10_000, write_timeout: float = 600.0,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.graph_store_url = graph_store_url or url
        self.update_url = update_url or url
        self.graphs: tuple[str, ...] = tuple(graphs)
        self.max_rows = max_rows
        self.write_timeout = write_timeout
        handlers: list[urllib.request.BaseHandler] = []
        if auth is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for endpoint in {self.url, self.graph_store_url, self.update_url}:
                passwords.add_password(None, endpoint, *auth)
            handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                         urllib.request.HTTPBasicAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r}, graphs={len(self.graphs)})"

    # --- queries ---------------------------------------------------------------------------

    def query(
        self, query: str, *, prefixes: dict[str, str] | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: list[Term] | None = None,
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | RemoteTriples:
        """Answer ``query`` like ``pyoxigraph.Store.query`` with the same options.

        :raises RemoteQueryError: the store refused the query as malformed.
        :raises RemoteTimeout: no answer within ``timeout`` seconds.
        :raises RemoteStoreError: the store cannot be reached, failed, or cut the answer.
        :raises ValueError: a blank node names a graph (a remote store cannot be told which).
        """
        form = query_form(query)
        if form not in QUERY_FORMS:
            # Only SPARQL goes out: a store's own extensions before the query (Virtuoso's
            # `define get:soft`, which fetches FROM IRIs from the web) are refused, as Oxigraph
            # refuses them.
            raise RemoteQueryError(
                "error: a query must start with SELECT, ASK, CONSTRUCT or DESCRIBE after its "
                f"PREFIX and BASE declarations, not {form or 'nothing'!r}"
            )
        params = [("query", with_prefixes(query, prefixes))]
        params += self._dataset(query, use_default_graph_as_union, default_graph, named_graphs)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        body, headers = self._sparql(params, NTRIPLES if graph_form else RESULTS_XML)
        self._check_complete(headers)
        content_type = headers.get_content_type()
        if graph_form:
            return self._triples(body, content_type)
        return self._results(body, content_type)

    def _dataset(
        self, query: str, union: bool, default_graph: list[Term] | None,
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None,
    ) -> list[tuple[str, str]]:
        ours = list(self.graphs) or [EMPTY_GRAPH]
        if default_graph is not None or named_graphs is not None:
            defaults = [_graph_name(g) for g in default_graph or [ox.DefaultGraph()]]
            named = ours if named_graphs is None else [_graph_name(g) for g in named_graphs]
        elif union:
            defaults, named = ours, ours
        elif has_dataset_clause(query):
            return []  # the query's own FROM / FROM NAMED apply, as in Oxigraph
        else:
            defaults, named = [EMPTY_GRAPH], ours
        return [("default-graph-uri", g) for g in defaults] + [
            ("named-graph-uri", g) for g in named or [EMPTY_GRAPH]
        ]

    def _sparql(self, params: list[tuple[str, str]], accept: str) -> tuple[bytes, Message]:
        encoded = urllib.parse.urlencode(params)
        headers = {"Accept": accept}
        if len(self.url) + len(encoded) < _MAX_GET_URL:
            sep = "&" if "?" in self.url else "?"
            request = urllib.request.Request(f"{self.url}{sep}{encoded}", headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            request = urllib.request.Request(self.url, data=encoded.encode("ascii"),
                                             headers=headers, method="POST")
        return self._send(request, "store", self.timeout)

    def _check_complete(self, headers: Message) -> None:
        state = headers.get("X-SQL-State")
        if state:  # Virtuoso's "anytime" answers: partial results after its own time limit
            raise RemoteTimeout(
                f"the store at {self.url} stopped the query early and returned incomplete "
                f"results ({state}: {headers.get('X-SQL-Message', '')}); narrow the query, or "
                "raise the store's own limit (Virtuoso: [SPARQL] MaxQueryExecutionTime)"
            )
        cap = headers.get("X-SPARQL-MaxRows")
        if cap and cap.isdigit() and int(cap) <= self.max_rows:
            raise RemoteStoreError(
                f"the store at {self.url} cut the answer at {cap} rows, its own limit; raise it "
                f"above our `max_rows` ({self.max_rows}) so that a cut is ours and is reported "
                "(Virtuoso: [SPARQL] ResultSetMaxRows in virtuoso.ini)"
            )

    def _results(self, body: bytes, content_type: str) -> ox.QuerySolutions | ox.QueryBoolean:
        if content_type == RESULTS_XML:
            body = repaired_xml(body)
            fmt = ox.QueryResultsFormat.XML
        elif content_type == "application/sparql-results+json":
            body = repaired_json(body)
            fmt = ox.QueryResultsFormat.JSON
        else:
            raise RemoteStoreError(
                f"the store at {self.url} answered {content_type}, not SPARQL results; "
                + HINT["store"]
            )
        try:
            parsed = ox.parse_query_results(body, fmt)
            if isinstance(parsed, ox.QueryBoolean):
                return parsed
            # Parsing is lazy: read it all now, so that a fault of the store's answer is not
            # taken later, mid-serialisation, for a syntax error of the user's query.
            tsv = parsed.serialize(format=ox.QueryResultsFormat.TSV)
            assert tsv is not None
            solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
        except (SyntaxError, ValueError) as exc:
            raise RemoteStoreError(f"cannot read the answer of the store at {self.url}: {exc}") \
                from exc
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions

    def _triples(self, body: bytes, content_type: str) -> RemoteTriples:
        fmt = _GRAPH_TYPES.get(content_type)
        if fmt is None:
            raise RemoteStoreError(
                f"the store at {self.url} answered {content_type}, not RDF triples; "
                + HINT["store"]
            )
        if fmt == ox.RdfFormat.N_TRIPLES:
            body = repaired_ntriples(body)
        try:
            return RemoteTriples([q.triple for q in ox.parse(body, fmt)])
        except (SyntaxError, ValueError) as exc:
            raise RemoteStoreError(f"cannot read the answer of the store at {self.url}: {exc}") \
                from exc

    # --- writes ----------------------------------------------------------------------------

    def check_graph_store(self) -> None:
        """Ask the Graph Store endpoint for a graph nobody writes, to fail before any upload.

        A Graph Store answers 404 (or the graph); a query endpoint taken for one answers 400
        (Virtuoso's /sparql, which a PUT would keep busy instead).

        :raises RemoteStoreError: naming the setting `graph_store`, or the credentials.
        """
        request = urllib.request.Request(self._graph_url(EMPTY_GRAPH), headers={"Accept": NTRIPLES})
        try:
            self._send(request, "graph_store", self.timeout)
        except NotFound:
            pass

    def put_graph(self, iri: str, data: bytes, content_type: str = NTRIPLES) -> None:
        """Replace the named graph ``iri`` with ``data`` (Graph Store Protocol PUT).

        :raises RemoteStoreError: naming the endpoint and the setting to check.
        """
        request = urllib.request.Request(
            self._graph_url(iri), data=data, method="PUT", headers={"Content-Type": content_type}
        )
        self._send(request, "graph_store", self.write_timeout)

    def delete_graph(self, iri: str) -> None:
        """Remove the named graph ``iri`` (Graph Store Protocol DELETE); a missing one is fine."""
        request = urllib.request.Request(self._graph_url(iri), method="DELETE")
        try:
            self._send(request, "graph_store", self.write_timeout)
        except NotFound:
            pass

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update request (form POST to the update endpoint)."""
        request = urllib.request.Request(
            self.update_url, data=urllib.parse.urlencode({"update": update}).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"},
            method="POST",
        )
        self._send(request, "store_update", self.write_timeout)

    def _graph_url(self, iri: str) -> str:
        sep = "&" if "?" in self.graph_store_url else "?"
        return f"{self.graph_store_url}{sep}{urllib.parse.urlencode({'graph': iri})}"

    # --- the manifest ----------------------------------------------------------------------

    def read_manifest(self) -> Manifest | None:
        """The manifest of the last complete build, or None if no build has been pushed here."""
        m = f"<{MANIFEST}>"
        rows = self.query(
            f"SELECT ?id ?modified ?g ?n WHERE {{ GRAPH {m} {{ {m} <{IDENTIFIER}> ?id "
            f"OPTIONAL {{ {m} <{MODIFIED}> ?modified }} "
            f"OPTIONAL {{ {m} <{HAS_PART}> ?g OPTIONAL {{ ?g <{TRIPLES}> ?n }} }} }} }}",
            named_graphs=[ox.NamedNode(MANIFEST)],
        )
        assert isinstance(rows, ox.QuerySolutions)
        build, modified, graphs = None, "", {}
        for row in rows:
            build = term_value(row["id"])
            modified = term_value(row["modified"])
            if row["g"] is not None:
                count = term_value(row["n"])
                graphs[term_value(row["g"])] = int(count) if count.isdigit() else 0
        if build is None:
            return None
        return Manifest(build, dict(sorted(graphs.items())), modified)

    # --- HTTP ------------------------------------------------------------------------------

    def _send(self, request: urllib.request.Request, setting: str, timeout: float) -> (
        tuple[bytes, Message]
    ):
        url = request.full_url.split("?", 1)[0]
        deadline = time.monotonic() + timeout
        try:
            with self._opener.open(request, timeout=timeout) as response:
                parts = []
                while chunk := response.read(_CHUNK):
                    parts.append(chunk)
                    if time.monotonic() > deadline:
                        raise TimeoutError
                return b"".join(parts), response.headers
        except urllib.error.HTTPError as exc:
            raise http_error(exc, url, setting) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise timeout_error(url, setting, timeout) from None
            raise unreachable(url, setting, exc.reason) from None
        except TimeoutError:
            raise timeout_error(url, setting, timeout) from None
        except http.client.RemoteDisconnected:
            # e.g. an endpoint that takes no such request and drops the connection
            raise RemoteStoreError(
                f"{url} closed the connection without answering; " + HINT[setting]
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise unreachable(url, setting, exc) from None


# --- small helpers ---------------------------------------------------------------------------


def _graph_name(graph: Any) -> str:
    if isinstance(graph, ox.DefaultGraph):
        return EMPTY_GRAPH
    if isinstance(graph, ox.NamedNode):
        return graph.value
    raise ValueError("a remote store cannot be asked for a graph named by a blank node")


def term_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """The value of a solution's term, '' when unbound."""
    return "" if term is None or isinstance(term, ox.Triple) else str(term.value)


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid N-Triples literal


def from_settings(settings: Settings) -> RemoteStore:
    """A client for the store ``settings.store`` names, credentials from the environment."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    return RemoteStore(
        settings.store, timeout=settings.query_timeout,
        graph_store_url=settings.graph_store or None, update_url=settings.store_update or None,
        auth=(user, password) if user and password is not None else None,
        max_rows=settings.max_rows,
    )


def connect(settings: Settings) -> RemoteStore:
    """A client for the dataset the last complete build pushed to ``settings.store``.

    :raises RemoteStoreError: if the store cannot be reached.
    :raises StoreError: if no build has been pushed there.
    """
    store = from_settings(settings)
    manifest = store.read_manifest()
    if manifest is None:
        raise StoreError(
            f"the store at {settings.store} holds no dataset built by syriakg (no manifest "
            f"graph <{MANIFEST}>): run `syriakg build --store {settings.store}` first"
        )
    store.graphs = tuple(manifest.graphs)
    return store
