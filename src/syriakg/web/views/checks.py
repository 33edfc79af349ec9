"""/checks: the cross-check of documents' claims against the public records.

The page and ``syriakg check`` read the same rows (crosscheck.report.assessments); the app
factory reads them once at start-up into the worker's state, since the store never changes
under a server.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template

from syriakg.namespaces import compact
from syriakg.web.i18n import choose_language, page_context
from syriakg.web.iris import href
from syriakg.web.state import state

bp = Blueprint("checks", __name__)


def rows() -> list[dict[str, Any]]:
    return state().assessments


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
