"""What one web worker holds: its settings, its query executor, and facts read at start-up.

The store is read-only, so its graph sizes and source list are read once, before the query
process is forked, and the pages serve them from memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app

from syriakg.crosscheck.report import assessments
from syriakg.crosscheck.timeline import timeline
from syriakg.settings import Settings
from syriakg.store import QueryStore
from syriakg.store.textindex import Index
from syriakg.web.description import Limits
from syriakg.web.jobs import Executor

EXTENSION = "syriakg"
VENDOR_FILES = ("vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css")

@dataclass
class WebState:
    """Per-worker state, kept in ``app.extensions["syriakg"]``."""

    settings: Settings
    executor: Executor
    limits: Limits
    # Whether query processes run without a network of their own (web.sparql.sandbox); where
    # they cannot, the guard parses every query in full.
    sealed: bool = True
    sizes: dict[str, int] = field(default_factory=dict)
    sources: list[dict[str, str]] = field(default_factory=list)
    # The cross-check's verdicts (crosscheck.report), read once: /checks and claim pages.
    assessments: list[dict[str, Any]] = field(default_factory=list)
    # Every figure's evolution by claimant (crosscheck.timeline), read once: /timeline.
    timeline: list[dict[str, Any]] = field(default_factory=list)
    # The ontology's documentation page the build kept beside the store (web.pages.ontology_docs).
    ontology_page: str = ""
    # The store's full-text index (syriakg.store.textindex): /search and the 404 pages.
    search_index: Index | None = None

    def assessments_of(self, claim: str) -> list[dict[str, Any]]:
        """The verdicts on one claim, for its page."""
        return [row for row in self.assessments if row["claim"] == claim]

    def has_vendor(self, static_folder: str) -> bool:
        """Whether ``make static`` has copied YASGUI into the static folder."""
        return all((Path(static_folder) / f).is_file() for f in VENDOR_FILES)


def read_assessments(store: QueryStore) -> list[dict[str, Any]]:
    """The cross-check's verdicts; a store without them simply has none."""
    return assessments(store)


def read_timeline(store: QueryStore) -> list[dict[str, Any]]:
    """The figures by quantity and claimant over time; a store without figures has none."""
    return timeline(store)


def state() -> WebState:
    """The state of the current app."""
    current: WebState = current_app.extensions[EXTENSION]
    return current
