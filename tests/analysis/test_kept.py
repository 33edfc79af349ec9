"""The actor graph kept beside the store by whatever writes it: the build writes it, it reads
back as the extraction of the store, and a server takes it instead of reading the store, or
reads the store when the file is missing or of another format."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from flask import Flask

from syriakg.analysis import Extraction, build, export, kept
from syriakg.settings import Settings
from syriakg.web.views import graph as web_graph


def test_the_build_keeps_the_extraction_and_the_opening_view(
    settings: Settings, extraction: Extraction
) -> None:
    directory = settings.store_path
    found = kept.read(directory)
    assert found is not None
    again, views = found
    # The same, but for the order of the statements, which no query fixes (build sorts them).
    assert Counter(again.statements) == Counter(extraction.statements)
    again.statements = extraction.statements
    assert again == extraction
    assert len(again.statements) > 50 and any(st.span for st in again.statements)
    assert set(views) == set(kept.KEPT_VIEWS.values())
    for asked, data in views.items():
        fmt, flt, size_by = asked
        assert data == export(build(extraction, flt), fmt, size_by)


def _server_extraction(store: ox.Store, directory: Path) -> Extraction:
    app = Flask(__name__)
    web_graph.init_app(app, store, directory=directory)
    found = app.extensions[web_graph.EXTENSION]
    assert isinstance(found, Extraction)
    found.statements.sort(key=repr)
    return found


def test_a_server_reads_the_kept_file_or_else_the_store(
    settings: Settings, store: ox.Store, extraction: Extraction, tmp_path: Path
) -> None:
    extraction = Extraction(
        extraction.nodes, extraction.relations, sorted(extraction.statements, key=repr),
        extraction.claims, extraction.sources)
    shutil.copy(settings.store_path / kept.FILE, tmp_path / kept.FILE)
    body = json.loads((tmp_path / kept.FILE).read_text(encoding="utf-8"))
    body["statements"] = body["statements"][:3]
    (tmp_path / kept.FILE).write_text(json.dumps(body), encoding="utf-8")
    # The file, not the store: three statements.
    assert len(_server_extraction(store, tmp_path).statements) == 3
    body["format"] = kept.FORMAT + 1
    (tmp_path / kept.FILE).write_text(json.dumps(body), encoding="utf-8")
    assert _server_extraction(store, tmp_path) == extraction
    (tmp_path / kept.FILE).write_text("{ not json", encoding="utf-8")
    assert _server_extraction(store, tmp_path) == extraction
    (tmp_path / kept.FILE).unlink()
    assert _server_extraction(store, tmp_path) == extraction
