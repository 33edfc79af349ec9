"""Who the document attributes each sentence to (وفق المرصد، قال، أفادت، according to …,
"Moscow says"), kept apart from the document's own voice.

A sentence names its claimant with a verb of saying next to an actor (قال المرصد، SOHR said) or
a phrase of attribution (وفق، حسب، بحسب، according to). A sentence that says without naming
("وأوضح أن", "the group said", "she said") continues the last claimant; so does a sentence
that names none after one of a monitor or an organisation reporting a toll. A person speaking
for a delegation is not carried over. Unnamed sources ("a monitoring organisation", "مصادر
محلية") are kept as words (`says:`), never resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from syriakg.ingest.actors import Mention

_AR_VERBS = (
    "اكد|اكدت|اعلن|اعلنت|قال|قالت|افاد|افادت|وثق|وثقت|اوضح|اوضحت|ذكر|ذكرت|اشار|اشارت|كشف|"
    "كشفت|قدر|قدرت|تمكن|يقول|تقول"
)
AR_SAY = re.compile(rf"(?<![\w])(?:و|ف)?(?:{_AR_VERBS})(?![\w])")
AR_ACCORDING = re.compile(r"(?<![\w])(?:و)?(?:وفق|وفقا ل|حسب|بحسب|نقلا عن|بحسب ما اورد)(?![\w])")
EN_SAY = re.compile(
    r"\b(?:said|says|say|documented|reported|reporting|reports|noted|added|stated|inform|"
    r"puts|estimated|told)\b"
)
EN_ACCORDING = re.compile(r"\b(?:according to|as reported by|reported by)\b", re.IGNORECASE)
AR_ANAPHORA = re.compile(
    r"(?<![\w])(?:و)?(?:المرصد|التقرير|المصدر|نفس المصدر|الحصيله الاخيره)(?![\w])"
)
EN_ANAPHORA = re.compile(
    r"\b(?:[Tt]he (?:group|monitor|[Oo]bservatory|report|organi[sz]ation)|[Ss]he|[Hh]e|"
    r"[Tt]hey|[Ii]t|[Hh]er [Oo]ffice|[Tt]he human rights defenders|[Tt]he UN Human Rights Chief)"
    r"\b"
)
AR_UNNAMED = re.compile(r"(?<![\w])(?:مصادر محليه|مصادر|ناشطين|ناشطون|منظمه دوليه)(?![\w])")
EN_UNNAMED = re.compile(
    r"\b(?:an? (?:monitoring organi[sz]ation|monitor|activist|source)|war monitoring groups|"
    r"(?:Russian and Syrian |Syrian |Russian )?officials|opposition activists?)\b"
)
# Speakers whose words are not carried to the next sentence.
_SPEAKER = re.compile(r"representative|delegat|ambassador|مندوب|سفير", re.IGNORECASE)
CARRIED_CLASSES = {"MonitoringOrganisation", "IntergovernmentalOrganisation", "Organ", ""}


@dataclass(frozen=True)
class Claimant:
    """``ref`` is actor:<key>; ``words`` the text naming it (a proposal when ``ref`` is None)."""

    ref: str | None
    words: str
    unnamed: bool = False

    def label(self) -> str:
        """How the evaluation names it: a key, `new:<words>` or `says:<words>`."""
        if self.ref:
            return self.ref.removeprefix("actor:")
        return f"{'says' if self.unnamed else 'new'}:{self.words}"


def attribute(
    sentence: str,
    folded: str,
    offset: int,
    mentions: list[Mention],
    lang: str,
    current: Claimant | None,
    classes: dict[str, str],
    heads: dict[str, str],
) -> tuple[Claimant | None, Claimant | None]:
    """The claimant of one sentence, and the one the next sentence continues with.

    ``sentence`` is the original text, ``folded`` its folded form, ``offset`` where it starts
    in the document, ``mentions`` the actor mentions of the document, ``heads`` what a bare
    head noun ("المرصد", "the observatory") names when no actor was named before it.
    """
    inside = [
        m for m in mentions
        if offset <= m.start < offset + len(sentence)
        and (m.key is None or m.key.startswith("actor:"))
    ]
    say = AR_SAY if lang == "ar" else EN_SAY
    according = AR_ACCORDING if lang == "ar" else EN_ACCORDING
    text = folded if lang == "ar" else sentence
    found: Claimant | None = None
    after_anchors = [m.end() for m in according.finditer(text)]
    verbs = [m.start() for m in say.finditer(text)] + [m.end() for m in say.finditer(text)]
    anchors = after_anchors + verbs
    unnamed_rx = AR_UNNAMED if lang == "ar" else EN_UNNAMED
    candidates: list[tuple[int, int, Claimant]] = [
        (m.start - offset, m.end - offset, Claimant(m.key, m.text)) for m in inside
    ]
    candidates += [
        (u.start(), u.end(), Claimant(None, sentence[u.start() : u.end()] if lang == "en"
                                      else u.group(), unnamed=True))
        for u in unnamed_rx.finditer(text)
    ]
    if current is not None:
        # "The UN Human Rights Chief said", "the group said": the last claimant again.
        anaphora_rx = AR_ANAPHORA if lang == "ar" else EN_ANAPHORA
        candidates += [(a.start(), a.end(), current) for a in anaphora_rx.finditer(text)]
    best: tuple[int, Claimant] | None = None
    for anchor in anchors:
        for start, end, who in candidates:
            if lang == "ar" or anchor in after_anchors:
                # the claimant follows an Arabic verb or an attribution, before any number
                numbered = re.search(r"\d", text[anchor:start])
                if start < anchor - 2 or start - anchor > 30 or numbered:
                    continue
                distance = start - anchor
            else:
                # an English claimant comes before its verb ("SOHR said")
                if end > anchor + 1 or anchor - end > 40:
                    continue
                distance = anchor - end
            if best is None or distance < best[0]:
                best = (distance, who)
    if best is not None:
        found = best[1]
    elif anchors:
        anaphora = (AR_ANAPHORA if lang == "ar" else EN_ANAPHORA).search(text)
        if anaphora and current is None:
            ref = heads.get(" ".join(anaphora.group().lower().removeprefix("و").split()))
            found = Claimant(ref, anaphora.group()) if ref else None
        elif anaphora or current is not None:
            found = current
    if found is not None and found.unnamed and lang == "ar":
        found = Claimant(None, found.words, unnamed=True)
    if found is None:
        found = current if _carries(current, classes) else None
    carried = found if (found is None or not _SPEAKER.search(sentence)) else current
    return found, carried


def _carries(claimant: Claimant | None, classes: dict[str, str]) -> bool:
    if claimant is None:
        return False
    if claimant.ref is None:
        return not claimant.unnamed
    return classes.get(claimant.ref, "") in CARRIED_CLASSES
