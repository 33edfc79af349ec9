"""``syriakg load``: formats, --graph, --append, progress, errors that name the line, atomicity."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from syriakg.bulk import load as bulk_load
from syriakg.bulk.load import load
from syriakg.cli import main
from syriakg.errors import ConfigError, SourceError
from syriakg.settings import Settings
from syriakg.store import STORE_MARKER, graph_sizes, open_store
from syriakg.web import close_app, create_app

G = "https://example.org/g"
TTL = b"""@prefix ex: <https://example.org/> .
ex:a ex:p ex:b , ex:c .
ex:b ex:p [ ex:q "blank" ] .
"""
NQ = (
    b'<https://example.org/x> <https://example.org/p> "1" <https://example.org/h> .\n'
    b'<https://example.org/x> <https://example.org/p> "2" .\n'
)
BAD = (
    b'<https://example.org/x> <https://example.org/p> "1" .\n'
    b'<https://example.org/x> <https://example.org/p> "unterminated .\n'
)


def write(path: Path, data: bytes) -> Path:
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def quads(store_path: Path) -> list[ox.Quad]:
    return list(open_store(store_path, mode="disk"))


def test_formats_graph_and_gzip(tmp_path: Path) -> None:
    files = [write(tmp_path / "a.ttl.gz", TTL), write(tmp_path / "b.nq", NQ)]
    report = load(files, tmp_path / "store", graph=G, progress_stream=None)
    assert (tmp_path / "store" / STORE_MARKER).exists()
    got = quads(tmp_path / "store")
    by_graph = {}
    for q in got:
        by_graph.setdefault(q.graph_name.value, []).append(q)
    # Turtle triples and the N-Quads default-graph line go to --graph; a named quad stays put.
    assert len(by_graph[G]) == 5 and len(by_graph["https://example.org/h"]) == 1
    assert report.added == 6 == report.quads_after


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    one = write(tmp_path / "one.nt", b'_:b <https://example.org/p> "1" .\n')
    two = write(tmp_path / "two.nt", b'_:b <https://example.org/p> "2" .\n')
    load([one, two], tmp_path / "store", progress_stream=None)
    assert len({q.subject for q in quads(tmp_path / "store")}) == 2


def test_a_big_file_loads_in_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        f'<https://example.org/s{i}> <https://example.org/p> "{i}" <{G}> .\n' for i in range(999)
    ]
    good = write(tmp_path / "big.nq", "".join(lines).encode())
    monkeypatch.setattr(bulk_load, "SPLIT_MIN_BYTES", 0)
    assert len(bulk_load.parts(good, 2)) == 2
    store = ox.Store()
    bulk_load.load_files(store, [good], threads=2)
    assert len(store) == 999
    # An error in the second part still names the line of the whole file.
    lines[799] = '<https://example.org/s> <https://example.org/p> "unterminated .\n'
    bad = write(tmp_path / "bad.nq", "".join(lines).encode())
    with pytest.raises(SourceError) as err:
        bulk_load.load_files(ox.Store(), [bad], threads=2)
    assert err.value.line == 800
    # Blank nodes are scoped to one bulk-load call: such a file is not cut.
    blank = write(tmp_path / "blank.nq", b"_:b <https://example.org/p> _:c .\n" * 10)
    assert len(bulk_load.parts(blank, 2)) == 1


def test_a_big_gzipped_file_is_decompressed_beside_the_store_and_loads_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        f'<https://example.org/s{i}> <https://example.org/p> "{i}" <{G}> .\n' for i in range(999)
    ]
    good = write(tmp_path / "big.nq.gz", "".join(lines).encode())
    monkeypatch.setattr(bulk_load, "GZ_SPLIT_MIN_BYTES", 0)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    cut = bulk_load.parts(good, 2, scratch)
    assert len(cut) == 2 and all(p.path == good and p.data is not None for p in cut)
    assert cut[0].data is not None and cut[0].data.parent == scratch
    assert bulk_load.parts(good, 2) == [bulk_load.Part(good)]  # nowhere to decompress to
    report = load([good], tmp_path / "store", progress_stream=None)
    assert report.added == 999
    assert sorted(tmp_path.iterdir()) == [good, scratch, tmp_path / "store"]  # no copy left
    # An error in the second part names the line of the gzipped file.
    lines[799] = '<https://example.org/s> <https://example.org/p> "unterminated .\n'
    bad = write(tmp_path / "bad.nq.gz", "".join(lines).encode())
    with pytest.raises(SourceError) as err:
        bulk_load.load_files(ox.Store(), [bad], threads=2, scratch=scratch)
    assert err.value.path == bad and err.value.line == 800
    broken = tmp_path / "broken.nq.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(SourceError, match="not a readable gzip file"):
        bulk_load.parts(broken, 2, scratch)


def test_progress_line(tmp_path: Path) -> None:
    stream = io.StringIO()
    load([write(tmp_path / "b.nq", NQ * 1000)], tmp_path / "store", progress_stream=stream)
    last = stream.getvalue().rstrip("\n").split("\r")[-1]
    assert last.startswith("read:") and "2,000 triples" in last
    assert "triples/s" in last and "100.0%" in last


def test_a_bad_file_names_its_line_and_leaves_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([write(tmp_path / "good.nq", NQ)], store, progress_stream=None)
    before = sorted(map(str, quads(store)))
    bad = write(tmp_path / "bad.nt.gz", BAD)
    with pytest.raises(SourceError) as err:
        load([write(tmp_path / "more.ttl", TTL), bad], store, append=True, progress_stream=None)
    assert err.value.path == bad and err.value.line == 2 and err.value.column
    assert str(err.value).startswith(f"{bad}:2:")
    assert sorted(map(str, quads(store))) == before
    assert not (tmp_path / "store.new").exists()


def test_append_keeps_the_graphs_and_replace_drops_them(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([write(tmp_path / "b.nq", NQ)], store, progress_stream=None)
    load([write(tmp_path / "a.ttl", TTL)], store, graph=G, append=True, progress_stream=None)
    assert len(quads(store)) == 2 + 4
    load([write(tmp_path / "a.ttl", TTL)], store, graph=G, progress_stream=None)
    assert len(quads(store)) == 4


def test_refusals(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="expected a .nt, .nq, .ttl or .trig"):
        load([write(tmp_path / "x.json", b"{}")], tmp_path / "store")
    with pytest.raises(SourceError, match="no such file"):
        load([tmp_path / "missing.nt"], tmp_path / "store")
    with pytest.raises(ConfigError, match="absolute IRI"):
        load([write(tmp_path / "b.nq", NQ)], tmp_path / "store", graph="not an iri")
    assert not (tmp_path / "store").exists()


def test_a_gzip_bomb_of_zeros_is_refused_before_it_fills_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = tmp_path / "zeros.nq.gz"
    with gzip.open(bomb, "wb") as out:  # 256 MB of zeros behind one good line, 0.25 MB on disk
        out.write(NQ)
        for _ in range(256):
            out.write(bytes(1 << 20))
    monkeypatch.setattr(bulk_load, "GZ_SPLIT_MIN_BYTES", 0)  # the path big files take
    where = f"NUL byte .* at byte {len(NQ)} of its decompressed data"
    with pytest.raises(SourceError, match=where):
        load([bomb], tmp_path / "store", progress_stream=None)
    monkeypatch.setattr(bulk_load, "GZ_SPLIT_MIN_BYTES", 1 << 40)  # the path small files take
    with pytest.raises(SourceError, match="binary data, not RDF text"):
        load([bomb], tmp_path / "store", progress_stream=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zeros.nq.gz"]  # nothing left


def test_a_store_in_a_directory_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load([write(tmp_path / "b.nq", NQ)], tmp_path / "no" / "such" / "store")
    assert not (tmp_path / "no").exists()


def test_cli_load_then_serve(tmp_path: Path) -> None:
    runner = CliRunner()
    data = write(tmp_path / "a.ttl", TTL)
    result = runner.invoke(
        main, ["load", str(data), "--store", str(tmp_path / "store"), "--graph", G, "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "loaded 4 triples" in result.output
    bad = runner.invoke(
        main,
        [
            "load",
            str(write(tmp_path / "bad.nt", BAD)),
            "--store",
            str(tmp_path / "store"),
            "--quiet",
        ],
    )
    assert bad.exit_code == 2 and "bad.nt:2:" in bad.output
    # The store `syriakg load` wrote is what `syriakg serve --store` serves.
    app = create_app(Settings(root=tmp_path, store="store", store_mode="disk"))
    try:
        response = app.test_client().get(
            "/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
        )
        assert response.status_code == 200
        assert response.json["results"]["bindings"][0]["n"]["value"] == "4"
    finally:
        close_app(app)
    assert graph_sizes(open_store(tmp_path / "store")) == {G: 4}
