"""Repeated queries are answered from each worker's cache, and only when that cannot change
the answer. The broker that runs the queries is stopped under the app on purpose: an answer that
still comes back is one the cache kept."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from syriakg.errors import ConfigError
from syriakg.settings import Settings
from syriakg.web import BROKER, close_app, create_app
from syriakg.web.sparql.cache import BytesLRU, CacheKey, CachingExecutor, ResultCache, cache_key
from syriakg.web.sparql.runner import Job, Outcome
from syriakg.web.state import EXTENSION

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(client: FlaskClient, query: str = COUNT, method: str = "GET") -> int:
    if method == "GET":
        response = client.get("/sparql", query_string={"query": query})
    else:
        response = client.post("/sparql", data={"query": query})
    assert response.status_code == 200, response.data
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def uncached(settings: Settings, store: ox.Store) -> Iterator[Flask]:
    application = create_app(dataclasses.replace(settings, result_cache_mb=0), store)
    application.testing = True
    yield application
    close_app(application)


def stop_queries(app: Flask) -> None:
    """Stop the app's broker: from now on only kept answers can be given."""
    app.extensions[BROKER].stop()


def test_a_repeated_query_is_answered_from_the_cache(app: Flask, client: FlaskClient) -> None:
    before = count(client)
    stop_queries(app)
    assert count(client) == before  # the same text: the kept answer
    response = client.get("/sparql", query_string={"query": COUNT + " "})
    assert response.status_code == 503  # another text has to run


def test_a_kept_answer_says_so_in_server_timing(client: FlaskClient) -> None:
    first = client.get("/sparql", query_string={"query": COUNT})
    assert re.fullmatch(r"engine;dur=\d+\.\d{3}", first.headers["Server-Timing"])
    again = client.get("/sparql", query_string={"query": COUNT})
    assert again.headers["Server-Timing"] == "cache;desc=hit"
    assert again.data == first.data


def test_get_and_post_share_the_cache(app: Flask, client: FlaskClient) -> None:
    before = count(client, method="GET")
    stop_queries(app)
    assert count(client, method="POST") == before


def test_with_the_cache_off_every_query_runs(uncached: Flask, store: ox.Store) -> None:
    client = uncached.test_client()
    count(client)
    stop_queries(uncached)
    assert client.get("/sparql", query_string={"query": COUNT}).status_code == 503
    assert not isinstance(uncached.extensions[EXTENSION].executor, CachingExecutor)


@pytest.mark.parametrize("volatile", ["NOW()", "RAND()", "UUID()", "STRUUID()", "now ()"])
def test_answers_that_may_change_between_runs_are_not_kept(
    app: Flask, client: FlaskClient, volatile: str
) -> None:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o BIND({volatile} AS ?x) }}"
    count(client, query)
    stop_queries(app)
    assert client.get("/sparql", query_string={"query": query}).status_code == 503


def test_a_failed_query_is_not_kept(app: Flask, client: FlaskClient) -> None:
    cache = app.extensions[EXTENSION].executor.cache
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert len(cache) == 0


def test_the_key_holds_everything_that_shapes_the_answer() -> None:
    job = Job(COUNT, "json", "turtle", 10)
    variants = [
        dataclasses.replace(job, results_format="xml"),
        dataclasses.replace(job, graph_format="ntriples"),
        dataclasses.replace(job, max_rows=11),
        dataclasses.replace(job, default_graphs=("http://example.org/g",)),
        dataclasses.replace(job, named_graphs=("http://example.org/g",)),
        dataclasses.replace(job, prefixes={"ex": "http://example.org/"}),
        dataclasses.replace(job, answer_prefixes={"ex": "http://example.org/"}),
    ]
    keys = {cache_key(j) for j in [job, *variants]}
    assert len(keys) == 1 + len(variants)
    assert cache_key(dataclasses.replace(job, uses_service=True)) is None


def _outcome(text: str) -> Outcome:
    return Outcome(text.encode(), "json", "select", False)


def _key(n: int) -> CacheKey:
    return (f"q{n}", "json", None, 10, None, None, None, None)


def test_the_least_recently_used_answer_goes_first_when_the_budget_is_full() -> None:
    cache = ResultCache(max_bytes=80)  # answers of up to 10 bytes are kept
    for n in range(8):
        cache.put(_key(n), _outcome(f"answer {n:02d}"))  # 9 bytes each: 72 in all
    assert cache.get(_key(0)) is not None  # now the most recently used
    cache.put(_key(8), _outcome("answer 08"))
    assert cache.get(_key(1)) is None  # the least recently used went
    assert cache.get(_key(0)) is not None
    assert len(cache) == 8 and cache.bytes == 72


def test_an_answer_too_large_for_its_share_is_not_kept() -> None:
    cache = ResultCache(max_bytes=80)
    cache.put(_key(0), _outcome("x" * 11))
    assert len(cache) == 0 and cache.bytes == 0


def test_the_share_one_value_may_take_is_set_per_cache() -> None:
    files = BytesLRU[str, bytes](max_bytes=80, size=len, largest_share=4)
    files.put("fits", b"x" * 20)
    files.put("too large", b"x" * 21)
    assert files.get("fits") == b"x" * 20 and files.get("too large") is None
    assert files.bytes == 20


def test_a_key_put_again_is_counted_once() -> None:
    cache = ResultCache(max_bytes=80)
    cache.put(_key(0), _outcome("short"))
    cache.put(_key(0), _outcome("longer one"))
    assert len(cache) == 1 and cache.bytes == 10


def test_the_setting_is_read_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYRIAKG_RESULT_CACHE_MB", "0")
    assert Settings.load().result_cache_mb == 0
    monkeypatch.setenv("SYRIAKG_RESULT_CACHE_MB", "-1")
    with pytest.raises(ConfigError, match="result_cache_mb"):
        Settings.load()
