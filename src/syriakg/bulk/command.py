"""``syriakg load``, ``syriakg reason`` and ``syriakg check-bulk`` (registered in cli.py).

Thin, like every command: flags to settings, call ``bulk.commands``, map our errors to the exit
codes of cli.py (1 violations or inconsistency, 2 input or configuration error).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from syriakg.errors import KGError
from syriakg.settings import Settings


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    try:
        return Settings.load(ctx.obj.get("config") if ctx.obj else None, **overrides)
    except KGError as exc:
        _fail(exc)


def _fail(exc: KGError) -> NoReturn:
    click.secho(f"error: {exc}", fg="red", err=True)
    sys.exit(exc.exit_code)


def _echo(text: str) -> None:
    click.echo(text, err=True)


@click.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--store", required=True, help="Store directory to write (replaced unless --append).")
@click.option(
    "--graph", help="Named graph for triples that name none (default: the default graph)."
)
@click.option("--append", is_flag=True, help="Keep the store's graphs and add the files to them.")
@click.option(
    "--reason", is_flag=True, help="Then compute graph/inferred (OWL RL rules in the store)."
)
@click.option(
    "--check",
    is_flag=True,
    help="Then validate against shapes/*.ttl; the store is replaced only if it conforms.",
)
@click.option("--lenient", is_flag=True, help="Skip IRI and literal checks while parsing (faster).")
@click.option("--quiet", is_flag=True, help="No progress line on stderr.")
@click.option("--on-disk", is_flag=True, help="Reason and check in place, not in a copy in memory.")
@click.pass_context
def load(
    ctx: click.Context,
    files: tuple[str, ...],
    store: str | None,
    graph: str | None,
    append: bool,
    reason: bool,
    check: bool,
    lenient: bool,
    quiet: bool,
    on_disk: bool,
) -> None:
    """Bulk-load RDF FILES (.nt .nq .ttl .trig, optionally .gz) into a store, atomically.

    The files go into a fresh store that replaces --store only when all of them loaded (and
    reasoning and validation passed, if asked); a bad file leaves the served store as it was.
    """
    from syriakg.bulk.commands import load_command

    settings = _settings(ctx, store=store)
    try:
        report = load_command(
            settings,
            [Path(f) for f in files],
            graph=graph,
            append=append,
            reason=reason,
            check=check,
            lenient=lenient,
            in_memory=not on_disk,
            progress=None if quiet else sys.stderr,
            echo=_echo,
        )
    except KGError as exc:
        _fail(exc)
    click.echo(
        f"loaded {report.added:,} triples from {len(report.files)} file(s) "
        f"in {report.seconds:.1f} s "
        f"({report.rate:,.0f} triples/s); the store at {settings.store} now holds "
        f"{report.quads_final:,} quads"
    )


@click.command("reason")
@click.option("--store", help="Store directory (default: build/store).")
@click.option(
    "--check", is_flag=True, help="Then validate; the store is replaced only if it conforms."
)
@click.option("--on-disk", is_flag=True, help="Reason and check in place, not in a copy in memory.")
@click.pass_context
def reason(ctx: click.Context, store: str | None, check: bool, on_disk: bool) -> None:
    """Recompute graph/inferred of a loaded store with the in-store OWL RL rules, atomically."""
    from syriakg.bulk.commands import reason_command

    settings = _settings(ctx, store=store)
    try:
        reason_command(settings, check=check, in_memory=not on_disk, echo=_echo)
    except KGError as exc:
        _fail(exc)


@click.command("check-bulk")
@click.option("--store", help="Store directory (default: build/store).")
@click.option("--graph", help="Only the focus nodes described in this named graph.")
@click.option("--limit", type=int, default=50, show_default=True, help="Problems to print.")
@click.option("--on-disk", is_flag=True, help="Check in place, for stores larger than memory.")
@click.pass_context
def check_bulk(
    ctx: click.Context, store: str | None, graph: str | None, limit: int, on_disk: bool
) -> None:
    """Validate a store against shapes/*.ttl inside Oxigraph (no pyshacl); exit 1 on violations."""
    from syriakg.bulk.commands import check_command

    settings = _settings(ctx, store=store)
    try:
        report = check_command(settings, graph, in_memory=not on_disk, echo=_echo)
    except KGError as exc:
        _fail(exc)
    click.echo(report.report(limit).text())
    if len(report.results) > limit:
        click.echo(f"... and {len(report.results) - limit} more")
    sys.exit(0 if report.conforms else 1)


COMMANDS = [load, reason, check_bulk]
