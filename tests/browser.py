"""Debian's chromium driven by Playwright, shared by the browser tests of every blueprint."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# As root and with no network: no sandbox, and none of chromium's background connections.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def require(path: Path, what: str) -> None:
    """Skip when ``path`` is missing, but fail under CI: .ci/run installs chromium and the
    npm files, so a missing piece there is a broken set-up, not an optional extra."""
    if path.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(what)
    pytest.skip(what)


@contextmanager
def chromium(*needed: tuple[Path, str]) -> Iterator[Any]:
    """A launched browser, after checking chromium and each (file, message) in ``needed``."""
    for path, what in ((CHROMIUM, "no /usr/bin/chromium: apt-get install -y chromium"), *needed):
        require(path, what)
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()
