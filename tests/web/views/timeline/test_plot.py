"""How the timeline draws a series: where points go, which are joined, how a figure reads."""

from __future__ import annotations

from typing import Any

from syriakg.web.views.timeline import figure_words, plot


def _point(end: str, value: str | None, qualifier: str = "Exact", lower: str | None = None,
           upper: str | None = None) -> dict[str, Any]:
    return {"claim": f"c-{end}-{value}", "end": end, "value": value, "qualifier": qualifier,
            "lower": lower, "upper": upper}


def test_points_lines_and_words() -> None:
    series = {"claimants": [
        {"label_en": "monitor", "points": [_point("2020-01-30", "19434"),
                                           _point("2020-08-30", "20187")]},
        {"label_en": "article", "points": [_point("2020-08-30", "20187")]},
        {"label_en": "two groups", "points": [_point("2020-08-30", "5405"),
                                              _point("2020-08-30", "6128")]},
    ]}
    drawn = plot(series)
    monitor, article, groups = drawn["lines"]
    # Later reports stand to the right and, larger, higher (SVG y grows downwards).
    assert monitor["points"][1]["x"] > monitor["points"][0]["x"]
    assert monitor["points"][1]["y"] < monitor["points"][0]["y"]
    assert monitor["path"].count(",") == 2
    # The article's figure equals the monitor's: drawn beside it, not hidden under it.
    assert article["points"][0]["y"] == monitor["points"][1]["y"]
    assert article["points"][0]["x"] == monitor["points"][1]["x"] + 9
    # Two figures of one day are not joined as if one had changed into the other.
    assert groups["path"] == "" and len(groups["points"]) == 2

    assert figure_words(_point("2020-09-04", "20000", "MoreThan"), "en") == "more than 20000"
    assert figure_words(_point("2020-09-04", "20000", "MoreThan"), "ar") == "أكثر من 20000"
    assert figure_words(_point("2020-08-30", "20187"), "en") == "20187"
    assert figure_words(_point("2020-08-30", None, "Tens", "10", "99"), "en") == "10–99"
