"""Each detector on sentences of the kinds the corpus holds, Arabic and English."""

from __future__ import annotations

from datetime import date

import pytest

from syriakg.ingest.actors import Gazetteer
from syriakg.ingest.analyse import analyse
from syriakg.ingest.arabic import fold
from syriakg.ingest.dates import dates
from syriakg.ingest.figures import Figure
from syriakg.ingest.unbusiness import find


def _quote(text: str, f: Figure) -> str:
    return text[f.start : f.end]


def figures(text: str, lang: str, gazetteer: Gazetteer) -> list[tuple[object, ...]]:
    a = analyse(text, lang, gazetteer, date(2020, 9, 1))
    return [
        (
            text[f.start : f.end], f.value, f.qualifier, f.group, f.outcome,
            None if f.part_of is None else _quote(text, a.figures[f.part_of]),
            text[f.period[0] : f.period[1]] if f.period else None,
            f.claimant.label() if f.claimant else None,  # type: ignore[attr-defined]
        )
        for f in a.figures
    ]


def test_arabic_toll_with_qualifier_parts_period_and_claimant(gazetteer: Gazetteer) -> None:
    text = (
        "ووثق المرصد السوري لحقوق الإنسان مقتل ما لا يقل عن ٤٩ مدنيا منذ بداية شهر شباط، "
        "بينهم 14 امرأة و17 طفلاً، بالإضافة إلى 243 مسلحا."
    )
    assert figures(text, "ar", gazetteer) == [
        ("ما لا يقل عن ٤٩ مدنيا", 49.0, "at-least", "civilians", "killed", None,
         "منذ بداية شهر شباط", "sohr"),
        ("14 امرأة", 14.0, "exact", "women", "killed", "ما لا يقل عن ٤٩ مدنيا",
         "منذ بداية شهر شباط", "sohr"),
        ("17 طفلاً", 17.0, "exact", "children", "killed", "ما لا يقل عن ٤٩ مدنيا",
         "منذ بداية شهر شباط", "sohr"),
        ("243 مسلحا", 243.0, "exact", "fighters", "killed", None, "منذ بداية شهر شباط", "sohr"),
    ]


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("قتل أكثر من 20 ألف شخص", 20000.0, "more-than"),
        ("قتل نحو 10 آلاف شخص", 10000.0, "about"),
        ("قدر عدد القتلى بـ 306 آلاف و887 إنساناً", 306887.0, "exact"),
        ("قتل 1,015 شخصا", 1015.0, "exact"),
        ("قتل قرابة ثلاثة ملايين شخص", 3000000.0, "about"),
        ("أسفرت عن مقتل العشرات من المدنيين يوميا", None, "tens"),
    ],
)
def test_arabic_numbers(
    text: str, value: float | None, qualifier: str, gazetteer: Gazetteer
) -> None:
    (found,) = figures(text, "ar", gazetteer)
    assert found[1:3] == (value, qualifier)


def test_durations_dates_ages_and_symbols_are_not_figures(gazetteer: Gazetteer) -> None:
    text = (
        "مدد مجلس الأمن القرار 2533 لمدة ستة أشهر في 10 تموز 2020، وقتل 48 طفلا دون ال 18 "
        "عاما خلال 20 شهراً."
    )
    assert [f[0] for f in figures(text, "ar", gazetteer)] == ["48 طفلا"]
    english = "The draft (document S/2020/667) offered a 12-month extension in 2020 (COVID-19)."
    assert figures(english, "en", gazetteer) == []


def test_english_votes_and_tolls(gazetteer: Gazetteer) -> None:
    text = (
        "The Council rejected it by a vote of 4 in favour to 7 against with 4 abstentions.\n"
        "According to SOHR, at least 42,234 air strikes killed more than 1,000 civilians, "
        "including more than 200 children, since 30 September."
    )
    got = figures(text, "en", gazetteer)
    assert [g[:5] for g in got] == [
        ("4 in favour", 4.0, "exact", None, "in-favour"),
        ("7 against", 7.0, "exact", None, "against"),
        ("4 abstentions", 4.0, "exact", None, "abstention"),
        ("at least 42,234 air strikes", 42234.0, "at-least", None, "air-strikes"),
        ("more than 1,000 civilians", 1000.0, "more-than", "civilians", "killed"),
        ("more than 200 children", 200.0, "more-than", "children", "killed"),
    ]
    assert got[5][5] == "more than 1,000 civilians" and got[5][6] == "since 30 September"
    assert {g[7] for g in got[3:]} == {"sohr"} and got[0][7] is None


def test_members_of_a_named_group(gazetteer: Gazetteer) -> None:
    got = figures("قتل 655 عنصرا من تنظيم “داعش” و924 مقاتلا.", "ar", gazetteer)
    assert [g[3] for g in got] == ["members:isil", "fighters"]
    got = figures("The strikes killed 893 Islamic State jihadis, SOHR said.", "en", gazetteer)
    assert got[0][3] == "members:isil"


def test_levantine_and_gregorian_months_and_relative_dates() -> None:
    text = fold("منذ 30 أيلول 2015 حتى 30 آب الماضي، وفي 22 كانون الأول وأمس").text
    found = dates(text, "ar", date(2020, 9, 1))
    assert [(d.iso, d.derived) for d in found] == [
        ("2015-09-30", False), ("2020-08-30", True), ("2019-12-22", True), ("2020-08-31", True),
    ]
    assert dates(fold("30 سبتمبر 2015").text, "ar", None)[0].iso == "2015-09-30"


def test_actors_are_found_whatever_the_spelling(gazetteer: Gazetteer) -> None:
    text = "وقالت الامم المتحده وللأمم المتحدة والأممالمتحدة، وبإدلب ومجلس الأمن الدولي."
    mentions = gazetteer.find(text, fold(text), "ar")
    assert [m.key for m in mentions] == [
        "actor:united-nations", "actor:united-nations", "actor:united-nations", "place:idlib",
        "actor:unsc",
    ]


def test_an_unknown_organisation_is_proposed_never_guessed(gazetteer: Gazetteer) -> None:
    text = "It is reporting 526 civilians killed, the Syrian Network for Human Rights (SNHR) said."
    mentions = gazetteer.find(text, fold(text), "en")
    (proposal,) = [m for m in mentions if m.proposed]
    assert proposal.text == "Syrian Network for Human Rights (SNHR)" and proposal.key is None
    got = figures(text, "en", gazetteer)
    assert got[0][7] == "new:Syrian Network for Human Rights (SNHR)"


def test_un_symbols_and_resolutions() -> None:
    items = find(fold("Adopting resolution 2533 (2020) and S/2020/667; القرار 2672").text)
    assert [(i.kind, i.value) for i in items] == [
        ("resolution", "2533"), ("symbol", "S/2020/667"), ("resolution", "2672"),
    ]


def test_numbers_in_words_and_shares_of_territory(gazetteer: Gazetteer) -> None:
    text = (
        "استشهد مئة وسبعة وعشرون مدنياً، وتسيطر القوات الحكومية على 103 آلاف و218 كلم مربع، "
        "ما يعادل 55.8% من مساحتها."
    )
    got = figures(text, "ar", gazetteer)
    assert [g[:5] for g in got] == [
        ("مئة وسبعة وعشرون مدنياً", 127.0, "exact", "civilians", "killed"),
        ("103 آلاف و218 كلم مربع", 103218.0, "exact", None, "territory"),
        ("55.8%", 55.8, "exact", None, "territory"),
    ]
