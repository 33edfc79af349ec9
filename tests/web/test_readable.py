"""Dates, durations and shares as a reader says them, in English and Arabic."""

from __future__ import annotations

import pytest

from syriakg.web.readable import date_in_words, duration_in_words, in_words, percentage


@pytest.mark.parametrize(("value", "en", "ar"), [
    ("P1Y", "one year", "سنة واحدة"),
    ("P6M", "six months", "٦ أشهر"),
    ("P2Y", "two years", "سنتان"),
    ("P1Y6M", "one year and six months", "سنة واحدة و٦ أشهر"),
    ("P30D", "30 days", "٣٠ يومًا"),
    ("PT5H", "PT5H", "PT5H"),  # a time part: as it is
])
def test_durations(value: str, en: str, ar: str) -> None:
    assert duration_in_words(value, "en") == en
    assert duration_in_words(value, "ar") == ar


def test_dates_and_shares() -> None:
    assert date_in_words("2017-11-16", "en") == "16 November 2017"
    assert date_in_words("2017-11-16", "ar") == "١٦ تشرين الثاني ٢٠١٧"
    assert date_in_words("2020-09", "en") == "September 2020"
    assert date_in_words("2011", "en") == "2011"
    assert date_in_words("soon", "en") == "soon"
    assert percentage("71.70", "en") == "71.7%"
    assert percentage("71.7", "ar") == "٪٧١٫٧"
    assert in_words("2020-07-10", "date", "en") == "10 July 2020"
    assert in_words("20187", "integer", "ar") == "٢٠١٨٧"
