"""Every setting, declared once with its default, its bounds and its help text.

Precedence: defaults < config file (TOML, ``--config`` or ``SYRIAKG_CONFIG``) < environment
(``SYRIAKG_<NAME>``) < command-line flags. pydantic checks every value against its type and
bounds, whichever of these it came from; a wrong one stops the program with a message that
names the setting, where the value came from, and what it must be.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import field, fields, replace
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, ConfigDict, ValidationError
from pydantic import Field as Bounds
from pydantic.dataclasses import dataclass

from syriakg.errors import ConfigError


def _setting(default: Any, help: str, *, secret: bool = False) -> Any:
    return field(default=default, metadata={"help": help, "secret": secret}, repr=not secret)


def _network(value: str) -> str:
    ipaddress.ip_network(value, strict=False)  # ValueError says what is wrong
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http:// or https:// URL")
    return value


def _empty_or_url(value: str) -> str:
    return value if value == "" else _http_url(value)


Port = Annotated[int, Bounds(ge=1, le=65535)]
Count = Annotated[int, Bounds(ge=0)]
Positive = Annotated[int, Bounds(ge=1)]
Seconds = Annotated[float, Bounds(gt=0, le=86400)]
Url = Annotated[str, AfterValidator(_empty_or_url)]
Networks = tuple[Annotated[str, AfterValidator(_network)], ...]
Urls = tuple[Annotated[str, AfterValidator(_http_url)], ...]


@dataclass(frozen=True, config=ConfigDict(extra="forbid"))
class Settings:
    """Paths of the inputs and outputs, and the limits of the server."""

    root: Path = _setting(Path("."), "project directory holding ontology/, shapes/ and data/")
    build_dir: Path = _setting(Path("build"), "where build outputs go (relative to root)")
    store: Annotated[str, Bounds(min_length=1)] = _setting(
        "build/store",
        "the Oxigraph store directory the build writes and the server reads, or the URL of a "
        "SPARQL 1.1 endpoint (http:// or https://) the build pushes to and the server queries",
    )
    graph_store: Url = _setting(
        "", "when `store` is a URL: its Graph Store Protocol endpoint; empty means `store` itself"
    )
    store_update: Url = _setting(
        "", "when `store` is a URL: its SPARQL Update endpoint; empty means `store` itself"
    )
    store_user: str = _setting(
        "", "when `store` is a URL: the user answered to the store's Digest or Basic challenge"
    )
    store_password: str = _setting(
        "", "the password of `store_user`; best given in the environment "
        "(SYRIAKG_STORE_PASSWORD), never printed", secret=True,
    )
    corpus_documents: Count = _setting(
        100, "documents from which `syriakg build` compiles each document on its own (cached, in "
        "parallel), reasons and validates inside the store, and rebuilds only what changed; "
        "0 never does"
    )
    build_workers: Count = _setting(0, "processes compiling documents at corpus scale; 0 means "
                                       "one per core")
    host: Annotated[str, Bounds(min_length=1)] = _setting(
        "127.0.0.1", "address the server listens on")
    port: Port = _setting(8000, "port the server listens on")
    workers: Count = _setting(0, "server worker processes; 0 means one per core")
    store_mode: Literal["memory", "disk"] = _setting(
        "memory", "'memory' serves from disk at once, then from a copy in RAM once it is made; "
        "'disk' reads it in place"
    )
    query_timeout: Seconds = _setting(
        30.0, "seconds a SPARQL query may run before it is stopped")
    query_memory: Annotated[int, Bounds(ge=16)] = _setting(
        1024, "megabytes one query may allocate beyond the store; past it the query is stopped"
    )
    query_processes: Count = _setting(
        0, "the most query processes running queries at once; 0 means two per core, plus two"
    )
    slow_query_seconds: Seconds = _setting(
        1.0, "seconds after which a running query gets the lowest CPU priority, so that short "
        "queries of other clients keep their share of the cores"
    )
    client_queries: Positive = _setting(
        4, "queries one client (one address) may have running or waiting at once"
    )
    client_cpu_seconds: Seconds = _setting(
        60.0, "CPU seconds one client's queries may use per minute"
    )
    trusted_proxies: Networks = _setting(
        (), "addresses or networks of reverse proxies whose X-Forwarded-For names the client; "
        "empty means the connection's address is the client"
    )
    max_rows: Positive = _setting(10000, "largest number of result rows returned; more are cut")
    max_request_bytes: Annotated[int, Bounds(ge=1024)] = _setting(
        1_000_000, "largest request body accepted")
    result_cache_mb: Count = _setting(
        64, "megabytes of answers each server worker keeps, so a repeated query is answered "
        "without running it again (and as much again of actor-graph files); 0 turns this off"
    )
    service_allowlist: Urls = _setting(
        ("https://query.wikidata.org/sparql", "https://dbpedia.org/sparql"),
        "SPARQL endpoints that SERVICE may call; everything else is refused",
    )
    crosscheck_end_days: Count = _setting(
        7, "the cross-check pairs two sources' figures of the same quantity when their periods "
        "start on the same day and end at most this many days apart (docs/crosscheck.md)"
    )
    crosscheck_count_share: Annotated[float, Bounds(ge=0, lt=1)] = _setting(
        0.01, "two exact counts of the same quantity agree when they differ by at most this share "
        "of the larger (0.01: 1%); 0 means they must be equal"
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
        """Build settings from defaults, a config file, the environment and explicit overrides.

        :raises ConfigError: naming the setting, where its value came from and what it must be.
        """
        values: dict[str, Any] = {}
        origin: dict[str, str] = {}
        config_file = config_file or os.environ.get("SYRIAKG_CONFIG")
        if config_file:
            path = Path(config_file)
            try:
                loaded = tomllib.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError as exc:
                raise ConfigError(f"config file {path} does not exist") from exc
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"config file {path}: {exc}") from exc
            # Paths in a settings file are relative to the file, so that it names the same
            # store from whichever directory a command runs.
            for name in ("root", "store"):
                value = loaded.get(name)
                if (isinstance(value, str) and not value.startswith(("http://", "https://"))
                        and not Path(value).is_absolute()):
                    loaded[name] = str((path.parent / value).resolve())
            values.update(loaded)
            origin.update(dict.fromkeys(loaded, f"the config file {path}"))
        for f in fields(cls):
            env = os.environ.get(f"SYRIAKG_{f.name.upper()}")
            if env is not None:
                values[f.name] = env
                origin[f.name] = f"SYRIAKG_{f.name.upper()}"
        given = {k: v for k, v in overrides.items() if v is not None}
        values.update(given)
        origin.update(dict.fromkeys(given, "the command line"))
        return build(values, origin)


def build(values: dict[str, Any], origin: dict[str, str] | None = None) -> Settings:
    """Settings from ``values`` (strings from the environment are read as their setting's
    type; a comma-separated string is a list).

    :raises ConfigError: for an unknown setting or a value out of its type or bounds.
    """
    origin = origin or {}
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(
            f"unknown setting {unknown[0]!r}"
            + (f" in {origin[unknown[0]]}" if unknown[0] in origin else "")
            + f"; known settings: {', '.join(sorted(known))}"
        )
    defaults = Settings()
    coerced = {}
    for name, value in values.items():
        if isinstance(getattr(defaults, name), tuple) and isinstance(value, str):
            value = tuple(item.strip() for item in value.split(",") if item.strip())
        coerced[name] = value
    try:
        return replace(defaults, **coerced)
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else "?"
        where = f" (from {origin[name]})" if name in origin else ""
        secret = any(f.name == name and f.metadata.get("secret") for f in fields(Settings))
        value = "" if secret else f" is {values.get(name)!r}"  # a password is never shown
        raise ConfigError(f"setting {name!r}{where}{value}: {error['msg']}") from None
