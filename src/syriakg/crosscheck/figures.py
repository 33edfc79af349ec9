"""Checks of reported figures (tolls, territorial control) against a record's figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from syriakg.crosscheck import rules
from syriakg.crosscheck.model import Assessment, untestable
from syriakg.crosscheck.rules import Outcome
from syriakg.crosscheck.sparql import DOCUMENT_CLAIM, RECORD_CLAIM, Graph, local

# Figures of these classes are checked; what must match between a document's figure and a
# record's figure for them to measure the same thing.
CLASSES = "skg:CasualtyCount skg:TerritorialControlShare"
DIMENSIONS = ("cls", "group", "outcome", "controller")

DOCUMENT_FIGURES = f"""
SELECT ?claim ?doc ?cls ?value ?lower ?upper ?qualifier ?proportion ?group ?outcome ?controller
       ?wholeGroup ?qtyEn ?qtyAr WHERE {{
  {DOCUMENT_CLAIM} ?claim skg:reportsFigure ?fig .
  VALUES ?cls {{ {CLASSES} }}
  ?fig a ?cls ; skg:approximation ?qualifier .
  OPTIONAL {{ ?fig skg:numericValue ?value }}
  OPTIONAL {{ ?fig skg:lowerBound ?lower }}
  OPTIONAL {{ ?fig skg:upperBound ?upper }}
  OPTIONAL {{ ?fig skg:populationGroup ?group }}
  OPTIONAL {{ ?fig skg:outcome ?outcome }}
  OPTIONAL {{ ?fig skg:controller ?controller }}
  OPTIONAL {{ ?fig skg:breakdownOf/skg:populationGroup ?wholeGroup }}
  OPTIONAL {{ ?fig skg:quantityExpression ?qtyEn FILTER (LANG(?qtyEn) = "en") }}
  OPTIONAL {{ ?fig skg:quantityExpression ?qtyAr FILTER (LANG(?qtyAr) = "ar") }}
  BIND (EXISTS {{ ?qualifier a skg:ProportionQualifier }} AS ?proportion)
}} ORDER BY ?claim"""

RECORD_FIGURES = f"""
SELECT ?record ?rdoc ?cls ?value ?group ?outcome ?controller ?end ?source WHERE {{
  {RECORD_CLAIM} ?record skg:reportsFigure ?fig .
  VALUES ?cls {{ {CLASSES} }}
  ?fig a ?cls ; skg:numericValue ?value .
  OPTIONAL {{ ?fig skg:populationGroup ?group }}
  OPTIONAL {{ ?fig skg:outcome ?outcome }}
  OPTIONAL {{ ?fig skg:controller ?controller }}
  OPTIONAL {{ ?fig skg:referencePeriod/time:hasEnd/time:inXSDDate ?periodEnd }}
  OPTIONAL {{ ?fig skg:asOf/time:inXSDDate ?asOf }}
  OPTIONAL {{ ?record skg:claimant ?claimant }}
  BIND (COALESCE(?periodEnd, ?asOf) AS ?end)
  BIND (COALESCE(?claimant, ?rdoc) AS ?source)
}}"""


def figures(kg: Graph) -> list[Assessment]:
    """A stated number is compared with the record that measures the same thing (same class,
    population group, outcome and controller), counted up to the document's date (the latest
    such record); a proportion ('most', 'half') with the share the record's breakdown gives."""
    records = kg.select(RECORD_FIGURES)
    out = []
    for row in kg.select(DOCUMENT_FIGURES):
        published = kg.published(row["doc"])
        until = rules.as_of(published) if published else date.max
        if row["proportion"]:
            out.append(_share(kg, row, records, until))
        else:
            out.append(_number(kg, row, records, until))
    return out


