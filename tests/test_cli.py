"""The command line: exit codes 0/1/2 and what each command prints."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from syriakg.cli import main
from syriakg.pipeline import BuildReport
from syriakg.settings import Settings


def test_build_prints_stages_and_graph_sizes(
    project_copy: Callable[[], Settings],
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    settings = project_copy()
    monkeypatch.chdir(settings.root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    # Each stage on a line of its own, with its time in seconds: "reasoning   3.79 s  ...".
    timed = re.compile(r"(\w+)\s+(\d+\.\d\d) s\b")
    seen = {m.group(1): float(m.group(2)) for line in result.output.splitlines()
            if (m := timed.match(line))}
    for stage in ("load", "statements", "crosscheck", "reasoning", "validation", "documentation",
                  "persist", "total"):
        assert stage in seen, f"no timed line for the stage {stage}:\n{result.output}"
    assert seen["total"] >= max(t for name, t in seen.items() if name != "total")
    assert "https://w3id.org/syria-kg/graph/d0001" in result.output
    assert (settings.root / "build/store").is_dir()


def test_build_exit_code_2_on_bad_input(
    project_copy: Callable[[], Settings],
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    settings = project_copy()
    (settings.root / "data/reference/actors.csv").write_text("key,class\n", encoding="utf-8")
    monkeypatch.chdir(settings.root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2
    assert "actors.csv" in result.output and "label_en" in result.output


def test_query_as_table_csv_and_json(built: tuple[Settings, BuildReport]) -> None:
    settings, _ = built
    q = (
        "SELECT ?v WHERE { ?c skg:statedIn doc:d0001 ; skg:reportsFigure ?f . "
        "?f skg:populationGroup skg:Children ; skg:numericValue ?v }"
    )
    runner = CliRunner()
    table = runner.invoke(main, ["query", q, "--store", str(settings.store_path)])
    assert table.exit_code == 0, table.output
    assert "2098" in table.output and "(1 row)" in table.output
    as_csv = runner.invoke(
        main, ["query", q, "--store", str(settings.store_path), "--format", "csv"]
    )
    assert list(csv.reader(io.StringIO(as_csv.output))) == [["v"], ["2098"]]
    as_json = runner.invoke(
        main, ["query", q, "--store", str(settings.store_path), "--format", "json"]
    )
    bindings = json.loads(as_json.output)["results"]["bindings"]
    assert [b["v"]["value"] for b in bindings] == ["2098"]


def test_query_from_file_and_bad_query(built: tuple[Settings, BuildReport], tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings, _ = built
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?c a skg:FigureClaim }", encoding="utf-8")
    ok = CliRunner().invoke(main, ["query", str(rq), "--store", str(settings.store_path)])
    assert ok.output.strip() == "true"
    bad = CliRunner().invoke(
        main, ["query", "SELECT ?x WHERE { ?x ", "--store", str(settings.store_path)]
    )
    assert bad.exit_code == 2
    assert "does not parse" in bad.output


def test_query_without_a_store_says_how_to_build_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["query", "ASK {}", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "make build" in result.output


def test_help_lists_whole_summaries_and_each_command_has_an_example() -> None:
    listed = CliRunner().invoke(main, ["--help"], terminal_width=80).output
    assert "..." not in listed.split("Commands:")[1]
    for name, command in main.commands.items():
        first = (command.help or "").strip().split("\n\n")[0]
        sentence = " ".join(first.split()).split(". ")[0].rstrip(".")
        assert " ".join(sentence.split()[-3:]) in " ".join(listed.split()), name
        own = CliRunner().invoke(main, [name, "--help"]).output
        assert "Examples:" in own and f"syriakg {name}" in own, name


def test_the_store_is_found_from_any_directory(
    built: tuple[Settings, BuildReport], tmp_path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    store = built[0].store_path
    monkeypatch.chdir(tmp_path)
    missing = CliRunner().invoke(main, ["query", "ASK {}"])
    assert missing.exit_code == 2
    assert f"no store at {tmp_path / 'build' / 'store'}" in missing.output
    assert "SYRIAKG_STORE" in missing.output and str(tmp_path) in missing.output
    by_env = CliRunner().invoke(main, ["query", "ASK {}", "--format", "json"],
                                env={"SYRIAKG_STORE": str(store)})
    assert by_env.exit_code == 0, by_env.output
    elsewhere = tmp_path / "conf"
    elsewhere.mkdir()
    (elsewhere / "syriakg.toml").write_text(
        f'store = "{Path(os.path.relpath(store, elsewhere))}"\n', encoding="utf-8")
    by_file = CliRunner().invoke(main, ["--config", str(elsewhere / "syriakg.toml"), "query",
                                        "ASK {}", "--format", "json"])
    assert by_file.exit_code == 0, by_file.output
