"""/checks: the cross-check of documents' claims against the public records.

The page and ``syriakg check`` read the same rows (crosscheck.report.assessments); they are read
once at start-up, since the store never changes under a server.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template

from syriakg.crosscheck.report import assessments
from syriakg.namespaces import compact
from syriakg.store import QueryStore
from syriakg.web.i18n import choose_language, page_context
from syriakg.web.iris import href

bp = Blueprint("checks", __name__)
EXTENSION = "syriakg_checks"


def init_app(app: Flask, store: QueryStore) -> None:
    """Read the assessments now; a store without them simply has an empty table."""
    app.extensions[EXTENSION] = assessments(store)


def rows() -> list[dict[str, Any]]:
    return list(current_app.extensions.get(EXTENSION, []))


def for_claim(claim: str) -> list[dict[str, Any]]:
    """The assessments of one claim, for its page."""
    return [r for r in rows() if r["claim"] == claim]


@bp.route("/checks")
def page() -> str:
    """The table of verdicts, in Arabic or English."""
    lang = choose_language()
    return render_template(
        "checks/index.html", rows=rows(), compact=compact, href=href, **page_context(lang)
    )


@bp.route("/checks.json")
def as_json() -> Response:
    """The same rows as ``syriakg check --format json``."""
    return jsonify(rows())
