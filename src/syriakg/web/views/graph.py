"""The actor graph in the browser: ``/graph`` (Cytoscape.js view), ``/graph.json`` and downloads.

``/graph.<fmt>`` serves the graph as json (Cytoscape JSON with evidence, legend and metrics,
which the view reads), graphml, gexf, dot, svg or png, with the same filters as
``syriakg graph`` as query parameters: ``relation``, ``source`` and ``not_source`` (sources
left out; all three repeatable or comma-separated), ``from``, ``to``, ``actor``, ``depth``,
``between`` (two actors), ``lang`` (en|ar), ``top`` (at most this many actors, the most
connected), ``size_by`` (degree|betweenness|eigenvector); ``download=1`` asks for an
attachment.

The statements are read once, by ``init_app`` in the app factory (the store never changes
under a server): from ``actor-graph.json``, which whatever wrote the store kept beside it
(``syriakg.analysis.kept``), or else from the store; every request then filters and measures
that in memory.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, render_template, request
from werkzeug.exceptions import NotFound

from syriakg.analysis import (
    FORMATS,
    METRICS,
    Extraction,
    ExtractionError,
    GraphFilter,
    GraphFilterError,
    RenderError,
    build,
    export,
    extract,
)
from syriakg.analysis.kept import VIEW_OPENS, VIEW_TOP, Views
from syriakg.analysis.kept import read as read_kept
from syriakg.store import QueryStore
from syriakg.web.errors import BadRequest, InternalError
from syriakg.web.sparql.cache import BytesLRU

bp = Blueprint("graph", __name__, template_folder="templates")
log = logging.getLogger("syriakg.web")

EXTENSION = "syriakg_graph"
KEPT = "syriakg_graph_files"
VENDOR_FILE = "vendor/cytoscape/cytoscape.min.js"


def init_app(app: Flask, store: QueryStore, keep_bytes: int = 0,
             directory: Path | None = None) -> None:
    """Read the actor graph's statements and register the ``graph`` blueprint: from the files
    kept in the store's ``directory`` if there are any of this format, else from ``store``.

    Up to ``keep_bytes`` of the files served are kept in the worker, least recently used out
    first: the statements never change under a server, and at 1M triples each answer takes
    seconds to build. If the extraction queries are missing or broken, the rest of the site
    still serves; the graph's URLs then answer 500 with the reason, and the reason is logged now.
    """
    found = read_kept(directory) if directory is not None else None
    views: Views = {}
    if found is not None:
        app.extensions[EXTENSION], views = found
    else:
        started = time.perf_counter()
        try:
            app.extensions[EXTENSION] = extract(store)
        except ExtractionError as exc:
            log.error("the actor graph is unavailable: %s", exc)
            app.extensions[EXTENSION] = exc
        if directory is not None:
            log.info("the actor graph was read from the store (%.1f s): no %s of this version "
                     "beside it", time.perf_counter() - started, "actor-graph.json")
    if keep_bytes > 0:
        # Few and large: the whole graph's JSON is 12 MB at 1M triples and takes 6 s to build.
        kept = app.extensions[KEPT] = BytesLRU[tuple[str, GraphFilter, str], bytes](
            keep_bytes, len, largest_share=4)
        extraction = app.extensions[EXTENSION]
        for asked, data in views.items():
            kept.put(asked, data)
        if VIEW_OPENS not in views and isinstance(extraction, Extraction):
            # Built here, once before gunicorn forks the workers, rather than by each worker's
            # first visitor to /graph: 5 s at 1M triples, mostly the estimated betweenness.
            fmt, flt, size_by = VIEW_OPENS
            try:
                kept.put(VIEW_OPENS, export(build(extraction, flt), fmt, size_by))
            except Exception as exc:  # noqa: BLE001 - as above, the rest of the site serves
                # The view's request builds it again and answers with what went wrong.
                log.error("the actor graph view's first file could not be built: %s", exc)
    app.register_blueprint(bp)


def _extraction() -> Extraction:
    extraction = current_app.extensions.get(EXTENSION)
    if isinstance(extraction, ExtractionError):
        raise InternalError(f"the actor graph is unavailable: {extraction}")
    if not isinstance(extraction, Extraction):
        raise InternalError(
            "the actor graph was not read at start-up: create_app must call "
            "syriakg.web.views.graph.init_app(app, store)"
        )
    return extraction


def _values(name: str) -> tuple[str, ...]:
    """A repeatable parameter; commas separate values too (``relation=a,b``)."""
    return tuple(v.strip() for raw in request.args.getlist(name) for v in raw.split(",")
                 if v.strip())


def request_filter() -> GraphFilter:
    """The filter the query parameters ask for.

    :raises BadRequest: if ``depth`` or ``top`` is not a whole number.
    """
    args = request.args
    depth = _whole("depth")
    return GraphFilter(
        relations=_values("relation"), sources=_values("source"),
        without_sources=_values("not_source"),
        start=args.get("from") or None, stop=args.get("to") or None,
        actor=args.get("actor") or None, depth=1 if depth is None else depth,
        between=_values("between"), lang=args.get("lang") or "en", top=_whole("top"),
    )


def _whole(name: str) -> int | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise BadRequest(f"{name} must be a whole number, not {raw!r}") from exc


@bp.route("/graph")
def view() -> str:
    """The interactive actor graph: filters, the Cytoscape canvas, evidence on click."""
    static = current_app.static_folder or ""

    return render_template(
        "graph/index.html",
        title="Actor graph · syriakg",
        formats=[f for f in FORMATS if f != "json"],
        metrics=METRICS,
        view_top=VIEW_TOP,
        has_vendor=(Path(static) / VENDOR_FILE).is_file(),
        vendor_file=VENDOR_FILE,
    )


@bp.route("/graph.<fmt>")
def download(fmt: str) -> Response:
    """The filtered graph as ``fmt``: json, graphml, gexf, dot, svg or png.

    :raises BadRequest: for an unknown relation, source, actor, size measure or a bad date.
    :raises InternalError: if SVG/PNG is asked for and Graphviz is missing or fails.
    """
    if fmt not in FORMATS:
        raise NotFound(f"no graph format {fmt!r}; formats: {', '.join(FORMATS)}")
    size_by = request.args.get("size_by") or "degree"
    if size_by not in METRICS:
        raise BadRequest(f"size_by must be one of {', '.join(METRICS)}, not {size_by!r}")
    flt = request_filter()
    kept = current_app.extensions.get(KEPT)
    data = kept.get((fmt, flt, size_by)) if kept is not None else None
    if data is None:
        try:
            data = export(build(_extraction(), flt), fmt, size_by)
        except GraphFilterError as exc:
            raise BadRequest(str(exc)) from exc
        except RenderError as exc:
            raise InternalError(str(exc)) from exc
        if kept is not None:
            kept.put((fmt, flt, size_by), data)
    mimetype, extension = FORMATS[fmt]
    response = Response(data, content_type=mimetype)
    if request.args.get("download"):
        name = f"syriakg-actor-graph.{extension}"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
