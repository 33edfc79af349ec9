"""A writable copy of the project's data for ingesting into, and the real reference layer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from syriakg.ingest.actors import Gazetteer
from syriakg.ingest.drafting import gazetteer_from
from syriakg.settings import Settings
from tests.conftest import ROOT


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return gazetteer_from(Settings.load(root=ROOT))
