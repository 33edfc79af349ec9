"""Periods a figure is given: "منذ 30 أيلول حتى فجر اليوم", "خلال 20 شهراً", "in the past 10
days", "since the 30th of September 2015", "On November 22" (found in folded text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from syriakg.ingest.dates import _AR_MONTH, _EN_MONTH

_AR_STOP = (
    r"(?=\s*[،,.:؛\"“”«»()\n]|\s+(?:في|جراء|بواقع|شمال|جنوب|فقط|اسفرت|اودت|مما|لقوا|قتل|قتلوا|"
    r"قضوا|وذلك|فيما|ضمنهم|بينهم|يسمح|لمنع|لتمديد|لاكثر|اكثر|لمده)(?![\w])|$)"
)
_AR_TIME = r"(?:ال)?(?:ايام|يوم|اشهر|شهر|شهرا|الفتره|عام|عاما|سنه|سنوات|اسبوع|اسابيع|ساعات|\d)"
AR_PERIOD = re.compile(
    rf"(?<![\w])(?:و)?(?P<p>منذ\s.+?{_AR_STOP}(?:[،,]\s*و?حتي\s.+?{_AR_STOP})?"
    rf"|خلال\s+(?:{_AR_TIME}|الفتره|[^\s]+\s+{_AR_TIME}).*?{_AR_STOP}"
    rf"|بين\s+(?:نهايه|بدايه|\d+\s+(?:من\s+)?(?:{_AR_MONTH})).+?{_AR_STOP}"
    rf"|في\s+(?:شهر\s+)?(?:{_AR_MONTH})(?:\s*/\s*(?:{_AR_MONTH}))?(?:\s+(?:الماضي|الجاري|الحالي|\d{{4}}))?"
    rf"|(?:فجر\s+)?اليوم\s+(?:ال)?(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد))"
)
_EN_STOP = (
    r"(?=\s*[,.;:\n\"“”]|\s+(?:which|according|resulting|the\s+(?:Britain|UK)|SOHR|a\s+monitoring)\b|$)"
)
EN_PERIOD = re.compile(
    rf"(?P<p>\b(?:[Ss]ince|[Bb]etween|[Dd]uring|[Ii]n the past|[Oo]ver the past|[Ii]n just|"
    rf"[Ii]n the last|[Ww]ithin)\s.+?{_EN_STOP}"
    rf"|\bwhich (?:started|began) on\s.+?{_EN_STOP}"
    rf"|\b(?:to date|in that period)\b"
    rf"|\btoday(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\s+of\s+(?:{_EN_MONTH})\s+\d{{4}})?"
    rf"|\b[Oo]n\s+(?:{_EN_MONTH})\s+\d{{1,2}}\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    start: int  # in folded text
    end: int


def periods(folded: str, lang: str) -> list[Period]:
    """Period expressions in folded text, left to right.

    >>> t = "مقتل 595 شخصا منذ بدء الضربات الروسية، بينهم"
    >>> [t[p.start:p.end] for p in periods(t, "ar")]
    ['منذ بدء الضربات الروسية']
    """
    rx = AR_PERIOD if lang == "ar" else EN_PERIOD
    return [Period(m.start("p"), m.end("p")) for m in rx.finditer(folded)]
