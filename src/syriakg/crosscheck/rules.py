"""The rules that turn a claim and a value from the records into a verdict.

Every verdict of the cross-check comes from one of these functions, never from a hand-written
answer, so that changing a record changes the verdict and each rule can be tested on its own.
Each returns an ``Outcome``: the verdict and the rule in words (stored with the assessment).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

# "About X" agrees within this share of X; chosen to absorb rounding ("about 20,000" for 20,187),
# not disagreements in substance.
TOLERANCE = Decimal("0.05")
# "Half" agrees for a share in [45%, 55%] and partly agrees in [40%, 60%].
HALF, HALF_PARTLY = (Decimal("0.45"), Decimal("0.55")), (Decimal("0.40"), Decimal("0.60"))


class Verdict(StrEnum):
    """The local names of the skg:VerdictScheme concepts."""

    AGREES = "Agrees"
    PARTLY_AGREES = "PartlyAgrees"
    DISAGREES = "Disagrees"
    CANNOT_BE_TESTED = "CannotBeTested"
    # Of two figures of one claimant: the later one, over a longer period, revises the earlier.
    REVISION = "Revision"


# Best first: when several records could decide, the checks keep the best-supported verdict.
RANK = [Verdict.AGREES, Verdict.PARTLY_AGREES, Verdict.DISAGREES, Verdict.CANNOT_BE_TESTED]


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    rule: str


Number = Decimal | int


def compare_count(qualifier: str, stated: Number, found: Number) -> Outcome:
    """Compare a stated number, read with its approximation qualifier, with a count.

    >>> compare_count("MoreThan", Decimal(20), Decimal(16)).verdict
    <Verdict.DISAGREES: 'Disagrees'>
    """
    n = plain(stated)
    stated, found = Decimal(stated), Decimal(found)
    tests: dict[str, tuple[bool, str]] = {
        "Exact": (found == stated, f"'exactly {n}' agrees iff the count equals {n}"),
        "MoreThan": (found > stated, f"'more than {n}' agrees iff the count is greater than {n}"),
        "AtLeast": (found >= stated, f"'at least {n}' agrees iff the count is {n} or more"),
        "LessThan": (found < stated, f"'less than {n}' agrees iff the count is less than {n}"),
        "Approximately": (
            abs(found - stated) <= TOLERANCE * stated,
            f"'about {n}' agrees iff the count is within ±{_percent(TOLERANCE)} of {n}",
        ),
    }
    if qualifier not in tests:
        return Outcome(Verdict.CANNOT_BE_TESTED, f"no rule compares '{qualifier}' with a count")
    agrees, rule = tests[qualifier]
    return Outcome(Verdict.AGREES if agrees else Verdict.DISAGREES, rule)


# Which bound a qualifier's number is: "more than 20" states 20 as a lower bound, not a value.
LOWER_BOUND_QUALIFIERS = ("MoreThan", "AtLeast")
UPPER_BOUND_QUALIFIERS = ("LessThan", "AtMost")


def stated_number(
    qualifier: str, value: Number | None, lower: Number | None, upper: Number | None
) -> Number | None:
    """The number a figure states with its qualifier: the bound for 'more than' and 'less than'
    (a figure stores those as bounds only), else its value.

    >>> stated_number("MoreThan", None, Decimal(20), None)
    Decimal('20')
    >>> stated_number("Exact", Decimal(6), None, None)
    Decimal('6')
    """
    if qualifier in LOWER_BOUND_QUALIFIERS:
        return lower if lower is not None else value
    if qualifier in UPPER_BOUND_QUALIFIERS:
        return upper if upper is not None else value
    return value


def compare_share(qualifier: str, share: Decimal) -> Outcome:
    """Compare a proportion word ('most', 'half') with a share between 0 and 1.

    >>> compare_share("Half", Decimal("0.429")).verdict
    <Verdict.PARTLY_AGREES: 'PartlyAgrees'>
    """
    if qualifier == "Majority":
        verdict = Verdict.AGREES if share > Decimal("0.5") else Verdict.DISAGREES
        return Outcome(verdict, "'most' agrees iff the share is over 50%")
    if qualifier == "Half":
        if HALF[0] <= share <= HALF[1]:
            verdict = Verdict.AGREES
        elif HALF_PARTLY[0] <= share <= HALF_PARTLY[1]:
            verdict = Verdict.PARTLY_AGREES
        else:
            verdict = Verdict.DISAGREES
        return Outcome(
            verdict,
            f"'half' agrees iff the share is {_range(HALF)}, partly agrees "
            f"iff {_range(HALF_PARTLY)}, and disagrees otherwise",
        )
    return Outcome(Verdict.CANNOT_BE_TESTED, f"no rule compares '{qualifier}' with a share")


def compare_date(stated: str, part: str | None, found: date) -> Outcome:
    """Compare a stated time ('2015-09' at the end of the period, '2015-09-30') with a date.

    >>> compare_date("2015-09", "EndOfPeriod", date(2015, 9, 30)).verdict
    <Verdict.AGREES: 'Agrees'>
    """
    whole = period(stated)
    narrow = period_part(whole, part)
    rule = (
        "a date agrees iff it falls in the stated time (the first or last third of the "
        "period for 'early' or 'end of'), partly agrees iff it falls in the stated period"
    )
    if narrow[0] <= found <= narrow[1]:
        return Outcome(Verdict.AGREES, rule)
    if whole[0] <= found <= whole[1]:
        return Outcome(Verdict.PARTLY_AGREES, rule)
    return Outcome(Verdict.DISAGREES, rule)


def combine(parts: list[bool | None]) -> Verdict:
    """All parts met: agrees; some met (or unknown): partly; none met: disagrees."""
    if all(p is True for p in parts):
        return Verdict.AGREES
    return Verdict.PARTLY_AGREES if any(p is True for p in parts) else Verdict.DISAGREES


def period(value: str) -> tuple[date, date]:
    """The first and last day of a date, a year-month or a year.

    >>> period("2020-09")
    (datetime.date(2020, 9, 1), datetime.date(2020, 9, 30))
    """
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def period_part(whole: tuple[date, date], part: str | None) -> tuple[date, date]:
    """'Early' and 'end of' a period are its first and last third: January-April and
    September-December of a year, days 1-10 and 21-end of a month."""
    begin, end = whole
    if part not in ("StartOfPeriod", "EndOfPeriod"):
        return whole
    if (begin.month, begin.day, end.month, end.day) == (1, 1, 12, 31) and begin.year == end.year:
        thirds = (begin, date(begin.year, 4, 30)), (date(begin.year, 9, 1), end)
    elif begin.day == 1 and (begin.year, begin.month) == (end.year, end.month):
        thirds = (begin, begin.replace(day=10)), (begin.replace(day=21), end)
    else:
        third = timedelta(days=((end - begin).days + 1) // 3)
        thirds = (begin, begin + third - timedelta(days=1)), (end - third + timedelta(days=1), end)
    return thirds[0] if part == "StartOfPeriod" else thirds[1]


def as_of(published: str) -> date:
    """Which day a document's counts are taken at: the last day of its publication date.

    An article dated only '2020-09' is counted as of 2020-09-30.
    """
    return period(published)[1]


def months(duration: str) -> int | None:
    """An xsd:duration in whole months ('P1Y' -> 12, 'P6M' -> 6); None if it has days.

    >>> months("P1Y"), months("P6M"), months("P1Y6M"), months("P180D")
    (12, 6, 18, None)
    """
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?", duration)
    if match is None or not any(match.groups()):
        return None
    return int(match[1] or 0) * 12 + int(match[2] or 0)


def plain(value: Number) -> str:
    """A number without exponent or trailing zeros: 20, 0.45."""
    if isinstance(value, int):
        return str(value)
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _percent(share: Decimal) -> str:
    return f"{plain(share * 100)}%"


def _range(bounds: tuple[Decimal, Decimal]) -> str:
    return f"{plain(bounds[0] * 100)}–{plain(bounds[1] * 100)}%"
