"""``syriakg load``: big RDF files into a fresh store by Oxigraph's bulk loader, swapped in whole.

Atomic: the files go into ``DIR.new`` and replace ``DIR`` in one rename only when every file
parsed (and, if asked, the data reasoned and validated), so the server never sees half a load and
a bad file leaves the served store as it was. ``--append`` starts the fresh store as a hard-linked
checkpoint of the current one, so existing graphs are kept without being copied triple by triple.

Formats follow the file name: .nt, .nq, .ttl, .trig, each optionally .gz. Triples of a triple
format, and default-graph triples of a quad format, go into ``--graph`` when it is given, else into
the default graph (which the endpoint's union default graph also shows). Each file is its own
bulk-load call, so blank nodes of different files never merge. Oxigraph's loader uses one core per
call, so files load in parallel, and a big N-Triples/N-Quads file is cut in parts (``parts``);
a big gzipped one is first decompressed beside the store, since a gzip stream cannot be cut.
"""

from __future__ import annotations

import gzip
import mmap
import os
import shutil
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO, cast

import pyoxigraph as ox

from syriakg.analysis import kept_files
from syriakg.errors import ConfigError, SourceError
from syriakg.store import write_store_atomically

FORMATS = {
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
}
# One statement per line: counting newlines counts triples, cheaply and exactly enough for a
# progress line (comment and blank lines are rare in dumps).
LINE_FORMATS = {ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS}
SPLIT_MIN_BYTES = 32 << 20  # below this, a second thread costs more than it saves
# Dumps compress 8-20 times; decompressing takes ~0.4 s per 200 MB, loading in one part 12.6 s.
GZ_SPLIT_MIN_BYTES = SPLIT_MIN_BYTES // 8
# Left free on the disk when a gzipped file is decompressed beside the store.
DISK_RESERVE = 512 << 20
# What a truncated or corrupt gzip stream raises, wherever it is read.
GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def rdf_format(path: Path) -> tuple[ox.RdfFormat, bool]:
    """The RDF format of ``path`` from its name, and whether it is gzip-compressed."""
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    ext = suffixes[-2] if gz and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    if ext not in FORMATS:
        raise SourceError(path, "expected a .nt, .nq, .ttl or .trig file (optionally .gz)")
    return FORMATS[ext], gz


@dataclass
class Progress:
    """One status line on a terminal stream, redrawn at most every ``every`` seconds.

    It is updated from the reader that feeds the loader, so it costs one time check per 8 kB
    read; ``bench/load_bench.py`` measures it against a silent load.
    """

    stream: TextIO | None = None
    every: float = 0.25
    started: float = field(default_factory=time.perf_counter)
    lines: int = 0
    bytes_read: int = 0
    bytes_total: int = 0
    _last: float = field(default_factory=time.perf_counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, nbytes: int, nlines: int) -> None:
        self.bytes_read += nbytes
        self.lines += nlines
        now = time.perf_counter()
        if self.stream is not None and now - self._last >= self.every:
            self._last = now
            self._draw(now)

    def _draw(self, now: float, end: str = "") -> None:
        assert self.stream is not None
        seconds = max(now - self.started, 1e-9)
        pct = 100 * self.bytes_read / self.bytes_total if self.bytes_total else 100.0
        with self._lock:
            self.stream.write(
                f"\rread: {self.lines:>12,} triples  {self.lines / seconds:>10,.0f} triples/s  "
                f"{self.bytes_read / 1e6:>8,.1f} MB  {pct:5.1f}%{end}"
            )
            self.stream.flush()

    def done(self) -> None:
        if self.stream is not None:
            self._draw(time.perf_counter(), end="\n")


