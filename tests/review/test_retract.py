"""Retracting a document: the metadata says so, comments kept, and the build leaves it out."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import CliRunner

from syriakg import crosscheck, pipeline
from syriakg.cli import main
from syriakg.namespaces import graph_iri
from syriakg.review import yamlfile
from syriakg.settings import Settings


def test_a_retracted_document_leaves_the_graph(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    meta = settings.root / "data/sources/d0001.yaml"
    before = meta.read_text(encoding="utf-8")
    graphs = pipeline.assemble(pipeline.load_inputs(settings))
    assert str(graph_iri("d0001")) in graphs and str(graph_iri("says-d0001")) in graphs
    assert any("/claim/d0001-" in str(o) for o in crosscheck.build(graphs).objects())

    result = CliRunner().invoke(main, ["retract", "d0001", "--reason", "the text is not the "
                                       "article it was taken for", "--by", "Rima"],
                                env={"SYRIAKG_ROOT": str(settings.root)})
    assert result.exit_code == 0, result.output
    after = meta.read_text(encoding="utf-8")
    assert after.startswith(before)  # the file is kept as it was, comments and all
    block = yamlfile.read(meta)["retracted"]
    assert block["by"] == "Rima" and block["reason"].startswith("the text is not")

    graphs = pipeline.assemble(pipeline.load_inputs(settings))
    assert str(graph_iri("d0001")) not in graphs
    assert str(graph_iri("says-d0001")) not in graphs
    claims = [str(c) for g in graphs.values() for c in g.subjects(pipeline.statements.SKG.statedIn)]
    assert claims and not any("/claim/d0001-" in c for c in claims)
    # The cross-check has nothing of the document left to assess.
    assessed = crosscheck.build(graphs)
    assert not any("/claim/d0001-" in str(o) for o in assessed.objects())

    again = CliRunner().invoke(main, ["retract", "d0001", "--reason", "x", "--by", "Rima"],
                               env={"SYRIAKG_ROOT": str(settings.root)})
    assert again.exit_code == 2 and "already retracted" in again.output
    assert meta.read_text(encoding="utf-8") == after


def test_retracting_an_unknown_document(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    result = CliRunner().invoke(main, ["retract", "d0099", "--reason", "x", "--by", "Rima"],
                                env={"SYRIAKG_ROOT": str(settings.root)})
    assert result.exit_code == 2 and "d0099.yaml" in result.output
