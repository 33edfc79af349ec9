"""Which representation of a linked-data resource a client gets, and how it is written.

Design: **direct content negotiation** on the resource URL (``/id/actor/russia`` answers HTML to a
browser and Turtle, N-Triples, RDF/XML, JSON-LD, TriG or N-Quads to a program), not the DBpedia /
LodView 303 dance. The public IRI (``https://w3id.org/syria-kg/id/...``) is not this URL: w3id.org
answers it with a redirect to us, which already separates the thing from the document about it
(httpRange-14), so a second 303 would only cost a round trip. Every answer says ``Vary: Accept``,
names its twins in ``Link: rel="alternate"`` headers, and can be forced with ``?format=`` (or a
``.ttl``/``.nt``/``.rdf``/``.jsonld`` suffix), so caches and people can link to one format.

The Accept parsing and the format table are web/negotiation.py's; HTML is chosen only when a
client names it, so ``curl`` and ``*/*`` get Turtle.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from flask import Response, request

from syriakg.namespaces import PREFIXES
from syriakg.web.description import LICENCE_IRI
from syriakg.web.errors import BadRequest, NotAcceptable
from syriakg.web.negotiation import GRAPH_FORMATS, HTML, Format, by_name, negotiate, prefers_html
from syriakg.web.pages import lookup
from syriakg.web.sparql.runner import GRAPH_FORMATS as OX_FORMATS

# Suffixes a resource URL may carry instead of ?format= (keys never contain a dot).
SUFFIXES = {"ttl": "turtle", "nt": "ntriples", "rdf": "rdfxml", "jsonld": "jsonld",
            "trig": "trig", "nq": "nquads", "html": "html"}
QUAD_FORMATS = {"trig", "nquads"}
DATA_TYPES = [m for f in GRAPH_FORMATS for m in f.media_types]
# Short names for the alternate links, in the order people look for them.
ALTERNATES = ("turtle", "jsonld", "ntriples", "rdfxml", "trig", "nquads")


def choose(suffix: str | None = None) -> Format | None:
    """The RDF format to answer with, or None for the HTML page.

    :raises BadRequest: an unknown ``?format=`` value.
    :raises NotAcceptable: the Accept header allows neither HTML nor any RDF format.
    """
    override = request.args.get("format") or (SUFFIXES.get(suffix) if suffix else None)
    if override:
        if override.strip().lower() in ("html", HTML):
            return None
        fmt = by_name(override, GRAPH_FORMATS)
        if fmt is None:
            names = ", ".join(["html", *sorted({n for f in GRAPH_FORMATS for n in f.names})])
            raise BadRequest(f"Unknown format={override}; use one of: {names}.")
        return fmt
    accept = request.headers.get("Accept")
    if prefers_html(accept, DATA_TYPES):
        return None
    fmt = negotiate(accept, GRAPH_FORMATS)
    if fmt is None:
        offered = ", ".join([HTML, *DATA_TYPES])
        raise NotAcceptable(f"None of the types in the Accept header ({accept}) is offered "
                            f"here; this resource is available as: {offered}.")
    return fmt


def alternates(base_url: str) -> list[tuple[str, str, str]]:
    """(name, media type, URL) of each machine-readable twin of the page at ``base_url``."""
    formats = {f.name: f for f in GRAPH_FORMATS}
    return [(n, formats[n].media_type, f"{base_url}?format={n}") for n in ALTERNATES]


def link_header(base_url: str) -> str:
    """The ``Link`` header: licence, the HTML page and every RDF twin."""
    parts = [f'<{LICENCE_IRI}>; rel="license"', f'<{base_url}?format=html>; rel="alternate"; '
             f'type="{HTML}"']
    parts += [f'<{url}>; rel="alternate"; type="{media}"' for _, media, url in alternates(base_url)]
    return ", ".join(parts)


def serialise(quads: Iterable[ox.Quad], fmt: Format) -> bytes:
    """Write ``quads`` in ``fmt``: named graphs kept in TriG/N-Quads, merged otherwise."""
    if fmt.name in QUAD_FORMATS:
        data: list[ox.Quad] | list[ox.Triple] = sorted(set(quads), key=str)
    else:
        data = sorted({q.triple for q in quads}, key=str)
    prefixes = PREFIXES if fmt.name in ("turtle", "trig", "rdfxml", "jsonld") else None
    return lookup.serialize(data, OX_FORMATS[fmt.name], prefixes)


def rdf_response(quads: Iterable[ox.Quad], fmt: Format, base_url: str) -> Response:
    """The RDF answer for a resource, with the headers every representation carries."""
    response = Response(serialise(quads, fmt), content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = link_header(base_url)
    return response


def html_response(html: str, base_url: str, status: int = 200) -> Response:
    """The HTML answer, with the same Vary and Link headers as its RDF twins."""
    response = Response(html, status=status, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = link_header(base_url)
    return response