class _BinaryData(ValueError):
    """A NUL byte at ``offset`` of the (decompressed) data: not RDF text."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


def _not_text(path: Path, offset: int, decompressed: bool) -> SourceError:
    where = " of its decompressed data" if decompressed else ""
    return SourceError(path, f"holds a NUL byte (0x00) at byte {offset}{where}: it is binary "
                       "data, not RDF text; check that this is the file you meant to load")


class _CountingReader:
    """A binary stream that reports what the loader reads from it to a Progress.

    For .gz files the compressed position drives the percentage (that is what ``bytes_total``
    measures) while newlines are counted in the decompressed data. ``limit`` ends the stream
    early, for a Part of a file.
    """

    def __init__(
        self, raw: BinaryIO, data: BinaryIO, progress: Progress, lines: bool, limit: int = -1
    ) -> None:
        self.raw, self.data, self.progress, self.lines = raw, data, progress, lines
        self.position = raw.tell()
        self.remaining = limit
        self.read_so_far = 0

    def read(self, size: int = -1) -> bytes:
        if self.remaining >= 0:
            size = self.remaining if size < 0 else min(size, self.remaining)
        chunk = self.data.read(size)
        if b"\x00" in chunk:  # no RDF text holds one: a binary file, or a bomb of zeros
            raise _BinaryData(self.read_so_far + chunk.index(b"\x00"))
        self.read_so_far += len(chunk)
        if self.remaining >= 0:
            self.remaining -= len(chunk)
        position = self.raw.tell()
        self.progress.add(position - self.position, chunk.count(b"\n") if self.lines else 0)
        self.position = position
        return chunk


@dataclass
class LoadReport:
    files: list[Path]
    seconds: float
    quads_before: int
    quads_after: int
    quads_final: int  # after the ``after`` step (reasoning adds graph/inferred)

    @property
    def added(self) -> int:
        return self.quads_after - self.quads_before

    @property
    def rate(self) -> float:
        return self.added / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Part:
    """A file, or the byte range ``start:end`` of one cut at line ends (see ``parts``).

    ``data`` is the decompressed copy of a gzipped ``path``, read instead of it; messages
    still name ``path``, and its lines are the copy's.
    """

    path: Path
    start: int = 0
    end: int = -1  # -1: to the end of the file
    data: Path | None = None

    @property
    def source(self) -> Path:
        return self.data or self.path


def parts(path: Path, n: int, scratch: Path | None = None) -> list[Part]:
    """Cut ``path`` into ``n`` byte ranges at line ends, so that ``n`` threads can load it.

    Oxigraph's bulk loader uses one core per call; a big N-Triples or N-Quads file loads about
    twice as fast on two cores as two halves. A big gzipped one is decompressed into ``scratch``
    first, when given. Only line formats without blank nodes are cut: Oxigraph scopes a
    blank-node label to one bulk-load call, so ``_:b`` in two parts would become two nodes.

    :raises SourceError: a gzipped file that cannot be decompressed.
    """
    fmt, gz = rdf_format(path)
    size = path.stat().st_size
    if n < 2 or fmt not in LINE_FORMATS:
        return [Part(path)]
    data = None
    if gz:
        if scratch is None or size < GZ_SPLIT_MIN_BYTES:
            return [Part(path)]
        data = _decompress(path, scratch)
        size = data.stat().st_size
    elif size < SPLIT_MIN_BYTES:
        return [Part(path)]
    with (data or path).open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if mm.find(b"_:") != -1:
            return [Part(path, data=data)]
        cuts = [0]
        for k in range(1, n):
            newline = mm.find(b"\n", k * size // n)
            cuts.append(size if newline == -1 else newline + 1)
    cuts.append(size)
    return [Part(path, a, b, data) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _unreadable_gzip(path: Path, exc: Exception) -> SourceError:
    return SourceError(path, f"not a readable gzip file: {exc}")


def _decompress(path: Path, scratch: Path) -> Path:
    """Decompress ``path`` into ``scratch``; stop at the first NUL byte (no RDF text holds one:
    a bomb of zeros is refused after its first megabyte) and before the disk fills up."""
    handle, name = tempfile.mkstemp(suffix="-" + path.name.removesuffix(".gz"), dir=scratch)
    target = Path(name)
    written = 0
    room = shutil.disk_usage(scratch).free - DISK_RESERVE
    try:
        with gzip.open(path, "rb") as compressed, os.fdopen(handle, "wb") as out:
            while chunk := compressed.read(1 << 20):
                if b"\x00" in chunk:
                    raise _not_text(path, written + chunk.index(b"\x00"), True)
                written += len(chunk)
                if written > room:
                    raise SourceError(path, f"decompressed, it needs more than the "
                                      f"{room >> 20} MB free beside the store ({scratch.parent});"
                                      " free some space, or load it decompressed from elsewhere")
                out.write(chunk)
    except GZIP_ERRORS as exc:
        raise _unreadable_gzip(path, exc) from exc
    except OSError as exc:
        raise SourceError(path, f"cannot decompress into {scratch}: {exc}") from exc
    return target


def load_file(
    store: ox.Store, part: Part, graph: ox.NamedNode | None, progress: Progress, lenient: bool
) -> None:
    """Bulk-load one file, or one Part of it, into ``store``.

    :raises SourceError: the file is malformed (with its line and column) or unreadable.
    """
    path = part.path
    fmt, gz = rdf_format(path)
    gz = gz and part.data is None
    try:
        with part.source.open("rb") as raw:
            raw.seek(part.start)
            data = cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="rb")) if gz else raw
            limit = part.end - part.start if part.end >= 0 else -1
            reader = _CountingReader(raw, data, progress, fmt in LINE_FORMATS, limit)
            # pyoxigraph only ever calls read() on the object it is given.
            store.bulk_load(cast(BinaryIO, reader), format=fmt, to_graph=graph, lenient=lenient)
    except SyntaxError as exc:
        # "Parser error between line 2 column 13 and line 3 column 1: <reason>": keep the reason,
        # the position goes into the error's file:line:column prefix.
        message = str(exc.msg or exc).split(": ", 1)[-1]
        line = exc.lineno + _lines_before(part.source, part.start) if exc.lineno else None
        raise SourceError(path, f"not valid {fmt.name}: {message}", line, exc.offset) from exc
    except _BinaryData as exc:
        raise _not_text(path, part.start + exc.offset, gz) from None
    except GZIP_ERRORS as exc:
        raise _unreadable_gzip(path, exc) from exc
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc}") from exc


def load_files(
    store: ox.Store,
    files: Sequence[Path],
    graph: str | None = None,
    progress: Progress | None = None,
    lenient: bool = False,
    threads: int | None = None,
    scratch: Path | None = None,
) -> None:
    """Load ``files`` into ``store`` on every core: files in parallel, or parts of a big file
    (a gzipped one decompressed into ``scratch`` first, if given)."""
    target = _graph_node(graph)
    progress = progress or Progress()
    cores = threads or os.cpu_count() or 1
    jobs = [
        part
        for path in files
        for part in (parts(path, cores, scratch) if len(files) < cores else [Part(path)])
    ]
    progress.bytes_total = sum(p.stat().st_size for p in {job.source for job in jobs})
    if min(cores, len(jobs)) == 1:
        for job in jobs:
            load_file(store, job, target, progress, lenient)
    else:
        with ThreadPoolExecutor(min(cores, len(jobs))) as pool:
            # list() re-raises the first failure; the caller then discards the whole store.
            list(pool.map(lambda job: load_file(store, job, target, progress, lenient), jobs))
    progress.done()


def _lines_before(path: Path, offset: int) -> int:
    """Lines of ``path`` before byte ``offset``: turns a line of a Part into a line of the file."""
    lines = 0
    with path.open("rb") as fh:
        while offset > 0:
            chunk = fh.read(min(offset, 1 << 20))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            offset -= len(chunk)
    return lines


def load(
    files: Sequence[Path],
    store_path: Path,
    *,
    graph: str | None = None,
    append: bool = False,
    lenient: bool = False,
    progress_stream: TextIO | None = sys.stderr,
    after: Callable[[ox.Store], None] | None = None,
) -> LoadReport:
    """Write ``files`` into the store at ``store_path`` atomically (see the module docstring).

    ``after`` runs on the fresh store before the swap (``--reason``/``--check`` use it); if it
    raises, the served store stays as it was.

    :raises SourceError: a file is missing, of an unknown format or malformed.
    :raises ConfigError: ``graph`` is not an absolute IRI.
    """
    paths = [Path(f) for f in files]
    for path in paths:
        if not path.is_file():
            raise SourceError(path, "no such file")
        rdf_format(path)
    if not store_path.resolve().parent.is_dir():
        raise ConfigError(f"--store {store_path}: the directory {store_path.resolve().parent} "
                          "does not exist; create it first, or give a store in one that does")
    _graph_node(graph)
    copy_from = store_path if append and store_path.exists() else None
    counts: list[int] = []
    seconds: list[float] = []

    def fill(store: ox.Store) -> None:
        counts.append(len(store))
        start = time.perf_counter()
        # Beside the store, not in /tmp: a dump's decompressed copy can outgrow a tmpfs.
        with tempfile.TemporaryDirectory(prefix=".syriakg-load-", dir=store_path.parent) as tmp:
            load_files(store, paths, graph, Progress(progress_stream), lenient, scratch=Path(tmp))
        seconds.append(time.perf_counter() - start)
        counts.append(len(store))
        if after is not None:
            after(store)
        counts.append(len(store))

    write_store_atomically(store_path, fill, copy_from=copy_from, derive=kept_files)
    return LoadReport(paths, seconds[0], counts[0], counts[1], counts[2])


def _graph_node(graph: str | None) -> ox.NamedNode | None:
    if graph is None:
        return None
    try:
        node = ox.NamedNode(graph)
    except ValueError as exc:
        raise ConfigError(
            f"--graph {graph!r} is not an absolute IRI (e.g. https://example.org/graph): {exc}"
        ) from exc
    return node
