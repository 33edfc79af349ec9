"""Dereferenceable IRIs: ``/id/<segment>/<key>``, ``/ontology`` and ``/graph/<name>``.

One URL per resource, negotiated directly (web/pages/ldformats.py explains why not 303): a browser
gets a page in English or Arabic with labels, types, every statement in and out, external links
with their status, and, for anything a source says, the source and its quote; a program gets the
same statements in Turtle, JSON-LD, N-Triples, RDF/XML, TriG or N-Quads. An IRI the graph does
not have gets a 404 that suggests resources with similar labels.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

import syriakg.web.pages.describe as d
from syriakg.namespaces import BASE, SKG, graph_iri
from syriakg.web.errors import error_body
from syriakg.web.i18n import choose_language, page_context
from syriakg.web.iris import data_iri, href
from syriakg.web.negotiation import GRAPH_FORMATS, choose
from syriakg.web.pages import ldformats, roles
from syriakg.web.pages.lookup import graph_quads, labels
from syriakg.web.pages.ontology_docs import page as ontology_page
from syriakg.web.pages.search import as_json, near_matches
from syriakg.web.readable import date_in_words, percentage
from syriakg.web.state import state

bp = Blueprint("resources", __name__)

_LABEL_PROPS = ("http://www.w3.org/2004/02/skos/core#prefLabel",
                "http://www.w3.org/2000/01/rdf-schema#label")
ONTOLOGY = BASE + "ontology"
_SHARE_NUMBERS = {str(SKG[name]) for name in ("numericValue", "lowerBound", "upperBound",
                                              "previousValue")}


@dataclass
class Page:
    """The view of one resource (see templates/pages/resource.html)."""

    iri: str
    title: str
    labels: list[tuple[str, str]] = field(default_factory=list)
    types: list[d.Value] = field(default_factory=list)
    out: list[d.Statement] = field(default_factory=list)
    inc: list[d.Statement] = field(default_factory=list)
    links: list[d.LinkRow] = field(default_factory=list)
    claim: d.ClaimCard | None = None
    claims: list[d.ClaimCard] = field(default_factory=list)
    groups: list[roles.Group] = field(default_factory=list)
    votes: list[roles.VoteRow] = field(default_factory=list)
    related: list[d.ClaimCard] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)


# Our IRIs are ASCII (docs/modelling.md, "IRIs"); a path with anything else names nothing here,
# and must never reach the text of a query.
_IRI_PATH = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@/-]+")


def _valid_path(*parts: str) -> bool:
    return all(_IRI_PATH.fullmatch(part) for part in parts)


def _split_suffix(key: str) -> tuple[str, str | None]:
    """``russia.ttl`` -> (``russia``, ``ttl``): keys never contain a dot, suffixes name formats."""
    stem, dot, suffix = key.rpartition(".")
    if dot and suffix in ldformats.SUFFIXES:
        return stem, suffix
    return key, None


def build_page(resource: str, rows: list[d.Row], lang: str) -> Page:
    """Assemble the page of ``resource`` from its statement rows and a few more reads."""
    names = labels()
    out = d.tables(rows, "out", lang, names)
    page = Page(resource, names.get(resource, lang) or resource.rsplit("/", 1)[-1],
                out=[s for s in out if s.predicate != d.RDF_TYPE],
                inc=d.tables(rows, "in", lang, names))
    if any(r["dir"].value == "out" and r["p"].value == str(SKG.unit)
           and r["o"].value.endswith("PERCENT") for r in rows):
        for statement in page.out:  # a share: its numbers as percentages
            if statement.predicate in _SHARE_NUMBERS:
                for v in statement.values:
                    v.words = percentage(v.text, lang)
    types = [v for s in out if s.predicate == d.RDF_TYPE for v in s.values]
    page.types = sorted(types, key=lambda v: (v.inferred, v.text.lower()))  # asserted first
    seen_labels = {(r["o"].value, getattr(r["o"], "language", None) or "")
                   for r in rows if r["dir"].value == "out" and r["p"].value in _LABEL_PROPS}
    page.labels = sorted(seen_labels, key=lambda x: (x[1] != lang, x[1], x[0]))
    page.links = d.link_rows(resource, lang)
    is_claim = any(r["dir"].value == "out" and r["p"].value == str(SKG.statedIn) for r in rows)
    if is_claim:
        page.claim = d.cards([resource], lang).get(resource)
        if page.claim and not names.by_iri.get(resource, {}).get(lang):
            page.title = page.claim.label  # in Arabic, the quote (describe.cards)
        page.assessments = state().assessments_of(resource)
        related = d.related(resource)
        found = d.cards(sorted({other for other, _, _ in related}), lang)
        for other, why, via in related:
            if other in found:
                found[other].reasons.append((why, d.term_value(_named(via), lang, names)))
        mine = page.claim.doc.href if page.claim else None
        # Other sources first: that is the comparison a reader came for.
        page.related = sorted(found.values(), key=lambda c: (c.doc.href == mine, c.iri))
    else:
        taking_part = roles.roles(resource)
        found = d.cards(sorted({claim for claim, _, _ in taking_part}), lang)
        for claim, card in found.items():
            card.verdicts = [a["verdict"] for a in state().assessments_of(claim)]
        page.groups = roles.grouped(taking_part, found, lang, names)
        page.claims = [card for group in page.groups for card in group.cards]
        page.votes = roles.votes(resource, lang, names)
        shown = {href(v.iri) for v in page.votes}
        for statement in page.inc:  # the table shows the votes: not again as bare IRIs
            if statement.predicate in roles.VOTE_LINKS:
                statement.values = [v for v in statement.values if v.href not in shown]
        page.inc = [s for s in page.inc if s.values]
    return page


def _named(value: str) -> d.ox.NamedNode:
    return d.ox.NamedNode(value)


def _jsonld(quads: list[d.ox.Quad]) -> str:
    fmt = next(f for f in GRAPH_FORMATS if f.name == "jsonld")
    # "</" inside a <script> element would end it early.
    return ldformats.serialise(quads, fmt).decode("utf-8").replace("</", "<\\/")


def not_found(missing: str, hint: str) -> Response:
    """404 with near matches by label, as a page, JSON or plain text."""
    lang = choose_language()
    names = labels()
    suggestions = [as_json(hit, names, lang) for hit in near_matches(hint)]
    message = f"No resource with the IRI {missing} in this graph."
    chosen = choose(request.headers.get("Accept"), ["application/json", "text/plain", "text/html"],
                    explicit_only=["text/html"])
    if chosen == "text/html" or request.args.get("format") == "html":
        html = render_template("pages/not_found.html", missing=missing, suggestions=suggestions,
                               **page_context(lang))
        return Response(html, status=404, content_type="text/html; charset=utf-8")
    if chosen == "text/plain":
        lines = [message] + [f"Did you mean: {s['iri']} ({s['label']})" for s in suggestions]
        return Response("\n".join(lines) + "\n", status=404,
                        content_type="text/plain; charset=utf-8")
    body = error_body(message, 404) | {"suggestions": suggestions}
    return Response(json.dumps(body, ensure_ascii=False), status=404,
                    content_type="application/json")


@bp.route("/id/<segment>/<path:key>")
def resource(segment: str, key: str) -> Response:
    """A data resource, as a page or as RDF."""
    stem, suffix = _split_suffix(key)
    target = data_iri(f"id/{segment}/{stem}")
    if not _valid_path(segment, stem):
        return not_found(target, stem)
    fmt = ldformats.choose(suffix)
    rows = d.statements(target)
    if not rows:
        return not_found(target, stem)
    base_url = url_for("resources.resource", segment=segment, key=stem, _external=True)
    if fmt is not None:
        return ldformats.rdf_response(d.quads(target, rows), fmt, base_url)
    lang = choose_language()
    page = build_page(target, rows, lang)
    html = render_template(
        "pages/resource.html", page=page, jsonld=_jsonld(d.quads(target, rows)),
        alternates=ldformats.alternates(base_url), **page_context(lang),
    )
    return ldformats.html_response(html, base_url)


@bp.route("/ontology")
@bp.route("/ontology/")
@bp.route("/ontology/<version>")
def ontology(version: str | None = None) -> Response:
    """The ontology: pyLODE documentation for people, the ontology graph for programs.

    ``/ontology#Term`` is where every term IRI leads; ``/ontology/<version>`` serves the
    versionIRI the same way.
    """
    fmt = ldformats.choose()
    base_url = url_for("resources.ontology", _external=True)
    if fmt is None:
        return ldformats.html_response(ontology_page(choose_language()), base_url)
    return ldformats.rdf_response(graph_quads(str(graph_iri("ontology"))), fmt, base_url)


@bp.route("/graph/<name>")
def graph(name: str) -> BaseResponse:
    """A named graph: its triples for programs; people go to its line in the download list."""
    fmt = ldformats.choose()
    target = str(graph_iri(name))
    if not _valid_path(name):
        return not_found(target, name)
    if fmt is None:
        return redirect(url_for("dumps.listing", _anchor=f"graph-{name}"), code=303)
    quads = graph_quads(target)
    if not quads:
        return not_found(target, name)
    return ldformats.rdf_response(quads, fmt, url_for("resources.graph", name=name, _external=True))


@bp.app_template_global("ld_href")
def ld_href(value: str) -> str:
    """Templates: where a link to an IRI goes (our page, or the IRI itself)."""
    return href(value)


@bp.app_template_filter("in_words")
def in_words_filter(value: str, lang: str) -> str:
    """Templates: a date in words in the page's language."""
    return date_in_words(value, lang)
