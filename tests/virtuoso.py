"""Start a throw-away Virtuoso (Debian's ``virtuoso-opensource``) on loopback.

Used by the remote-store tests and by the serving benchmark, so both talk to the same peer set
up the same way: a fresh database in a temporary directory, free ports, the SPARQL endpoint at
``/sparql`` and the Graph Store Protocol at ``/sparql-graph-crud`` opened to anonymous writes
(loopback only; never do this on a reachable host).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BINARY = "virtuoso-t"
ISQL = "isql-vt"

_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 20
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
DirsAllowed = ., {d}, {load_dir}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 1G
VectorSize = 1000
MaxVectorSize = 1000000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 20
ServerThreads = 20
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = {max_seconds}
DeferInferenceRulesInit = 0
"""


def available() -> bool:
    """Whether Virtuoso's server and isql client are installed."""
    return shutil.which(BINARY) is not None and shutil.which(ISQL) is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Virtuoso:
    """A running Virtuoso server and where to reach it."""

    directory: Path
    http_port: int
    sql_port: int
    process: subprocess.Popen[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def graph_store_url(self) -> str:
        return f"{self.base}/sparql-graph-crud"

    def isql(self, *statements: str, timeout: float = 3600) -> str:
        """Run SQL statements as dba through isql; raises on any error."""
        script = "".join(s.rstrip().rstrip(";") + ";\n" for s in statements)
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", "VERBOSE=OFF",
             "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF", "ERRORS=STDOUT"],
            input=script, capture_output=True, text=True, timeout=timeout, check=False)
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            raise RuntimeError(f"isql failed: {output[-2000:]}")
        return output

    def bulk_load(self, directory: Path, pattern: str, graph: str) -> None:
        """Load files matching ``pattern`` in ``directory`` with Virtuoso's own bulk loader.

        ``graph`` is the target for triple formats; N-Quads keep their own graphs.
        """
        self.isql(f"ld_dir('{directory}', '{pattern}', '{graph}')",
                  "rdf_loader_run()", "checkpoint")

    def rss_bytes(self) -> int:
        """Resident memory of the server process now (VmRSS), in bytes."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def peak_rss_bytes(self) -> int:
        """Peak resident memory of the server process so far (VmHWM), in bytes."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return 0

    def restart(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 120.0) -> None:
        """Stop the server with ``sig`` (SIGTERM: Virtuoso's quick shutdown, no checkpoint, as
        Debian's init script stops it), start it again on the same database, and wait."""
        os.killpg(self.process.pid, sig)
        self.process.wait(timeout=60)
        self.process = _launch(self.directory)
        _wait(self, timeout)

    def stop(self) -> None:
        """Stop the server and wait for it; the caller removes the directory."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start(directory: Path, load_dir: Path | None = None, *, memory_gb: float = 1.0,
          max_rows: int = 1_000_000, max_seconds: int = 120, timeout: float = 120.0,
          anonymous_writes: bool = True) -> Virtuoso:
    """Create a database in ``directory``, start Virtuoso on free loopback ports, and wait.

    :param load_dir: a directory the bulk loader may read (``DirsAllowed``).
    :param memory_gb: buffer pool size, following Virtuoso's sizing table (85k buffers/GB).
    :param max_rows: ``ResultSetMaxRows``; ``max_seconds``: ``MaxQueryExecutionTime``.
    :param anonymous_writes: open /sparql and /sparql-graph-crud to writes without a password;
        without it the store is as Debian installs it (writes by digest, as dba, to
        /sparql-auth and /sparql-graph-crud-auth).
    :raises RuntimeError: if the server does not answer within ``timeout`` seconds.
    """
    directory.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    buffers = int(85_000 * memory_gb)
    (directory / "virtuoso.ini").write_text(_INI.format(
        d=directory, load_dir=load_dir or directory, sql_port=sql_port, http_port=http_port,
        buffers=buffers, dirty=buffers * 3 // 4, max_rows=max_rows,
        max_seconds=max_seconds), encoding="utf-8")
    server = Virtuoso(directory, http_port, sql_port, _launch(directory))
    _wait(server, timeout)
    if not anonymous_writes:
        return server
    # Anonymous Graph Store Protocol writes, for loopback tests and benchmarks only.
    server.isql('GRANT SPARQL_UPDATE TO "SPARQL"',
                "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7)")
    return server


def _launch(directory: Path) -> subprocess.Popen[bytes]:
    log = (directory / "stdout.log").open("ab")
    return subprocess.Popen(
        [BINARY, "+foreground", "+configfile", str(directory / "virtuoso.ini")],
        cwd=directory, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _wait(server: Virtuoso, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"virtuoso exited: {_tail(server.directory)}")
        try:
            with urllib.request.urlopen(f"{server.sparql_url}?query=ASK%7B%7D", timeout=5):
                return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(
                    f"virtuoso did not answer in {timeout} s: {_tail(server.directory)}"
                ) from None
            time.sleep(0.3)


def _tail(directory: Path) -> str:
    text = ""
    for name in ("virtuoso.log", "stdout.log"):
        path = directory / name
        if path.exists():
            text += path.read_text(errors="replace")[-1500:]
    return text
