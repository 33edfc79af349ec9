"""The start-up facts kept beside a store: written with it, equal to what the store says, read by
a server instead of the store, and ignored when they cannot be trusted."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pyoxigraph as ox
import pytest

from syriakg.settings import Settings
from syriakg.store import facts, open_store, write_store_atomically
from syriakg.web import close_app, create_app
from syriakg.web.state import state

G = "https://w3id.org/syria-kg/graph/d0001"
DATA = """
@prefix skg: <https://w3id.org/syria-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/syria-kg/id/d0001> a skg:SourceDocument ; rdfs:label "an article"@en .
<https://w3id.org/syria-kg/id/russia> rdfs:label "Russia"@en, "روسيا"@ar ;
    skos:prefLabel "Russian Federation"@en .
""".encode()


def _write(path: Path) -> None:
    def fill(store: ox.Store) -> None:
        store.load(DATA, ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(G))

    write_store_atomically(path, fill)


def test_a_written_store_keeps_what_its_store_says(tmp_path: Path) -> None:
    _write(tmp_path / "store")
    kept = facts.read(tmp_path / "store")
    assert kept is not None
    assert kept == facts.compute(open_store(tmp_path / "store"))
    assert kept.sizes == {G: 5}
    assert kept.sources[0]["doc"] == "https://w3id.org/syria-kg/id/d0001"
    # skos:prefLabel wins over rdfs:label in the same language; other languages stay.
    assert kept.labels["https://w3id.org/syria-kg/id/russia"] == {
        "en": "Russian Federation", "ar": "روسيا"}


def _serve(path: Path) -> dict[str, int]:
    app = create_app(Settings.load(store=str(path), store_mode="disk"))
    try:
        with app.app_context():
            return dict(state().sizes)
    finally:
        close_app(app)


def test_a_server_reads_the_kept_facts_not_the_store(tmp_path: Path) -> None:
    _write(tmp_path / "store")
    path = tmp_path / "store" / facts.FACTS_FILE
    body = json.loads(path.read_text(encoding="utf-8"))
    body["sizes"] = {G: 12345}  # only the file says so
    path.write_text(json.dumps(body), encoding="utf-8")
    assert _serve(tmp_path / "store") == {G: 12345}


@pytest.mark.parametrize("damage", ["missing", "truncated", "other format"])
def test_facts_that_cannot_be_trusted_are_read_from_the_store(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    _write(tmp_path / "store")
    path = tmp_path / "store" / facts.FACTS_FILE
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_text(path.read_text(encoding="utf-8")[:40], encoding="utf-8")
    else:
        body = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps({**body, "format": facts.FORMAT + 1, "sizes": {G: 1}}),
                        encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="syriakg.store"):
        assert _serve(tmp_path / "store") == {G: 5}
    if damage != "missing":
        assert str(path) in caplog.text
