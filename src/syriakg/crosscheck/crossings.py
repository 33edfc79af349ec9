"""Check of a change in the number of crossings authorised for cross-border aid."""

from __future__ import annotations

from typing import Any

from syriakg.crosscheck import rules
from syriakg.crosscheck.model import Assessment, untestable
from syriakg.crosscheck.rules import Outcome, Verdict
from syriakg.crosscheck.sparql import DOCUMENT_CLAIM, RECORD_CLAIM, TIME_VALUE, Graph, local

CROSSING_COUNTS = f"""
SELECT ?claim ?value ?previous ?asOf ?part ?whenEn ?whenAr WHERE {{
  {DOCUMENT_CLAIM} ?claim skg:reportsFigure ?fig .
  ?fig a skg:CrossingCount .
  OPTIONAL {{ ?fig skg:numericValue ?value }}
  OPTIONAL {{ ?fig skg:previousValue ?previous }}
  OPTIONAL {{ ?fig skg:asOf ?t . ?t {TIME_VALUE} ?asOf .
             OPTIONAL {{ ?t skg:periodPart ?part }}
             OPTIONAL {{ ?t skg:temporalExpression ?whenEn FILTER (LANG(?whenEn) = "en") }}
             OPTIONAL {{ ?t skg:temporalExpression ?whenAr FILTER (LANG(?whenAr) = "ar") }} }}
}} ORDER BY ?claim"""

AUTHORISATIONS = f"""
SELECT ?record ?resolution ?date (COUNT(DISTINCT ?crossing) AS ?n)
       (GROUP_CONCAT(DISTINCT STR(?crossing); separator=" ") AS ?crossings) WHERE {{
  {RECORD_CLAIM} ?record skg:claimedEvent ?event .
  ?event skg:voteResult skg:Adopted ; skg:onDraft ?draft ; skg:timeSpan/time:inXSDDate ?date .
  ?resolution skg:adoptedFrom ?draft .
  ?authorisation skg:authorisedBy ?resolution ; skg:authorisesCrossing ?crossing .
}} GROUP BY ?record ?resolution ?date ORDER BY ?date"""

RULE = (
    "agrees iff a resolution adopted in the stated time changed the number of authorised "
    "crossings from the stated previous number to the stated number; partly agrees iff one of "
    "the two numbers matches; disagrees iff neither matches or no resolution was adopted then"
)


def crossing_counts(kg: Graph) -> list[Assessment]:
    """'The Council cut the crossings from 4 to 2 in early 2020': each resolution adopted in the
    stated time is compared, with the one before it, against the stated numbers."""
    auths = kg.select(AUTHORISATIONS)
    out = []
    for row in kg.select(CROSSING_COUNTS):
        if not auths or row["asOf"] is None or row["value"] is None:
            out.append(
                untestable(
                    row["claim"],
                    "no record of authorisations, or no stated time",
                    "No authorisation record or no stated time to compare.",
                    "لا يوجد سجل تفويض أو وقت مذكور للمقارنة.",
                )
            )
        else:
            out.append(_judge(kg, row, auths))
    return out


def _judge(kg: Graph, row: dict[str, Any], auths: list[dict[str, Any]]) -> Assessment:
    part = local(row["part"]) if row["part"] else None
    low, high = rules.period_part(rules.period(row["asOf"]), part)
    changes = []
    for before, auth in zip(auths, auths[1:], strict=False):
        if low <= auth["date"] <= high:
            same = [auth["n"] == row["value"], before["n"] == row["previous"]]
            changes.append((rules.RANK.index(rules.combine(same)), before, auth))
    stated_en = f"from {row['previous']} to {row['value']} in {row['whenEn'] or row['asOf']}"
    stated_ar = f"من {row['previous']} إلى {row['value']} في {row['whenAr'] or row['asOf']}"
    said_en = f"The document says the authorised crossings were cut {stated_en}"
    said_ar = f"تذكر الوثيقة أن عدد المعابر المأذون بها خُفِّض {stated_ar}"
    if not changes:
        return Assessment(
            row["claim"],
            Outcome(Verdict.DISAGREES, RULE),
            f"{said_en}; the records show no resolution adopted between {low} and {high}.",
            f"{said_ar}؛ ولا تُظهر السجلات أي قرار اعتُمد بين {low} و{high}.",
        )
    rank, before, auth = min(changes, key=lambda c: c[0])
    crossings = sorted(auth["crossings"].split())  # GROUP_CONCAT has no order of its own
    res_en, prev_en = kg.label(auth["resolution"], "en"), kg.label(before["resolution"], "en")
    res_ar, prev_ar = kg.label(auth["resolution"], "ar"), kg.label(before["resolution"], "ar")
    return Assessment(
        row["claim"],
        Outcome(rules.RANK[rank], RULE),
        f"{said_en}; in the records {res_en} of {auth['date']} authorised {auth['n']} "
        f"({kg.labels(crossings, 'en')}), after {before['n']} under {prev_en}.",
        f"{said_ar}؛ وفي السجلات أذن {res_ar} في {auth['date']} بـ{auth['n']} "
        f"({kg.labels(crossings, 'ar')}) بعد {before['n']} بموجب {prev_ar}.",
        (before["record"], auth["record"]),
        auth["n"],
    )
