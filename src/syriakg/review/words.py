"""A claim's structured content in words, and an English rendering proposed from it.

No translation model is available, so the review page proposes an English rendering built from
the content alone (number, qualifier, group, outcome, perpetrator, place, period); the reviewer
corrects it to keep the source's wording. Actors and places are named by their English labels
in data/reference/; ontology terms by their local names in words ("skg:MoreThan" -> "more than").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# How a qualifier reads before its number.
QUALIFIERS = {
    "MoreThan": "more than",
    "AtLeast": "at least",
    "LessThan": "less than",
    "AtMost": "at most",
    "Approximately": "about",
    "Exact": "",
    "Tens": "tens of",
    "Hundreds": "hundreds of",
    "Millions": "millions of",
    "LargeNumber": "a large number of",
}
OUTCOMES = {"KilledOrInjured": "killed or injured", "Displaced": "displaced"}
# Keys shown first, in this order; the rest follow as they come.
ORDER = ("type", "approximation", "numericValue", "lowerBound", "upperBound", "quantityExpression",
         "populationGroup", "outcome", "attributedPerpetrator", "area", "referencePeriod", "asOf")


def labels(root: Path) -> dict[str, str]:
    """English labels of the reference layer: ``{"actor:russia": "Russia", "place:idlib": …}``."""
    out: dict[str, str] = {}
    for table, prefix in (("actors", "actor"), ("places", "place")):
        path = root / "data" / "reference" / f"{table}.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("key") and row.get("label_en"):
                    out[f"{prefix}:{row['key']}"] = row["label_en"]
    return out


def term_words(value: Any, names: Mapping[str, str]) -> str:
    """A reference or term in words: a label, or a CamelCase local name split into words."""
    text = str(value)
    if text in names:
        return names[text]
    local = text.split(":", 1)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower().replace("-", " ")


def value_words(value: Any, names: Mapping[str, str]) -> str:
    """Any content value in words: a text in two languages by its English, a time by its
    expression or date, a list joined, a nested node by its own words."""
    if isinstance(value, Mapping):
        if "en" in value or "ar" in value:
            return str(value.get("en") or value.get("ar"))
        if "temporalExpression" in value:
            return value_words(value["temporalExpression"], names)
        for key in ("date", "yearMonth", "year"):
            if key in value:
                return str(value[key])
        if "begin" in value or "end" in value:
            parts = [f"from {value_words(value['begin'], names)}" if "begin" in value else "",
                     f"until {value_words(value['end'], names)}" if "end" in value else ""]
            return " ".join(p for p in parts if p)
        if "label" in value:
            return value_words(value["label"], names)
        return "; ".join(f"{term_words(k, names)}: {value_words(v, names)}"
                         for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(value_words(v, names) for v in value)
    if isinstance(value, str) and re.match(r"^[a-z]+:", value):
        return term_words(value, names)
    return str(value)


def content_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """The structured content of a claim record: its figure or event mapping, or a relation's
    subject, predicate, object and qualifiers."""
    kind = record.get("kind")
    if kind in ("figure", "event") and isinstance(record.get(kind), Mapping):
        return dict(record[kind])
    return {k: record[k] for k in ("subject", "predicate", "object", "qualifiers") if k in record}


def described(record: Mapping[str, Any], names: Mapping[str, str]) -> list[tuple[str, str]]:
    """The content as (what, words) lines, for the review page."""
    content = content_of(record)
    keys = [k for k in ORDER if k in content] + [k for k in content if k not in ORDER]
    lines = [(term_words(k, names),
              term_words(content[k], names) if k == "type" else value_words(content[k], names))
             for k in keys]
    if record.get("claimant"):
        lines.insert(0, ("claimant", value_words(record["claimant"], names)))
    elif record.get("claimantDescription"):
        lines.insert(0, ("claimant", value_words(record["claimantDescription"], names)))
    return lines


def _number(figure: Mapping[str, Any]) -> str:
    qualifier = str(figure.get("approximation", "")).split(":", 1)[-1]
    if qualifier in ("MoreThan", "AtLeast") and "lowerBound" in figure:
        number = figure["lowerBound"]
    elif qualifier in ("LessThan", "AtMost") and "upperBound" in figure:
        number = figure["upperBound"]
    else:
        number = figure.get("numericValue")
    words = QUALIFIERS.get(qualifier, term_words(qualifier, {}) if qualifier else "")
    if number is None:
        expression = figure.get("quantityExpression")
        if isinstance(expression, Mapping) and expression.get("en"):
            return str(expression["en"])
        return words or "a number of"
    amount = f"{int(number):,}" if str(number).isdigit() else str(number)
    return f"{words} {amount}".strip()


def propose(record: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """An English rendering proposed from the content, for the reviewer to correct.

    >>> propose({"kind": "figure", "figure": {"approximation": "skg:MoreThan",
    ...     "lowerBound": 20000, "populationGroup": "skg:Civilians", "outcome": "skg:Killed",
    ...     "attributedPerpetrator": "actor:russia"}}, {"actor:russia": "Russia"})
    'more than 20,000 civilians killed by Russia'
    """
    kind = record.get("kind")
    content = content_of(record)
    if kind == "figure":
        outcome = str(content.get("outcome", "")).split(":", 1)[-1]
        parts = [_number(content)]
        group = content.get("populationGroup")
        parts.append(term_words(group, names) if group and group != "skg:AllPersons" else
                     ("people" if outcome else ""))
        if outcome:
            parts.append(OUTCOMES.get(outcome, term_words(outcome, names)))
        if content.get("attributedPerpetrator"):
            parts.append(f"by {value_words(content['attributedPerpetrator'], names)}")
        if content.get("controller"):
            parts.append(f"held by {value_words(content['controller'], names)}")
        if content.get("area"):
            parts.append(f"in {value_words(content['area'], names)}")
        for key in ("referencePeriod", "asOf"):
            if content.get(key):
                parts.append(value_words(content[key], names))
        text = " ".join(p for p in parts if p)
    elif kind == "event":
        parts = [term_words(content.get("type", "event"), names)]
        for key in ("performedBy", "announcer", "authoriser"):
            if content.get(key):
                parts.append(f"by {value_words(content[key], names)}")
        if content.get("place"):
            parts.append(f"in {value_words(content['place'], names)}")
        text = " ".join(parts)
    else:
        text = " ".join(value_words(content.get(k, ""), names)
                        for k in ("subject", "predicate", "object")).strip()
    claimant = record.get("claimant")
    if claimant:
        text = f"{value_words(claimant, names)} says {text}"
    return " ".join(text.split())
