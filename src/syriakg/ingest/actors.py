"""Actors and places named in a text, linked to the reference layer (data/reference/).

A mention matches an actor's or a place's Arabic or English label or alias, tolerant of hamza,
taa marbuta, alef maqsura, diacritics, attached particles (و، ب، ل، ال) and a missing space
between words. A named organisation (or a person named with a title) the reference layer does
not know is proposed as a new actor with the words of the text, never linked by guess; near
matches (rapidfuzz) are offered as candidates beside the proposal, not taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from syriakg.ingest.arabic import Folded, fold_text

_PAREN = re.compile(r"\s*\(([^)]*)\)")
_AR_HEADS = "|".join(
    fold_text(w)
    for w in (
        "منظمة|مفوضية|مكتب|الشبكة|شبكة|هيئة|لجنة|وزارة|مركز|برنامج|صندوق|المرصد|مرصد|"
        "الدفاع المدني|جبهة|حركة|الجيش|جيش|راديو|تلفزيون|وكالة"
    ).split("|")
)
_AR_STOP = r"(?:[،,.:؛\"“”«»()\n]|\s(?:في|ان|إن|أن|الذي|التي|عن|على|الى|إلى|بان|قد|لقد)\s)"
AR_ORG = re.compile(
    rf"(?<![\w])(?:[وبل]|ال)?(?:{_AR_HEADS})(?:\s+[\w/]+){{1,5}}?(?=\s*{_AR_STOP}|\s*$)"
)
_EN_HEADS = (
    "Observatory|Network|Office|Organi[sz]ation|Council|Committee|Agency|Ministry|Commission|"
    "Programme|Fund|Front|Party|Army|Defence|Mission|Division|Helmets"
)
_CAP = r"(?:[A-Z][\w'’.-]*)"
EN_ORG = re.compile(
    rf"{_CAP}(?:[\s-]+(?:{_CAP}|for|of|on|the)){{0,5}}?[\s-]+(?:{_EN_HEADS})(?:\s+(?:for|of|on)(?:\s+{_CAP})+)*(?:\s+\([A-Z]{{2,}}\))?"
)
EN_PERSON = re.compile(
    r"(?:chief|spokesman|spokeswoman|spokesperson|ambassador|envoy|director|President|"
    r"Secretary-General|Minister)\s+(?P<name>[A-Z][a-z]+(?:\s+(?:al-)?[A-Z][a-z]+){1,2})"
)


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str  # actor | place
    cls: str
    labels: dict[str, str]


@dataclass
class Mention:
    """A span of the original text naming an actor or a place, or a proposed new actor."""

    start: int
    end: int
    text: str
    key: str | None  # actor:<key> / place:<key>; None for a proposed new actor
    candidates: list[str] = field(default_factory=list)

    @property
    def proposed(self) -> bool:
        return self.key is None


class Gazetteer:
    """The labels of the reference layer, ready to find in folded text."""

    def __init__(self, actors: list[dict[str, str]], places: list[dict[str, str]]) -> None:
        self.entries: list[Entry] = []
        self._heads: dict[str, str] | None = None
        patterns: list[tuple[str, str, bool]] = []  # (regex, ref, case-sensitive)
        for kind, rows in (("actor", actors), ("place", places)):
            for row in rows:
                ref = f"{kind}:{row['key']}"
                labels = {"en": row.get("label_en", ""), "ar": row.get("label_ar", "")}
                self.entries.append(Entry(ref, kind, row.get("class", ""), labels))
                for lang in ("en", "ar"):
                    for label in _labels(row, lang):
                        patterns.append((_pattern(label, lang), ref, _acronym(label)))
        # Longest labels first, so that "مجلس الأمن الدولي" wins over "مجلس الأمن".
        patterns.sort(key=lambda p: -len(p[0]))
        self._rx = [(re.compile(p, 0 if cs else re.IGNORECASE), ref) for p, ref, cs in patterns]
        self._names = {e.key: fold_text(e.labels["en"] or e.labels["ar"]) for e in self.entries}
        self._choices = {
            fold_text(label).lower(): e.key
            for e in self.entries
            for label in e.labels.values()
            if label
        }

    def heads(self) -> dict[str, str]:
        """Head nouns that name one actor alone: "المرصد" and "the observatory" for SOHR."""
        if self._heads is None:
            self._heads = self._find_heads()
        return self._heads

    def _find_heads(self) -> dict[str, str]:
        out: dict[str, str] = {}
        seen: dict[str, int] = {}
        for e in self.entries:
            if e.kind != "actor":
                continue
            for lang, label in e.labels.items():
                words = fold_text(label).lower().split()
                if not words:
                    continue
                head = words[0] if lang == "ar" else next(
                    (w for w in words if w in ("observatory", "network", "office", "council")), ""
                )
                if not head:
                    continue
                key = head if lang == "ar" else f"the {head}"
                seen[key] = seen.get(key, 0) + 1
                out[key] = e.key
        return {k: v for k, v in out.items() if seen[k] == 1 and len(k) > 3}

    def label(self, ref: str) -> dict[str, str]:
        return next((e.labels for e in self.entries if e.key == ref), {})

    def cls(self, ref: str) -> str:
        return next((e.cls for e in self.entries if e.key == ref), "")

    def find(self, text: str, folded: Folded, lang: str) -> list[Mention]:
        """Every mention in ``text``, longest first where they overlap, left to right."""
        found: list[Mention] = []
        # Acronyms are matched in the original text (case kept): "IS", "UN", "SOHR".
        for rx, ref in self._rx:
            haystack = text if rx.flags & re.IGNORECASE == 0 else folded.text
            for m in rx.finditer(haystack):
                s, e = (m.start("l"), m.end("l"))
                if haystack is folded.text:
                    s, e = folded.span(s, e)
                found.append(Mention(s, e, text[s:e], ref))
        for m in (AR_ORG if lang == "ar" else EN_ORG).finditer(
            folded.text if lang == "ar" else text
        ):
            s, e = folded.span(m.start(), m.end()) if lang == "ar" else (m.start(), m.end())
            words = text[s:e].strip()
            lead = len(text[s:e]) - len(text[s:e].lstrip())
            found.append(self._proposal(s + lead, s + lead + len(words), words))
        if lang == "en":
            for m in EN_PERSON.finditer(text):
                found.append(self._proposal(m.start("name"), m.end("name"), m.group("name")))
        return _longest(found)

    def _proposal(self, start: int, end: int, words: str) -> Mention:
        key = fold_text(re.sub(r"^(?:the\s+)", "", words, flags=re.IGNORECASE)).lower()
        if key in self._choices:
            return Mention(start, end, words, self._choices[key])
        # A head noun that names one actor alone, with words after it ("المرصد المعارض").
        first = key.split()[0] if key.split() else ""
        for head, ref in self.heads().items():
            if first in (head, "ال" + head.removeprefix("ال")) and head.startswith("ال"):
                return Mention(start, end, words, ref)
        # The first words of one known name ("المرصد السوري"): that name, shortened.
        longer = [ref for label, ref in self._choices.items() if label.startswith(key + " ")]
        if len(key) >= 6 and len(set(longer)) == 1:
            return Mention(start, end, words, longer[0])
        near = process.extract(key, list(self._choices), scorer=fuzz.token_sort_ratio, limit=3)
        return Mention(
            start, end, words, None, [self._choices[c] for c, score, _ in near if score >= 80]
        )


def _labels(row: dict[str, str], lang: str) -> list[str]:
    out: list[str] = []
    for text in [row.get(f"label_{lang}", ""), *row.get(f"alt_labels_{lang}", "").split(";")]:
        text = text.strip()
        if not text:
            continue
        out.append(_PAREN.sub("", text).strip())
        out += [inner.strip() for inner in _PAREN.findall(text) if inner.strip()]
    return [label for label in out if label]


def _acronym(label: str) -> bool:
    return bool(re.fullmatch(r"[A-Z.]{2,6}", label))


def _pattern(label: str, lang: str) -> str:
    if _acronym(label):
        dotted = r"\.?".join(re.escape(c) for c in label) + r"\.?" if len(label) <= 4 else ""
        alt = f"{re.escape(label)}|{dotted}" if dotted else re.escape(label)
        return rf"(?<![\w])(?P<l>{alt})(?![\w])"
    words = [re.escape(w) for w in fold_text(label).split()]
    body = r"\s*".join(words) if lang == "ar" else r"[\s-]+".join(words)
    if lang == "en":
        return rf"\b(?P<l>{body})\b"
    if words and words[0].startswith("ال"):
        # With ل the article loses its alef: للامم المتحده.
        rest = body[len(re.escape("ال")) :]
        return rf"(?<![\w])(?:[وفبك]|وب|فب)?(?P<l>(?:ال|لل){rest})(?![\w])"
    return rf"(?<![\w])(?:[وفبلك]|وب|ول|ال|وال|بال|لل)?(?P<l>{body})(?![\w])"


def _named_by(proposal: Mention, known: Mention) -> bool:
    """The proposal is the known name, maybe with words before it that name no organisation
    ("UK-based Syrian Observatory for Human Rights"); "مكتب … التابع للأمم المتحدة" is not."""
    if known.end <= proposal.start or known.start >= proposal.end:
        return False
    if known.start <= proposal.start + 4:
        return True
    lead = proposal.text[: known.start - proposal.start]
    heads = re.compile(rf"{_AR_HEADS}|{_EN_HEADS}", re.IGNORECASE)
    return not heads.search(fold_text(lead)) and not heads.search(lead)


def _longest(found: list[Mention]) -> list[Mention]:
    known = [m for m in found if not m.proposed]
    # A proposal that begins with a known name is that name followed by other words.
    found = [
        m
        for m in found
        if not m.proposed or not any(_named_by(m, k) for k in known)
    ]
    found.sort(key=lambda m: (m.start, -(m.end - m.start), m.key is None))
    out: list[Mention] = []
    for m in found:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
