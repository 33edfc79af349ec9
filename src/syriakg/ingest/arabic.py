"""Arabic spelling folded for matching, with the way back to offsets in the original text.

Detectors search a folded copy of the text (hamza forms of alef as bare alef, taa marbuta as
haa, alef maqsura as yaa, Arabic-Indic digits as ASCII digits, diacritics and tatweel dropped;
Latin letters keep their case, so that "IS" is not "is") and report spans in the original
text, which is what a draft
quotes (docs/ingest.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyarabic import araby

_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "٬": ",",
        "٫": ".",
        "’": "'",
        "‘": "'",
        **{chr(0x660 + d): str(d) for d in range(10)},
        **{chr(0x6F0 + d): str(d) for d in range(10)},
    }
)
# Attached particles a label may carry in running text: و، ف، ب، ل، ك and the article ال.
PREFIXES = ("و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فال", "وب", "ول", "وبال", "ولل")


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the offset in the original."""

    text: str
    origin: list[int]
    length: int
    raw: str = ""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span ``[start, end)``."""
        if start >= len(self.origin):
            return self.length, self.length
        if end <= start:
            return self.origin[start], self.origin[start]
        # The end takes in the marks folded away after the last character (tanween: طفلاً).
        stop = self.origin[end - 1] + 1
        while stop < self.length and (stop >= len(self.raw) or not fold_char(self.raw[stop])):
            if stop >= len(self.raw) or self.raw[stop].isspace():
                break
            stop += 1
        return self.origin[start], stop


def fold_char(c: str) -> str:
    if araby.is_tashkeel(c) or c == araby.TATWEEL:
        return ""
    return c.translate(_FOLD)


def fold(text: str) -> Folded:
    """Fold ``text``; characters that fold to nothing are dropped.

    >>> f = fold("مُقاتلاً في إدلب")
    >>> f.text
    'مقاتلا في ادلب'
    >>> f.span(10, 14)
    (12, 16)
    """
    out: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        for piece in fold_char(c):
            out.append(piece)
            origin.append(i)
    return Folded("".join(out), origin, len(text), text)


def fold_text(text: str) -> str:
    """The folded form of a label or a word.

    >>> fold_text("الأمم المتحدة") == fold_text("الامم المتحده")
    True
    """
    return fold(text).text
