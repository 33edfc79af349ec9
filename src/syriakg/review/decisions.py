"""A document under review: its text, its records, and each decision written back to the YAML.

Records follow docs/modelling.md with the additions of docs/review.md: ``span: [start, end]``
(character offsets in the NFC text), ``status: draft | reviewed | rejected`` (none means
reviewed), ``detector: {name, version, reason}`` on machine-drafted records and ``review: {by, at,
decision}`` written here. A decision changes only the record it is about; a rejected draft stays
in the file with ``status: rejected`` so that it is not proposed again.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from syriakg.errors import SourceError
from syriakg.review import yamlfile
from syriakg.text import nfc, sentence_at

DECISIONS = ("accepted", "corrected", "rejected")
KINDS = ("figure", "event", "relation")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# One writer at a time per process: the review app is one local server.
_LOCK = threading.Lock()


class DecisionError(ValueError):
    """A decision that cannot be written, with what to change (the page shows it)."""


@dataclass(frozen=True)
class Item:
    """One record as the page shows it: its quote inside its sentence, and its status."""

    index: int
    record: Mapping[str, Any]
    status: str
    start: int | None
    end: int | None
    sentence: str
    before: str
    after: str


def status_of(record: Mapping[str, Any]) -> str:
    """A record's status; a record without one is reviewed (docs/review.md)."""
    return str(record.get("status", "reviewed"))


