"""Ingest the evaluation corpus (bench/corpus/manifest.yaml) as source documents d0002, …,
with the metadata the manifest records; a document already ingested is left as it is.

    .venv/bin/python bench/ingest_corpus.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from syriakg.errors import SourceError
from syriakg.ingest import Metadata, ingest
from syriakg.settings import Settings

HERE = Path(__file__).resolve().parent


def main() -> int:
    settings = Settings.load(root=HERE.parent)
    manifest = yaml.safe_load((HERE / "corpus/manifest.yaml").read_text(encoding="utf-8"))
    for doc in manifest["documents"]:
        meta = Metadata(
            title=doc.get("title"),
            publisher=doc.get("publisher"),
            published=str(doc["published"]) if doc.get("published") else None,
            url=doc.get("url"),
            licence=doc.get("licence"),
            excerpt=True,
        )
        try:
            report = ingest(settings, HERE / "corpus" / doc["file"], doc["lang"], meta)
        except SourceError as exc:
            if "already ingested" not in str(exc):
                raise
            print(f"{doc['file']}: {str(exc).split(': ', 1)[1].split(' (')[0]}")
            continue
        print(f"{doc['file']}: {report.document}, {report.drafted} drafts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
