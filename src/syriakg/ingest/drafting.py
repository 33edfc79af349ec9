"""Detections become draft records in the curated format (docs/modelling.md, docs/ingest.md):
each with its exact quote, its explicit span, `status: draft` and the detector that proposed it
and why. Drafts may lack `en`: the review fills it."""

from __future__ import annotations

import csv
import re
from datetime import date
from typing import Any

from syriakg.ingest import figures as figures_detector
from syriakg.ingest import unbusiness
from syriakg.ingest.actors import Gazetteer
from syriakg.ingest.analyse import Analysis
from syriakg.ingest.claimant import Claimant
from syriakg.ingest.figures import Figure
from syriakg.settings import Settings

APPROXIMATION = {
    "exact": "skg:Exact", "more-than": "skg:MoreThan", "at-least": "skg:AtLeast",
    "about": "skg:Approximately", "less-than": "skg:LessThan", "tens": "skg:Tens",
    "dozens": "skg:Tens", "hundreds": "skg:Hundreds", "millions": "skg:Millions",
    "large-number": "skg:LargeNumber", "thousands": "skg:LargeNumber",
    "tens-of-thousands": "skg:LargeNumber", "hundreds-of-thousands": "skg:LargeNumber",
}
GROUPS = {
    "all": "skg:AllPersons", "civilians": "skg:Civilians", "children": "skg:Children",
    "women": "skg:Women", "fighters": "skg:Combatants",
}
OUTCOMES = {
    "killed": "skg:Killed", "injured": "skg:Injured", "killed-or-injured": "skg:KilledOrInjured"
}
TYPES = {
    "killed": "CasualtyCount", "injured": "CasualtyCount", "killed-or-injured": "CasualtyCount",
    "displaced": "DisplacementCount", "crossings": "CrossingCount",
}


def gazetteer_from(settings: Settings) -> Gazetteer:
    """The reference layer's actors and places, read from data/reference/."""
    tables = []
    for name in ("actors", "places"):
        path = settings.path(f"data/reference/{name}.csv")
        with path.open(encoding="utf-8", newline="") as fh:
            tables.append(list(csv.DictReader(fh)))
    return Gazetteer(tables[0], tables[1])


def records(
    analysis: Analysis, gazetteer: Gazetteer, published: date | None
) -> list[dict[str, Any]]:
    """Draft records for a document's figures and UN business, in text order."""
    text, lang = analysis.text, analysis.lang
    out: list[dict[str, Any]] = []
    ids = [f"fig-{f.start}-{f.end}" for f in analysis.figures]
    for f, key in zip(analysis.figures, ids, strict=True):
        out.append(_figure(text, lang, f, key, ids))
    for start, end, item in analysis.un:
        if item.kind == "veto":
            continue
        out.append(_un(text, start, end, item))
    return out


def _figure(text: str, lang: str, f: Figure, key: str, ids: list[str]) -> dict[str, Any]:
    quote = text[f.start : f.end]
    spec: dict[str, Any] = {"type": TYPES.get(f.outcome or "", "ReportedFigure")}
    if f.value is not None and f.qualifier in ("exact", "about"):
        spec["numericValue"] = int(f.value) if float(f.value).is_integer() else f.value
    elif f.value is not None and f.qualifier in ("more-than", "at-least"):
        spec["lowerBound"] = int(f.value) if float(f.value).is_integer() else f.value
    elif f.value is not None and f.qualifier == "less-than":
        spec["upperBound"] = int(f.value) if float(f.value).is_integer() else f.value
    else:
        if f.lower is not None:
            spec["lowerBound"] = round(f.lower, 3)
        if f.upper is not None:
            spec["upperBound"] = f.upper
    if f.qualifier in APPROXIMATION:
        spec["approximation"] = APPROXIMATION[f.qualifier]
    spec["quantityExpression"] = {lang: quote}
    if f.group in GROUPS:
        spec["populationGroup"] = GROUPS[f.group]
    elif f.group:
        spec["populationGroupProposed"] = f.group
    if f.outcome in OUTCOMES:
        spec["outcome"] = OUTCOMES[f.outcome]
    elif f.outcome:
        spec["outcomeProposed"] = f.outcome
    if f.part_of is not None:
        spec["breakdownOf"] = f"fig:{ids[f.part_of]}"
    if f.perpetrator:
        spec["attributedPerpetrator"] = f.perpetrator
    if f.period:
        spec["referencePeriod"] = {
            "temporalExpression": {lang: text[f.period[0] : f.period[1]]},
        }
    record: dict[str, Any] = {
        "id": key,
        "kind": "figure",
        "quote": quote,
        "span": [f.start, f.end],
        "status": "draft",
        "detector": {
            "name": figures_detector.NAME,
            "version": figures_detector.VERSION,
            "reason": "; ".join(f.reasons),
        },
    }
    claimant = f.claimant
    if isinstance(claimant, Claimant):
        if claimant.ref:
            record["claimant"] = claimant.ref
            record["attitude"] = "skg:Reports"
        else:
            record["claimantDescription"] = {lang: claimant.words}
            record["attitude"] = "skg:Reports"
            if not claimant.unnamed:
                record["proposed"] = {
                    "claimant": {"label": {lang: claimant.words}, "class": "Organisation"}
                }
    record["figure"] = spec
    return record


def _un(text: str, start: int, end: int, item: unbusiness.Item) -> dict[str, Any]:
    key = re.sub(r"[^a-z0-9]+", "-", f"un-{item.kind}-{start}-{end}".lower())
    spec: dict[str, Any] = {"type": "UNDocumentMention"}
    if item.kind == "symbol":
        spec["unDocumentSymbol"] = item.value
    else:
        spec["unDocumentSymbol"] = f"S/RES/{item.value}"
    return {
        "id": key,
        "kind": "event",
        "quote": text[start:end],
        "span": [start, end],
        "status": "draft",
        "detector": {"name": unbusiness.NAME, "version": unbusiness.VERSION,
                     "reason": f"{item.kind} {item.value}"},
        "event": spec,
    }
