"""Text handling shared by the pipeline and the pages: NFC, sentences, quote spans.

Offsets count Unicode code points on the NFC text (Python ``str`` indices), as the Web Annotation
model and NIF do; never UTF-16 units or bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A sentence ends at a full stop, a question mark or a line break; a full stop between two digits
# ("71.7%") is a decimal point, not an end.
_SENTENCE_END = re.compile(r"(?<!\d)\.|\.(?!\d)|[؟?!\n]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def sentences(text: str) -> list[Sentence]:
    """Split a document into sentences, with their spans; blank pieces are dropped.

    >>> [s.text for s in sentences("أ 71.7%. ب\\nج")]
    ['أ 71.7%.', 'ب', 'ج']
    """
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        _add(out, text, start, end)
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped and stripped not in ".،,":
        lead = len(piece) - len(piece.lstrip())
        s = start + lead
        out.append(Sentence(s, s + len(stripped), stripped))


def sentence_at(text: str, offset: int) -> Sentence | None:
    """The sentence that contains ``offset``."""
    for s in sentences(text):
        if s.start <= offset < s.end:
            return s
    return None


def find_all(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text`` (overlapping matches included)."""
    starts = []
    i = text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    return starts


_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def search_key(text: str) -> str:
    """Fold Arabic spelling variants and case so that labels match what people type.

    Hamza forms of alef become bare alef, taa marbuta becomes haa, alef maqsura becomes yaa, and
    diacritics and tatweel are dropped.

    >>> search_key("إدلب") == search_key("ادلب")
    True
    >>> search_key("Idlib")
    'idlib'
    """
    t = _HARAKAT.sub("", nfc(text))
    t = re.sub("[أإآٱ]", "ا", t)
    t = t.replace("ة", "ه").replace("ى", "ي")
    return t.casefold().strip()


# Attached prefixes (conjunctions, prepositions, the article), longest first; folded
# (``search_key``) like the words they are stripped from.
_CLITICS = ("وبال", "وكال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_ARABIC_WORD = re.compile("[\u0621-\u064a]+")


def stem(word: str) -> str:
    """A folded Arabic word without its attached prefixes, at least two letters left; any
    other word unchanged. Search indexes both forms, so ``الفيتو`` and ``بالفيتو`` meet at ``فيتو``.

    >>> stem(search_key("بالفيتو")), stem("veto")
    ('فيتو', 'veto')
    """
    if not _ARABIC_WORD.fullmatch(word):
        return word
    for prefix in _CLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word
