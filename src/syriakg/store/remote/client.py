"""A SPARQL 1.1 store reached by URL (Virtuoso, Fuseki, GraphDB, QLever, Neptune).

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

Quirks of Virtuoso 7.2.5 handled here (docs/architecture.md, "Remote stores"): queries go by
GET, or by form POST when the URL would be long (a POST of ``application/sparql-query`` never
answers); each request asks for one media type (a list makes it answer HTML); its blank node labels (``nodeID://b10000``)
are renamed to labels a results parser accepts, and its numbers under a duration datatype are
written back as durations (store.remote.repairs); an answer it cut (``X-SPARQL-MaxRows``) or left
incomplete (``X-SQL-State``) is an error, never a silently short result.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Sequence
from email.message import Message
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from syriakg.errors import StoreError
from syriakg.querytext import QUERY_FORMS, has_dataset_clause, query_form, with_prefixes
from syriakg.store.remote.errors import NotFound, RemoteQueryError
from syriakg.store.remote.http import Transport
from syriakg.store.remote.manifest import EMPTY_GRAPH, MANIFEST, Manifest, read_manifest
from syriakg.store.remote.results import (
    NTRIPLES,
    RESULTS_XML,
    RemoteTriples,
    check_complete,
    read_results,
    read_triples,
)

if TYPE_CHECKING:
    from syriakg.settings import Settings

_MAX_GET_URL = 4000  # longer requests go as a form POST (servers limit their request line)
Term = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


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
        self._http = Transport((self.url, self.graph_store_url, self.update_url), auth)

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r}, graphs={len(self.graphs)})"

    # --- queries ---------------------------------------------------------------------------

    def query(
        self, query: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
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
        text = with_prefixes(query, prefixes)
        if base_iri:  # on the first line too; a BASE of the query's own comes later and wins
            text = f"BASE <{base_iri}> {text}"
        params = [("query", text)]
        params += self._dataset(query, use_default_graph_as_union, default_graph, named_graphs)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        body, headers = self._sparql(params, NTRIPLES if graph_form else RESULTS_XML)
        check_complete(headers, self.url, self.max_rows)
        content_type = headers.get_content_type()
        if graph_form:
            return read_triples(body, content_type, self.url)
        return read_results(body, content_type, self.url)

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
        return self._http.send(request, "store", self.timeout)

    # --- writes ----------------------------------------------------------------------------

    def check_graph_store(self) -> None:
        """Ask the Graph Store endpoint for a graph nobody writes, to fail before any upload.

        A Graph Store answers 404 (or the graph); a query endpoint taken for one answers 400
        (Virtuoso's /sparql, which a PUT would keep busy instead).

        :raises RemoteStoreError: naming the setting `graph_store`, or the credentials.
        """
        request = urllib.request.Request(self._graph_url(EMPTY_GRAPH), headers={"Accept": NTRIPLES})
        try:
            self._http.send(request, "graph_store", self.timeout)
        except NotFound:
            pass

    def check_update(self) -> None:
        """Drop a graph nobody writes, to fail before any upload if the Update endpoint is not
        one, or refuses our credentials.

        :raises RemoteStoreError: naming the setting `store_update`, or the credentials.
        """
        self.update(f"DROP SILENT GRAPH <{EMPTY_GRAPH}>")

    def put_graph(self, iri: str, data: bytes, content_type: str = NTRIPLES) -> None:
        """Replace the named graph ``iri`` with ``data`` (Graph Store Protocol PUT).

        :raises RemoteStoreError: naming the endpoint and the setting to check.
        """
        request = urllib.request.Request(
            self._graph_url(iri), data=data, method="PUT", headers={"Content-Type": content_type}
        )
        self._http.send(request, "graph_store", self.write_timeout)

    def delete_graph(self, iri: str) -> None:
        """Remove the named graph ``iri`` (Graph Store Protocol DELETE); a missing one is fine."""
        request = urllib.request.Request(self._graph_url(iri), method="DELETE")
        try:
            self._http.send(request, "graph_store", self.write_timeout)
        except NotFound:
            pass

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update request (form POST to the update endpoint)."""
        request = urllib.request.Request(
            self.update_url, data=urllib.parse.urlencode({"update": update}).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"},
            method="POST",
        )
        self._http.send(request, "store_update", self.write_timeout)

    def read_manifest(self) -> Manifest | None:
        """The manifest of the last complete build, or None if no build has been pushed here."""
        return read_manifest(self)

    def _graph_url(self, iri: str) -> str:
        sep = "&" if "?" in self.graph_store_url else "?"
        return f"{self.graph_store_url}{sep}{urllib.parse.urlencode({'graph': iri})}"

def _graph_name(graph: Any) -> str:
    if isinstance(graph, ox.DefaultGraph):
        return EMPTY_GRAPH
    if isinstance(graph, ox.NamedNode):
        return graph.value
    raise ValueError("a remote store cannot be asked for a graph named by a blank node")


def from_settings(settings: Settings) -> RemoteStore:
    """A client for the store ``settings.store`` names, with ``store_user`` and
    ``store_password`` (SYRIAKG_STORE_USER, SYRIAKG_STORE_PASSWORD) as its credentials."""
    user, password = settings.store_user, settings.store_password
    return RemoteStore(
        settings.store, timeout=settings.query_timeout,
        graph_store_url=settings.graph_store or None, update_url=settings.store_update or None,
        auth=(user, password) if user else None,
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
