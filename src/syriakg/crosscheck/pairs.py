"""Every source against every other: counts of the same quantity from two source documents.

Two points of series.py are paired when they measure the same quantity (class, outcome,
population group, perpetrator, and a period starting the same day) in different documents, and
either come from the same claimant (then the later report over a longer period is a
**revision** of the earlier: neither agrees nor disagrees) or end at most
``crosscheck_end_days`` apart (then they **agree** if some count satisfies both, each read with
its qualifier, an exact count within ``crosscheck_count_share``; else they **disagree**).
Each pair is one skg:FigureComparison in graph/assessments: it assesses the later figure, with
the earlier as its evidence (docs/crosscheck.md).
"""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations

from rdflib import URIRef

from syriakg.crosscheck.model import Assessment
from syriakg.crosscheck.rules import Outcome, Verdict, plain
from syriakg.crosscheck.series import Point, interval, overlap, points
from syriakg.crosscheck.sparql import Graph, local
from syriakg.namespaces import mint


class Comparison(Assessment):
    """An assessment of one figure against another source's figure for the same quantity."""

    classes = ("FigureComparison",)

    @property
    def iri(self) -> URIRef:
        return mint("assessment", f"{local(self.claim)}-vs-{local(self.evidence[0])}")


def compare(kg: Graph, end_days: int, count_share: Decimal) -> list[Assessment]:
    """Every pair of figures of two source documents that measure the same quantity."""
    out: list[Assessment] = []
    for a, b in combinations(points(kg), 2):
        if a.quantity != b.quantity or a.doc == b.doc:
            continue
        early, late = sorted((a, b), key=lambda p: (p.end, p.published or "", p.claim))
        found = _verdict(early, late, end_days, count_share)
        if found is not None:
            out.append(_explained(kg, early, late, found))
    return out


def _verdict(early: Point, late: Point, end_days: int, share: Decimal) -> Outcome | None:
    if early.claimant == late.claimant and late.end > early.end:
        return Outcome(Verdict.REVISION, "a later report by the same claimant over a longer "
                       "period (same start, later end) revises the earlier one")
    if (late.end - early.end).days > end_days:
        return None
    first, second = interval(early, share), interval(late, share)
    if first is None or second is None:
        return None
    rule = (f"two figures of the same quantity whose periods end at most {end_days} days apart "
            f"agree iff some count satisfies both (an exact count within ±{plain(share * 100)}%)")
    return Outcome(Verdict.AGREES if overlap(first, second) else Verdict.DISAGREES, rule)


def _said(kg: Graph, p: Point, lang: str) -> str:
    number = plain(p.number) if p.number is not None else "?"
    qualifier = {"MoreThan": ("more than ", "أكثر من "), "AtLeast": ("at least ", "ما لا يقل عن "),
                 "Approximately": ("about ", "نحو "), "LessThan": ("less than ", "أقل من "),
                 "AtMost": ("at most ", "ما لا يزيد على ")}.get(p.qualifier, ("", ""))
    words = qualifier[0 if lang == "en" else 1]
    if lang == "en":
        return (f"{kg.label(p.claimant, 'en')} gives {words}{number} from {p.begin} to {p.end}"
                + ("" if p.end_stated else " (the document's date)"))
    return (f"يعطي {kg.label(p.claimant, 'ar')} {words}{number} من {p.begin} حتى {p.end}"
            + ("" if p.end_stated else " (تاريخ الوثيقة)"))


def _explained(kg: Graph, early: Point, late: Point, outcome: Outcome) -> Assessment:
    cls, outcome_iri, group, perp, _ = late.quantity
    what_en = ", ".join(kg.label(i, "en") for i in (cls, outcome_iri, group, perp) if i)
    what_ar = "، ".join(kg.label(i, "ar") for i in (cls, outcome_iri, group, perp) if i)
    verdict_en = {Verdict.REVISION: "a revision", Verdict.AGREES: "they agree",
                  Verdict.DISAGREES: "they disagree"}[outcome.verdict]
    verdict_ar = {Verdict.REVISION: "تحديث للرقم", Verdict.AGREES: "يتوافقان",
                  Verdict.DISAGREES: "لا يتوافقان"}[outcome.verdict]
    return Comparison(
        late.claim,
        outcome,
        f"{what_en}: {_said(kg, late, 'en')}; {_said(kg, early, 'en')}: {verdict_en}.",
        f"{what_ar}: {_said(kg, late, 'ar')}؛ و{_said(kg, early, 'ar')}: {verdict_ar}.",
        (early.claim,),
        early.number,
    )
