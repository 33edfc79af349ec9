"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query side, read-only), and its description.

The flow of one request, each step in its own module: read the protocol request (protocol) ->
refuse updates and unlisted SERVICE calls (guard) -> pick the formats (negotiation) -> run the
query in a killable process (executor, runner) -> answer, or map the failure to a status
(errors).
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from syriakg.errors import NoAcceptableFormat
from syriakg.namespaces import PREFIXES
from syriakg.web import description
from syriakg.web.access import CORS
from syriakg.web.clients import client_of
from syriakg.web.errors import BadRequest, Forbidden, NotAcceptable, WebError
from syriakg.web.negotiation import (
    FORMATS_BY_NAME,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Format,
    by_name,
    known_format_names,
    negotiate,
    prefers_html,
)
from syriakg.web.sparql.guard import QueryShape, check_services, inspect_query
from syriakg.web.sparql.protocol import ProtocolRequest, read_request
from syriakg.web.sparql.runner import GRAPH_FORMATS as OX_GRAPH_FORMATS
from syriakg.web.sparql.runner import Job, Outcome
from syriakg.web.state import state

bp = Blueprint("sparql", __name__)

DATA_TYPES = [m for f in RESULT_FORMATS + GRAPH_FORMATS for m in f.media_types]


def _names(formats: tuple[Format, ...]) -> str:
    return ", ".join(f.name for f in formats)


def choose_formats(override: str | None, accept: str | None) -> tuple[Format | None, Format | None]:
    """The format for SELECT/ASK results and the one for CONSTRUCT/DESCRIBE graphs."""
    if override:
        results, graph = by_name(override, RESULT_FORMATS), by_name(override, GRAPH_FORMATS)
        if results is None and graph is None:
            raise BadRequest(
                f"Unknown format={override}; use one of: {', '.join(known_format_names())}, "
                "or a media type."
            )
        return results, graph
    return negotiate(accept, RESULT_FORMATS), negotiate(accept, GRAPH_FORMATS)


def _not_acceptable(kind: str, override: str | None, accept: str | None) -> WebError:
    formats = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
    what = "SELECT/ASK" if kind == "results" else "CONSTRUCT/DESCRIBE"
    types = ", ".join(m for f in formats for m in f.media_types)
    if override:
        return BadRequest(
            f"format={override} cannot carry the result of a {what} query; "
            f"use one of: {_names(formats)}."
        )
    return NotAcceptable(
        f"None of the types in the Accept header ({accept}) can carry the result of a {what} "
        f"query; this endpoint offers: {types}."
    )


def _service_description(override: str | None) -> Response:
    st = state()
    accept = request.headers.get("Accept")
    if override is None and prefers_html(accept, DATA_TYPES):
        return Response(
            render_template(
                "service.html",
                endpoint=request.base_url,
                sizes=st.sizes,
                limits=st.limits,
                default_graph_rule=description.DEFAULT_GRAPH_RULE,
                licence_iri=description.LICENCE_IRI,
                licence_name=description.LICENCE_NAME,
                formats=RESULT_FORMATS + GRAPH_FORMATS,
            ),
            content_type="text/html; charset=utf-8",
        )
    fmt = by_name(override, GRAPH_FORMATS) if override else negotiate(accept, GRAPH_FORMATS)
    if fmt is None:
        raise _not_acceptable("graph", override, accept)
    triples = description.description_triples(request.base_url, st.sizes, st.limits)
    body = description.serialise_description(triples, OX_GRAPH_FORMATS[fmt.name])
    return Response(body, content_type=fmt.content_type, headers={"Vary": "Accept"})


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> BaseResponse:
    """Answer a SPARQL query, or describe the service when there is none."""
    st = state()
    settings = st.settings
    protocol = read_request(request, settings.max_request_bytes)
    if protocol.query is None:
        return _service_description(protocol.format)
    shape = inspect_query(protocol.query, PREFIXES, base_iri=request.base_url,
                          parse_all=not st.sealed)
    if shape.is_update:
        raise Forbidden(
            f"This endpoint is read-only: SPARQL Update ({shape.form}) is refused."
        )
    check_services(shape, settings.service_allowlist)
    accept = request.headers.get("Accept")
    if (
        request.method == "GET" and protocol.format is None
        and prefers_html(accept, DATA_TYPES)
    ):
        # A person followed a query link in a browser: open it in the editor instead (YASGUI
        # reads query, defaultGraph and namedGraph from the page URL).
        target = url_for(
            "pages.index", query=protocol.query,
            defaultGraph=list(protocol.default_graphs or ()),
            namedGraph=list(protocol.named_graphs or ()),
        )
        return redirect(target, code=303)
    results_format, graph_format = choose_formats(protocol.format, accept)
    job = build_job(protocol, shape, results_format, graph_format, settings.max_rows,
                    base_iri=request.base_url)
    try:
        outcome = st.executor.run(job, client_of(request.environ, settings))
    except NoAcceptableFormat as exc:
        raise _not_acceptable(exc.answer, protocol.format, accept) from None
    return Response(outcome.body, headers=result_headers(outcome, settings.max_rows))


# A relative prefix IRI the engine resolves has no place in an answer's prologue (and Oxigraph's
# writers refuse it).
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def build_job(protocol: ProtocolRequest, shape: QueryShape, results_format: Format | None,
              graph_format: Format | None, max_rows: int, base_iri: str | None = None) -> Job:
    """The job that answers ``protocol``."""
    undeclared = {p: PREFIXES[p] for p in shape.undeclared if p in PREFIXES}
    return Job(
        query=protocol.query or "",
        results_format=results_format.name if results_format else None,
        graph_format=graph_format.name if graph_format else None,
        max_rows=max_rows,
        default_graphs=protocol.default_graphs,
        named_graphs=protocol.named_graphs,
        query_has_dataset=shape.has_dataset,
        uses_service=bool(shape.services),
        prefixes=undeclared,
        answer_prefixes=undeclared | {
            p: iri for p, iri in shape.declared.items() if _ABSOLUTE.match(iri)},
        base_iri=base_iri,
    )


def server_timing(outcome: Outcome) -> str:
    """The Server-Timing value (W3C Server Timing) of an answer: the store's share of the
    request in milliseconds, so a client can tell the query's cost from the network's; or
    that the answer was kept from an earlier run (web.sparql.cache)."""
    if outcome.cached:
        return "cache;desc=hit"
    return f"engine;dur={outcome.engine_ms:.3f}"


def result_headers(outcome: Outcome, max_rows: int) -> list[tuple[str, str]]:
    """Headers of a successful answer."""
    headers = [
        ("Content-Type", FORMATS_BY_NAME[outcome.format].content_type),
        ("Content-Length", str(len(outcome.body))),
        ("Vary", "Accept"),
        ("Server-Timing", server_timing(outcome)),
        *CORS,
    ]
    if outcome.truncated:
        headers += [("X-SPARQL-Truncated", "true"), ("X-SPARQL-Max-Rows", str(max_rows))]
    return headers
