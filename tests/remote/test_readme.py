"""The README's "Moving to a remote store", followed as written in a clean clone of the
repository: a fresh Virtuoso set up with its ini values and its isql statements, its TOML file
and its environment variables, its build and serve commands. Whatever the README says is read
from the README here, so the instructions cannot drift from the code."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from syriakg.settings import Settings
from syriakg.store import graph_sizes
from syriakg.store.remote import connect
from tests import virtuoso
from tests.remote.conftest import ROOT
from tests.web.conftest import free_port, stop_group, wait_until_responds

PASSWORD = "readme-Pw-7"  # stands for the README's PASSWORD and …


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Moving to a remote store")
    return text[start:text.index("\n## ", start + 1)]


def said(pattern: str) -> re.Match[str]:
    found = re.search(pattern, section(), re.DOTALL)
    assert found, f"the README's remote section no longer says {pattern!r}"
    return found


@pytest.fixture(scope="module")
def readme_virtuoso(
    virtuoso_server: virtuoso.Virtuoso, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[virtuoso.Virtuoso]:
    """Virtuoso with the README's ``virtuoso.ini`` values and its isql statements, nothing more
    (``virtuoso_server`` checks that Virtuoso is installed)."""
    rows = int(said(r"`ResultSetMaxRows = (\d+)`")[1])
    seconds = int(said(r"`MaxQueryExecutionTime = (\d+)`")[1])
    server = virtuoso.start(tmp_path_factory.mktemp("virtuoso-readme"), anonymous_writes=False,
                            max_rows=rows, max_seconds=seconds)
    statements = said(r"in `isql-vt` with\s+`([^`]+)`")[1].replace("'PASSWORD'", f"'{PASSWORD}'")
    server.isql(*[s for s in " ".join(statements.split()).split(";") if s.strip()])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean clone of the repository (its committed files only)."""
    target = tmp_path_factory.mktemp("clone") / "syria-kg"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True, timeout=120)
    return target


def test_the_readmes_remote_section_works_as_written(
    readme_virtuoso: virtuoso.Virtuoso, clone: Path,
) -> None:
    host = f"127.0.0.1:{readme_virtuoso.http_port}"
    # 1. the Virtuoso row of the table: three endpoints on HOST:8890
    row = said(r"\| Virtuoso [^\n]*")[0]
    endpoints = [u.replace("HOST:8890", host)
                 for u in re.findall(r"`(http://HOST:8890/[^`]+)`", row)]
    assert len(endpoints) == 3
    # 2. the settings file and the credentials in the environment
    toml = said(r"```toml\n# remote\.toml\n(.*?)```")[1].replace("localhost:8890", host)
    assert [v for v in re.findall(r'"(http[^"]+)"', toml)] == endpoints
    (clone / "remote.toml").write_text(toml, encoding="utf-8")
    exported = said(r"export (SYRIAKG_STORE_USER)=(\w+) (SYRIAKG_STORE_PASSWORD)=…")
    user = said(r"USER_CREATE\('(\w+)'")[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYRIAKG_")}
    env.update({exported[1]: user, exported[3]: PASSWORD})
    # 3. the build
    build = shlex.split(said(r"\*\*3\. Build into it:\*\* `([^`]+)`")[1])
    assert build[0] == "syriakg"
    done = subprocess.run([sys.executable, "-m", "syriakg", *build[1:]], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert PASSWORD not in done.stdout + done.stderr
    store = connect(Settings(store=endpoints[0]))
    manifest = store.read_manifest()
    assert manifest is not None and graph_sizes(store) == manifest.graphs
    assert f"{len(manifest.graphs)} graphs pushed to {endpoints[0]}" in done.stdout
    # 4. the server
    serve = shlex.split(said(r"\*\*4\. Serve it:\*\* `([^`]+)`")[1])
    port = free_port()
    log = clone / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "syriakg", *serve[1:]], cwd=clone, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
            env={**env, "SYRIAKG_PORT": str(port), "SYRIAKG_WORKERS": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(base + "/sparql", server, timeout=90)
        query = urllib.parse.urlencode(
            {"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
        with urllib.request.urlopen(urllib.request.Request(
                f"{base}/sparql?{query}", headers={"Accept": "application/sparql-results+json"}),
                timeout=60) as response:
            count = json.loads(response.read())["results"]["bindings"][0]["n"]["value"]
        assert int(count) == sum(manifest.graphs.values())
        with urllib.request.urlopen(f"{base}/id/actor/russia", timeout=60) as response:
            assert response.status == 200
    finally:
        assert not stop_group(server), log.read_text()
    assert PASSWORD not in log.read_text()
