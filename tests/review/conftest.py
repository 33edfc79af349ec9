"""A project directory in tmp with the real d0001 text and a statements file of drafts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tmp/data/{sources,statements,reference}: d0001's text and metadata as in data/, its
    statements replaced by tests/review/fixtures/d0001.drafts.yaml."""
    for sub in ("sources", "statements", "reference"):
        (tmp_path / "data" / sub).mkdir(parents=True)
    for name in ("d0001.ar.txt", "d0001.yaml"):
        shutil.copy(ROOT / "data" / "sources" / name, tmp_path / "data" / "sources" / name)
    for name in ("actors.csv", "places.csv"):
        shutil.copy(ROOT / "data" / "reference" / name, tmp_path / "data" / "reference" / name)
    shutil.copy(FIXTURES / "d0001.drafts.yaml", tmp_path / "data" / "statements" / "d0001.yaml")
    return tmp_path
