"""The verdict rules, one by one, at and around their boundaries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from syriakg.crosscheck.rules import (
    Verdict,
    as_of,
    combine,
    compare_count,
    compare_date,
    compare_share,
    months,
    period_part,
)

A, P, D, C = Verdict.AGREES, Verdict.PARTLY_AGREES, Verdict.DISAGREES, Verdict.CANNOT_BE_TESTED


@pytest.mark.parametrize(
    ("qualifier", "stated", "found", "verdict"),
    [
        ("MoreThan", 20, 16, D),  # "more than twenty" against 16 vetoes
        ("MoreThan", 20, 20, D),  # more than N excludes N
        ("MoreThan", 20, 21, A),
        ("MoreThan", 20000, 20187, A),
        ("AtLeast", 20, 20, A),
        ("AtLeast", 20, 19, D),
        ("LessThan", 20, 19, A),
        ("LessThan", 20, 20, D),
        ("Exact", 6, 6, A),
        ("Exact", 6, 5, D),
        ("Exact", 2098, 2098, A),
        ("Approximately", 100, 105, A),  # within ±5%
        ("Approximately", 100, 95, A),
        ("Approximately", 100, Decimal("105.1"), D),
        ("Approximately", Decimal("71.7"), Decimal("72.8"), A),
        ("LargeNumber", 0, 5, C),  # no number to compare
        ("Tens", 10, 30, C),
    ],
)
def test_compare_count(qualifier: str, stated: int, found: int, verdict: Verdict) -> None:
    outcome = compare_count(qualifier, Decimal(stated), Decimal(found))
    assert outcome.verdict == verdict
    assert outcome.rule


def test_rule_text_names_the_number() -> None:
    assert compare_count("MoreThan", Decimal(20), Decimal(16)).rule == (
        "'more than 20' agrees iff the count is greater than 20"
    )


@pytest.mark.parametrize(
    ("qualifier", "share", "verdict"),
    [
        ("Majority", "0.4287", D),  # 8,654 civilians of 20,187
        ("Majority", "0.5", D),  # half is not most
        ("Majority", "0.5001", A),
        ("Half", "0.45", A),
        ("Half", "0.55", A),
        ("Half", "0.4287", P),  # 42.9%: near half, outside 45-55%
        ("Half", "0.40", P),
        ("Half", "0.60", P),
        ("Half", "0.3999", D),
        ("Half", "0.61", D),
        ("SmallPart", "0.1", C),
    ],
)
def test_compare_share(qualifier: str, share: str, verdict: Verdict) -> None:
    assert compare_share(qualifier, Decimal(share)).verdict == verdict


@pytest.mark.parametrize(
    ("stated", "part", "found", "verdict"),
    [
        ("2015-09", "EndOfPeriod", date(2015, 9, 30), A),  # "end of September 2015"
        ("2015-09", "EndOfPeriod", date(2015, 9, 21), A),  # the last third of the month
        ("2015-09", "EndOfPeriod", date(2015, 9, 20), P),  # in September, not at its end
        ("2015-09", "EndOfPeriod", date(2015, 10, 1), D),
        ("2015-09", None, date(2015, 9, 1), A),
        ("2020", "StartOfPeriod", date(2020, 1, 10), A),  # "early 2020"
        ("2020", "StartOfPeriod", date(2020, 7, 11), P),
        ("2020", "StartOfPeriod", date(2019, 12, 20), D),
        ("2015-09-30", None, date(2015, 9, 30), A),
        ("2015-09-30", None, date(2015, 9, 29), D),
    ],
)
def test_compare_date(stated: str, part: str | None, found: date, verdict: Verdict) -> None:
    assert compare_date(stated, part, found).verdict == verdict


def test_period_parts_are_thirds() -> None:
    year = (date(2019, 1, 1), date(2019, 12, 31))
    assert period_part(year, "EndOfPeriod") == (date(2019, 9, 1), date(2019, 12, 31))
    assert period_part(year, "StartOfPeriod") == (date(2019, 1, 1), date(2019, 4, 30))
    assert period_part(year, None) == year
    february = (date(2020, 2, 1), date(2020, 2, 29))
    assert period_part(february, "EndOfPeriod") == (date(2020, 2, 21), date(2020, 2, 29))
    assert period_part(february, "StartOfPeriod") == (date(2020, 2, 1), date(2020, 2, 10))


def test_counts_are_taken_at_the_end_of_the_publication_date() -> None:
    assert as_of("2020-09") == date(2020, 9, 30)  # the article: "2020-09"
    assert as_of("2020-02") == date(2020, 2, 29)
    assert as_of("2020") == date(2020, 12, 31)
    assert as_of("2020-09-15") == date(2020, 9, 15)


def test_months() -> None:
    assert [months(d) for d in ("P1Y", "P12M", "P6M", "P1Y6M")] == [12, 12, 6, 18]
    assert months("P180D") is None and months("P") is None


def test_combine() -> None:
    assert combine([True, True]) == A
    assert combine([True, None]) == P
    assert combine([True, False]) == P
    assert combine([False, None]) == D
    assert combine([False, False]) == D
