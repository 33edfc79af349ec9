"""Which package may import which: the contracts in pyproject.toml ([tool.importlinter]) hold.

docs/architecture.md, "Packages", says why each rule is there.
"""

from __future__ import annotations

import os

import pytest
from importlinter.cli import lint_imports

from tests.conftest import ROOT


def test_the_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=os.fspath(ROOT / "pyproject.toml"), no_cache=True) == 0
