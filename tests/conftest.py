"""Shared fixtures: the real graph, built once per session into a temporary directory."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from syriakg import pipeline
from syriakg.pipeline import BuildReport
from syriakg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, BuildReport]:
    """The project's own data, built into a session-wide temporary store."""
    tmp = tmp_path_factory.mktemp("built")
    settings = Settings.load(root=ROOT, store=str(tmp / "store"), build_dir=str(tmp / "build"))
    report = pipeline.run(settings, echo=lambda _: None)
    return settings, report


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[[], Settings]:
    """A writable copy of the inputs, for tests that break them on purpose."""

    def make() -> Settings:
        for folder in ("ontology", "shapes", "data"):
            shutil.copytree(ROOT / folder, tmp_path / folder)
        return Settings.load(root=tmp_path)

    return make
