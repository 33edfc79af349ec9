"""The federation examples run on the real graph (tests/realgraph.py), against a stand-in for
Wikidata: a second SPARQL endpoint (sparql_stub.py) on a free loopback port."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT
from tests.realgraph import ld_settings, store

HERE = Path(__file__).parent

__all__ = ["ld_settings", "store", "stub_endpoint"]


@contextlib.contextmanager
def stub_endpoint(fixture: Path = HERE / "wikidata_fixture.ttl",
                  ) -> Iterator[str]:
    """The URL of a SPARQL endpoint over ``fixture``, up for the ``with`` block."""
    with stub_process(fixture) as (url, _):
        yield url


@contextlib.contextmanager
def stub_process(fixture: Path = HERE / "wikidata_fixture.ttl",
                 ) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The stand-in endpoint's URL and its process (whose stderr logs the queries it got)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.web.sparql.federation.sparql_stub", str(fixture)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("listening "), line
        yield f"http://127.0.0.1:{int(line.split()[1])}/sparql", process
    finally:
        process.terminate()
        process.wait(timeout=10)
