"""The timeline's series: one per quantity, a line per claimant in time order, each point with
its claim; and the example query behind it, on the real graph."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from syriakg.crosscheck.timeline import timeline
from syriakg.pipeline import BuildReport
from syriakg.settings import Settings
from syriakg.store import open_store
from tests.conftest import ROOT
from tests.crosscheck.test_pairs import DATA, PREFIXES, _count


def test_series_by_claimant_in_time_order() -> None:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    # A count of another group is a series of its own.
    other = _count("children", "children", "monitor", "2020-08-30", "2098").replace(
        "skg:AllPersons", "skg:Children")
    store.load((PREFIXES + other).encode(), format=ox.RdfFormat.TURTLE)
    series = timeline(store)
    assert [s["group"].rsplit("#", 1)[1] for s in series] == ["AllPersons", "Children"]
    toll = series[0]
    assert toll["begin"] == "2015-09-30"
    lines = {c["claimant"].rsplit("/", 1)[1]: c["points"] for c in toll["claimants"]}
    assert set(lines) == {"monitor", "other", "doc-article"}
    assert [(p["end"], p["value"]) for p in lines["monitor"]] == [
        ("2020-01-30", "19434"), ("2020-08-30", "20187"), ("2020-08-30", "20187")]
    article = lines["doc-article"][0]
    assert (article["qualifier"], article["value"], article["published"]) == (
        "MoreThan", "20000", "2020-09-04")
    assert article["claim"].endswith("/claim-article")


def test_example_query_gives_the_toll_by_claimant(built: tuple[Settings, BuildReport]) -> None:
    store = open_store(built[0].store_path)
    folder = ROOT / "queries" / "checks"
    query = (folder / "figure-timeline.rq").read_text(encoding="utf-8")
    assert query.startswith("# title: ") and "\n# description: " in query
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    got = list(csv.reader(io.StringIO(
        result.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8"))))
    with (folder / "figure-timeline.expected.csv").open(encoding="utf-8", newline="") as f:
        assert got == [row for row in csv.reader(f) if row]
    # The same points as the page's data.
    series = timeline(store)
    toll = next(s for s in series if s["group"].endswith("#AllPersons"))
    claims = sorted(p["claim"] for c in toll["claimants"] for p in c["points"])
    assert claims == sorted(row[4] for row in got[1:])
