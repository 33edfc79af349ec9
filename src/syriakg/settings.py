"""Every setting, declared once with its default and help text.

Precedence: defaults < config file (TOML, ``--config`` or ``SYRIAKG_CONFIG``) < environment
(``SYRIAKG_<NAME>``) < command-line flags.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from syriakg.errors import ConfigError


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Paths of the inputs and outputs, and the limits of the server."""

    root: Path = _setting(Path("."), "project directory holding ontology/, shapes/ and data/")
    build_dir: Path = _setting(Path("build"), "where build outputs go (relative to root)")
    store: str = _setting(
        "build/store",
        "the Oxigraph store directory the build writes and the server reads, or the URL of a "
        "SPARQL 1.1 endpoint (http:// or https://) the build pushes to and the server queries",
    )
    graph_store: str = _setting(
        "", "when `store` is a URL: its Graph Store Protocol endpoint; empty means `store` itself"
    )
    store_update: str = _setting(
        "", "when `store` is a URL: its SPARQL Update endpoint; empty means `store` itself"
    )
    host: str = _setting("127.0.0.1", "address the server listens on")
    port: int = _setting(8000, "port the server listens on")
    workers: int = _setting(0, "server worker processes; 0 means one per core")
    store_mode: str = _setting(
        "memory", "'memory' copies the store into RAM at start-up, 'disk' reads it in place"
    )
    query_timeout: float = _setting(30.0, "seconds a SPARQL query may run before it is stopped")
    query_memory: int = _setting(
        1024, "megabytes one query may allocate beyond the store; past it the query is stopped"
    )
    query_processes: int = _setting(
        0, "the most query processes running queries at once; 0 means two per core, plus two"
    )
    slow_query_seconds: float = _setting(
        1.0, "seconds after which a running query gets the lowest CPU priority, so that short "
        "queries of other clients keep their share of the cores"
    )
    client_queries: int = _setting(
        4, "queries one client (one address) may have running or waiting at once"
    )
    client_cpu_seconds: float = _setting(
        60.0, "CPU seconds one client's queries may use per minute"
    )
    trusted_proxies: tuple[str, ...] = _setting(
        (), "addresses or networks of reverse proxies whose X-Forwarded-For names the client; "
        "empty means the connection's address is the client"
    )
    max_rows: int = _setting(10000, "largest number of result rows returned; more are cut")
    max_request_bytes: int = _setting(1_000_000, "largest request body accepted")
    result_cache_mb: int = _setting(
        64, "megabytes of answers each server worker keeps, so a repeated query is answered "
        "without running it again (and as much again of actor-graph files); 0 turns this off"
    )
    service_allowlist: tuple[str, ...] = _setting(
        ("https://query.wikidata.org/sparql", "https://dbpedia.org/sparql"),
        "SPARQL endpoints that SERVICE may call; everything else is refused",
    )
    base_iri: str = _setting(
        "https://w3id.org/syria-kg/", "public base of the data IRIs, mapped to this server's paths"
    )

    def path(self, relative: str | Path) -> Path:
        """Resolve a path relative to the project root."""
        p = Path(relative)
        return p if p.is_absolute() else self.root / p

    @property
    def is_remote(self) -> bool:
        """Whether ``store`` is the URL of a SPARQL endpoint rather than a directory."""
        return self.store.startswith(("http://", "https://"))

    @property
    def store_path(self) -> Path:
        """The local store directory.

        :raises ConfigError: if ``store`` is a URL (the caller needs a directory).
        """
        if self.is_remote:
            raise ConfigError(
                f"setting `store` is the URL {self.store}, and this needs a local store "
                "directory: give --store DIR (or SYRIAKG_STORE) a directory"
            )
        return self.path(self.store)

    @classmethod
    def load(cls, config_file: str | Path | None = None, **overrides: Any) -> Settings:
        """Build settings from defaults, a config file, the environment and explicit overrides."""
        values: dict[str, Any] = {}
        config_file = config_file or os.environ.get("SYRIAKG_CONFIG")
        if config_file:
            path = Path(config_file)
            try:
                values.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except FileNotFoundError as exc:
                raise ConfigError(f"config file {path} does not exist") from exc
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"config file {path}: {exc}") from exc
        for f in fields(cls):
            env = os.environ.get(f"SYRIAKG_{f.name.upper()}")
            if env is not None:
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **_coerce(values))


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            raise ConfigError(
                f"unknown setting {name!r}; known settings: {', '.join(sorted(known))}"
            )
        default = known[name].default
        try:
            if isinstance(default, Path):
                out[name] = Path(value)
            elif isinstance(default, bool):
                out[name] = str(value).lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                out[name] = int(value)
            elif isinstance(default, float):
                out[name] = float(value)
            elif isinstance(default, tuple):
                items = value.split(",") if isinstance(value, str) else value
                out[name] = tuple(s.strip() for s in items if s.strip())
            else:
                out[name] = str(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(
                f"setting {name!r} must be a {type(default).__name__}, got {value!r}"
            ) from exc
    if out.get("store_mode", "memory") not in ("memory", "disk"):
        raise ConfigError("setting 'store_mode' must be 'memory' or 'disk'")
    if out.get("result_cache_mb", 0) < 0:
        raise ConfigError("setting 'result_cache_mb' must be 0 (off) or a number of megabytes")
    return out
