"""The human entry point: ``/`` (what the dataset is, its licence, sources, sizes, and the query
editor with the example gallery) and ``/queries.json`` (the gallery for scripts and the page).

Everything shown here was read from the store once at start-up (see web.state), so the page
runs no query at all.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, url_for

from syriakg.namespaces import PREFIXES
from syriakg.web import description
from syriakg.web.state import state
from syriakg.web.views.gallery import group_title, load_examples

bp = Blueprint("pages", __name__)

# The prefixes most queries need, declared in the editor's first query; the server also accepts
# every prefix of namespaces.PREFIXES undeclared.
EDITOR_PREFIXES = ("skg", "rdfs", "dcterms", "schema", "prov", "oa", "actor", "claim", "doc")


def _examples() -> list[dict[str, str]]:
    settings = state().settings
    root = settings.root
    return [e.as_json() for e in load_examples(root / "queries", root)]


def _grouped(examples: list[dict[str, str]]) -> list[tuple[str, list[dict[str, str]]]]:
    """Examples by folder, in the gallery's order (competency questions first)."""
    groups: dict[str, list[dict[str, str]]] = {}
    for example in examples:
        groups.setdefault(example["group"], []).append(example)
    return [(group_title(group), items) for group, items in groups.items()]


def _starter_query() -> str:
    lines = [f"PREFIX {p}: <{PREFIXES[p]}>" for p in EDITOR_PREFIXES if p in PREFIXES]
    return "\n".join(lines) + (
        "\n\n# Things and their labels, in Arabic and English\n"
        "SELECT ?thing ?label WHERE {\n"
        "  ?thing rdfs:label ?label .\n"
        "}\nLIMIT 50\n"
    )


@bp.route("/")
def index() -> str:
    """The dataset, its licence, sources and size, and the SPARQL editor."""
    st = state()
    vendor = current_app.static_folder or ""
    examples = _examples()
    return render_template(
        "index.html",
        title=description.TITLE,
        title_ar=description.TITLE_AR,
        description=description.DESCRIPTION,
        licence_iri=description.LICENCE_IRI,
        licence_name=description.LICENCE_NAME,
        default_graph_rule=description.DEFAULT_GRAPH_RULE,
        limits=st.limits,
        sizes=st.sizes,
        total=sum(st.sizes.values()),
        sources=st.sources,
        examples=examples,
        groups=_grouped(examples),
        prefixes=PREFIXES,
        starter_query=_starter_query(),
        endpoint=url_for("sparql.endpoint", _external=True),
        has_vendor=st.has_vendor(vendor),
    )


@bp.route("/queries.json")
def queries() -> Response:
    """The example gallery as JSON: id, title, description, query, file."""
    return jsonify(_examples())