def now() -> str:
    """The time of a decision, ISO 8601 in UTC to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class ReviewFile:
    """``data/sources/<doc>.yaml``, its text and ``data/statements/<doc>.yaml`` under ``root``."""

    def __init__(self, root: Path, doc: str) -> None:
        self.root, self.doc = root, doc
        self.meta_path = root / "data" / "sources" / f"{doc}.yaml"
        self.path = root / "data" / "statements" / f"{doc}.yaml"
        meta = yamlfile.read(self.meta_path)
        if not isinstance(meta, Mapping) or "file" not in meta:
            raise SourceError(self.meta_path, "a source record needs `file:`", line=1)
        self.meta = meta
        self.language = str(meta.get("language", "ar"))
        text_path = self.meta_path.parent / str(meta["file"])
        try:
            self.text = nfc(text_path.read_bytes().decode("utf-8"))
        except FileNotFoundError as exc:
            raise SourceError(self.meta_path, f"text file {text_path.name} does not exist") from exc

    def _data(self) -> CommentedMap:
        data = yamlfile.read(self.path)
        if not isinstance(data, CommentedMap) or not isinstance(data.get("claims"), list):
            raise SourceError(self.path, "a statements file needs a `claims:` list", line=1)
        return data

    def items(self) -> list[Item]:
        """Every record, read from the file now (so the page shows what the file says)."""
        return [self._item(i, r) for i, r in enumerate(self._data()["claims"])]

    def _item(self, index: int, record: Mapping[str, Any]) -> Item:
        start, end = self._span(record)
        if start is None or end is None:
            return Item(index, record, status_of(record), None, None, "", "", "")
        sentence = sentence_at(self.text, start)
        s0 = sentence.start if sentence else start
        s1 = max(sentence.end if sentence else end, end)
        return Item(index, record, status_of(record), start, end,
                    self.text[start:end], self.text[s0:start], self.text[end:s1])

    def _span(self, record: Mapping[str, Any]) -> tuple[int | None, int | None]:
        span = record.get("span")
        if isinstance(span, list) and len(span) == 2:
            return int(span[0]), int(span[1])
        quote = nfc(str(record.get("quote", "")))
        start = self.text.find(quote) if quote else -1
        return (start, start + len(quote)) if start >= 0 else (None, None)

    def decide(
        self,
        record_id: str,
        decision: str,
        by: str,
        en: str | None = None,
        content: str | None = None,
    ) -> Mapping[str, Any]:
        """Accept, correct or reject the record ``record_id``; write the file; return the record.

        ``en`` is the English rendering (needed to accept or correct); ``content`` the corrected
        content as YAML (a figure or event mapping, or a relation's subject/predicate/object).

        :raises DecisionError: an unknown record or decision, a missing rendering, bad content.
        """
        if decision not in DECISIONS:
            raise DecisionError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
        by = _reviewer(by)
        with _LOCK:
            data = self._data()
            record = _find(data["claims"], record_id)
            trailing = _detach_trailing(record)
            if decision != "rejected":
                _set(record, "en", _english(en, record))
                if content is not None and content.strip():
                    _replace_content(record, content)
            _set(record, "status", "rejected" if decision == "rejected" else "reviewed")
            _set(record, "review", _flow({"by": by, "at": now(), "decision": decision}))
            _attach_trailing(record, trailing)
            yamlfile.write(self.path, data)
            return record

    def add(
        self,
        start: int,
        end: int,
        kind: str,
        content: str,
        en: str,
        by: str,
        record_id: str | None = None,
    ) -> Mapping[str, Any]:
        """Add a claim the detectors missed, from the text ``[start, end)``; write the file.

        :raises DecisionError: a span outside the text, an unknown kind, an id in use,
            content that is not a mapping, or no English rendering.
        """
        if not 0 <= start < end <= len(self.text):
            raise DecisionError(f"the span [{start}, {end}) is not inside the text "
                                f"(0 to {len(self.text)} characters)")
        if kind not in KINDS:
            raise DecisionError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        by = _reviewer(by)
        quote = self.text[start:end]
        if quote != quote.strip():
            raise DecisionError("the selection starts or ends with a space: select the words only")
        with _LOCK:
            data = self._data()
            claims: CommentedSeq = data["claims"]
            used = {str(r.get("id")) for r in claims}
            key = record_id or _free_id(f"{kind}-{start}-{end}", used)
            if not _KEY.match(key) or key in used:
                raise DecisionError(f"claim id {key!r} is in use or not lower-case ASCII letters, "
                                    "digits and hyphens: choose another")
            record = CommentedMap()
            record["id"] = key
            record["kind"] = kind
            record["quote"] = quote
            record["span"] = _flow_seq([start, end])
            record["en"] = _english(en, record)
            _replace_content(record, content)
            record["status"] = "reviewed"
            record["review"] = _flow({"by": by, "at": now(), "decision": "added"})
            claims.append(record)
            yamlfile.write(self.path, data)
            return record


def _reviewer(by: str) -> str:
    by = " ".join(str(by or "").split())
    if not by:
        raise DecisionError("say who reviews: start the page with --reviewer NAME")
    return by


def _english(en: str | None, record: Mapping[str, Any]) -> str:
    text = " ".join(str(en if en is not None else record.get("en") or "").split())
    if not text:
        raise DecisionError("every reviewed claim needs its English rendering: write or correct "
                            "the proposed one")
    return text


def _find(claims: list[Any], record_id: str) -> CommentedMap:
    for record in claims:
        if isinstance(record, CommentedMap) and str(record.get("id")) == record_id:
            return record
    raise DecisionError(f"no record {record_id!r} in this file (it may have been renamed: reload)")


def _replace_content(record: CommentedMap, text: str) -> None:
    """Set the record's content from the reviewer's YAML: a figure or event mapping, or a
    relation's subject, predicate, object (and qualifiers)."""
    try:
        content = yamlfile.loads(text)
    except ValueError as exc:
        raise DecisionError(str(exc)) from exc
    if not isinstance(content, Mapping) or not content:
        raise DecisionError("the content must be a mapping of ontology properties to values")
    kind = str(record.get("kind"))
    if kind == "relation":
        missing = [k for k in ("subject", "predicate", "object") if k not in content]
        if missing:
            raise DecisionError(f"a relation needs {', '.join(missing)}")
        for key in ("subject", "predicate", "object", "qualifiers"):
            if key in content:
                _set(record, key, content[key])
    else:
        if "type" not in content:
            raise DecisionError(f"a {kind} needs `type:` (a class of the ontology)")
        _set(record, kind, content)


# Where a key a decision adds goes in a record: after the last of these keys that precede it.
ORDER = ("id", "kind", "quote", "span", "en", "status", "detector", "review")


def _set(record: CommentedMap, key: str, value: Any) -> None:
    """Set a key in place if it is there; else insert it in the order of ORDER, so that a
    record reads id, kind, quote, span, en, status, detector, review, then its content."""
    if key in record:
        if record[key] != value:
            record[key] = value
        return
    before = ORDER[: ORDER.index(key)] if key in ORDER else tuple(record)
    keys = list(record)
    position = max((keys.index(k) + 1 for k in before if k in record), default=len(keys))
    record.insert(position, key, value)


def _last_slot(node: Any) -> tuple[Any, Any] | None:
    """The innermost last (mapping, key) or (list, index) of a block node: where ruamel keeps
    the comment that stands between this record and the next."""
    slot = None
    while isinstance(node, CommentedMap | CommentedSeq) and len(node) and not node.fa.flow_style():
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        slot = (node, key)
        node = node[key]
    return slot


def _detach_trailing(record: CommentedMap) -> Any:
    """Take away the comment after the record's last line (it belongs before the next record),
    so that keys added or content replaced do not end up below it."""
    slot = _last_slot(record)
    if slot is None:
        return None
    node, key = slot
    entry = node.ca.items.pop(key, None)
    return entry[2] if isinstance(node, CommentedMap) and entry else (entry or [None])[0]


def _attach_trailing(record: CommentedMap, comment: Any) -> None:
    slot = _last_slot(record)
    if comment is None or slot is None:
        return
    node, key = slot
    node.ca.items[key] = [None, None, comment, None] if isinstance(node, CommentedMap) else [
        comment, None]


def _flow(values: dict[str, Any]) -> CommentedMap:
    node = CommentedMap(values)
    node.fa.set_flow_style()
    return node


def _flow_seq(values: list[Any]) -> CommentedSeq:
    node = CommentedSeq(values)
    node.fa.set_flow_style()
    return node


def _free_id(base: str, used: set[str]) -> str:
    key, n = base, 1
    while key in used:
        n += 1
        key = f"{base}-{n}"
    return key
