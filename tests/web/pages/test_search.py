"""Search by label in Arabic or English, tolerant of Arabic spelling variants."""

from __future__ import annotations

import pyoxigraph as ox
from flask.testing import FlaskClient

from syriakg.settings import Settings
from syriakg.web import close_app, create_app
from syriakg.web.pages import lookup, search

IDLIB = "https://w3id.org/syria-kg/id/place/idlib"


def results(client: FlaskClient, query: str) -> list[dict]:
    response = client.get("/search", query_string={"q": query},
                          headers={"Accept": "application/json"})
    assert response.status_code == 200
    found: list[dict] = response.get_json()["results"]
    return found


def test_arabic_variant_and_english_find_idlib(client: FlaskClient) -> None:
    for query in ("ادلب", "إدلب", "Idlib", "idlib", "إِدْلِب"):
        found = results(client, query)
        assert found[0]["iri"] == IDLIB, query
        assert found[0]["labels"] == {"en": "Idlib", "ar": "إدلب"}
        assert found[0]["match"] == "exact"


def test_prefix_and_substring_matches_are_ranked_after_exact(client: FlaskClient) -> None:
    found = results(client, "ادلب")
    iris = [r["iri"] for r in found]
    assert "https://w3id.org/syria-kg/id/place/idlib-governorate" in iris
    assert [r["match"] for r in found] == sorted(
        (r["match"] for r in found), key=["exact", "prefix", "word", "substring"].index)
    assert results(client, "روس")[0]["iri"] == "https://w3id.org/syria-kg/id/actor/russia"
    assert results(client, "crossing") and results(client, "zzzqqq") == []


def test_search_page_and_box(client: FlaskClient) -> None:
    page = client.get("/search?q=ادلب", headers={"Accept": "text/html"}).text
    assert "/id/place/idlib" in page and 'name="q"' in page
    arabic = client.get("/search?q=Idlib&lang=ar", headers={"Accept": "text/html"}).text
    assert 'dir="rtl"' in arabic and "إدلب" in arabic


def test_labels_and_index_are_read_at_start_up_as_a_request_would_read_them(
    ld_settings: Settings, store: ox.Store
) -> None:
    app = create_app(ld_settings, store)
    try:
        kept = dict(app.extensions[lookup.CACHE])  # before any request
        assert isinstance(kept["labels"], lookup.Labels)
        assert kept["labels"].get(IDLIB, "ar") == "إدلب"
        app.extensions[lookup.CACHE].clear()  # read again, the way a worker's first visitor did
        with app.test_request_context("/search?q=x"):
            assert lookup.labels().by_iri == kept["labels"].by_iri
            assert search.index() == kept["search-index"]
    finally:
        close_app(app)
