"""The index page and the example gallery."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

from flask.testing import FlaskClient

from syriakg.settings import Settings
from syriakg.store import open_store
from syriakg.web import close_app, create_app
from syriakg.web.views.gallery import load_examples, parse_header
from tests.conftest import ROOT


def test_index_says_what_licence_sources_and_size(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.data.decode()
    assert "Syria conflict knowledge graph" in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page and "CC BY 4.0" in page
    # the source document by its title (this store gives no citation), linked to its page
    assert re.search(r'<a class="doc" href="/id/doc/d0001" dir="auto">خمس سنوات', page)
    # size per graph
    for graph in ("d0001", "reference", "ontology", "inferred"):
        assert f"https://w3id.org/syria-kg/graph/{graph}" in page
    assert "union of all named graphs" in page


def test_index_embeds_editor_config_and_gallery(client: FlaskClient) -> None:
    page = client.get("/").data.decode()
    config_json = re.search(
        r'<script id="page-config" type="application/json">(.*?)</script>', page, re.S
    )
    assert config_json
    config = json.loads(config_json.group(1))
    assert config["endpoint"] == "http://localhost/sparql"
    assert "PREFIX skg: <https://w3id.org/syria-kg/ontology#>" in config["starterQuery"]
    assert config["prefixes"]["actor"] == "https://w3id.org/syria-kg/id/actor/"
    assert [e["id"] for e in config["examples"]] == [
        "cq/01-actor-labels", "cq/02-figures", "graph/places"]
    assert 'data-id="cq/01-actor-labels"' in page
    assert "/static/app.js" in page


def test_index_offers_a_plain_form_too(client: FlaskClient) -> None:
    page = client.get("/").data.decode()
    assert '<form id="plain-form" action="/sparql" method="get"' in page


def test_queries_json(client: FlaskClient) -> None:
    examples = client.get("/queries.json").json
    assert [e["title"] for e in examples] == [
        "Actors and their labels", "Figures the article reports", "Places linked to Wikidata"]
    first = examples[0]
    assert set(first) == {"id", "group", "title", "description", "query", "file"}
    assert first["description"] == (
        "Every actor with its English and Arabic label, one row per label."
    )
    assert first["file"] == "queries/cq/01-actor-labels.rq"
    assert first["group"] == "cq"


def test_every_example_runs(client: FlaskClient) -> None:
    for example in client.get("/queries.json").json:
        response = client.post("/sparql", data={"query": example["query"]})
        assert response.status_code == 200, (example["id"], response.data)


def test_static_files_are_served(client: FlaskClient) -> None:
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_parse_header_continuation_and_stop() -> None:
    text = "# title: T\n# description: one\n#  two\nPREFIX x: <y>\n# title: not header"
    assert parse_header(text) == {"title": "T", "description": "one two"}


def test_project_queries_are_found(tmp_path: Path) -> None:
    examples = load_examples(ROOT / "queries", ROOT)
    assert examples and examples[0].group == "start"
    assert examples[0].title == "Everything the graph says about an actor"
    assert {e.group for e in examples[1:]} >= {"cq"}
    assert all(e.title for e in examples)
    assert load_examples(tmp_path / "missing", tmp_path) == []


def test_project_examples_run_on_the_built_graph(built: tuple[Settings, object]) -> None:
    """Every example of the project's gallery answers through the endpoint; competency
    questions with an ``.expected.csv`` give as many rows over HTTP as the file holds."""
    settings, _ = built
    root = ROOT
    app = create_app(replace(settings, root=root, max_rows=100_000), open_store(
        settings.store_path, "memory"))
    try:
        client = app.test_client()
        examples = client.get("/queries.json").json
        assert examples, "no example queries under queries/"
        for example in examples:
            response = client.post("/sparql", data={"query": example["query"]},
                                   headers={"Accept": "text/csv, text/turtle;q=0.9"})
            if response.status_code == 502 and "SERVICE" in example["query"].upper():
                continue  # a federated example, and the remote endpoint is out of reach here
            assert response.status_code == 200, (example["id"], response.data[:500])
            expected = root / example["file"].replace(".rq", ".expected.csv")
            if response.content_type.startswith("text/csv") and expected.exists():
                got = list(csv.reader(io.StringIO(response.data.decode())))
                want = list(csv.reader(io.StringIO(expected.read_text(encoding="utf-8"))))
                assert len(got) == len(want), example["id"]
    finally:
        close_app(app)
