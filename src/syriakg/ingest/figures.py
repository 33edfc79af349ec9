"""The figures detector: a number phrase with its qualifier, population group, outcome, part of
a total, period and perpetrator (docs/ingest.md, "Figures").

A figure's quote is the number phrase (qualifier, number, unit and group when they stand
together), not the sentence. Works on folded text (ingest.arabic); spans are mapped back to the
original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from syriakg.ingest import lexicon as lx
from syriakg.ingest.actors import Mention
from syriakg.ingest.arabic import fold_text
from syriakg.ingest.dates import DateMention
from syriakg.ingest.numbers import Quantity
from syriakg.ingest.periods import Period

NAME, VERSION = "figures", "3"


def _alternation(words: str) -> str:
    """A regex alternation of folded words, longest first, any spacing between words."""
    folded = {fold_text(w) for w in words.split("|")}
    return "|".join(sorted((w.replace(" ", r"\s+") for w in folded), key=len, reverse=True))


# A word between a number and its noun, but not a verb or a preposition ("91 killed by strikes").
_ADJECTIVE = (
    r"(?!(?:killed|by|were|was|are|is|have|has|had|in|on|at|to|from|with|and|of|who|which)\b)"
    r"[A-Za-z-]+"
)


def _noun_rx(nouns: dict[str, str], lang: str) -> re.Pattern[str]:
    groups = "|".join(f"(?P<{k.replace('-', '_')}>{_alternation(v)})" for k, v in nouns.items())
    if lang == "ar":
        return re.compile(rf"^\s*(?:من\s+)?(?:[وبل]|ال)??(?:{groups})(?![\w])")
    return re.compile(
        rf"^\s+(?:of\s+(?:the\s+)?)?(?:(?:the|so-called|other|{_ADJECTIVE}|\"[^\"]+\"|“[^”]+”)\s+)"
        rf"{{0,3}}?"
        rf"(?:{groups})\b",
        re.IGNORECASE,
    )


AR_NOUN = _noun_rx(lx.AR_NOUNS, "ar")
EN_NOUN = _noun_rx(lx.EN_NOUNS, "en")
AR_JOINED = re.compile(rf"^\s+و(?P<j>{_alternation('|'.join(lx.AR_JOINED))})(?![\w])")
EN_JOINED = re.compile(rf"^\s+and\s+(?P<j>{'|'.join(lx.EN_JOINED)})\b")
AR_QUAL = re.compile(
    rf"(?:^|(?<=[\s\"“(]))(?:[لوب])?(?P<q>{_alternation('|'.join(lx.AR_BEFORE))})\s*$"
)
EN_QUAL = re.compile(rf"\b(?P<q>{_alternation('|'.join(lx.EN_BEFORE))})\s+$", re.IGNORECASE)
AR_AFTER = re.compile(r"^\s+(?P<q>علي\s+الاقل)(?![\w])")
AR_TIME = re.compile(rf"^[\s-]*(?:ال)?(?:{lx.AR_TIME})(?![\w])")
EN_TIME = re.compile(rf"^[\s-]*(?:{lx.EN_TIME})\b", re.IGNORECASE)
AGE = re.compile(r"(?:سن|age|aged)\s*(?:الـ|ال|ال\s)?\s*$")
RESOLUTION = re.compile(r"(?:القرار|قرار|resolution|رقم|No\.|symbol)\s*\(?$", re.IGNORECASE)
AR_PART = re.compile(rf"(?<![\w])(?:و)?(?:{_alternation(lx.AR_PART)})(?![\w])")
AR_RESET = re.compile(rf"(?<![\w])(?:{_alternation(lx.AR_RESET)})(?![\w])")
EN_PART = re.compile(rf"\b(?:{lx.EN_PART})\b", re.IGNORECASE)
EN_RESET = re.compile(rf"\b(?:{lx.EN_RESET})\b", re.IGNORECASE)
AR_CASUALTY_NOUN = re.compile(
    r"(?<![\w])(?:و)?(?:قتلت|قتل|اصيب|اصيبت)\s+(?P<n>امراه|رجل|طفل|طفله|طفلان|طفلين|شخص|شخصان)"
    r"(?![\w])|(?<![\w])(?:ان|إن)\s+(?P<m>امراه|رجلا|طفلا)\s+(?:قتلت|قتل|اصيب|اصيبت)"
)
AR_DUAL = re.compile(r"(?<![\w])(?:من\s+)?(?P<d>نقطتين|نقطتي\s+العبور|معبرين)(?![\w])")
EN_ONE = re.compile(
    r"(?:^|[–-]\s+|and\s+|\bincluding\s+\d+\s+\w+\s+and\s+)(?P<a>a\s+(?P<n>woman|man|child))\b"
)
_PEOPLE = ("children", "women", "men", "civilians", "fighters")
UNIT = re.compile(
    r"^\s*(?P<u>%|في\s+الميه|بالميه|في\s+المايه|بالمايه|per\s*cent|percent|كلم\s+مربع|كم\s+مربع|"
    r"كيلومتر\s+مربع|km²|km2|square\s+kilometres|square\s+kilometers)"
)
TERRITORY = re.compile(r"سيطر|تسيطر|مساحه|اراضي|control|territory|held", re.IGNORECASE)
EN_WERE = re.compile(
    r"^\s+(?:were|are)\s+(?:"
    + "|".join(f"(?P<{k}>{_alternation(v)})" for k, v in lx.EN_NOUNS.items() if k in _PEOPLE)
    + r")\b"
)
EN_BARE_AFTER = re.compile(
    r"^\s*(?:including|killed|were killed|of the|others|\(|were (?:civilians|children|women))",
    re.IGNORECASE,
)
EN_BARE_BEFORE = re.compile(r"(?:kill|kills|killed|rose to|toll of|the|[–-])\s*$", re.IGNORECASE)
AR_BARE_AFTER = re.compile(r"^\s*(?:منهم|بينهم|قتلوا)(?![\w])")
AR_VOTE_BEFORE = re.compile(
    rf"(?:{_alternation('|'.join(lx.AR_VOTES.values()))})(?:\s+\S+){{0,3}}\s*$"
)


def _word_rx(words: str, lang: str) -> re.Pattern[str]:
    alt = _alternation(words)
    if lang == "ar":
        return re.compile(rf"(?<![\w])(?:[وبل]|ال|لل|وال|بال)?(?:{alt})(?![\w])")
    return re.compile(rf"\b(?:{alt})\b", re.IGNORECASE)


OUTCOMES = {
    lang: {k: _word_rx(v, lang) for k, v in table.items()}
    for lang, table in (("ar", lx.AR_OUTCOMES), ("en", lx.EN_OUTCOMES))
}
VOTES = {
    lang: {k: _word_rx(v, lang) for k, v in table.items()}
    for lang, table in (("ar", lx.AR_VOTES), ("en", lx.EN_VOTES))
}
PERPETRATORS = {
    lang: {k: re.compile(v) for k, v in table.items()}
    for lang, table in (("ar", lx.AR_PERPETRATORS), ("en", lx.EN_PERPETRATORS))
}
THINGS = {"votes", "crossings", "air-strikes", "barrel-bombs", "targets", "attacks"}


@dataclass
class Figure:
    """A drafted figure; spans are in the original text."""

    start: int
    end: int
    value: float | None
    qualifier: str
    group: str | None
    outcome: str | None
    lower: float | None = None
    upper: float | None = None
    unit: str | None = None
    part_of: int | None = None  # index of the total in the document's figures
    period: tuple[int, int] | None = None
    perpetrator: str | None = None
    claimant: object | None = None
    reasons: list[str] = field(default_factory=list)
    fstart: int = 0  # span in folded text
    fend: int = 0


@dataclass
class Context:
    """What the detector reads in one sentence (all spans in folded text)."""

    folded: str
    lang: str
    start: int
    end: int
    dates: list[DateMention]
    periods: list[Period]
    mentions: list[tuple[int, int, Mention]]  # folded span, mention
    classes: dict[str, str]


def detect(ctx: Context, found: list[Quantity]) -> list[Figure]:
    """The figures of one sentence, from the quantities found in it."""
    out: list[Figure] = []
    for q in found:
        figure = _figure(ctx, q)
        if figure is not None:
            out.append(figure)
    out += _nouns_alone(ctx, out)
    out.sort(key=lambda f: f.fstart)
    _parts(ctx, out)
    for f in out:
        _outcome(ctx, f)
        f.period = _nearest(ctx.periods, f, ctx.folded) if f.period is None else f.period
        f.perpetrator = _perpetrator(ctx, f)
    for f in out:
        if f.period == (-1, -1):
            f.period = None
    for f in out:  # a part keeps its total's period and outcome
        if f.part_of is not None:
            total = out[f.part_of]
            if total.period is not None:
                f.period = total.period
            if f.outcome is None:
                f.outcome = total.outcome
    return out


def _figure(ctx: Context, q: Quantity) -> Figure | None:
    t, lang = ctx.folded, ctx.lang
    before = t[max(ctx.start, q.start - 60) : q.start]
    after = t[q.end : min(ctx.end, q.end + 90)]
    if any(d.start <= q.start < d.end for d in ctx.dates):
        return None
    if not q.words and not q.vague and not q.fraction:
        if re.search(r"[A-Za-z]-$", before) or before.endswith(("/", "+")) or after.startswith(
            ("/", "+")
        ):
            return None
        if RESOLUTION.search(before):
            return None
        if q.value is not None and 1900 <= q.value <= 2100 and float(q.value).is_integer():
            if not (AR_NOUN if lang == "ar" else EN_NOUN).match(after):
                return None
    if (AR_TIME if lang == "ar" else EN_TIME).match(after) or AGE.search(before):
        return None
    unit = UNIT.match(after)
    if unit and not q.words:
        # A share or an area: "55.8%", "103 آلاف و218 كلم مربع", "km²".
        end = q.end + unit.end()
        territory = TERRITORY.search(t, ctx.start, ctx.end)
        return Figure(
            q.start, end, q.value, "exact", None, "territory" if territory else None,
            unit="km2" if re.search(r"مربع|km|square", unit.group("u")) else "percent",
            reasons=[f"number {t[q.start:q.end]!r}", f"unit {unit.group('u')!r}"],
            fstart=q.start, fend=end,
        )
    noun = (AR_NOUN if lang == "ar" else EN_NOUN).match(after)
    group = None
    end = q.end
    reasons = [f"number {t[q.start:q.end]!r}"]
    if noun:
        kind = next(k for k, v in noun.groupdict().items() if v is not None).replace("_", "-")
        word = noun.group(kind.replace("-", "_"))
        if lang == "en" and kind == "member" and word.lower() == "is" and word != "IS":
            noun = None
        elif lang == "ar" and not (q.vague or q.fraction):
            if after[: noun.start(kind.replace("-", "_"))].strip().startswith("من"):
                noun = None
    if noun and lang == "en" and kind == "votes" and word.lower() == "votes" and (
        q.words or not re.match(r"\s+(?:in\s+fav|against)", after[noun.end() :])
    ):
        noun = None
    if noun and lang == "en" and kind == "member" and word.lower() == "members" and _is_vote(
        ctx, None
    ):
        kind = "votes"
    if noun:
        end = q.end + noun.end()
        group = kind
        reasons.append(f"{'thing' if kind in THINGS else 'group'} {word!r}")
        if kind == "member":
            group = _member_of(ctx, q.end, q.end + noun.end() + 40) or "fighters"
        elif lang == "en" and kind in ("fighters", "all"):
            named = _member_of(ctx, q.end, end)
            if named:
                group = named
        joined = (AR_JOINED if lang == "ar" else EN_JOINED).match(t[end : ctx.end])
        if joined:
            extra = (lx.AR_JOINED if lang == "ar" else lx.EN_JOINED)[joined.group("j")]
            if extra and extra != group:
                group = f"{group}+{extra}"
            end += joined.end()
    elif q.fraction:
        if not re.search(r"(?:هم|ها|هن)$", t[q.start : q.end]):
            return None
        group = None
    elif q.vague:
        if not re.search(r"(?:تشريد|نزوح|مقتل|اصابه)\s+$", before):
            return None
        group = "all"
    else:
        if not _bare_figure(ctx, q, before, after):
            return None
        group = "votes" if _is_vote(ctx, None) and not OUTCOMES[lang]["killed"].search(
            t, ctx.start, ctx.end) else "all"
        if group == "all":
            group = _member_of(ctx, q.end, q.end + 40) or group
            were = EN_WERE.match(after) if lang == "en" else None
            if were:
                kind = next(k for k, v in were.groupdict().items() if v is not None)
                group = kind.replace("_", "-") if kind in lx.EN_NOUNS else group
    vote = group == "votes"
    if vote:
        group = None
    qualifier = "exact" if not (q.vague or q.fraction) else q.qualifier
    start = q.start
    qual = (AR_QUAL if lang == "ar" else EN_QUAL).search(before)
    if qual and not (q.vague and q.qualifier != "exact"):
        qualifier = (lx.AR_BEFORE if lang == "ar" else lx.EN_BEFORE)[
            " ".join(qual.group("q").lower().split())
        ]
        start = q.start - (len(before) - qual.start("q"))
        reasons.append(f"qualifier {qual.group('q')!r}")
    if lang == "ar":
        tail = AR_AFTER.match(t[end : ctx.end])
        if tail:
            qualifier = "at-least"
            end += tail.end()
            reasons.append("qualifier 'على الأقل'")
        if before.rstrip().endswith("حاجز") and "تجاوز" in t[ctx.start : q.start]:
            qualifier = "more-than"
            reasons.append("تجاوز … حاجز")
    if q.vague and q.qualifier == "exact":  # "a quarter of a million"
        qualifier = qualifier if qual else "exact"
    lower = q.lower if (q.vague or q.fraction) else None
    return Figure(
        start, end, q.value, qualifier, group if group not in THINGS else None,
        "votes" if vote else group if group in THINGS else None, lower=lower, upper=q.upper,
        reasons=reasons, fstart=start, fend=end,
    )


def _bare_figure(ctx: Context, q: Quantity, before: str, after: str) -> bool:
    """A number with no noun is a figure only where the sentence says what it counts."""
    if ctx.lang == "ar":
        if AR_VOTE_BEFORE.search(before):
            return True
        return not q.words and bool(AR_BARE_AFTER.match(after))
    if q.words:
        return False
    return bool(EN_BARE_AFTER.match(after) or EN_BARE_BEFORE.search(before))


def _member_of(ctx: Context, start: int, end: int) -> str | None:
    for s, _e, mention in ctx.mentions:
        if start <= s < end and mention.key and mention.key.startswith("actor:"):
            if ctx.classes.get(mention.key) == "NonStateArmedGroup":
                return f"members:{mention.key.removeprefix('actor:')}"
    return None


def _nouns_alone(ctx: Context, have: list[Figure]) -> list[Figure]:
    """People counted by a noun alone: "قتلت امرأة" (1), "طفلان" (2), "a woman", "نقطتين"."""
    t = ctx.folded[ctx.start : ctx.end]
    out: list[Figure | None] = []
    taken = [(f.fstart, f.fend) for f in have]
    if ctx.lang == "ar":
        for m in AR_CASUALTY_NOUN.finditer(t):
            name = "n" if m.group("n") else "m"
            word = m.group(name)
            value = 2.0 if word.endswith(("ان", "ين")) else 1.0
            group = "women" if word.startswith("امر") else "children" if "طفل" in word else "all"
            out.append(_alone(ctx, m.start(name), m.end(name), value, group, None, taken))
        for m in AR_DUAL.finditer(t):
            out.append(_alone(ctx, m.start("d"), m.end("d"), 2.0, None, "crossings", taken))
    else:
        for m in EN_ONE.finditer(t):
            group = {"woman": "women", "man": "men", "child": "children"}[m.group("n")]
            out.append(_alone(ctx, m.start("a"), m.end("a"), 1.0, group, None, taken))
    return [f for f in out if f is not None]


def _alone(
    ctx: Context, s: int, e: int, value: float, group: str | None, thing: str | None,
    taken: list[tuple[int, int]],
) -> Figure | None:
    s, e = s + ctx.start, e + ctx.start
    if any(a < e and s < b for a, b in taken):
        return None
    return Figure(s, e, value, "exact", group, thing, reasons=["noun counted alone"],
                  fstart=s, fend=e)


def _parts(ctx: Context, figures: list[Figure]) -> None:
    part_rx = AR_PART if ctx.lang == "ar" else EN_PART
    reset_rx = AR_RESET if ctx.lang == "ar" else EN_RESET
    total: int | None = None
    in_part = False
    for i, f in enumerate(figures):
        if i == 0:
            gap = ctx.folded[ctx.start : f.fstart]
            total = 0
            continue
        gap = ctx.folded[figures[i - 1].fend : f.fstart]
        if ctx.lang == "en" and re.fullmatch(r"\s*of the\s*", gap):
            figures[i - 1].part_of = i
            continue
        if reset_rx.search(gap):
            total, in_part = i, False
        elif part_rx.search(gap):
            if not in_part:
                total = i - 1
            f.part_of, in_part = total, True
            f.reasons.append("part of a total")
        elif in_part and re.fullmatch(r"[\s,،و()]*(?:and|و)?[\s,،()]*", gap):
            f.part_of = total
        else:
            total, in_part = i, False


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def _outcome(ctx: Context, f: Figure) -> None:
    if f.outcome == "votes":
        f.outcome = _vote(ctx, f)
        f.period = (-1, -1)  # a vote's count has no period of its own
        return
    if f.outcome is not None:
        if f.outcome == "crossings":
            f.period = (-1, -1)
        return
    best: tuple[int, str] | None = None
    for name, rx in OUTCOMES[ctx.lang].items():
        for m in rx.finditer(ctx.folded, ctx.start, ctx.end):
            d = _distance((f.fstart, f.fend), (m.start(), m.end()))
            if name == "killed-or-injured":
                d -= 1
            if best is None or d < best[0]:
                best = (d, name)
    f.outcome = best[1] if best else None


def _is_vote(ctx: Context, f: Figure | None) -> bool:
    return any(rx.search(ctx.folded, ctx.start, ctx.end) for rx in VOTES[ctx.lang].values())


def _vote(ctx: Context, f: Figure) -> str | None:
    best: tuple[int, str] | None = None
    for name, rx in VOTES[ctx.lang].items():
        for m in rx.finditer(ctx.folded, ctx.start, ctx.end):
            if ctx.lang == "ar" and m.start() > f.fstart:
                continue  # an Arabic vote verb comes first
            if ctx.lang == "en" and m.start() < f.fstart and name != "against":
                continue
            d = _distance((f.fstart, f.fend), (m.start(), m.end()))
            if best is None or d < best[0]:
                best = (d, name)
    return best[1] if best else None


def _nearest(periods: list[Period], f: Figure, folded: str = "") -> tuple[int, int] | None:
    best = None
    for p in periods:
        d = _distance((f.fstart, f.fend), (p.start, p.end))
        ranged = r"(?:منذ|since|between)\b.*(?:حتي|until|and)"
        if folded and re.match(ranged, folded[p.start : p.end]):
            d -= 40  # a stated start and end says more than a length of time
        if best is None or d < best[0]:
            best = (d, (p.start, p.end))
    return best[1] if best else None


def _perpetrator(ctx: Context, f: Figure) -> str | None:
    best = None
    for ref, rx in PERPETRATORS[ctx.lang].items():
        for m in rx.finditer(ctx.folded, ctx.start, ctx.end):
            d = _distance((f.fstart, f.fend), (m.start(), m.end()))
            if best is None or d < best[0]:
                best = (d, ref)
    return best[1] if best else None
