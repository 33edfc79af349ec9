"""Decisions written back to a real statements file: only the record decided changes, comments
and order stay, and what was written is what a new reader (a restarted app) sees."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from syriakg.review import yamlfile
from syriakg.review.decisions import DecisionError, ReviewFile

FILE = Path("data/statements/d0001.yaml")


def _changed(before: str, after: str) -> list[str]:
    """The lines removed (-) and added (+) between two versions of the file."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [d for d in diff if d[:1] in "+-" and d[:3] not in ("+++", "---")]


def test_accepting_a_draft_changes_only_its_record(project: Path) -> None:
    before = (project / FILE).read_text(encoding="utf-8")
    ReviewFile(project, "d0001").decide(
        "draft-figure-505", "accepted", "Rima", en="more than 20 thousand victims")
    after = (project / FILE).read_text(encoding="utf-8")
    changed = _changed(before, after)
    assert changed[0] == "-  status: draft"
    assert "+  en: more than 20 thousand victims" in changed
    assert "+  status: reviewed" in changed
    review = [c for c in changed if c.startswith("+  review:")]
    assert len(review) == 1 and "by: Rima" in review[0] and "decision: accepted" in review[0]
    assert len(changed) == 4
    # Every comment of the file is still there, in its place.
    comments = [line for line in before.splitlines() if line.startswith("#")]
    assert [line for line in after.splitlines() if line.startswith("#")] == comments
    # The comment before the next record still stands right above it.
    lines = after.splitlines()
    assert lines[lines.index("- id: draft-figure-766") - 1].startswith("# The detector read")


def test_a_restarted_reader_sees_the_decision(project: Path) -> None:
    ReviewFile(project, "d0001").decide("draft-event-611", "rejected", "Rima")
    items = {i.record["id"]: i for i in ReviewFile(project, "d0001").items()}
    rejected = items["draft-event-611"]
    assert rejected.status == "rejected"
    assert rejected.record["review"]["decision"] == "rejected"
    assert rejected.record["review"]["by"] == "Rima"
    # The detector that proposed it stays with it, so the same draft is known when proposed again.
    assert rejected.record["detector"]["version"] == "1"
    assert rejected.record["span"] == [611, 630]
    assert items["draft-figure-505"].status == "draft"
    assert items["intervention-civilian-casualties"].status == "reviewed"


def test_a_correction_replaces_the_content(project: Path) -> None:
    rf = ReviewFile(project, "d0001")
    rf.decide("draft-figure-766", "corrected", "Rima", en="tens of dead and wounded daily",
              content="type: CasualtyCount\napproximation: skg:Tens\nlowerBound: 10\n"
                      "upperBound: 99\noutcome: skg:KilledOrInjured\nratePer: P1D\n")
    record = yamlfile.read(project / FILE)["claims"][2]
    assert record["figure"]["ratePer"] == "P1D"
    assert "populationGroup" not in record["figure"]
    assert record["review"]["decision"] == "corrected"
    assert list(record)[:6] == ["id", "kind", "quote", "span", "en", "status"]


def test_adding_a_claim_from_a_selection(project: Path) -> None:
    rf = ReviewFile(project, "d0001")
    rf.add(522, 539, "figure", "type: CasualtyCount\napproximation: skg:Half\n"
           "populationGroup: skg:Civilians\n", "half of them civilians", "Rima")
    record = yamlfile.read(project / FILE)["claims"][-1]
    assert record["quote"] == "نصفهم من المدنيين" == rf.text[522:539]
    assert record["span"] == [522, 539]
    assert record["status"] == "reviewed" and record["review"]["decision"] == "added"
    assert record["id"] == "figure-522-539"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda rf: rf.decide("draft-figure-505", "accepted", "Rima"), "English rendering"),
        (lambda rf: rf.decide("nope", "accepted", "Rima", en="x"), "no record 'nope'"),
        (lambda rf: rf.decide("draft-figure-505", "maybe", "Rima"), "decision must be"),
        (lambda rf: rf.decide("draft-figure-505", "accepted", " ", en="x"), "--reviewer"),
        (lambda rf: rf.decide("draft-figure-505", "corrected", "Rima", en="x",
                              content="type: [unclosed"), "not valid YAML"),
        (lambda rf: rf.decide("draft-figure-505", "corrected", "Rima", en="x",
                              content="lowerBound: 3"), "needs `type:`"),
        (lambda rf: rf.add(5, 3, "figure", "type: X", "x", "Rima"), "not inside the text"),
        (lambda rf: rf.add(521, 539, "figure", "type: X", "x", "Rima"), "starts or ends with"),
        (lambda rf: rf.add(522, 539, "opinion", "type: X", "x", "Rima"), "kind must be"),
        (lambda rf: rf.add(522, 539, "figure", "type: X", "x", "Rima", "draft-event-611"),
         "in use"),
    ],
)
def test_a_refused_decision_writes_nothing(project: Path, call: object, message: str) -> None:
    before = (project / FILE).read_bytes()
    with pytest.raises(DecisionError, match=message):
        call(ReviewFile(project, "d0001"))  # type: ignore[operator]
    assert (project / FILE).read_bytes() == before


def test_a_correction_keeps_the_comment_before_the_next_record(project: Path) -> None:
    before = (project / FILE).read_text(encoding="utf-8")
    ReviewFile(project, "d0001").decide(
        "draft-figure-505", "corrected", "Rima", en="more than 20 thousand victims",
        content="type: CasualtyCount\nlowerBound: 20000\napproximation: skg:MoreThan\n")
    after = (project / FILE).read_text(encoding="utf-8")
    lines = after.splitlines()
    at = lines.index("- id: draft-figure-766")
    assert lines[at - 1].startswith("# The detector read") and lines[at - 2] == ""
    assert [x for x in after.splitlines() if x.startswith("#")] == [
        x for x in before.splitlines() if x.startswith("#")]
