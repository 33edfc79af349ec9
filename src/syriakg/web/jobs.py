"""A query job: what every room of the web layer hands to the executor, and what comes back.

The endpoint (web.sparql) and the pages (web.pages.lookup) both send jobs; where a job runs (in
the broker's query processes, or a remote store's server) is the executor's business
(web.sparql.broker, web.sparql.direct).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Job:
    """A query and everything needed to run it (pickled when it goes to a query process)."""

    query: str
    results_format: str | None  # the format for SELECT/ASK, None if the client accepts none
    graph_format: str | None  # the format for CONSTRUCT/DESCRIBE, None if none is acceptable
    max_rows: int
    default_graphs: tuple[str, ...] | None = None  # protocol dataset, if the request named one
    named_graphs: tuple[str, ...] | None = None
    query_has_dataset: bool = False  # FROM / FROM NAMED in the query itself
    uses_service: bool = False
    # Prefixes the query may use undeclared; None means all of namespaces.PREFIXES. The endpoint
    # passes only those a query needs: handing Oxigraph 40 prefixes costs ~50 us per query.
    prefixes: dict[str, str] | None = None
    # What a Turtle, TriG or RDF/XML answer declares. The endpoint passes the query's own (as
    # Fuseki and QLever do), so the answer is written once. None: the namespaces of
    # namespaces.PREFIXES that the answer uses, found by writing it as N-Triples first.
    answer_prefixes: dict[str, str] | None = None
    # Relative IRIs in the query are resolved against this (the endpoint's own URL, as the
    # SPARQL 1.1 Protocol asks); None leaves them unresolved.
    base_iri: str | None = None


@dataclass(frozen=True)
class Outcome:
    """A serialised result: the bytes, the format name, and whether rows were cut."""

    body: bytes
    format: str
    form: str  # "select", "ask" or "graph"
    truncated: bool
    # How it was made, not what it says (two equal answers may differ here): the milliseconds
    # the store took to evaluate and serialise it (run_job), the rest of a request's time being
    # the server's, which clients see as Server-Timing (web.sparql); and whether it was kept
    # from an earlier run (web.cache), engine_ms then being that run's.
    engine_ms: float = field(default=0.0, compare=False)
    cached: bool = field(default=False, compare=False)


class Executor(Protocol):
    """Runs a query job under the limits: the broker's query processes (web.sparql.broker), or
    a remote store's own server (web.sparql.direct)."""

    def run(self, job: Job, client: str = "") -> Outcome:
        """``client`` is who asked (web.clients), for the limits each client has."""
        ...

    def close(self) -> None: ...
