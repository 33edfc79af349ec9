"""The build at corpus scale: each document compiled on its own, in parallel, cached; reasoning
and validation inside the store; a changed document rebuilds only what depends on it.

``syriakg build`` comes here when there are at least ``corpus_documents`` documents
(docs/architecture.md, "The build at corpus scale"). Everything that is not a document (the
ontology, the reference layer, the records, the links) is assembled as the curated build
assembles it and closed with the in-store rules (bulk/rules.py); each document becomes a unit
(pipeline/units.py), kept in ``<build_dir>/units/`` under a key made of the bytes of the
document's files and of everything it reads (ontology, shapes, reference layer, records, links
and this program's source). A build whose inputs are the last build's but for some documents
recompiles only those, and changes the previous store (a checkpoint, swapped in whole) by their
graphs and their share of the graphs every document adds to; any other build writes the store
afresh. The report is the curated build's (``pipeline.BuildReport``, ``validation.Report``).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml
from rdflib import RDF, Graph

from syriakg import crosscheck, ontodoc, pipeline
from syriakg.analysis import kept_files
from syriakg.bulk import rules
from syriakg.bulk.commands import project_shapes
from syriakg.bulk.validate import BulkReport, validate
from syriakg.crosscheck.model import to_graph
from syriakg.crosscheck.pairs import compare
from syriakg.crosscheck.sparql import Graph as KnowledgeGraph
from syriakg.errors import KGError, ShapeViolationError, SourceError
from syriakg.namespaces import SKG, graph_iri
from syriakg.pipeline import persist, units
from syriakg.pipeline.materialize import Tables
from syriakg.pipeline.ontology_index import OntologyIndex
from syriakg.settings import Settings
from syriakg.store import facts, write_store_atomically

PACKAGE = Path(__file__).resolve().parents[1]
STATE_FILE = "corpus-state.json"
OUTSIDE_FILE = "outside.nq"


def document_files(settings: Settings) -> dict[str, tuple[Path, Path]]:
    """Each document's metadata file and its statements file (same name), by file stem."""
    statements = settings.path("data/statements")
    return {
        meta.stem: (meta, statements / meta.name)
        for meta in sorted(settings.path("data/sources").glob("*.yaml"))
    }


def _digest(paths: list[Path], seed: str = "") -> str:
    h = hashlib.sha256(seed.encode())
    for path in paths:
        h.update(str(path.name).encode() + b"\0")
        if path.is_file():
            h.update(path.read_bytes())
        h.update(b"\1")
    return h.hexdigest()


def inputs_key(settings: Settings) -> str:
    """What every unit depends on: ontology, shapes, reference layer, records, links, code."""
    files: list[Path] = []
    for directory in ("ontology", "shapes", "data/reference", "data/links"):
        files += sorted(p for p in settings.path(directory).rglob("*") if p.is_file())
    code = sorted(p for p in PACKAGE.rglob("*.py") if "web" not in p.relative_to(PACKAGE).parts)
    return _digest(files + code)


