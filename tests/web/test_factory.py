"""The app factory and the gunicorn configuration."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from syriakg.errors import StoreError
from syriakg.settings import Settings
from syriakg.web import close_app, create_app
from syriakg.web.server import SyriaKGApplication, check_store, gunicorn_options, worker_count
from tests.web.conftest import sample_quads, write_disk_store


@pytest.mark.parametrize("mode", ["memory", "disk"])
def test_factory_opens_the_built_store(tmp_path: Path, mode: str) -> None:
    write_disk_store(tmp_path / "store", sample_quads())
    app = create_app(Settings(root=tmp_path, store="store", store_mode=mode))
    try:
        client = app.test_client()
        response = client.get("/sparql", query_string={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        assert response.status_code == 200
        n = int(response.json["results"]["bindings"][0]["n"]["value"])
        assert n == len(sample_quads())
    finally:
        close_app(app)


def test_factory_without_a_store_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="make build"):
        create_app(Settings(root=tmp_path, store="nothing-here"))
    with pytest.raises(StoreError, match="syriakg build"):
        check_store(Settings(root=tmp_path, store="nothing-here"))


def test_gunicorn_options_follow_settings() -> None:
    options = gunicorn_options(Settings(host="0.0.0.0", port=9001, workers=3, query_timeout=12))
    assert options["bind"] == "0.0.0.0:9001"
    assert options["workers"] == 3
    assert options["worker_class"] == "gevent"
    assert options["timeout"] > 12  # gunicorn must not kill a worker before our own limit
    # The master opens the store and starts the query broker once, for every worker.
    assert options["preload_app"] is True
    assert gunicorn_options(Settings(store_mode="disk"))["preload_app"] is True
    # Only configured proxies may set X-Forwarded-*: by default nobody.
    assert options["forwarded_allow_ips"] == ""
    assert gunicorn_options(Settings(trusted_proxies=("10.0.0.0/8", "::1")))[
        "forwarded_allow_ips"] == "10.0.0.0/8,::1"


def test_one_worker_per_core_by_default() -> None:
    assert worker_count(Settings()) == (os.cpu_count() or 1)


def _gunicorn_config(settings: Settings) -> object:
    """The gunicorn Config `syriakg serve` would run with."""
    return SyriaKGApplication(settings).cfg


def test_the_worker_is_gunicorn_gevent() -> None:
    cfg: object = _gunicorn_config(Settings(port=9002, query_timeout=7, workers=2))
    assert cfg.worker_class_str == "gevent"  # type: ignore[attr-defined]
    assert cfg.timeout == 37 and cfg.workers == 2  # type: ignore[attr-defined]
    assert cfg.bind == ["127.0.0.1:9002"]  # type: ignore[attr-defined]


def test_what_start_up_read_is_kept_from_the_collector(tmp_path: Path) -> None:
    write_disk_store(tmp_path / "store", sample_quads())
    app = SyriaKGApplication(Settings(root=tmp_path, store="store")).load()
    try:
        # Frozen objects are no longer among those the collector scans.
        scanned = gc.get_objects()
        assert gc.get_freeze_count() > 0
        assert not any(o is app or o is app.extensions for o in scanned)
        assert app.test_client().get("/sparql", query_string={"query": "ASK {}"}).status_code \
            == 200
    finally:
        gc.unfreeze()
        close_app(app)
