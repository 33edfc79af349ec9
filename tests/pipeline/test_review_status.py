"""Only reviewed records are published; an explicit span quotes a phrase the text repeats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from syriakg import pipeline
from syriakg.errors import QuoteError, SourceError
from syriakg.ingest import Metadata, ingest
from syriakg.settings import Settings
from syriakg.store import open_store

STATEMENTS = "data/statements/d0001.yaml"
# "التدخل الروسي" occurs five times in the article; the third is at characters 1121–1134.
REPEATED = """
- id: intervention-again
  kind: event
  quote: التدخل الروسي
  span: [1121, 1134]
  en: the Russian intervention
  status: reviewed
  detector: {name: events, version: "1", reason: "noun phrase التدخل + actor الروسي"}
  review: {by: Test Reviewer, at: "2026-12-08T01:00:00+00:00", decision: accepted}
  event:
    type: MilitaryIntervention
    performedBy: actor:russian-armed-forces
    place: place:syria
"""
DRAFT = """
- id: drafted-toll
  kind: figure
  quote: 20 ألف
  span: [510, 516]
  status: draft
  detector: {name: figures, version: "1", reason: "digits + ألف"}
  figure:
    type: CasualtyCount
    numericValue: 20000
"""
REJECTED = DRAFT.replace("drafted-toll", "rejected-toll").replace("draft\n", "rejected\n")

CLAIMS = """
PREFIX skg: <https://w3id.org/syria-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?claim ?start ?agent ?by WHERE {
  GRAPH ?g { ?claim skg:statedIn ?doc ; skg:hasEvidence/oa:hasSelector ?p .
             ?p oa:start ?start .
             OPTIONAL { ?claim skg:proposedBy ?agent } OPTIONAL { ?claim skg:reviewedBy ?by } }
}"""


def append(settings: Settings, text: str) -> None:
    path = settings.path(STATEMENTS)
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def line_of(settings: Settings, needle: str) -> int:
    lines = settings.path(STATEMENTS).read_text(encoding="utf-8").splitlines()
    return max(i for i, line in enumerate(lines, 1) if needle in line)


def test_drafts_never_reach_the_store_and_a_span_quotes_a_repeated_phrase(
    project_copy: Callable[[], Settings], tmp_path: Path
) -> None:
    settings = project_copy()
    append(settings, REPEATED + DRAFT + REJECTED)
    # A second document, ingested: drafts only, so it waits for its review.
    received = tmp_path / "toll.txt"
    received.write_text("وثق المرصد مقتل 42 مدنيا بينهم 17 طفلا.", encoding="utf-8")
    assert ingest(settings, received, "ar", Metadata()).drafted == 2
    report = pipeline.run(settings, echo=lambda _: None)
    store = open_store(settings.store_path)
    rows = {
        str(r["claim"].value).rsplit("/", 1)[1]: r for r in store.query(CLAIMS)  # type: ignore[union-attr]
    }
    assert "d0001-intervention-again" in rows
    again = rows["d0001-intervention-again"]
    assert again["start"].value == "1121"
    assert again["agent"].value.endswith("/agent/detector-events-1")
    assert again["by"].value == "Test Reviewer"
    assert not any("drafted" in key or "rejected" in key for key in rows)
    dump = "\n".join(str(q) for q in store)
    assert "drafted-toll" not in dump and "rejected-toll" not in dump
    assert "https://w3id.org/syria-kg/graph/d0001" in report.graph_sizes
    assert not any(name.endswith("/d0002") for name in report.graph_sizes)


def test_a_span_that_is_not_the_quote_names_file_line_and_record(
    project_copy: Callable[[], Settings],
) -> None:
    settings = project_copy()
    append(settings, REPEATED.replace("[1121, 1134]", "[1120, 1133]"))
    with pytest.raises(QuoteError) as err:
        pipeline.run(settings, echo=lambda _: None)
    assert err.value.path.name == "d0001.yaml"
    assert err.value.line == line_of(settings, "span: [1120, 1133]")
    message = str(err.value)
    assert "'intervention-again'" in message and "[1121, 1134]" in message


def test_a_span_outside_the_text_is_refused(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    append(settings, REPEATED.replace("[1121, 1134]", "[1121, 99999]"))
    with pytest.raises(QuoteError, match="outside the text"):
        pipeline.run(settings, echo=lambda _: None)


def test_an_unknown_status_is_refused(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    append(settings, DRAFT.replace("status: draft", "status: approved"))
    with pytest.raises(SourceError, match="status must be one of draft, reviewed, rejected") as err:
        pipeline.run(settings, echo=lambda _: None)
    assert err.value.line == line_of(settings, "status: approved")
