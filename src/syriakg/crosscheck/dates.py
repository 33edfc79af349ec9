"""Checks of when an event happened: an intervention's start, an authorisation's date."""

from __future__ import annotations

from typing import Any

from syriakg.crosscheck import rules
from syriakg.crosscheck.model import Assessment, untestable
from syriakg.crosscheck.sparql import DOCUMENT_CLAIM, RECORD_CLAIM, TIME_VALUE, Graph

# Event classes whose date is checked, and what must match for a record to be the same event.
CLASSES = "skg:MilitaryIntervention skg:Authorisation"
PARTIES = ("performer", "authoriser", "authorisee")
PARTY_PROPERTIES = """
  OPTIONAL { ?event skg:performedBy ?performer }
  OPTIONAL { ?event skg:authoriser ?authoriser }
  OPTIONAL { ?event skg:authorisee ?authorisee }"""

# An event claim with a time span (an interval's beginning, or an instant), or a relation claim
# that gives the event's start date.
DOCUMENT_DATES = f"""
SELECT ?claim ?doc ?event ?cls ?stated ?part ?whenEn ?whenAr ?performer ?authoriser ?authorisee
WHERE {{
  {DOCUMENT_CLAIM}
  VALUES ?cls {{ {CLASSES} }}
  {{ ?claim skg:claimedEvent ?event . ?event a ?cls ; skg:timeSpan/time:hasBeginning? ?t .
     ?t {TIME_VALUE} ?stated .
     OPTIONAL {{ ?t skg:periodPart ?part }}
     OPTIONAL {{ ?t skg:temporalExpression ?whenEn FILTER (LANG(?whenEn) = "en") }}
     OPTIONAL {{ ?t skg:temporalExpression ?whenAr FILTER (LANG(?whenAr) = "ar") }} }}
  UNION
  {{ ?claim rdf:predicate skg:startDate ; rdf:subject ?event ; rdf:object ?stated .
     ?event a ?cls }}
  {PARTY_PROPERTIES}
}} ORDER BY ?claim"""

RECORD_DATES = f"""
SELECT DISTINCT ?record ?cls ?date ?performer ?authoriser ?authorisee WHERE {{
  {RECORD_CLAIM}
  VALUES ?cls {{ {CLASSES} }}
  # The event is claimed, or is the context of a claimed figure (a monitor's count "since the
  # intervention began").
  ?record skg:claimedEvent|skg:reportsFigure/skg:inContextOf ?event .
  ?event a ?cls ; skg:timeSpan/time:hasBeginning?/time:inXSDDate ?date .
  {PARTY_PROPERTIES}
}} ORDER BY ?date"""

PARTS_OF = "SELECT ?part ?whole WHERE { ?part org:subOrganizationOf ?whole }"


def event_dates(kg: Graph) -> list[Assessment]:
    """The stated time of an event is compared with the earliest date the records give for the
    same event: same class, and the same parties (an actor or a part of it, such as a state's
    armed forces)."""
    records = kg.select(RECORD_DATES)
    related = {(r["part"], r["whole"]) for r in kg.select(PARTS_OF)}
    out = []
    for row in kg.select(DOCUMENT_DATES):
        same = [r for r in records if r["cls"] == row["cls"] and _same_parties(row, r, related)]
        if not same:
            out.append(
                untestable(
                    row["claim"],
                    "a date can be tested only against a record of the same event",
                    f"No record dates this {kg.label(row['cls'], 'en')}.",
                    f"لا يوجد سجل يؤرّخ هذا الحدث ({kg.label(row['cls'], 'ar')}).",
                )
            )
            continue
        first = min(r["date"] for r in same)
        part = row["part"].rsplit("#", 1)[-1] if row["part"] else None
        outcome = rules.compare_date(str(row["stated"]), part, first)
        what_en, what_ar = kg.label(row["cls"], "en"), kg.label(row["cls"], "ar")
        when_en, when_ar = row["whenEn"] or row["stated"], row["whenAr"] or row["stated"]
        out.append(
            Assessment(
                row["claim"],
                outcome,
                f"The document dates the {what_en} '{when_en}'; the records date it {first}.",
                f"تؤرّخ الوثيقة الحدث ({what_ar}) بـ«{when_ar}»؛ وتؤرّخه السجلات بـ{first}.",
                tuple(sorted({r["record"] for r in same if r["date"] == first})),
                first,
            )
        )
    return out


def _same_parties(
    row: dict[str, Any], record: dict[str, Any], related: set[tuple[str, str]]
) -> bool:
    """Every party the document names matches the record's, up to part and whole."""
    for party in PARTIES:
        stated, recorded = row[party], record[party]
        if stated is None:
            continue
        if not (
            stated == recorded or (stated, recorded) in related or (recorded, stated) in related
        ):
            return False
    return True
