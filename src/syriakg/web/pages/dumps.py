"""``/download``: the whole graph as TriG and N-Quads, each named graph as Turtle, and the
optional ``owl:sameAs`` linkset, with sizes and SHA-256 checksums (HTML and JSON listing).

The files are written from the store by Oxigraph's serialiser. Each graph's triples come
through the app's executor, like every other read (web/pages/lookup.py), and are re-serialised here;
the store is read-only while a worker lives, so the files are made on the first request and
kept. The ``owl:sameAs`` linkset exists only here: in the reasoned graph OWL RL
would copy every triple to the external IRI (docs/modelling.md, "Links").
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from syriakg.namespaces import GRAPH, PREFIXES, SCHEMA
from syriakg.web.errors import WebError
from syriakg.web.i18n import choose_language, page_context
from syriakg.web.negotiation import prefers_html
from syriakg.web.pages.lookup import cached, construct_ntriples, graph_quads, keep, serialize
from syriakg.web.state import state

bp = Blueprint("dumps", __name__)

ALL_TRIG = "syria-kg.trig"
ALL_NQUADS = "syria-kg.nq"
OWL_SAMEAS = "links-owl-sameas.nt"
LINKS_GRAPH = str(GRAPH["links"])
NOTE = ("Every file is written from the store that this server answers queries from. The TriG "
        "and N-Quads files hold every named graph; the Turtle files one graph each. The owl:sameAs "
        "linkset restates the confirmed schema:sameAs links for tools that want OWL; it is not "
        "part of the store or its reasoning.")


class NotFound(WebError):
    """No dump of that name."""

    status = 404


@dataclass(frozen=True)
class Dump:
    """One downloadable file."""

    name: str
    title: str
    media_type: str
    triples: int
    body: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    def entry(self) -> dict[str, object]:
        """The listing's view: no body, but its size and checksum."""
        return {"name": self.name, "title": self.title, "media_type": self.media_type,
                "triples": self.triples, "bytes": len(self.body), "sha256": self.sha256,
                "url": url_for("dumps.download", name=self.name, _external=True)}


def graph_file(graph: str) -> str:
    """``https://w3id.org/syria-kg/graph/d0001`` -> ``graph-d0001.ttl``."""
    return f"graph-{graph.rstrip('/').rsplit('/', 1)[-1]}.ttl"


def _owl_linkset() -> bytes:
    return construct_ntriples(
        f"PREFIX owl: <http://www.w3.org/2002/07/owl#>\nPREFIX schema: <{SCHEMA}>\n"
        f"CONSTRUCT {{ ?s owl:sameAs ?o }}\n"
        f"WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s schema:sameAs ?o }} }}"
    )


def dumps() -> list[Dump]:
    """Every file, made on the first call of this worker."""
    found = cached("dumps")
    if isinstance(found, list):
        return found
    files: list[Dump] = []
    everything: list[ox.Quad] = []
    for graph in sorted(state().sizes):
        quads = graph_quads(graph)
        everything += quads
        body = serialize([q.triple for q in quads], ox.RdfFormat.TURTLE, PREFIXES)
        files.append(Dump(graph_file(graph), f"Named graph {graph}", "text/turtle",
                          len(quads), body))
    files.insert(0, Dump(ALL_NQUADS, "All named graphs (N-Quads)", "application/n-quads",
                         len(everything), serialize(everything, ox.RdfFormat.N_QUADS)))
    files.insert(0, Dump(ALL_TRIG, "All named graphs (TriG)", "application/trig",
                         len(everything), serialize(everything, ox.RdfFormat.TRIG, PREFIXES)))
    linkset = _owl_linkset()
    files.append(Dump(OWL_SAMEAS, "owl:sameAs linkset of the confirmed links (not reasoned)",
                      "application/n-triples", linkset.count(b"\n"), linkset))
    keep("dumps", files)
    return files


@bp.route("/download")
@bp.route("/download/")
def listing() -> Response | str:
    """The files with their sizes and checksums: a page for people, JSON for programs."""
    entries = [d.entry() for d in dumps()]
    wants_html = request.args.get("format") == "html" or (
        request.args.get("format") is None
        and prefers_html(request.headers.get("Accept"), ["application/json"])
    )
    if not wants_html:
        return jsonify({"note": NOTE, "files": entries})
    for entry in entries:
        name = str(entry["name"])
        entry["anchor"] = name.removesuffix(".ttl") if name.startswith("graph-") else name
    return render_template("pages/downloads.html", dumps=entries, note=NOTE,
                           json_url=url_for("dumps.listing", format="json"),
                           void_url=url_for("void.void"), **page_context(choose_language()))


@bp.route("/download/<name>")
def download(name: str) -> BaseResponse:
    """One file, with its checksum in ``Digest`` (RFC 3230) and ``ETag``."""
    found = next((d for d in dumps() if d.name == name), None)
    if found is None:
        names = ", ".join(d.name for d in dumps())
        raise NotFound(f"No download named {name}; the files are: {names}.")
    digest = base64.b64encode(hashlib.sha256(found.body).digest()).decode("ascii")
    content_type = found.media_type + ("; charset=utf-8" if found.media_type != "application/trig"
                                       else "")
    response = Response(found.body, content_type=content_type)
    response.headers["Digest"] = f"sha-256={digest}"
    response.set_etag(found.sha256)
    response.headers["Link"] = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    return response.make_conditional(request)
