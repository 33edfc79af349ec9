"""/timeline: how a figure evolved, as each claimant reported it over time (and /timeline.json).

Each quantity (say, people killed by the armed forces of Russia since 30 September 2015) is one
plot: a line per claimant through its figures at their period ends, each point a link to its
claim, whose page shows the quote. The series are read once at start-up
(crosscheck.timeline), since the store never changes under a server; the plot is drawn here as
SVG, so the page needs no script.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, jsonify, render_template

from syriakg.namespaces import compact
from syriakg.web.i18n import choose_language, page_context
from syriakg.web.iris import href
from syriakg.web.state import state

bp = Blueprint("timeline", __name__)

WIDTH, HEIGHT, MARGIN = 640, 260, 56
COLOURS = ("#1b6ca8", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#2c3e50")
# How a figure's qualifier reads before its number; an exact count reads as the number alone.
QUALIFIERS = {"MoreThan": ("more than", "أكثر من"), "AtLeast": ("at least", "ما لا يقل عن"),
              "Approximately": ("about", "نحو"), "LessThan": ("less than", "أقل من"),
              "AtMost": ("at most", "ما لا يزيد على")}


def figure_words(point: dict[str, Any], lang: str) -> str:
    """'more than 20000', '20187', or a stated range '10–99'."""
    if point["value"] is None:
        return f"{point['lower']}–{point['upper']}"
    words = QUALIFIERS.get(point["qualifier"], ("", ""))[0 if lang == "en" else 1]
    return f"{words} {point['value']}".strip()


def series() -> list[dict[str, Any]]:
    return state().timeline


def _value(point: dict[str, Any]) -> float | None:
    """Where a point stands: its value, or the bound it states, or the middle of its range."""
    if point["value"] is not None:
        return float(point["value"])
    if point["lower"] is not None and point["upper"] is not None:
        return (float(point["lower"]) + float(point["upper"])) / 2
    return None


def plot(one: dict[str, Any]) -> dict[str, Any]:
    """Coordinates of every point and line of one series in a WIDTH x HEIGHT box."""
    placed = [(p["end"], v) for c in one["claimants"] for p in c["points"]
              if (v := _value(p)) is not None]
    if not placed:
        return {"lines": [], "ticks": [], "width": WIDTH, "height": HEIGHT}
    days = [date.fromisoformat(end).toordinal() for end, _ in placed]
    first, last = min(days) - 30, max(days) + 30
    top = max(v for _, v in placed) * 1.1 or 1.0

    def x(day: str) -> float:
        return round(MARGIN + (date.fromisoformat(day).toordinal() - first)
                     / (last - first) * (WIDTH - 2 * MARGIN), 1)

    def y(value: float) -> float:
        return round(HEIGHT - MARGIN / 2 - value / top * (HEIGHT - MARGIN), 1)

    lines, taken = [], set()
    for i, c in enumerate(one["claimants"]):
        pts = []
        for p in c["points"]:
            if (v := _value(p)) is None:
                continue
            spot = (x(p["end"]), y(v))
            while spot in taken:  # two sources giving the same figure: side by side
                spot = (spot[0] + 9, spot[1])
            taken.add(spot)
            pts.append({"x": spot[0], "y": spot[1], "point": p})
        # A line joins a claimant's reports in time; figures of one day are not a change.
        days = [p["point"]["end"] for p in pts]
        path = " ".join(f"{p['x']},{p['y']}" for p in pts) if len(set(days)) == len(days) else ""
        lines.append({"claimant": c, "colour": COLOURS[i % len(COLOURS)], "points": pts,
                      "path": path})
    ticks = [{"y": y(top * k / 4), "label": f"{round(top * k / 4):,}"} for k in range(5)]
    return {"lines": lines, "ticks": ticks, "width": WIDTH, "height": HEIGHT,
            "axis_y": HEIGHT - MARGIN / 2, "left": MARGIN, "right": WIDTH - MARGIN}


@bp.route("/timeline")
def page() -> str:
    """Each quantity's figures by claimant over time, in Arabic or English."""
    lang = choose_language()
    shown = [{**s, "plot": plot(s)} for s in series()]
    return render_template("timeline/index.html", series=shown, compact=compact, href=href,
                           figure_words=figure_words, **page_context(lang))


@bp.route("/timeline.json")
def as_json() -> Response:
    """The same series as data: quantity, claimants, and each point with its claim and quote."""
    return jsonify(series())
