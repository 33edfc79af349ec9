"""Search over labels and what sources say, in Arabic or English, tolerant of Arabic spelling
variants and attached prefixes; facets, pages, the JSON twin, suggestions and the index file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from syriakg.settings import Settings
from syriakg.store import textindex
from syriakg.web import close_app, create_app
from syriakg.web.state import EXTENSION

ID = "https://w3id.org/syria-kg/id/"
IDLIB = ID + "place/idlib"
JOINT_VETO = ID + "claim/d0001-joint-veto-crossborder"

# The gold list: a query, and what must be among its first hits (ranks counted from 1).
GOLD = [
    ("ادلب", IDLIB, 1),
    ("إدلب", IDLIB, 1),
    ("إِدْلِب", IDLIB, 1),
    ("Idlib", IDLIB, 1),
    ("روس", ID + "actor/russia", 1),
    ("russia", ID + "actor/russia", 1),
    ("الفيتو", JOINT_VETO, 2),  # the word of the quote
    ("فيتو", JOINT_VETO, 2),  # without its article
    ("بالفيتو", JOINT_VETO, 2),  # with a prefix the quote does not have
    ("الحدود", JOINT_VETO, 5),  # a word only in quotes ("عبر الحدود")
    ("veto", JOINT_VETO, 5),
    ("vetoed cross-border aid", JOINT_VETO, 1),  # an English rendering, stemmed
    ("باب الهوى", ID + "place/bab-al-hawa", 1),
    ("باب الهوي", ID + "place/bab-al-hawa", 1),  # alef maqsura typed as yaa
    ("bab al-hawa", ID + "place/bab-al-hawa", 1),
    ("China", ID + "actor/china", 1),
]


def search(client: FlaskClient, query: str, **args: object) -> dict:
    response = client.get("/search", query_string={"q": query, **args},
                          headers={"Accept": "application/json"})
    assert response.status_code == 200
    body: dict = response.get_json()
    return body


@pytest.mark.parametrize(("query", "expected", "within"), GOLD)
def test_gold_queries(client: FlaskClient, query: str, expected: str, within: int) -> None:
    iris = [r["iri"] for r in search(client, query)["results"]]
    assert expected in iris[:within], (query, iris[:within + 3])


def test_labels_match_before_text_and_exact_before_prefix(client: FlaskClient) -> None:
    found = search(client, "ادلب")["results"]
    assert found[0]["labels"] == {"en": "Idlib", "ar": "إدلب"} and found[0]["match"] == "exact"
    order = [r["match"] for r in found]
    assert order == sorted(order, key=textindex.MATCHES.index)
    assert "text" in order  # claims whose quotes name Idlib come after the places
    assert search(client, "zzzqqq")["results"] == []


def test_claims_carry_their_quote_rendering_and_source(client: FlaskClient) -> None:
    hit = next(r for r in search(client, "الفيتو")["results"] if r["iri"] == JOINT_VETO)
    assert "لحق الفيتو" in hit["quote"]
    assert "right of veto" in hit["english"]
    assert hit["source"]["iri"] == ID + "doc/d0001" and hit["kind"] == "claims"


def test_facets_count_every_hit_and_filter(client: FlaskClient) -> None:
    body = search(client, "veto")
    facets = body["facets"]
    assert body["total"] == sum(facets.values()) > 20
    assert {"claims", "records", "terms"} <= set(facets)
    claims = search(client, "veto", kind="claims", limit=100)
    assert claims["total"] == facets["claims"] == len(claims["results"])
    assert {r["kind"] for r in claims["results"]} == {"claims"}
    assert JOINT_VETO in [r["iri"] for r in claims["results"]]


def test_pages_cover_every_hit_once(client: FlaskClient) -> None:
    first = search(client, "veto", limit=10)
    seen: list[str] = []
    page: dict | None = first
    while page is not None:
        seen += [r["iri"] for r in page["results"]]
        page = client.get(page["next"]).get_json() if page["next"] else None
    assert len(seen) == len(set(seen)) == first["total"]


def test_html_and_json_give_the_same_hits(client: FlaskClient) -> None:
    for query, args in (("veto", {}), ("veto", {"kind": "records", "page": 2, "limit": 5}),
                        ("ادلب", {"lang": "ar"})):
        body = search(client, query, **args)
        html = client.get("/search", query_string={"q": query, **args},
                          headers={"Accept": "text/html"}).text
        hrefs = [r["href"] for r in body["results"]]
        shown = [line.split('"')[1] for line in html.split('<li class="hit')[1:]
                 for line in [line.split("<a href=", 1)[1]]]
        assert shown == hrefs, (query, args)
    page = client.get("/search?q=veto", headers={"Accept": "text/html"}).text
    assert 'rel="next"' in page and 'data-facet="claims"' in page
    arabic = client.get("/search?q=Idlib&lang=ar", headers={"Accept": "text/html"}).text
    assert 'dir="rtl"' in arabic and "إدلب" in arabic and "ما تقوله المصادر" in arabic


def test_a_sentence_finds_what_its_words_name(client: FlaskClient) -> None:
    body = search(client, "who vetoed the cross-border aid extension")
    assert body["mode"] == "any" and JOINT_VETO in [r["iri"] for r in body["results"]]


def test_suggestions_as_one_types(client: FlaskClient) -> None:
    body = client.get("/search/suggest?q=باب ال").get_json()
    assert ID + "place/bab-al-hawa" in [r["iri"] for r in body["results"]]
    assert body["more"].startswith("/search?q=")
    assert client.get("/search/suggest?q=r").get_json()["results"] == []


def test_the_index_is_written_beside_the_store(ld_settings: Settings, store: ox.Store) -> None:
    kept = ld_settings.store_path / textindex.INDEX_FILE
    assert textindex.usable(kept)
    with sqlite3.connect(kept) as db:
        indexed = db.execute("SELECT COUNT(*) FROM docs WHERE kind = 'claim'").fetchone()[0]
    rows = store.query("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c "
                       "<https://w3id.org/syria-kg/ontology#statedIn> ?d }",
                       use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    assert indexed == int(next(iter(rows))["n"].value)


def test_a_store_without_an_index_gets_one_at_start_up(
    ld_settings: Settings, store: ox.Store, tmp_path: Path
) -> None:
    app = create_app(ld_settings, store)  # a store given, not opened from its directory
    try:
        built = app.extensions[EXTENSION].search_index.path
        assert built != ld_settings.store_path / textindex.INDEX_FILE and textindex.usable(built)
        hits = app.extensions[EXTENSION].search_index.search("الفيتو").hits
        assert JOINT_VETO in [h.iri for h in hits]
    finally:
        close_app(app)
    stale = tmp_path / textindex.INDEX_FILE
    stale.write_text("not an index")
    assert not textindex.usable(stale)
