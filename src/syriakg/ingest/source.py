"""Reading a document to ingest and storing it as the next source document.

The text is checked before anything is written (docs/ingest.md): it must be UTF-8, not empty,
plain text rather than an HTML page, in the language given, and not a document already stored
(same checksum). It is stored NFC, and the checksum in its metadata is of the stored bytes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from syriakg.errors import SourceError
from syriakg.text import nfc

LANGUAGES = ("ar", "en")
_HTML = re.compile(
    r"<!doctype\s+html|<html[\s>]|</?(?:body|head|div|p|span|a|br|script|style|meta|table|li)\b[^>]*>",
    re.IGNORECASE,
)
_ID = re.compile(r"^d(\d{4})$")


@dataclass(frozen=True)
class Received:
    """A text that passed the checks, ready to be stored."""

    path: Path
    text: str
    data: bytes
    sha256: str


def read(path: Path, lang: str, sources: Path) -> Received:
    """Read and check ``path``; a bad file is a SourceError naming it and the fix."""
    if lang not in LANGUAGES:
        raise SourceError(path, f"--lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot be read: {exc.strerror}") from exc
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            path,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); convert it "
            "first, e.g. `iconv -f WINDOWS-1256 -t UTF-8`",
            line=line,
        ) from exc
    text = nfc(decoded.removeprefix("\ufeff"))
    if not text.strip():
        raise SourceError(path, "the file is empty: there is no text to ingest")
    tags = _HTML.findall(text)
    if len(tags) >= 2 or (tags and tags[0].lower().startswith("<!doctype")):
        first = _HTML.search(text)
        raise SourceError(
            path,
            f"this is HTML ({tags[0]!r}…), not plain text: save the article's text only "
            "(the words a reader sees), then ingest that",
            line=text[: first.start()].count("\n") + 1 if first else None,
        )
    share = arabic_share(text)
    if lang == "ar" and share < 0.5:
        raise SourceError(
            path, f"--lang ar, but only {share:.0%} of its letters are Arabic: is it --lang en?"
        )
    if lang == "en" and share > 0.5:
        raise SourceError(
            path, f"--lang en, but {share:.0%} of its letters are Arabic: is it --lang ar?"
        )
    data = text.encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    for meta in sorted(sources.glob("*.yaml")):
        recorded = re.search(r"^sha256:\s*([0-9a-f]{64})", meta.read_text("utf-8"), re.M)
        raw_sha = hashlib.sha256(raw).hexdigest()
        if recorded and recorded.group(1) in (sha, raw_sha):
            raise SourceError(
                path,
                f"already ingested as {meta.stem} (same SHA-256 {recorded.group(1)[:12]}…, "
                f"{meta}); to draft it again with newer detectors run "
                f"`syriakg redraft {meta.stem}`",
            )
    return Received(path, text, data, sha)


def arabic_share(text: str) -> float:
    """The share of letters that are Arabic script.

    >>> arabic_share("قال المرصد SOHR")
    0.6923076923076923
    """
    letters = [c for c in text if unicodedata.category(c).startswith("L")]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f") / len(
        letters
    )


def next_id(sources: Path) -> str:
    """The next free document id: d0002 after d0001."""
    numbers = [int(m.group(1)) for p in sources.glob("*.yaml") if (m := _ID.match(p.stem))]
    return f"d{max(numbers, default=0) + 1:04d}"
