"""Stage 1, load: read every input file, keeping file and line for error messages.

Nothing is interpreted here beyond parsing: a malformed file stops the build with its path,
line and column, before anything is written.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph

from syriakg.errors import SourceError
from syriakg.settings import Settings
from syriakg.text import nfc


class Record(dict[str, Any]):
    """A mapping read from YAML or CSV that remembers where it came from."""

    path: Path
    line: int

    def where(self, key: str | None = None) -> tuple[Path, int]:
        lines: dict[str, int] = getattr(self, "key_lines", {})
        return self.path, lines.get(key, self.line) if key else self.line


# libyaml's parser where PyYAML has it (several times faster: a corpus has a thousand files).
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_Base):  # type: ignore[valid-type,misc]
    """A YAML loader whose mappings are Records carrying their line numbers."""


def _construct_record(loader: _LineLoader, node: yaml.MappingNode) -> Record:
    record = Record({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    record.path = Path(loader.name)
    record.line = node.start_mark.line + 1
    record.key_lines = {  # type: ignore[attr-defined]
        str(k.value): k.start_mark.line + 1 for k, _ in node.value
    }
    return record


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_record)
# Dates stay strings: the statements code decides whether "2020-09" is a gYearMonth or a date.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    """Parse a YAML file into Records; a syntax error names the file, line and column."""
    try:
        with path.open(encoding="utf-8") as fh:
            loader = _LineLoader(fh)
            loader.name = str(path)
            try:
                return loader.get_single_data()
            finally:
                loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise SourceError(
            path,
            f"not valid YAML: {exc.problem}" + (f" ({exc.context})" if exc.context else ""),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from exc
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def read_csv(path: Path, required: tuple[str, ...]) -> list[Record]:
    """Read a CSV file with a header row; each row knows its line number."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise SourceError(path, f"missing column(s) {', '.join(missing)}", line=1)
            rows = []
            for row in reader:
                record = Record({k: (v or "").strip() for k, v in row.items() if k})
                record.path, record.line = path, reader.line_num
                rows.append(record)
            return rows
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def read_rdf(path: Path) -> Graph:
    """Parse a Turtle/TriG file; a syntax error names the file and line."""
    graph = Graph()
    fmt = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads"}.get(path.suffix)
    if fmt is None:
        raise SourceError(path, "expected a .ttl, .trig, .nt or .nq file")
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        line = getattr(exc, "lines", None)
        raise SourceError(path, f"not valid {fmt}: {_first_line(exc)}", line=line) from exc
    return graph


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


@dataclass
class Document:
    """A source document: its metadata record and its NFC text."""

    meta: Record
    text: str
    sha256: str
    statements: Record | None = None


@dataclass
class Inputs:
    ontology: Graph
    shapes: Graph
    documents: dict[str, Document] = field(default_factory=dict)
    reference: dict[str, list[Record]] = field(default_factory=dict)


REFERENCE_TABLES: dict[str, tuple[str, ...]] = {
    "actors": ("key", "class", "label_en", "label_ar"),
    "places": ("key", "class", "label_en", "label_ar"),
    "memberships": ("member", "organization", "role", "source_url"),
}


def load_ontology(settings: Settings) -> Graph:
    graph = Graph()
    files = sorted(settings.path("ontology").rglob("*.ttl"))
    if not files:
        raise SourceError(settings.path("ontology"), "no ontology files (*.ttl) found")
    for path in files:
        graph += read_rdf(path)
    return graph


def load_shapes(settings: Settings) -> Graph:
    graph = Graph()
    for path in sorted(settings.path("shapes").glob("*.ttl")):
        graph += read_rdf(path)
    return graph


def retracted(settings: Settings) -> set[str]:
    """Documents whose metadata has a `retracted:` block (``syriakg retract``): the build leaves
    them out, with their statements (docs/review.md)."""
    out = set()
    for meta_path in sorted(settings.path("data/sources").glob("*.yaml")):
        meta = read_yaml(meta_path)
        if isinstance(meta, Record) and meta.get("retracted"):
            out.add(str(meta.get("id", meta_path.stem)))
    return out


def read_document(meta_path: Path) -> Document:
    """A source record and its text, checked against the checksum it records."""
    meta = read_yaml(meta_path)
    if not isinstance(meta, Record) or "id" not in meta or "file" not in meta:
        raise SourceError(meta_path, "a source record needs at least `id` and `file`", line=1)
    text_path = meta_path.parent / meta["file"]
    try:
        raw = text_path.read_bytes()
        text = nfc(raw.decode("utf-8"))
    except FileNotFoundError as exc:
        path, line = meta.where("file")
        raise SourceError(path, f"text file {text_path.name} does not exist", line) from exc
    except UnicodeDecodeError as exc:
        raise SourceError(text_path, f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    received = hashlib.sha256(raw).hexdigest()
    if meta.get("sha256") != received:
        path, line = meta.where("sha256" if "sha256" in meta else None)
        raise SourceError(
            path,
            f"{text_path.name} is not the file recorded here: its SHA-256 is {received}, "
            f"the metadata records {meta.get('sha256') or 'none'}. Keep the text byte for "
            "byte as received; a new version of a source is recorded with its own `sha256:`",
            line,
        )
    return Document(meta, text, hashlib.sha256(text.encode("utf-8")).hexdigest())


def read_statements(st_path: Path) -> tuple[str, Record]:
    """A statements file and the id of the document it is about."""
    statements = read_yaml(st_path)
    if not isinstance(statements, Record) or "document" not in statements:
        raise SourceError(st_path, "a statements file needs a `document:` key", line=1)
    return str(statements["document"]), statements


def load_documents(settings: Settings) -> dict[str, Document]:
    docs: dict[str, Document] = {}
    gone = retracted(settings)
    for meta_path in sorted(settings.path("data/sources").glob("*.yaml")):
        doc = read_document(meta_path)
        doc_id = str(doc.meta["id"])
        if doc_id in gone:
            continue
        if doc_id in docs:
            raise SourceError(meta_path, f"document id {doc_id!r} is used twice", doc.meta.line)
        docs[doc_id] = doc
    for st_path in sorted(settings.path("data/statements").glob("*.yaml")):
        doc_id, statements = read_statements(st_path)
        if doc_id in gone:
            continue
        if doc_id not in docs:
            path, line = statements.where("document")
            raise SourceError(
                path, f"document {doc_id!r} has no metadata file in data/sources/", line
            )
        docs[doc_id].statements = statements
    return docs


def load_reference(settings: Settings) -> dict[str, list[Record]]:
    tables = {}
    for name, required in REFERENCE_TABLES.items():
        path = settings.path(f"data/reference/{name}.csv")
        tables[name] = read_csv(path, required) if path.exists() else []
    return tables


def run(settings: Settings) -> Inputs:
    """Read the ontology, shapes, documents, statements and reference tables."""
    return Inputs(
        ontology=load_ontology(settings),
        shapes=load_shapes(settings),
        documents=load_documents(settings),
        reference=load_reference(settings),
    )
