"""`syriakg ingest` and `syriakg redraft` on real files: what is stored, what is refused."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import yaml
from click.testing import CliRunner

from syriakg.cli import main

ARTICLE = (
    "أعلن المرصد السوري لحقوق الإنسان أن الغارات الروسية أسفرت عن مقتل 2371 مدنيا ومقاتلا "
    "منذ 30 أيلول، بينهم 180 طفلا و116 سيدة.\nوقال المرصد إن 2371 مدنيا ومقاتلا قتلوا."
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def document_of(out: str) -> str:
    """The id `syriakg ingest` gave the document (its first word)."""
    return out.split(":", 1)[0].strip()


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def test_ingest_stores_the_text_nfc_with_its_checksum_and_writes_drafts(project: Path) -> None:
    source = project / "article.txt"
    source.write_text(unicodedata.normalize("NFD", ARTICLE), encoding="utf-8")
    code, out = run(
        "ingest", str(source), "--lang", "ar", "--published", "2015-12-30",
        "--url", "https://example.org/a", "--excerpt",
    )
    assert code == 0, out
    doc = document_of(out)
    stored = (project / f"data/sources/{doc}.ar.txt").read_bytes()
    assert stored.decode() == unicodedata.normalize("NFC", ARTICLE)
    meta = yaml.safe_load((project / f"data/sources/{doc}.yaml").read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(stored).hexdigest()
    assert meta["excerpt"] is True and meta["url"] == "https://example.org/a"
    assert "title" not in meta and "publisher" not in meta and "licence" not in meta
    drafts = yaml.safe_load((project / f"data/statements/{doc}.yaml").read_text(encoding="utf-8"))
    claims = drafts["claims"]
    text = stored.decode()
    assert claims and all(c["status"] == "draft" for c in claims)
    assert all(text[c["span"][0] : c["span"][1]] == c["quote"] for c in claims)
    quotes = [c["quote"] for c in claims]
    # The phrase occurs twice: each draft has its own span.
    assert quotes.count("2371 مدنيا ومقاتلا") == 2
    assert len({tuple(c["span"]) for c in claims}) == len(claims)
    first = claims[0]
    assert first["claimant"] == "actor:sohr"
    assert first["detector"]["name"] == "figures" and first["detector"]["reason"]


def test_bad_input_is_refused_with_exit_2_and_nothing_written(project: Path) -> None:
    good = project / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    code, out = run("ingest", str(good), "--lang", "ar")
    assert code == 0, out
    doc = document_of(out)
    cases = {
        "latin1.txt": ("قال".encode() + b"\xe9t\xe9", "ar", "not UTF-8"),
        "empty.txt": (b"  \n\n", "ar", "empty"),
        "page.txt": (b"<!DOCTYPE html><html><body><p>text</p></body></html>", "en", "HTML"),
        "english.txt": (b"Russian airstrikes killed 42 civilians, SOHR said.", "ar", "--lang en"),
        "again.txt": (ARTICLE.encode(), "ar", f"already ingested as {doc}"),
    }
    for name, (data, lang, message) in cases.items():
        path = project / name
        path.write_bytes(data)
        before = snapshot(project)
        code, out = run("ingest", str(path), "--lang", lang)
        assert code == 2, (name, out)
        assert message in out and name in out, (name, out)
        assert snapshot(project) == before, name


def test_a_bad_published_date_is_refused_before_anything_is_written(project: Path) -> None:
    path = project / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    before = snapshot(project)
    code, out = run("ingest", str(path), "--lang", "ar", "--published", "30/12/2015")
    assert code == 2 and "not a date" in out
    assert snapshot(project) == before


def test_redraft_keeps_reviewed_and_rejected_records_and_proposes_nothing_twice(
    project: Path,
) -> None:
    path = project / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out = run("ingest", str(path), "--lang", "ar")
    assert code == 0, out
    doc = document_of(out)
    statements = project / f"data/statements/{doc}.yaml"
    text = statements.read_text(encoding="utf-8")
    # A reviewer rejects the first draft and accepts the second.
    text = text.replace("status: draft", "status: rejected", 1)
    text = text.replace("status: draft", "status: reviewed", 1)
    statements.write_text(text, encoding="utf-8")
    code, out = run("redraft", doc)
    assert code == 0 and "0 new draft(s)" in out, out
    assert statements.read_text(encoding="utf-8") == text
    # A changed detector proposes something new: it is appended, the rest stays as it was.
    statements.write_text(text.replace("numericValue: 116", "numericValue: 1"), "utf-8")
    code, out = run("redraft", doc)
    assert code == 0 and "1 new draft(s)" in out, out
    after = statements.read_text(encoding="utf-8")
    assert after.startswith(text.replace("numericValue: 116", "numericValue: 1"))
    appended = yaml.safe_load(after)["claims"][-1]
    assert appended["figure"]["numericValue"] == 116 and appended["id"].endswith("-2")
