"""Dates and periods: Gregorian and Levantine Arabic month names (أيلول / سبتمبر), English
months, and relative expressions (اليوم، أمس، الشهر الماضي، today, last week) resolved against
the publication date and marked derived (docs/ingest.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from syriakg.ingest.arabic import fold_text

# Folded month names: Gregorian (Egyptian/Maghrebi usage) and Levantine (Syriac) names.
AR_MONTHS = {
    **{fold_text(n): i for i, n in enumerate(
        ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
         "أكتوبر", "نوفمبر", "ديسمبر"], 1)},
    **{fold_text(n): i for i, n in enumerate(
        ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
         "تشرين الأول", "تشرين الثاني", "كانون الأول"], 1)},
    "ابريل": 4, "اغسطس": 8, "اكتوبر": 10, "يونيه": 6, "يوليه": 7,
}
EN_MONTHS = {
    m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"], 1)
}
AR_ORDINAL_DAYS = {"الثلاثين": 30, "الحادي والثلاثين": 31, "العشرين": 20, "الاول": 1}
_AR_MONTH = "|".join(sorted((re.escape(m).replace(r"\ ", r"\s+") for m in AR_MONTHS), key=len,
                            reverse=True))
_EN_MONTH = "|".join(EN_MONTHS)

AR_DATE = re.compile(
    rf"(?:(?:الـ\s*|ال\s*)?(?P<day>\d{{1,2}}|{'|'.join(AR_ORDINAL_DAYS)})\s+(?:من\s+)?"
    rf"(?:شهر\s+)?)?(?<![\w])(?:[وبل])?(?P<month>{_AR_MONTH})(?![\w])"
    rf"(?:\s*/\s*(?:{_AR_MONTH}))?(?:\s+(?:عام\s+)?(?P<year>(?:19|20)\d\d))?"
)
EN_DATE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?\b(?P<month>{_EN_MONTH})\b"
    rf"(?:\s+(?P<day2>\d{{1,2}})\b)?(?:,?\s+(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
AR_RELATIVE = {
    "اليوم": 0, "امس": -1, "فجر اليوم": 0,
}
EN_RELATIVE = {"today": 0, "yesterday": -1}


@dataclass
class DateMention:
    start: int  # in folded text
    end: int
    iso: str | None  # 2015-09-30, 2015-09, or None when the month alone cannot be placed
    derived: bool


def dates(folded: str, lang: str, published: date | None) -> list[DateMention]:
    """Dates in folded text, relative ones resolved against ``published`` (derived).

    >>> [d.iso for d in dates("منذ 30 ايلول 2015 حتي 30 اب", "ar", date(2020, 9, 1))]
    ['2015-09-30', '2020-08-30']
    >>> [d.iso for d in dates("since the 30th of September 2015 and today", "en", None)]
    ['2015-09-30', None]
    """
    out: list[DateMention] = []
    rx = AR_DATE if lang == "ar" else EN_DATE
    months = AR_MONTHS if lang == "ar" else EN_MONTHS
    for m in rx.finditer(folded):
        month = months[re.sub(r"\s+", " ", m.group("month").lower())]
        day_text = m.group("day") or (m.groupdict().get("day2"))
        day = None
        if day_text:
            day = int(day_text) if day_text.isdigit() else AR_ORDINAL_DAYS.get(day_text)
        year = int(m.group("year")) if m.group("year") else None
        derived = False
        if year is None and published is not None:
            year = published.year if month <= published.month else published.year - 1
            derived = True
        iso = None
        if year:
            iso = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
        out.append(DateMention(m.start(), m.end(), iso, derived))
    relative = AR_RELATIVE if lang == "ar" else EN_RELATIVE
    words = "|".join(sorted(relative, key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w])(?:[وبل])?({words})(?![\w])", folded, re.IGNORECASE):
        if any(d.start <= m.start(1) < d.end for d in out):
            continue
        iso = None
        if published is not None:
            iso = (published + timedelta(days=relative[m.group(1).lower()])).isoformat()
        out.append(DateMention(m.start(1), m.end(1), iso, True))
    return sorted(out, key=lambda d: d.start)
