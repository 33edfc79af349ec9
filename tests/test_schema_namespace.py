"""schema.org is used with http:// only; mixing it with https:// splits every query in two."""

from __future__ import annotations

from tests.conftest import ROOT


def test_no_https_schema_org() -> None:
    offenders = []
    for folder in ("ontology", "shapes", "data", "src", "queries"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".ttl", ".rq", ".py", ".yaml", ".csv", ".trig"}:
                if "https://schema.org" in path.read_text(encoding="utf-8", errors="ignore"):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
