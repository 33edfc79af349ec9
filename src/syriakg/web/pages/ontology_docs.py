"""/ontology for people: the documentation page the build made (syriakg.ontodoc).

The build keeps the page beside the store it writes, and the app factory reads it once. A store
given without one (a remote store, a test's) has the page made from its ontology graph on the
first request, in memory: the server writes nothing.
"""

from __future__ import annotations

from html import escape

from flask import render_template, url_for
from rdflib import Graph

from syriakg import ontodoc
from syriakg.namespaces import BASE, SKG, graph_iri
from syriakg.web.i18n import page_context
from syriakg.web.pages.lookup import cached, construct_ntriples, iri, keep, labels
from syriakg.web.pages.ontology_dress import dress, with_site
from syriakg.web.state import state


def ontology_ntriples() -> bytes:
    """The ontology graph of the store as N-Triples, lines sorted."""
    graph = iri(str(graph_iri("ontology")))
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
    return b"\n".join(sorted(construct_ntriples(query).splitlines())) + b"\n"


def documentation() -> str:
    """The ontology's documentation page."""
    built = state().ontology_page
    if built:
        return built
    found = cached("ontology-html")
    if isinstance(found, str):
        return found
    made = ontodoc.page(Graph().parse(data=ontology_ntriples(), format="nt"))
    keep("ontology-html", made)
    return made


def _dressed() -> str:
    """The documentation page with one title and working links (ontology_dress), once."""
    found = cached("ontology-dressed")
    if isinstance(found, str):
        return found
    names = labels()
    ontology = BASE + "ontology"
    en = names.get(ontology, "en") or "Syria conflict knowledge graph ontology"
    ar = names.by_iri.get(ontology, {}).get("ar", "")
    heading = escape(en) + (f' <span class="title-ar" lang="ar" dir="rtl">{escape(ar)}</span>'
                            if ar else "")
    anchors = {label: resource[len(str(SKG)):]
               for resource, by_lang in names.by_iri.items() if resource.startswith(str(SKG))
               for label in by_lang.values()}
    made = dress(documentation(), en, heading, anchors)
    keep("ontology-dressed", made)
    return made


def page(lang: str) -> str:
    """The ontology's page as a page of this site: its header, styles and language switch."""
    head = ('<meta charset="utf-8"><meta name="viewport" content="width=device-width, '
            'initial-scale=1">'
            f'<link rel="stylesheet" href="{url_for("static", filename="style.css")}">'
            f'<link rel="stylesheet" href="{url_for("static", filename="pages/pages.css")}">')
    header = render_template("pages/_header.html", **page_context(lang))
    return with_site(_dressed(), head, header, lang)
