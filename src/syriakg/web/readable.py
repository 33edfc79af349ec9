"""Values as a reader says them, in English or Arabic: dates and durations in words, shares as
percentages, numbers with the page's digits.

The data keep their machine forms (``xsd:date``, ``xsd:duration``, decimals); the pages show
these words beside a link to the value's datatype, so nothing of the value is lost.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    # The month names of the Levant, as Syrian sources write them.
    "ar": ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
           "تشرين الأول", "تشرين الثاني", "كانون الأول"),
}
_UNITS = {  # (one, two, few (3-10), many) in Arabic; (one, many) in English
    "Y": {"en": ("year", "years"), "ar": ("سنة واحدة", "سنتان", "سنوات", "سنة")},
    "M": {"en": ("month", "months"), "ar": ("شهر واحد", "شهران", "أشهر", "شهرًا")},
    "W": {"en": ("week", "weeks"), "ar": ("أسبوع واحد", "أسبوعان", "أسابيع", "أسبوعًا")},
    "D": {"en": ("day", "days"), "ar": ("يوم واحد", "يومان", "أيام", "يومًا")},
}
_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve")
_DATE = re.compile(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def digits(text: str, lang: str) -> str:
    """Arabic-Indic digits on Arabic pages, as the sources write them."""
    return text.translate(_ARABIC_DIGITS) if lang == "ar" else text


def date_in_words(value: str, lang: str) -> str:
    """``2017-11-16`` -> ``16 November 2017`` / ``١٦ تشرين الثاني ٢٠١٧``; a year or a
    year-month as far as it goes; anything else as it is."""
    found = _DATE.fullmatch(value.strip()[:10]) if value else None
    if not found:
        return value
    year, month, day = found.groups()
    months = MONTHS.get(lang, MONTHS["en"])
    parts = [str(int(day))] if day else []
    if month and 1 <= int(month) <= 12:
        parts.append(months[int(month) - 1])
    parts.append(year)
    return digits(" ".join(parts), lang)


def _count(n: int, unit: str, lang: str) -> str:
    forms = _UNITS[unit][lang if lang in ("en", "ar") else "en"]
    if lang == "ar":
        if n == 1:
            return forms[0]
        if n == 2:
            return forms[1]
        return digits(str(n), lang) + " " + (forms[2] if 3 <= n <= 10 else forms[3])
    number = _SMALL[n] if n < len(_SMALL) else str(n)
    return f"{number} {forms[0] if n == 1 else forms[1]}"


def duration_in_words(value: str, lang: str) -> str:
    """``P1Y`` -> ``one year`` / ``سنة واحدة``; ``P6M`` -> ``six months`` / ``٦ أشهر``; a
    duration with a time part, or anything else, as it is."""
    found = _DURATION.fullmatch(value.strip()) if value else None
    if not found or not any(found.groups()):
        return value
    parts = [_count(int(n), unit, lang) for n, unit in zip(found.groups(), "YMWD", strict=True)
             if n and int(n)]
    joiner = " و" if lang == "ar" else " and "
    return joiner.join(parts) if parts else value


def percentage(value: str, lang: str) -> str:
    """A share as the data keep it (``71.7`` of unit percent) -> ``71.7%`` / ``٪٧١٫٧``."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    text = format(number.normalize(), "f")
    if lang == "ar":
        return "٪" + digits(text, lang).replace(".", "٫")
    return text + "%"


def in_words(value: str, datatype: str | None, lang: str) -> str:
    """A literal of ``datatype`` (local name: ``date``, ``gYear``, ``duration``, …) as words."""
    if datatype in ("date", "dateTime", "gYear", "gYearMonth"):
        return date_in_words(value, lang)
    if datatype in ("duration", "yearMonthDuration", "dayTimeDuration"):
        return duration_in_words(value, lang)
    if datatype in ("integer", "decimal", "double", "float", "nonNegativeInteger"):
        return digits(value, lang)
    return value
