"""Writing an ingested document: its text and metadata in data/sources/, its drafts in
data/statements/ (docs/ingest.md). Drafts are appended; reviewed and rejected records are never
rewritten, and a draft equal to a record already there (same span, kind and content) is not
proposed again."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from syriakg.errors import SourceError
from syriakg.ingest.analyse import analyse
from syriakg.ingest.drafting import gazetteer_from, records
from syriakg.ingest.source import next_id, read
from syriakg.settings import Settings
from syriakg.text import nfc


@dataclass(frozen=True)
class Metadata:
    """What is known about a document; nothing else is written (a missing field is absent)."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    licence: str | None = None
    excerpt: bool = False


@dataclass(frozen=True)
class IngestReport:
    document: str
    text_path: Path
    statements_path: Path
    drafted: int
    skipped: int
    seconds: float


def published_date(value: str | None, where: Path) -> date | None:
    """``--published`` as a date (a year or a month is kept as given, placed at its start)."""
    if value is None:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    try:
        if not m:
            raise ValueError(value)
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError as exc:
        raise SourceError(
            where, f"--published {value!r} is not a date: give YYYY-MM-DD, YYYY-MM or YYYY"
        ) from exc


def ingest(settings: Settings, path: Path, lang: str, meta: Metadata) -> IngestReport:
    """Store ``path`` as the next document and write its drafts; raises SourceError on bad
    input, having written nothing."""
    sources = settings.path("data/sources")
    statements = settings.path("data/statements")
    received = read(path, lang, sources)
    when = published_date(meta.published, path)
    doc_id = next_id(sources)
    started = time.perf_counter()
    gazetteer = gazetteer_from(settings)
    drafts = records(analyse(received.text, lang, gazetteer, when), gazetteer, when)
    seconds = time.perf_counter() - started
    text_path = sources / f"{doc_id}.{lang}.txt"
    meta_path = sources / f"{doc_id}.yaml"
    st_path = statements / f"{doc_id}.yaml"
    for target in (text_path, meta_path, st_path):
        if target.exists():
            raise SourceError(target, "already exists; it would be overwritten. Nothing written")
    files = {
        text_path: received.data,
        meta_path: _metadata(doc_id, text_path.name, path.name, received.sha256, lang, meta),
        st_path: _statements(doc_id, drafts),
    }
    _write_all(files)
    return IngestReport(doc_id, text_path, st_path, len(drafts), 0, seconds)


def redraft(settings: Settings, doc_id: str) -> IngestReport:
    """Run the detectors again over a stored document and append the drafts it lacks."""
    from syriakg.pipeline.load import Record, read_yaml

    meta_path = settings.path(f"data/sources/{doc_id}.yaml")
    if not meta_path.exists():
        raise SourceError(meta_path, f"no document {doc_id!r}: its metadata file does not exist")
    meta = read_yaml(meta_path)
    text_path = meta_path.parent / str(meta["file"])
    text = nfc(text_path.read_text(encoding="utf-8"))
    lang = str(meta.get("language", "ar"))
    when = published_date(str(meta["published"]) if meta.get("published") else None, meta_path)
    started = time.perf_counter()
    gazetteer = gazetteer_from(settings)
    drafts = records(analyse(text, lang, gazetteer, when), gazetteer, when)
    seconds = time.perf_counter() - started
    st_path = settings.path(f"data/statements/{doc_id}.yaml")
    existing: list[Record] = []
    if st_path.exists():
        data = read_yaml(st_path)
        existing = list(data.get("claims") or []) if isinstance(data, Record) else []
    seen = {_identity(r) for r in existing}
    ids = {str(r.get("id")) for r in existing}
    new = []
    for draft in drafts:
        if _identity(draft) in seen:
            continue
        key, n = draft["id"], 2
        while draft["id"] in ids:
            draft["id"] = f"{key}-{n}"
            n += 1
        ids.add(draft["id"])
        new.append(draft)
    if new:
        if st_path.exists():
            _append(st_path, new)
        else:
            _write_all({st_path: _statements(doc_id, new)})
    return IngestReport(doc_id, text_path, st_path, len(new), len(drafts) - len(new), seconds)


def _identity(record: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two records the same proposal: span, kind and content."""
    kind = str(record.get("kind"))
    span = tuple(record.get("span") or ())
    content = record.get(kind) if kind in ("figure", "event") else {
        k: record.get(k) for k in ("subject", "predicate", "object")
    }
    return (span, kind, yaml.safe_dump(_plain(content), sort_keys=True, allow_unicode=True))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _metadata(
    doc_id: str, file_name: str, received_as: str, sha: str, lang: str, meta: Metadata
) -> bytes:
    fields: dict[str, Any] = {
        "id": doc_id,
        "file": file_name,
        "received_as": received_as,
        "sha256": sha,
        "language": lang,
        "label": {lang if meta.title else "en": meta.title or f"[Untitled document {doc_id}]"},
    }
    for name in ("title", "publisher", "published", "url", "licence"):
        value = getattr(meta, name)
        if value:
            fields[name] = value
    if meta.excerpt:
        fields["excerpt"] = True
    fields["ingested"] = date.today().isoformat()
    head = (
        f"# Metadata of {doc_id}, written by `syriakg ingest` (docs/ingest.md). Only what was\n"
        "# given is recorded; the text beside it is the file as received, NFC, and sha256 is\n"
        "# of its stored bytes.\n"
    )
    if meta.excerpt:
        head += "# Only an excerpt of the document could be had: the excerpt is its text.\n"
    return (head + _dump(fields)).encode("utf-8")


def _statements(doc_id: str, drafts: list[dict[str, Any]]) -> bytes:
    head = (
        f"# What document {doc_id} says: drafts proposed by the detectors of `syriakg ingest`,\n"
        "# each with its quote, its span in the NFC text and why it was proposed. Only records\n"
        "# with `status: reviewed` are published (docs/ingest.md); review them with\n"
        f"# `syriakg review {doc_id}`.\n"
    )
    body = _dump({"document": doc_id, "drafted": date.today().isoformat()})
    claims = "claims:\n" + _dump(drafts) if drafts else "claims: []\n"
    return (head + body + claims).encode("utf-8")


def _append(path: Path, drafts: list[dict[str, Any]]) -> None:
    text = path.read_text(encoding="utf-8")
    if re.search(r"^claims:\s*\[\]\s*$", text, re.M):
        text = re.sub(r"^claims:\s*\[\]\s*$", "claims:", text, flags=re.M)
    if not re.search(r"^claims:\s*$", text, re.M):
        raise SourceError(path, "has no `claims:` list at the end to append drafts to")
    if not text.endswith("\n"):
        text += "\n"
    text += f"\n# Drafted again on {date.today().isoformat()} by newer detectors.\n"
    _write_all({path: (text + _dump(drafts)).encode("utf-8")})


class _Dumper(yaml.SafeDumper):
    """Spans on one line: `span: [343, 370]`."""


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    flow = bool(value) and all(isinstance(v, int) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _write_all(files: dict[Path, bytes]) -> None:
    """Write every file or none: each goes to a temporary name first, then all are renamed."""
    temps: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.tmp")
            temp.write_bytes(data)
            temps.append((temp, target))
        for temp, target in temps:
            os.replace(temp, target)
    finally:
        for temp, _ in temps:
            if temp.exists():
                temp.unlink()
