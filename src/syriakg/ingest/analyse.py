"""Run every detector over one document: sentences, actors and places, claimants, dates,
periods, figures and UN business, with spans in the original text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from syriakg.ingest import unbusiness
from syriakg.ingest.actors import Gazetteer, Mention
from syriakg.ingest.arabic import fold
from syriakg.ingest.claimant import Claimant, attribute
from syriakg.ingest.dates import DateMention, dates
from syriakg.ingest.figures import Context, Figure, detect
from syriakg.ingest.numbers import quantities
from syriakg.ingest.periods import periods
from syriakg.ingest.sentences import split


@dataclass
class Analysis:
    text: str
    lang: str
    figures: list[Figure]
    mentions: list[Mention]
    dates: list[tuple[int, int, DateMention]]  # original span, date
    un: list[tuple[int, int, unbusiness.Item]]


def analyse(text: str, lang: str, gazetteer: Gazetteer, published: date | None) -> Analysis:
    folded = fold(text)
    f = folded.text
    # Offsets in the original text -> offsets in the folded text.
    to_folded = [0] * (len(text) + 1)
    j = 0
    for i in range(len(text) + 1):
        while j < len(folded.origin) and folded.origin[j] < i:
            j += 1
        to_folded[i] = j
    mentions = gazetteer.find(text, folded, lang)
    folded_mentions = [(to_folded[m.start], to_folded[m.end], m) for m in mentions]
    classes = {e.key: e.cls for e in gazetteer.entries}
    heads = gazetteer.heads()
    found_dates = dates(f, lang, published)
    found_periods = periods(f, lang)
    found_quantities = quantities(f, lang)
    figures: list[Figure] = []
    current: Claimant | None = None
    for sentence in split(text):
        fs, fe = to_folded[sentence.start], to_folded[sentence.end]
        ctx = Context(
            f, lang, fs, fe, found_dates,
            [p for p in found_periods if fs <= p.start < fe],
            folded_mentions, classes,
        )
        claimant, current = attribute(
            text[sentence.start : sentence.end], f[fs:fe], sentence.start, mentions, lang,
            current, classes, heads,
        )
        base = len(figures)
        here = detect(ctx, [q for q in found_quantities if fs <= q.start < fe])
        for figure in here:
            figure.start, figure.end = folded.span(figure.fstart, figure.fend)
            if figure.period is not None:
                figure.period = folded.span(*figure.period)
            if figure.part_of is not None:
                figure.part_of += base
            figure.claimant = claimant
        for figure in here:  # a breakdown in a sentence of its own keeps the toll's outcome
            people = [f for f in figures if f.group is not None]
            if figure.outcome is None and figure.group is not None and people:
                figure.outcome = people[-1].outcome
            figures.append(figure)
    return Analysis(
        text,
        lang,
        figures,
        mentions,
        [(*folded.span(d.start, d.end), d) for d in found_dates],
        [(*folded.span(i.start, i.end), i) for i in unbusiness.find(f)],
    )
