"""Which package may import which: the contracts in pyproject.toml ([tool.importlinter]) hold.

docs/architecture.md, "Packages", says why each rule is there. import-linter runs in its own
process, as `make lint` runs it: in this one it would reconfigure logging for every later test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_the_import_contracts_are_kept() -> None:
    command = [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
