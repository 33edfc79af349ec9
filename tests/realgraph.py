"""Fixtures on the real graph (built once per session from the project's data): the app over it,
in process, and a second read-only view of the store. A conftest imports the ones its folder
uses, so that folders whose tests run on the small sample store keep theirs."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from syriakg.pipeline import BuildReport
from syriakg.settings import Settings
from syriakg.store import open_store
from syriakg.web import close_app, create_app


@pytest.fixture(scope="session")
def ld_settings(built: tuple[Settings, BuildReport]) -> Settings:
    return built[0]


@pytest.fixture(scope="session")
def ld_app(ld_settings: Settings) -> Iterator[Flask]:
    app = create_app(ld_settings)
    yield app
    close_app(app)


@pytest.fixture
def client(ld_app: Flask) -> FlaskClient:
    return ld_app.test_client()


@pytest.fixture(scope="session")
def store(ld_settings: Settings) -> ox.Store:
    """A second, read-only view of the same store, to check what the server says against."""
    return open_store(ld_settings.store_path, "memory")


def count(store: ox.Store, query: str) -> int:
    """The single integer a ``SELECT (COUNT(*) AS ?n)`` query returns."""
    rows = store.query(query)
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)
