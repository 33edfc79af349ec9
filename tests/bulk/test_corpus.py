"""The build at corpus scale (syriakg.bulk.corpus) on a small generated corpus.

Real files, real stores: a corpus written by bench/generate_corpus.py, built as ``syriakg build``
builds it when there are many documents, compared with the curated build's assembly closed by the
in-store rules, and with itself after an incremental rebuild.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from syriakg import crosscheck, pipeline
from syriakg.bulk import corpus, rules
from syriakg.errors import ShapeViolationError, SourceError, StoreError
from syriakg.namespaces import graph_iri
from syriakg.settings import Settings
from syriakg.store import write_store_atomically
from syriakg.store.lock import lock_path

ROOT = Path(__file__).resolve().parents[2]


def generate(path: Path, documents: int) -> None:
    spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "bench/generate_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(path, documents)


def settings_of(root: Path, build: str = "build") -> Settings:
    return Settings.load(root=root, store=str(root / build / "store"), build_dir=root / build,
                         corpus_documents=2, build_workers=2)


def quads(path: Path) -> set[str]:
    """The store's quads without blank nodes (the ontology's, relabelled by every load)."""
    store = ox.Store.read_only(str(path))
    return {str(q) for q in store
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    generate(root, 4)
    corpus.run(settings_of(root), echo=lambda _: None)
    return root


def test_corpus_build_equals_the_curated_assembly_closed_by_the_rules(project: Path) -> None:
    settings = settings_of(project)
    inputs = pipeline.load_inputs(settings)
    graphs = pipeline.assemble(inputs)
    graphs[str(graph_iri("assessments"))] = crosscheck.build(graphs)
    store = ox.Store()
    for name, graph in graphs.items():
        store.load(graph.serialize(format="nt", encoding="utf-8"),
                   format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    rules.closure(store)
    expected = {str(q) for q in store
                if not isinstance(q.subject, ox.BlankNode)
                and not isinstance(q.object, ox.BlankNode)}
    assert quads(settings.store_path) == expected
    assert len(ox.Store.read_only(str(settings.store_path))) == len(store)


def _edit(root: Path, stem: str, old: str, new: str) -> None:
    path = root / "data/statements" / f"{stem}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_incremental_build_gives_the_triples_of_a_full_one(project: Path) -> None:
    _edit(project, "c0002", "en: and massive destruction of infrastructure",
          "en: and massive destruction of the infrastructure")
    # a figure's value changes too: its inferences and assessment with it
    _edit(project, "c0002", "predicate: skg:benefited", "predicate: skg:supports")
    lines: list[str] = []
    report = corpus.run(settings_of(project), echo=lines.append)
    assert any("1 compiled, 3 from the cache" in line for line in lines)
    assert [name for name, _, _ in report.stages][-1] == "persist"
    assert any("1 changed" in line for line in lines)
    full = settings_of(project, "full")
    corpus.run(full, echo=lambda _: None)
    assert quads(settings_of(project).store_path) == quads(full.store_path)
    assert len(ox.Store.read_only(str(settings_of(project).store_path))) == len(
        ox.Store.read_only(str(full.store_path)))


def test_a_broken_document_builds_nothing_and_names_document_file_and_line(
        project: Path) -> None:
    settings = settings_of(project)
    before = quads(settings.store_path)
    path = project / "data/statements/c0003.yaml"
    saved = path.read_text(encoding="utf-8")
    try:
        path.write_text(saved.replace("quote: ودماراً هائلاً في البنية التحتية",
                                      "quote: ودماراً هائلاً في الطرق", 1), encoding="utf-8")
        with pytest.raises(SourceError) as caught:
            corpus.run(settings, echo=lambda _: None)
        line = saved[: saved.index("quote: ودماراً هائلاً في البنية التحتية")].count("\n") + 1
        assert caught.value.path == path and caught.value.line == line
        assert "document c0003" in str(caught.value)
        assert "does not occur in the text" in str(caught.value)
    finally:
        path.write_text(saved, encoding="utf-8")
    assert quads(settings.store_path) == before


def test_a_shape_violation_names_document_file_and_line(project: Path) -> None:
    settings = settings_of(project)
    path = project / "data/statements/c0001.yaml"
    saved = path.read_text(encoding="utf-8")
    try:  # a share of territory above 100 % is valid YAML and compiles, but breaks a shape
        path.write_text(saved.replace("lowerBound: 66.666", "lowerBound: 166.666", 1),
                        encoding="utf-8")
        with pytest.raises(ShapeViolationError) as caught:
            corpus.run(settings, echo=lambda _: None)
        text = str(caught.value)
        line = saved[: saved.index("- id: control-one-year-after")].count("\n") + 1
        assert f"document c0001, {path}:{line} (claim control-one-year-after)" in text
    finally:
        path.write_text(saved, encoding="utf-8")


def test_a_second_writer_is_refused_naming_the_first(tmp_path: Path) -> None:
    target = tmp_path / "store"
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock_path(target).write_text(f"{holder.pid}\n")
        with pytest.raises(StoreError, match=f"process {holder.pid} holds"):
            write_store_atomically(target, lambda store: None)
    finally:
        holder.kill()
        holder.wait()
    write_store_atomically(target, lambda store: None)  # its holder gone, the lock is taken over
    assert not lock_path(target).exists()


def test_an_interrupted_write_leaves_the_previous_store_serving(tmp_path: Path) -> None:
    target = tmp_path / "store"
    quad = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))
    write_store_atomically(target, lambda store: store.add(quad))

    def interrupted(store: ox.Store) -> None:
        store.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:y"), ox.Literal("z")))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_store_atomically(target, interrupted)
    assert {str(q) for q in ox.Store.read_only(str(target))} == {str(quad)}
    assert not lock_path(target).exists()
    write_store_atomically(target, lambda store: store.add(quad))  # the next writer cleans up
    assert not target.with_name("store.new").exists()
