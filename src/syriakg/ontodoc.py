"""The ontology's human documentation: pyLODE's page, with an anchor for every term.

pyLODE (pinned to 3.3.4: the newest release that runs on Python 3.11 with rdflib 7) takes
seconds, so the build makes the page once (pipeline.persist keeps it with the store) and the
server only reads it. Term IRIs are ``…/ontology#Term``; browsers never send the fragment, so the
page itself must carry an anchor named after every local name. pyLODE names its anchors after
labels (``#actor`` may be sem:Actor), so an ``id`` equal to the local name is added to the
section of each of our terms.
"""

from __future__ import annotations

import html
import logging
import re

from rdflib import RDFS, SKOS, Graph, URIRef

from syriakg.namespaces import SKG

PAGE_FILE = "ontology.html"  # the page's name beside the store the build writes


_SECTION = re.compile(r'<div class="property[^"]*" id="([^"]+)">(.*?)<code>([^<]+)</code>', re.S)
# A fragment a browser already has when it lands: jump to the section once the page is loaded,
# for terms pyLODE shows under a different id than their local name.
# Every page states its licence and names its machine-readable twins (pyLODE's page has neither).
_TWINS = ("turtle", "jsonld", "ntriples", "rdfxml")
_FOOTER = (
    '<footer style="margin:2rem 0;padding:1rem;border-top:1px solid #ccc">Data licensed under '
    '<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>. '
    "The ontology as data: " + " · ".join(f'<a href="?format={n}">{n}</a>' for n in _TWINS)
    + "</footer>"
)
_HEAD = "".join(f'<link rel="alternate" href="?format={n}" type="{t}">' for n, t in (
    ("turtle", "text/turtle"), ("jsonld", "application/ld+json"),
    ("ntriples", "application/n-triples"), ("rdfxml", "application/rdf+xml")))
_SCRIPT = """<script>
(function () {
  var id = decodeURIComponent(location.hash.slice(1));
  if (id && document.getElementById(id)) { document.getElementById(id).scrollIntoView(); }
})();
</script>"""


def _texts(graph: Graph, term: URIRef, prop: URIRef) -> list[tuple[str, str]]:
    return sorted((str(o), getattr(o, "language", None) or "") for o in graph.objects(term, prop))


def other_terms(graph: Graph, missing: list[str], namespace: str) -> str:
    """A section for our terms pyLODE leaves out (SKOS concepts and schemes), with anchors."""
    rows = []
    for local in sorted(missing):
        term = URIRef(namespace + local)
        labels = _texts(graph, term, SKOS.prefLabel) or _texts(graph, term, RDFS.label)
        definitions = _texts(graph, term, SKOS.definition)
        schemes = sorted(str(o)[len(namespace):] for o in graph.objects(term, SKOS.inScheme))
        cells = "".join(
            f'<p lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">{html.escape(text)}</p>'
            for text, lang in labels + definitions
        )
        scheme = " ".join(f'<a href="#{s}">{html.escape(s)}</a>' for s in schemes)
        rows.append(f'<div class="property entity" id="{local}"><h3>{html.escape(local)}</h3>'
                    f"<table><tr><th>IRI</th><td><code>{html.escape(str(term))}</code></td></tr>"
                    f"<tr><th>Scheme</th><td>{scheme}</td></tr>"
                    f"<tr><th>Label, definition</th><td>{cells}</td></tr></table></div>")
    return ('<div class="section" id="concepts"><h2>Concepts and concept schemes</h2>'
            + "".join(rows) + "</div>") if rows else ""


def add_term_anchors(page: str, graph: Graph | None = None, namespace: str = str(SKG)) -> str:
    """Give each of our terms' sections an anchor named after its local name; document the
    terms pyLODE leaves out (from ``graph``) in an extra section."""
    taken = set(re.findall(r'id="([^"]+)"', page))
    inserts: list[tuple[int, str]] = []
    for match in _SECTION.finditer(page):
        term = html.unescape(match.group(3)).strip()
        if not term.startswith(namespace):
            continue
        local = term[len(namespace):]
        if local and local not in taken and re.fullmatch(r"[A-Za-z][\w-]*", local):
            taken.add(local)
            inserts.append((match.end(1) + 2, f'<a id="{local}"></a>'))
    for position, anchor in reversed(inserts):
        page = page[:position] + anchor + page[position:]
    extra = ""
    if graph is not None:
        ours = {str(s)[len(namespace):] for s in graph.subjects() if str(s).startswith(namespace)}
        extra = other_terms(graph, [t for t in ours if t and t not in taken], namespace)
    page = page.replace("</head>", _HEAD + "</head>", 1)
    return page.replace("</body>", extra + _FOOTER + _SCRIPT + "</body>", 1)


def page(ontology: Graph) -> str:
    """The documentation page of ``ontology`` (pyLODE's, anchors and concepts added)."""
    # pyLODE adds to the graph it is given, and configures the root logger when it loads:
    # it gets a copy, and the logging it found is put back.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub  # imported late: it loads background ontologies at import

        made = OntPub(ontology=Graph() + ontology).make_html()
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return add_term_anchors(made, ontology)
