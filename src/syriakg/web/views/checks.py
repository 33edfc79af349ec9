"""/checks: the cross-check of documents' claims against the public records.

The page and ``syriakg check`` read the same rows (crosscheck.report.assessments); the app
factory reads them once at start-up into the worker's state, since the store never changes
under a server. The page counts the verdicts at the top (each count filters the table:
``?verdict=``), sorts by a column (``?sort=claim|verdict|source``), and shows each claim's
Arabic quote beside its English rendering, read in one query for the claims shown.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from syriakg.namespaces import compact
from syriakg.web.i18n import choose_language, page_context
from syriakg.web.iris import href
from syriakg.web.pages.lookup import select, values
from syriakg.web.state import state

bp = Blueprint("checks", __name__)

VERDICTS = ("Agrees", "PartlyAgrees", "Disagrees", "CannotBeTested")
_SORTS = {
    "claim": lambda r: r["claim"],
    "verdict": lambda r: (VERDICTS.index(r["verdict"]) if r["verdict"] in VERDICTS else 9,
                          r["claim"]),
    "source": lambda r: (r["source_en"], r["claim"]),
}
_QUOTES = """
PREFIX skg: <https://w3id.org/syria-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?claim ?quote WHERE {{
  VALUES ?claim {{ {claims} }}
  ?claim skg:hasEvidence ?span . ?span oa:hasSelector ?sel . ?sel oa:exact ?quote
}}
"""


def rows() -> list[dict[str, Any]]:
    return state().assessments


def _quotes(claims: list[str]) -> dict[str, str]:
    if not claims:
        return {}
    found: dict[str, str] = {}
    for row in select(_QUOTES.format(claims=values(sorted(set(claims))))):
        found.setdefault(row["claim"].value, row["quote"].value)
    return found


@bp.route("/checks")
def page() -> str:
    """The table of verdicts, in Arabic or English: counts, filter, sort, quotes."""
    lang = choose_language()
    everything = rows()
    counts = Counter(r["verdict"] for r in everything)
    verdict = request.args.get("verdict")
    verdict = verdict if verdict in VERDICTS else None
    sort = request.args.get("sort", "claim")
    sort = sort if sort in _SORTS else "claim"
    shown = sorted((r for r in everything if verdict is None or r["verdict"] == verdict),
                   key=_SORTS[sort])
    quotes = _quotes([r["claim"] for r in shown])

    def link(**changes: Any) -> str:
        args = {"verdict": verdict, "sort": sort if sort != "claim" else None, "lang":
                request.args.get("lang")} | changes
        return url_for("checks.page", **{k: v for k, v in args.items() if v})

    return render_template(
        "checks/index.html", rows=shown, quotes=quotes, total=len(everything),
        counts=[(v, counts[v], link(verdict=v)) for v in VERDICTS if counts[v]],
        all_url=link(verdict=None), verdict=verdict, sort=sort,
        sort_urls={name: link(sort=name) for name in _SORTS},
        compact=compact, href=href, **page_context(lang),
    )


@bp.route("/checks.json")
def as_json() -> Response:
    """The same rows as ``syriakg check --format json``."""
    return jsonify(rows())