def _number(
    kg: Graph, row: dict[str, Any], records: list[dict[str, Any]], until: date
) -> Assessment:
    record = _latest([r for r in records if _same(row, r)], until)
    if record is None:
        return _no_record(kg, row)
    qualifier = local(row["qualifier"])
    # "More than 20 thousand" is compared through its bound: a bound is never stored as a value.
    stated = rules.stated_number(qualifier, row["value"], row["lower"], row["upper"])
    outcome = (
        rules.compare_count(qualifier, stated, record["value"])
        if stated is not None
        else Outcome(rules.Verdict.CANNOT_BE_TESTED, f"no rule compares '{qualifier}' with a count")
    )
    what_en, what_ar = _what(kg, row)
    source_en, source_ar = kg.label(record["source"], "en"), kg.label(record["source"], "ar")
    value = rules.plain(record["value"])
    return Assessment(
        row["claim"],
        outcome,
        f"The document gives '{row['qtyEn'] or stated}' for {what_en}; {source_en} records "
        f"{value} up to {record['end']}.",
        f"تذكر الوثيقة «{row['qtyAr'] or stated}» بشأن {what_ar}؛ ويسجّل {source_ar} {value} "
        f"حتى {record['end']}.",
        (record["record"],),
        record["value"],
    )


def _share(
    kg: Graph, row: dict[str, Any], records: list[dict[str, Any]], until: date
) -> Assessment:
    """A share is taken within one record document: its figure for the group over its figure
    for the whole the document's proportion refers to."""
    whole_row = {**row, "group": row["wholeGroup"]}
    parts = [r for r in records if _same(row, r)]
    wholes = {r["rdoc"]: r for r in records if _same(whole_row, r)}
    part = _latest([p for p in parts if p["rdoc"] in wholes], until)
    if part is None or not wholes[part["rdoc"]]["value"]:
        return _no_record(kg, row)
    whole = wholes[part["rdoc"]]
    share = Decimal(part["value"]) / Decimal(whole["value"])
    outcome = rules.compare_share(local(row["qualifier"]), share)
    percent = (share * 100).quantize(Decimal("0.1"))
    group_en, group_ar = kg.label(row["group"], "en"), kg.label(row["group"], "ar")
    source_en, source_ar = kg.label(part["source"], "en"), kg.label(part["source"], "ar")
    counted, total, end = rules.plain(part["value"]), rules.plain(whole["value"]), part["end"]
    return Assessment(
        row["claim"],
        outcome,
        f"The document says '{row['qtyEn']}' were {group_en}; {source_en} records {counted} "
        f"{group_en} of {total} ({percent}%) up to {end}.",
        f"تذكر الوثيقة أن «{row['qtyAr']}» من فئة «{group_ar}»؛ ويسجّل {source_ar} {counted} "
        f"من أصل {total} ({percent}%) حتى {end}.",
        (part["record"], whole["record"]),
        share.quantize(Decimal("0.0001")),
    )


def _no_record(kg: Graph, row: dict[str, Any]) -> Assessment:
    what_en, what_ar = _what(kg, row)
    return untestable(
        row["claim"],
        "a figure can be tested only against a record of the same measure",
        f"No record in the graph gives a comparable figure for {what_en}; the document's "
        f"'{row['qtyEn'] or _number_of(row)}' cannot be tested.",
        f"لا يوجد في الرسم البياني المعرفي سجل يعطي رقماً مماثلاً بشأن {what_ar}؛ فلا يمكن التحقق "
        f"من «{row['qtyAr'] or _number_of(row)}» الواردة في الوثيقة.",
    )


def _number_of(row: dict[str, Any]) -> str:
    """The number a figure gives, as text: its value or, for a bound, the bound."""
    qualifier = local(row["qualifier"])
    stated = rules.stated_number(qualifier, row["value"], row["lower"], row["upper"])
    return rules.plain(stated) if stated is not None else "no number"


def _same(row: dict[str, Any], record: dict[str, Any]) -> bool:
    return all(row[d] == record[d] for d in DIMENSIONS)


def _latest(records: list[dict[str, Any]], until: date) -> dict[str, Any] | None:
    dated = [r for r in records if r["end"] is None or r["end"] <= until]
    return max(dated, key=lambda r: r["end"] or date.min, default=None)


def _what(kg: Graph, row: dict[str, Any]) -> tuple[str, str]:
    """'casualty count: civilians, killed' in both languages."""
    dims = [row[d] for d in DIMENSIONS[1:] if row[d]]
    return (
        f"{kg.label(row['cls'], 'en')} ({kg.labels(dims, 'en')})",
        f"{kg.label(row['cls'], 'ar')} ({kg.labels(dims, 'ar', '، ')})",
    )
