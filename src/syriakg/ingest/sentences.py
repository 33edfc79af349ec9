"""Sentences of a document to ingest, with their spans (abbreviations like "U.N." kept whole)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"(?<=[.!?؟])(?<!\b[A-Z]\.)(?<!\b[A-Z][a-z]\.)[\"”’»)]*\s+|\n+")
# A line broken inside a phrase ("17\nطفلا", "مئات\nالآلاف", "فقط،\nوتشريد") goes on.
_SOFT_BEFORE = re.compile(r"(?:\d|[،,]|(?<![\w])(?:الف|ألف|آلاف|مئات|عشرات))\s*$")
_SOFT_AFTER = re.compile(r"^(?:[a-z]|و?\d)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    paragraph: int


def split(text: str) -> list[Span]:
    """Sentence spans; a line break also ends a paragraph.

    >>> t = "U.N. chief said 5. Next one.\\nNew"
    >>> [(t[s.start:s.end], s.paragraph) for s in split(t)]
    [('U.N. chief said 5.', 0), ('Next one.', 0), ('New', 1)]
    """
    out: list[Span] = []
    start, paragraph = 0, 0
    for m in _END.finditer(text):
        if m.group() == "\n" and (
            _SOFT_BEFORE.search(text, 0, m.start()) or _SOFT_AFTER.match(text[m.end() :])
        ):
            continue
        if text[start : m.start()].strip():
            out.append(Span(start, m.start(), paragraph))
        if "\n" in m.group():
            paragraph += 1
        start = m.end()
    if text[start:].strip():
        out.append(Span(start, len(text.rstrip()), paragraph))
    return out
