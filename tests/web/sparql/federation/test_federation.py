"""The federation examples join our graph with Wikidata through SERVICE.

These machines have no internet, so a second SPARQL endpoint (sparql_stub.py beside this file:
pyoxigraph over a Wikidata-shaped fixture) runs as a subprocess on a free loopback port, and the
example's ``SERVICE <https://query.wikidata.org/sparql>`` is pointed at it. The query runs in the
query runner of the web layer (web/sparql/runner.py) against the real built store. It does not go
through ``/sparql``: that endpoint refuses every loopback or private SERVICE host, even an
allow-listed one (web/sparql/guard.py), which is what a public server must do.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from syriakg.web.sparql.runner import Job, run_job
from syriakg.web.views.gallery import load_examples
from tests.conftest import ROOT
from tests.web.sparql.federation.conftest import stub_process

WIKIDATA = "https://query.wikidata.org/sparql"
HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def wikidata() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The stand-in Wikidata endpoint: its URL, and the process (whose stderr logs queries)."""
    with stub_process() as found:
        yield found


def run(store: ox.Store, query: str) -> list[dict[str, dict[str, str]]]:
    job = Job(query=query, results_format="json", graph_format=None, max_rows=1000,
              uses_service=True)
    outcome = run_job(store, job)
    bindings: list[dict[str, dict[str, str]]] = json.loads(outcome.body)["results"]["bindings"]
    return bindings


def test_federation_examples_are_in_the_gallery() -> None:
    examples = {e.id: e for e in load_examples(ROOT / "queries", ROOT)}
    assert "federation/wikidata-labels" in examples
    assert WIKIDATA in examples["federation/wikidata-labels"].query


def test_wikidata_labels_of_our_linked_actors(store: ox.Store,
                                              wikidata: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = wikidata
    query = (ROOT / "queries/federation/wikidata-labels.rq").read_text(encoding="utf-8")
    rows = run(store, query.replace(WIKIDATA, url))
    joined = {(r["actor"]["value"].rsplit("/", 1)[-1], r["wikidata_label"]["value"],
               r["wikidata_label"].get("xml:lang")) for r in rows}
    assert ("russia", "Russia", "en") in joined
    assert ("russia", "روسيا", "ar") in joined  # Wikidata's Arabic label, next to ours
    assert ("vladimir-putin", "Vladimir Putin", "en") in joined
    assert ("russia", "Russland", "de") not in joined  # the FILTER ran remotely or here
    # An unverified candidate (PKK -> Q152220) has no schema:sameAs, so it never joins.
    assert not any(actor == "pkk" for actor, _, _ in joined)
    russia = next(r for r in rows if r["actor"]["value"].endswith("/russia"))
    assert russia["label_ar"]["value"] == "روسيا" and russia["label_en"]["value"] == "Russia"


def test_geonames_places_join_wikidata_coordinates(store: ox.Store,
                                                   wikidata: tuple[str, subprocess.Popen[str]]
                                                   ) -> None:
    url, process = wikidata
    query = (ROOT / "queries/federation/geonames-places.rq").read_text(encoding="utf-8")
    rows = run(store, query.replace(WIKIDATA, url))
    assert {(r["place"]["value"].rsplit("/", 1)[-1], r["item"]["value"]) for r in rows} == {
        ("syria", "http://www.wikidata.org/entity/Q858")}


def test_link_status_example_runs_locally(store: ox.Store) -> None:
    query = (ROOT / "queries/federation/link-status.rq").read_text(encoding="utf-8")
    rows = run(store, query)
    statuses = {r["status"]["value"].rsplit("#", 1)[-1] for r in rows}
    assert statuses == {"SourceConfirmed", "Unverified"}
