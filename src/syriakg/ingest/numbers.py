"""Quantities in running text: digits (Arabic-Indic too, with thousands separators), scale words
("20 ألف", "4.1 million"), number words in Arabic and English, vague quantities (العشرات,
dozens, hundreds of thousands) and shares (ثلثهم, نصفهم, %).

Works on folded text (ingest.arabic); every quantity keeps its span there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from syriakg.ingest.arabic import fold_text

# Number words, folded. Arabic forms cover the feminine, the accusative and the genitive.
AR_UNITS = {
    "واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "اثنتين": 2, "اثنتان": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10,
}
AR_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
AR_SCALES = {
    "مئه": 100, "مائه": 100, "مايه": 100, "الف": 1000, "الفا": 1000, "الاف": 1000, "الفين": 2000,
    "مليون": 1_000_000, "ملايين": 1_000_000, "مليار": 1_000_000_000,
}
# Vague quantities: (qualifier, lower bound, upper bound).
AR_VAGUE = {
    "عشرات الالاف": ("tens-of-thousands", 10_000, 99_999),
    "مئات الالاف": ("hundreds-of-thousands", 100_000, 999_999),
    "العشرات": ("tens", 10, 99), "عشرات": ("tens", 10, 99),
    "المئات": ("hundreds", 100, 999), "مئات": ("hundreds", 100, 999),
    "الالاف": ("thousands", 1000, 9999), "الاف": ("thousands", 1000, 9999),
    "ملايين": ("millions", 1_000_000, None), "الملايين": ("millions", 1_000_000, None),
    "عدد كبير": ("large-number", None, None), "اعداد كبيره": ("large-number", None, None),
    "عددا كبيرا": ("large-number", None, None),
}
AR_FRACTIONS = {"ثلث": 1 / 3, "ثلثي": 2 / 3, "ثلثا": 2 / 3, "نصف": 1 / 2, "ربع": 1 / 4}
AR_HUNDREDS = {
    "مئه": 100, "مائه": 100, "مئتين": 200, "مئتان": 200, "مائتين": 200, "مائتان": 200,
    **{f"{u}{h}": n * 100 for u, n in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6),
                                        ("سبع", 7), ("ثمان", 8), ("تسع", 9))
       for h in ("مائه", "مئه", "مايه")},
    "مايه": 100, "مايتين": 200, "مايتان": 200,
}
# The tables are matched against folded text (ئ becomes ي: مئة is ميه): fold their keys too.
AR_UNITS = {fold_text(k): v for k, v in AR_UNITS.items()} | AR_UNITS
AR_TENS = {fold_text(k): v for k, v in AR_TENS.items()} | AR_TENS
AR_SCALES = {fold_text(k): v for k, v in AR_SCALES.items()} | AR_SCALES
AR_HUNDREDS = {fold_text(k): v for k, v in AR_HUNDREDS.items()} | AR_HUNDREDS
AR_FRACTIONS = {fold_text(k): v for k, v in AR_FRACTIONS.items()} | AR_FRACTIONS
AR_VAGUE = {fold_text(k): v for k, v in AR_VAGUE.items()} | AR_VAGUE
EN_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "none": 0,
}
EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
EN_VAGUE = {
    "hundreds of thousands": ("hundreds-of-thousands", 100_000, 999_999),
    "tens of thousands": ("tens-of-thousands", 10_000, 99_999),
    "dozens": ("dozens", 24, None), "hundreds": ("hundreds", 100, 999),
    "thousands": ("thousands", 1000, 9999), "millions": ("millions", 1_000_000, None),
    "a quarter of a million": ("exact", 250_000, 250_000),
    "a large number": ("large-number", None, None),
}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_AR_WORDS = "|".join(sorted([*AR_UNITS, *AR_TENS], key=len, reverse=True))
_AR_SCALE = "|".join(sorted(AR_SCALES, key=len, reverse=True))
_B = r"(?<![\w])"  # a word start (Arabic letters are \w)
_E = r"(?![\w])"

AR_NUMBER = re.compile(
    rf"(?:(?<![\d.,])(?P<d>{_DIGITS})(?:\s*(?P<ds>{_AR_SCALE}))?"
    rf"(?:\s+و\s?(?P<d2>{_DIGITS})(?![\d,.]|\s*(?:{_AR_SCALE}){_E}))?"
    rf"|{_B}(?:[وبل]|لل|ال)?(?P<w>{_AR_WORDS})(?:\s+(?P<ws>{_AR_SCALE}))?"
    rf"|(?<![\w])(?:[وبل])?(?P<sc>الف|ميه|مئه|مايه|مائه|مليون|مليار|الفين)){_E}"
)
_AR_TOKEN = "|".join(
    sorted([*AR_UNITS, *AR_TENS, *AR_HUNDREDS, *AR_SCALES], key=len, reverse=True)
)
# A number written in words, or in words and digits: مئة وسبعة وعشرون، ستة آلاف و486، ألف و595.
AR_SEQUENCE = re.compile(
    rf"(?<![\w])(?:[لبو])?(?P<s>(?:{_AR_TOKEN}|\d+)(?:\s*و\s*(?:{_AR_TOKEN}|\d+)"
    rf"|\s+(?:{'|'.join(sorted(AR_SCALES, key=len, reverse=True))}))+){_E}"
)
AR_VAGUE_RX = re.compile(
    rf"{_B}(?:[وبل])?(?P<v>"
    + "|".join(v.replace(" ", r"\s+") for v in sorted(AR_VAGUE, key=len, reverse=True))
    + rf"){_E}"
)
AR_FRACTION_RX = re.compile(
    rf"{_B}(?:[وبل])?(?P<f>{'|'.join(sorted(AR_FRACTIONS, key=len, reverse=True))})"
    r"(?P<p>هم|ها|هن)?(?![\w])"
)
EN_NUMBER = re.compile(
    rf"\b(?:(?P<d>{_DIGITS})(?:\s*(?P<ds>million|billion|thousand))?"
    rf"|(?P<w>{'|'.join(sorted(EN_UNITS, key=len, reverse=True))})"
    r"(?:[\s-]+(?P<ws>hundred|thousand|million))?)\b",
    re.IGNORECASE,
)
EN_VAGUE_RX = re.compile(
    r"\b(?P<v>"
    + "|".join(v.replace(" ", r"\s+") for v in sorted(EN_VAGUE, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


@dataclass
class Quantity:
    """A quantity found in folded text: its span there and what it says."""

    start: int
    end: int
    value: float | None
    qualifier: str = "exact"
    lower: float | None = None
    upper: float | None = None
    vague: bool = False
    fraction: bool = False
    words: bool = False  # written in words (more often not a figure: "one of", "two drafts")


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def quantities(text: str, lang: str) -> list[Quantity]:
    """Every quantity in folded ``text``, left to right, none overlapping.

    >>> [(q.value, q.qualifier) for q in quantities("مقتل 20 الف و306 الاف و887 انسانا", "ar")]
    [(20000.0, 'exact'), (306887.0, 'exact')]
    >>> [(q.value, q.qualifier) for q in quantities("more than 4.1 million and dozens", "en")]
    [(4100000.0, 'exact'), (None, 'dozens')]
    """
    found: list[Quantity] = []
    if lang == "ar":
        for m in AR_VAGUE_RX.finditer(text):
            qual, lo, hi = AR_VAGUE[" ".join(m.group("v").split())]
            found.append(Quantity(m.start("v"), m.end(), None, qual, lo, hi, vague=True))
        for m in AR_FRACTION_RX.finditer(text):
            found.append(
                Quantity(m.start("f"), m.end(), None, "fraction", fraction=True,
                         lower=AR_FRACTIONS[m.group("f")])
            )
        for m in AR_NUMBER.finditer(text):
            found.append(_ar_number(m))
        for m in AR_SEQUENCE.finditer(text):
            value = _ar_sequence(m.group("s"))
            if value is not None:
                words = not any(c.isdigit() for c in m.group("s"))
                found.append(Quantity(m.start("s"), m.end("s"), value, words=words))
    else:
        for m in EN_VAGUE_RX.finditer(text):
            qual, lo, hi = EN_VAGUE[" ".join(m.group("v").lower().split())]
            value = lo if qual == "exact" else None
            found.append(Quantity(m.start(), m.end(), value, qual, lo, hi, vague=value is None))
        for m in EN_NUMBER.finditer(text):
            found.append(_en_number(m))
    return _no_overlap(found)


def _ar_number(m: re.Match[str]) -> Quantity:
    if m.group("d"):
        value = _number(m.group("d"))
        scale = m.group("ds")
        if scale:
            value *= AR_SCALES[scale]
        if m.group("d2"):
            if scale:
                value += _number(m.group("d2"))
            else:
                return Quantity(m.start("d"), m.end("d"), _number(m.group("d")))
        return Quantity(m.start("d"), m.end(), round(value, 3))
    if m.group("sc"):
        return Quantity(m.start("sc"), m.end(), float(AR_SCALES[m.group("sc")]), words=True)
    word = m.group("w")
    value = float(AR_UNITS.get(word) or AR_TENS[word])
    if m.group("ws"):
        value *= AR_SCALES[m.group("ws")]
    return Quantity(m.start("w"), m.end(), value, words=True)


def _known(token: str) -> bool:
    return any(token in table for table in (AR_SCALES, AR_HUNDREDS, AR_UNITS, AR_TENS))


def _ar_sequence(text: str) -> float | None:
    """The value of a number in words and digits, or None when it is not one number.

    >>> [_ar_sequence(t) for t in ("مئه وسبعه وعشرون", "سته الاف و486", "الف و595", "ثلاثمايه")]
    [127.0, 6486.0, 1595.0, 300.0]
    """
    total, current, last_scale = 0.0, 0.0, float("inf")
    for token in re.split(r"\s+و\s*|\s+", text):
        if not token:
            continue
        if token.startswith("و") and (token[1:].isdigit() or _known(token[1:])):
            token = token[1:]
        if token.isdigit():
            current += int(token)
        elif token in AR_SCALES:
            if AR_SCALES[token] >= last_scale:
                return None  # "20 ألف و306 آلاف": two numbers, not one
            last_scale = AR_SCALES[token]
            current = (current or 1) * AR_SCALES[token]
            total, current = total + current, 0.0
        elif token in AR_HUNDREDS:
            current += AR_HUNDREDS[token]
        elif token in AR_UNITS:
            current += AR_UNITS[token]
        elif token in AR_TENS:
            current += AR_TENS[token]
        else:
            return None
    return total + current


def _en_number(m: re.Match[str]) -> Quantity:

    if m.group("d"):
        value = _number(m.group("d"))
        if m.group("ds"):
            value *= EN_SCALES[m.group("ds").lower()]
        return Quantity(m.start(), m.end(), round(value, 3))
    value = float(EN_UNITS[m.group("w").lower()])
    if m.group("ws"):
        value *= EN_SCALES[m.group("ws").lower()]
    return Quantity(m.start(), m.end(), value, words=True)


def _no_overlap(found: list[Quantity]) -> list[Quantity]:
    found.sort(key=lambda q: (q.start, -(q.end - q.start)))
    out: list[Quantity] = []
    for q in found:
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return out
