"""UN business: document symbols (S/2020/654, A/RES/76/1), resolution numbers (القرار 2533,
resolution 2165 (2014)), and vetoes (استخدمت روسيا حق النقض، the veto cast by …)."""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME, VERSION = "un-business", "1"

SYMBOL = re.compile(r"\b(?:S|A|E|GA|SC|A/RES|S/RES|S/PRST)/(?:\d+/)*\d+(?:/[A-Za-z0-9.]+)*\b")
RESOLUTION = re.compile(
    r"(?:(?<![\w])(?:[وبل]|ال)?(?:القرار|قرار)(?:\s+رقم)?\s*\(?(?P<ar>\d{3,4})\)?"
    r"|\b[Rr]esolutions?\s+(?P<en>\d{3,4})(?:\s*\((?P<year>\d{4})\))?)"
)
VETO = re.compile(
    r"(?<![\w])(?:حق\s+النقض|الفيتو|فيتو)(?![\w])|\bvetoe?s?\b|\bveto cast\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Item:
    kind: str  # symbol | resolution | veto
    start: int  # in folded text
    end: int
    value: str


def find(folded: str) -> list[Item]:
    """UN symbols, resolution numbers and vetoes in folded text.

    >>> [(i.kind, i.value) for i in find("adopting resolution 2533 (2020), see S/2020/667")]
    [('resolution', '2533'), ('symbol', 'S/2020/667')]
    >>> [(i.kind, i.value) for i in find("بموجب قرار مجلس الامن الدولي (2672)، والقرار 2533")]
    [('resolution', '2533')]
    """
    items = [Item("symbol", m.start(), m.end(), m.group()) for m in SYMBOL.finditer(folded)]
    for m in RESOLUTION.finditer(folded):
        number = m.group("ar") or m.group("en")
        items.append(Item("resolution", m.start(), m.end(), number))
    items += [Item("veto", m.start(), m.end(), m.group()) for m in VETO.finditer(folded)]
    return sorted(items, key=lambda i: i.start)
