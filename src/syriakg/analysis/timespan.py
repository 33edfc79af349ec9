"""When a claim is dated: OWL-Time instants and intervals turned into plain date ranges.

Sources date things loosely ("at the end of September 2015", "by the end of 2019", "one year
after the intervention"), so an instant becomes the whole range its value covers (a gYear is a
year, a gYearMonth a month), an interval runs from the start of its beginning to the end of its
end (open when the end is not stated), and an instant given as an offset from an event takes the
event's start plus the offset. A time window keeps what overlaps it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

XSD = "http://www.w3.org/2001/XMLSchema#"
# Years, months and days; a time part (oxigraph writes P0D as PT0S) is below a day's precision.
_DURATION = re.compile(
    r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:\d+H)?(?:\d+M)?(?:[\d.]+S)?)?$"
)


@dataclass(frozen=True)
class Span:
    """A closed range of days; ``None`` on either side means open (not stated)."""

    begin: date | None
    end: date | None

    def overlaps(self, start: date | None, stop: date | None) -> bool:
        """Whether this span shares a day with ``[start, stop]`` (either side may be open).

        >>> Span(date(2019, 1, 1), date(2019, 12, 31)).overlaps(date(2020, 1, 1), None)
        False
        >>> Span(date(2015, 9, 1), None).overlaps(date(2020, 1, 1), date(2020, 12, 31))
        True
        """
        if start is not None and self.end is not None and self.end < start:
            return False
        return not (stop is not None and self.begin is not None and self.begin > stop)

    def text(self) -> str:
        """ISO text for people: ``2015-09-01/2015-09-30``, ``2015-09-01/..``."""
        begin = self.begin.isoformat() if self.begin else ".."
        end = self.end.isoformat() if self.end else ".."
        return begin if self.begin == self.end else f"{begin}/{end}"


def parse_value(lexical: str, datatype: str = "") -> Span | None:
    """The days an XSD date, gYearMonth, gYear or dateTime value covers.

    >>> parse_value("2015-09", XSD + "gYearMonth")
    Span(begin=datetime.date(2015, 9, 1), end=datetime.date(2015, 9, 30))
    >>> parse_value("2019").text()
    '2019-01-01/2019-12-31'
    >>> parse_value("not a date") is None
    True
    """
    text = lexical.strip()
    kind = datatype.removeprefix(XSD)
    try:
        if kind == "gYear" or re.fullmatch(r"-?\d{4}", text):
            year = int(text[:4])
            return Span(date(year, 1, 1), date(year, 12, 31))
        if kind == "gYearMonth" or re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:7])
            last = calendar.monthrange(year, month)[1]
            return Span(date(year, month, 1), date(year, month, last))
        if re.match(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text[:10])
            return Span(day, day)
    except ValueError:
        return None
    return None


def add_duration(day: date, duration: str) -> date | None:
    """``day`` plus an xsd:duration of years, months and days (``P1Y``, ``P0D``, ``PT0S``).

    >>> add_duration(date(2015, 9, 30), "P1Y")
    datetime.date(2016, 9, 30)
    >>> add_duration(date(2015, 1, 31), "P1M")
    datetime.date(2015, 2, 28)
    >>> add_duration(date(2015, 9, 1), "PT0S")
    datetime.date(2015, 9, 1)
    """
    match = _DURATION.match(duration.strip())
    if not match:
        return None
    years, months, days = (int(g) if g else 0 for g in match.groups())
    month_index = day.month - 1 + months + 12 * years
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    shifted = date(year, month, min(day.day, last))
    return date.fromordinal(shifted.toordinal() + days)


def parse_bound(text: str | None, *, end: bool = False) -> date | None:
    """A window bound from the command line or a query parameter: a year, month or day.

    ``end=True`` takes the last day of a year or month, so ``--to 2019`` includes December.

    >>> parse_bound("2019", end=True)
    datetime.date(2019, 12, 31)
    >>> parse_bound("")

    :raises ValueError: if the text is not YYYY, YYYY-MM or YYYY-MM-DD.
    """
    if not text:
        return None
    span = parse_value(text)
    if span is None or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text.strip()):
        raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return span.end if end else span.begin


@dataclass
class TimeNode:
    """One OWL-Time node as the store describes it (see queries/graph/times.rq)."""

    at: Span | None = None  # an instant's own value
    begin: str | None = None  # an interval's beginning instant
    end: str | None = None  # an interval's end instant
    offset_from: str | None = None  # an instant stated as an offset from this time node
    offset: str | None = None


def resolve(nodes: dict[str, TimeNode], iri: str, depth: int = 0) -> Span | None:
    """The date range of time node ``iri``, following offsets from other events' times.

    >>> nodes = {"i": TimeNode(begin="b"), "b": TimeNode(at=parse_value("2015-09")),
    ...          "o": TimeNode(offset_from="i", offset="P1Y")}
    >>> resolve(nodes, "i").text(), resolve(nodes, "o").text()
    ('2015-09-01/..', '2016-09-01/2016-09-30')
    """
    node = nodes.get(iri)
    if node is None or depth > 8:
        return None
    if node.begin is not None or node.end is not None:
        first = resolve(nodes, node.begin, depth + 1) if node.begin else None
        last = resolve(nodes, node.end, depth + 1) if node.end else None
        if first is None and last is None:
            return None
        return Span(first.begin if first else None, last.end if last else None)
    if node.at is not None:
        return node.at
    if node.offset_from and node.offset:
        # "one year after the intervention": the offset counts from the anchor's start.
        anchor = nodes.get(node.offset_from)
        start_iri = anchor.begin if anchor and anchor.begin else node.offset_from
        start = resolve(nodes, start_iri, depth + 1)
        if start is not None and start.begin is not None:
            begin = add_duration(start.begin, node.offset)
            end = add_duration(start.end, node.offset) if start.end else begin
            return Span(begin, end) if begin else None
    return None
