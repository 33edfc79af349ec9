"""Every source's counts as points: the same quantity (class, outcome, population group,
perpetrator, period start) reported by each claimant at each period end.

Read by the comparison of every source against every other (pairs.py) and by the timeline page
(web/views/timeline.py). A figure's perpetrator is the one it is attributed to, or else the one
who performed the event it is counted in the context of; its period starts on a stated day, or
on the first day of the event it is counted from (with no offset); a period with no stated end
runs to the document's publication date (docs/crosscheck.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from syriakg.crosscheck import rules
from syriakg.crosscheck.sparql import Graph, local

FIGURES = """
SELECT ?claim ?doc ?cls ?value ?lower ?upper ?qualifier ?group ?outcome ?perp ?claimant
       ?begin ?stated ?published ?quote ?en ?url WHERE {
  ?claim skg:statedIn ?doc ; skg:reportsFigure ?fig .
  VALUES ?cls { skg:CasualtyCount }
  ?fig a ?cls ; skg:referencePeriod ?period .
  ?period time:hasBeginning ?b .
  FILTER NOT EXISTS { ?fig skg:ratePer ?rate }
  OPTIONAL { ?fig skg:approximation ?qualifier }
  OPTIONAL { ?fig skg:numericValue ?value }
  OPTIONAL { ?fig skg:lowerBound ?lower }
  OPTIONAL { ?fig skg:upperBound ?upper }
  OPTIONAL { ?fig skg:populationGroup ?group }
  OPTIONAL { ?fig skg:outcome ?outcome }
  OPTIONAL { ?fig skg:attributedPerpetrator ?named }
  OPTIONAL { ?fig skg:inContextOf/skg:performedBy ?context }
  BIND (COALESCE(?named, ?context) AS ?perp)
  OPTIONAL { ?claim skg:claimant ?who }
  BIND (COALESCE(?who, ?doc) AS ?claimant)
  OPTIONAL { ?b time:inXSDDate ?day }
  OPTIONAL { ?b skg:offset ?offset ;
                skg:offsetFrom/skg:timeSpan/time:hasBeginning/time:inXSDDate ?from
             FILTER (STR(?offset) IN ("PT0S", "P0D")) }
  BIND (COALESCE(?day, ?from) AS ?begin)
  FILTER (BOUND(?begin))
  OPTIONAL { ?period time:hasEnd/time:inXSDDate ?stated }
  OPTIONAL { ?doc schema:datePublished ?published }
  OPTIONAL { ?claim skg:hasEvidence/oa:hasSelector/oa:exact ?quote }
  OPTIONAL { ?claim skg:quoteTranslation ?en FILTER (LANG(?en) = "en") }
  OPTIONAL { ?doc schema:url ?url }
} ORDER BY ?claim ?perp"""


@dataclass(frozen=True)
class Point:
    """One source's figure for a quantity, up to a day."""

    claim: str
    doc: str
    claimant: str
    quantity: tuple[str, str, str, str, date]  # class, outcome, group, perpetrator, begin
    end: date
    end_stated: bool  # False: the period runs to the document's publication date
    qualifier: str
    number: Decimal | int | None  # what the figure states: its value, or its bound
    lower: Decimal | int | None
    upper: Decimal | int | None
    published: str | None
    quote: str
    en: str
    url: str

    @property
    def begin(self) -> date:
        return self.quantity[4]


def points(kg: Graph) -> list[Point]:
    """Every count with a period that can be placed in time, one point per claim."""
    out: dict[str, Point] = {}
    for row in kg.select(FIGURES):
        point = point_of(row)
        if point is not None and point.claim not in out:
            out[point.claim] = point
    return sorted(out.values(), key=lambda p: (p.quantity, p.end, p.claim))


def point_of(row: dict[str, Any]) -> Point | None:
    published = str(row["published"]) if row["published"] is not None else None
    end = row["stated"] or (rules.as_of(published) if published else None)
    if end is None:
        return None
    qualifier = local(row["qualifier"]) if row["qualifier"] else "Exact"
    number = rules.stated_number(qualifier, row["value"], row["lower"], row["upper"])
    return Point(
        claim=row["claim"], doc=row["doc"], claimant=row["claimant"],
        quantity=(row["cls"], row["outcome"] or "", row["group"] or "", row["perp"] or "",
                  row["begin"]),
        end=end, end_stated=row["stated"] is not None, qualifier=qualifier, number=number,
        lower=row["lower"], upper=row["upper"], published=published,
        quote=row["quote"] or "", en=row["en"] or "", url=row["url"] or "",
    )


Bound = tuple[Decimal, bool]  # a number, and whether the bound itself is excluded


def interval(point: Point, count_share: Decimal) -> tuple[Bound, Bound] | None:
    """The counts a figure allows: an exact count within ``count_share`` of itself, 'about N'
    within rules.TOLERANCE, 'more than N' above N, 'at least N' from N, a stated range its
    bounds. None when it states no number.

    >>> p = Point("c", "d", "x", ("", "", "", "", date(2020, 1, 1)), date(2020, 2, 1), True,
    ...           "MoreThan", 20000, 20000, None, None, "", "", "")
    >>> interval(p, Decimal("0.01"))
    ((Decimal('20000'), True), (Decimal('Infinity'), False))
    """
    inf = Decimal("Infinity")
    if point.lower is not None and point.upper is not None:
        return (Decimal(point.lower), False), (Decimal(point.upper), False)
    if point.number is None:
        return None
    n = Decimal(point.number)
    spans: dict[str, tuple[Bound, Bound]] = {
        "MoreThan": ((n, True), (inf, False)),
        "AtLeast": ((n, False), (inf, False)),
        "LessThan": ((Decimal(0), False), (n, True)),
        "AtMost": ((Decimal(0), False), (n, False)),
        "Approximately": ((n * (1 - rules.TOLERANCE), False), (n * (1 + rules.TOLERANCE), False)),
    }
    return spans.get(point.qualifier, ((n * (1 - count_share), False),
                                       (n * (1 + count_share), False)))


def overlap(a: tuple[Bound, Bound], b: tuple[Bound, Bound]) -> bool:
    """Whether two intervals share a count."""
    low = max(a[0], b[0], key=lambda x: (x[0], x[1]))
    high = min(a[1], b[1], key=lambda x: (x[0], not x[1]))
    return low[0] < high[0] or (low[0] == high[0] and not low[1] and not high[1])
