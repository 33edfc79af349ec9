"""``syriakg load --reason --check``, ``syriakg reason`` and ``syriakg check-bulk``, end to end."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from syriakg.bulk import rules
from syriakg.cli import main
from syriakg.store import graph_sizes, open_store
from tests.bulk.conftest import ROOT, Generated, generate

INFERRED = ox.NamedNode(rules.INFERRED)
ONTOLOGY = "https://w3id.org/syria-kg/graph/ontology"


@pytest.fixture
def in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands find ontology/ and shapes/ in the working directory, as users run them."""
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("in_project")
def test_load_reason_check_and_serve(tmp_path: Path) -> None:
    data = generate(tmp_path / "ok.nq", 20_000)
    store = tmp_path / "store"
    result = CliRunner().invoke(
        main, ["load", str(data), "--store", str(store), "--reason", "--check", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    sizes = graph_sizes(open_store(store))
    assert sizes[rules.INFERRED] > 5_000 and ONTOLOGY in sizes
    # check-bulk on what was written: conforms, exit 0; `reason` recomputes the same closure.
    assert CliRunner().invoke(main, ["check-bulk", "--store", str(store)]).exit_code == 0
    before = sizes[rules.INFERRED]
    assert CliRunner().invoke(main, ["reason", "--store", str(store)]).exit_code == 0
    assert graph_sizes(open_store(store))[rules.INFERRED] == before


@pytest.mark.usefixtures("in_project")
def test_violations_keep_the_old_store(tmp_path: Path, generated: Generated) -> None:
    store = tmp_path / "store"
    ok = generate(tmp_path / "ok.nq", 5_000)
    assert (
        CliRunner().invoke(main, ["load", str(ok), "--store", str(store), "--quiet"]).exit_code == 0
    )
    before = graph_sizes(open_store(store))
    result = CliRunner().invoke(
        main, ["load", str(generated.path), "--store", str(store), "--reason", "--check", "--quiet"]
    )
    assert result.exit_code == 1
    assert "18 SHACL violation(s)" in result.output and "ClaimSourceShape" in result.output
    assert graph_sizes(open_store(store)) == before


@pytest.mark.usefixtures("in_project")
def test_check_bulk_reports_per_graph(tmp_path: Path, generated: Generated) -> None:
    store = tmp_path / "store"
    assert (
        CliRunner()
        .invoke(main, ["load", str(generated.path), "--store", str(store), "--reason", "--quiet"])
        .exit_code
        == 0
    )
    result = CliRunner().invoke(main, ["check-bulk", "--store", str(store)])
    assert result.exit_code == 1 and "18 problem(s) found" in result.output
    clean = CliRunner().invoke(
        main,
        [
            "check-bulk",
            "--store",
            str(store),
            "--graph",
            "https://w3id.org/syria-kg/graph/g0000000",
        ],
    )
    assert clean.exit_code == 0, clean.output


def test_outside_the_project_the_error_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = generate(tmp_path / "ok.nq", 2_000)
    result = CliRunner().invoke(
        main, ["load", str(data), "--store", "store", "--reason", "--quiet"]
    )
    assert result.exit_code == 2 and "no ontology/*.ttl under" in result.output
    assert not (tmp_path / "store").exists()