def unit_key(base: str, meta: Path, statements: Path) -> str:
    """A document's key: the inputs' key and the bytes of its metadata, text and statements."""
    paths = [meta, statements]
    try:
        record = yaml.load(meta.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if isinstance(record, dict) and isinstance(record.get("file"), str):
            paths.append(meta.parent / record["file"])
    except yaml.YAMLError:
        pass  # compiling it names the error
    return _digest(paths, base)


class Cache:
    """The units of the last build, one per document: ``<stem>.key``, ``.own.nq``,
    ``.shared.nq`` and ``.lines.json``, each replaced whole."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def key(self, stem: str) -> str | None:
        try:
            return (self.directory / f"{stem}.key").read_text()
        except FileNotFoundError:
            return None

    def get(self, stem: str, key: str) -> units.Unit | None:
        if self.key(stem) != key:
            return None
        d = self.directory
        meta = json.loads((d / f"{stem}.lines.json").read_text(encoding="utf-8"))
        return units.Unit(meta["doc_id"], (d / f"{stem}.own.nq").read_text(encoding="utf-8"),
                          (d / f"{stem}.shared.nq").read_text(encoding="utf-8"), meta["lines"],
                          meta["file"])

    def shared(self, stem: str) -> str:
        return (self.directory / f"{stem}.shared.nq").read_text(encoding="utf-8")

    def put(self, stem: str, key: str, unit: units.Unit) -> None:
        d = self.directory
        (d / f"{stem}.key").unlink(missing_ok=True)  # a unit half written has no key
        (d / f"{stem}.own.nq").write_text(unit.own, encoding="utf-8")
        (d / f"{stem}.shared.nq").write_text(unit.shared, encoding="utf-8")
        (d / f"{stem}.lines.json").write_text(json.dumps(
            {"doc_id": unit.doc_id, "lines": unit.lines, "file": unit.statements_file}))
        (d / f"{stem}.key").write_text(key)

    def drop(self, stem: str) -> None:
        for suffix in (".key", ".own.nq", ".shared.nq", ".lines.json"):
            (self.directory / f"{stem}{suffix}").unlink(missing_ok=True)


@contextmanager
def _stage(report: pipeline.BuildReport, name: str, echo: Callable[[str], None]) -> Iterator[
        list[str]]:
    with pipeline._stage(report, name, echo) as note:
        yield note


def _nquads(store: ox.Store) -> bytes:
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


def outside(settings: Settings) -> tuple[pipeline.load.Inputs, units.Shared, ox.Store]:
    """Everything that is not a document, assembled as the curated build does, in a store with
    its assessments and its closure; and what every unit shares."""
    inputs = pipeline.load_inputs_without_documents(settings)
    graphs = pipeline.assemble(inputs)
    store = ox.Store()
    for name, graph in graphs.items():
        store.load(graph.serialize(format="nt", encoding="utf-8"),
                   format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    records = _nquads(store)
    assessed = crosscheck.build(graphs)
    store.load(assessed.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(units.ASSESSMENTS))
    rules.closure(store)
    asserted, inferred = Graph(), Graph()
    for name in {q.graph_name for q in store}:
        target = inferred if str(name.value) == units.INFERRED else asserted
        target.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name),
                     format="nt")
    index = OntologyIndex.from_graph(inputs.ontology)
    reference = graphs[str(graph_iri("reference"))]
    _, known = pipeline.reference.build(inputs.reference, index)
    lines = assessed.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    shared = units.Shared(
        ontology=inputs.ontology, index=index, known=known, reference=reference,
        tables=Tables.of(asserted, inferred), outside=records,
        outside_assessments=frozenset(line[:-1] for line in lines if line.endswith(" .")),
    )
    return inputs, shared, store


def comparisons(store: ox.Store, settings: Settings, outside_store: ox.Store) -> list[ox.Quad]:
    """Every source's figures against every other's (crosscheck.pairs), with what the rules
    infer from them. A unit knows one document only, so these are made once every unit is in the
    store; the closure runs on the records and the comparisons alone, which is all it needs."""
    found = compare(KnowledgeGraph(store), settings.crosscheck_end_days,
                    Decimal(str(settings.crosscheck_count_share)))
    if not found:
        return []
    small = ox.Store()
    small.bulk_extend(outside_store)
    small.load(to_graph(found).serialize(format="nt", encoding="utf-8"),
               format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(units.ASSESSMENTS))
    rules.closure(small)
    return [q for q in small if q not in outside_store]


def _comparisons_in(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode]:
    """The comparisons a build made (crosscheck/pairs.py), found by their type."""
    kind = ox.NamedNode(str(SKG.FigureComparison))
    return [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), kind)
            if isinstance(q.subject, ox.NamedNode)]


_SHARED: units.Shared | None = None


def _compile(job: tuple[str, Path, Path]) -> tuple[str, units.Unit | KGError]:
    stem, meta, statements = job
    assert _SHARED is not None
    try:
        return stem, units.compile_unit(meta, statements, _SHARED)
    except KGError as exc:
        return stem, exc


def compile_units(jobs: list[tuple[str, Path, Path]], shared: units.Shared,
                  workers: int) -> dict[str, units.Unit]:
    """Compile the documents, in ``workers`` processes when there are several.

    :raises SourceError: the first broken document (by file name), naming it, its file and line.
    """
    global _SHARED
    _SHARED = shared
    try:
        if workers <= 1 or len(jobs) < 4:
            results = [_compile(job) for job in jobs]
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                chunk = max(1, len(jobs) // (8 * workers))
                results = list(pool.map(_compile, jobs, chunksize=chunk))
    finally:
        _SHARED = None
    out: dict[str, units.Unit] = {}
    for stem, result in sorted(results, key=lambda r: r[0]):
        if isinstance(result, SourceError):
            raise type(result)(result.path, f"document {stem}: {result.message}", result.line,
                               result.column)
        if isinstance(result, KGError):
            raise result
        out[stem] = result
    return out


def where(focus: str, found: dict[str, units.Unit]) -> str:
    """The document, statements file and line a validation result's focus node comes from."""
    local = focus.rsplit("/", 1)[-1].rsplit(":", 1)[-1]  # an IRI or a prefixed name
    for unit in found.values():
        if not local.startswith(unit.doc_id):
            continue
        rest = local[len(unit.doc_id) + 1:]
        keys = [k for k in unit.lines if rest == k or rest.startswith(k + "-")]
        if keys:
            key = max(keys, key=len)
            return f"document {unit.doc_id}, {unit.statements_file}:{unit.lines[key]} (claim {key})"
        return f"document {unit.doc_id}, {unit.statements_file}"
    return ""


def _check(store: ox.Store, settings: Settings, found: dict[str, units.Unit],
           focus_graphs: list[str] | None) -> pipeline.validation.Report:
    rules.check_consistency(store)
    shapes = project_shapes(settings)
    if focus_graphs is None:
        result = validate(store, shapes)
    else:  # only the nodes the changed documents describe
        result = BulkReport()
        for name in focus_graphs:
            more = validate(store, shapes, name)
            result.results += more.results
            result.queries += more.queries
    report = result.report()
    if not report.conforms:
        report.violations = [
            replace(v, message=f"{v.message} [{where(v.focus, found) or 'outside the documents'}]")
            for v in report.violations
        ]
        raise ShapeViolationError(report.text(), len(result.results))
    return report


def run(settings: Settings, echo: Callable[[str], None] = print) -> pipeline.BuildReport:
    """Build the corpus; incrementally when only some documents changed since the last build.

    :raises SourceError: a document is malformed (named with its file and line); nothing written.
    :raises ReasoningError, ShapeViolationError: as the curated build; nothing is written.
    :raises StoreError: the store cannot be written, or another build holds its lock.
    """
    report = pipeline.BuildReport()
    build_dir = settings.path(settings.build_dir)
    cache = Cache(build_dir / "units")
    workers = settings.build_workers or os.cpu_count() or 1
    with _stage(report, "load", echo) as note:
        base = inputs_key(settings)
        files = document_files(settings)
        keys = {stem: unit_key(base, meta, st) for stem, (meta, st) in files.items()}
        state = _read_state(build_dir)
        note.append(f"{len(files)} document(s)")
    previous = state.get("units", {}) if state.get("inputs") == base else {}
    store_path = settings.store_path
    changed = sorted(s for s in files if previous.get(s) != keys[s])
    removed = sorted(s for s in previous if s not in files)
    incremental = (
        bool(previous) and (store_path / facts.FACTS_FILE).exists()
        and state.get("store") == str(store_path.resolve())
        and len(changed) + len(removed) <= max(1, len(files) // 10)
        and all(cache.key(s) == previous[s] for s in [*changed, *removed] if s in previous)
    )
    with _stage(report, "outside", echo) as note:
        inputs, shared, outside_store = outside(settings)
        note.append(f"{len(outside_store)} quads outside the documents")
    with _stage(report, "statements", echo) as note:
        todo = [s for s in files if cache.key(s) != keys[s]]
        old = {s: cache.get(s, previous[s]) for s in [*changed, *removed]
               if incremental and s in previous}
        fresh = compile_units([(s, *files[s]) for s in todo], shared, workers)
        for stem, unit in fresh.items():
            cache.put(stem, keys[stem], unit)
        note.append(f"{len(fresh)} compiled, {len(files) - len(fresh)} from the cache")
    page = persist.documentation(inputs.ontology, build_dir)
    if incremental:
        _incremental(settings, report, cache, files, keys, old, changed, removed, page,
                     outside_store, echo)
    else:
        _full(settings, report, cache, files, keys, outside_store, page, echo)
    for stem in removed:
        cache.drop(stem)
    _write_state(build_dir, {"inputs": base, "units": keys, "store": str(store_path.resolve())})
    return report


def _full(settings: Settings, report: pipeline.BuildReport, cache: Cache,
          files: dict[str, tuple[Path, Path]], keys: dict[str, str], outside_store: ox.Store,
          page: bytes, echo: Callable[[str], None]) -> None:
    with _stage(report, "assemble", echo) as note:
        memory = ox.Store()
        memory.bulk_extend(outside_store)
        found = {}
        for stem in files:
            unit = cache.get(stem, keys[stem])
            assert unit is not None
            found[stem] = unit
        # One load of every unit: a load per unit costs several times more. The units were
        # written by this program from parsed RDF, so the parser need not check them again.
        data = "".join(unit.own + unit.shared for unit in found.values()).encode("utf-8")
        memory.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        del data
        memory.extend(comparisons(memory, settings, outside_store))
        note.append(f"{len(memory)} quads")
    with _stage(report, "validation", echo) as note:
        report.validation = _check(memory, settings, found, None)
        note.append("conforms")
    with _stage(report, "persist", echo) as note:
        def fill(store: ox.Store) -> None:
            store.bulk_extend(memory)

        write_store_atomically(settings.store_path, fill, files={ontodoc.PAGE_FILE: page},
                               derive=kept_files,
                               facts_of=lambda _: facts.compute(memory))
        note.append(f"store at {settings.store}")
    report.graph_sizes = facts.graph_sizes(memory)


def _incremental(settings: Settings, report: pipeline.BuildReport, cache: Cache,
                 files: dict[str, tuple[Path, Path]], keys: dict[str, str],
                 old: dict[str, units.Unit | None], changed: list[str], removed: list[str],
                 page: bytes, outside_store: ox.Store, echo: Callable[[str], None]) -> None:
    new = {s: cache.get(s, keys[s]) for s in changed}
    with _stage(report, "persist", echo) as note:
        def lines(text: str) -> set[str]:
            return {line for line in text.splitlines() if line}

        old_shared = set().union(*(lines(u.shared) for u in old.values() if u))
        new_shared = set().union(*(lines(u.shared) for u in new.values() if u))
        gone = old_shared - new_shared
        if gone:  # kept if another document, or the outside, still adds it
            for stem in files:
                if stem not in new:
                    gone -= lines(cache.shared(stem))
                    if not gone:
                        break
        graphs = sorted({line.rsplit(" ", 2)[-2] for u in old.values() if u
                         for line in u.own.splitlines() if line})

        def fill(store: ox.Store) -> None:
            for name in graphs:
                store.remove_graph(ox.NamedNode(name[1:-1]))
            for quad in ox.parse("\n".join(gone).encode("utf-8"), format=ox.RdfFormat.N_QUADS):
                store.remove(quad)
            for unit in new.values():
                assert unit is not None
                store.load(unit.own.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            store.load("\n".join(new_shared - old_shared).encode("utf-8"),
                       format=ox.RdfFormat.N_QUADS)
            # The comparisons pair documents: made again over the whole corpus.
            for quad in [q for s in _comparisons_in(store)
                         for q in store.quads_for_pattern(s, None, None)]:
                store.remove(quad)
            store.extend(comparisons(store, settings, outside_store))
            found = {s: u for s, u in new.items() if u}
            focus = [str(graph_iri(u.doc_id)) for u in found.values()]
            report.validation = _check(store, settings, found, focus)

        def facts_of(store: ox.Store) -> facts.StoreFacts:
            return _refreshed_facts(settings.store_path, store, old, new)

        write_store_atomically(settings.store_path, fill, copy_from=settings.store_path,
                               derive=kept_files,
                               files={ontodoc.PAGE_FILE: page}, facts_of=facts_of)
        note.append(f"{len(changed)} changed, {len(removed)} removed; "
                    f"{len(gone)} shared triples dropped")


def _refreshed_facts(path: Path, store: ox.Store, old: dict[str, units.Unit | None],
                     new: dict[str, units.Unit | None]) -> facts.StoreFacts:
    """The previous facts with the sizes, sources and labels the changed documents touch
    read again (the rest of a store's facts cannot have changed)."""
    kept = facts.read(path)
    if kept is None:
        return facts.compute(store)
    subjects = set()
    for unit in [*old.values(), *new.values()]:
        if unit:
            for line in (unit.own + unit.shared).splitlines():
                if "label> " in line or "prefLabel> " in line:
                    subjects.add(line.split(" ", 1)[0])
    for subject in subjects:
        kept.labels.pop(subject[1:-1], None)
    if subjects:
        query = facts.LABELS_QUERY.replace(
            "SELECT ?s ?p ?l WHERE {",
            "SELECT ?s ?p ?l WHERE { VALUES ?s { " + " ".join(sorted(subjects)) + " }")
        found = facts.labels_of(facts.select_bindings(store, query)[1])
        kept.labels.update(found)
    fresh = facts.compute_sources(store)
    return facts.StoreFacts(facts.graph_sizes(store), fresh, kept.labels)


def _read_state(build_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((build_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(build_dir: Path, state: dict[str, Any]) -> None:
    path = build_dir / STATE_FILE
    path.with_suffix(".tmp").write_text(json.dumps(state), encoding="utf-8")
    path.with_suffix(".tmp").replace(path)


