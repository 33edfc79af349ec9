"""The command line: thin wrappers that read settings, call the library, map errors to exit codes.

Exit codes: 0 done (graph built, data conforms), 1 SHACL violations or inconsistency,
2 input or configuration error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from syriakg.analysis.command import graph as graph_command
from syriakg.bulk.command import COMMANDS as BULK_COMMANDS
from syriakg.errors import KGError
from syriakg.settings import Settings


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    try:
        return Settings.load(ctx.obj.get("config"), **overrides)
    except KGError as exc:
        _fail(exc)


def _fail(exc: KGError) -> NoReturn:
    click.secho(f"error: {exc}", fg="red", err=True)
    sys.exit(exc.exit_code)


@click.group(context_settings={"max_content_width": 100})
@click.option("--config", type=click.Path(dir_okay=False),
              help="TOML file with settings (or SYRIAKG_CONFIG); paths in it are relative to it.")
@click.pass_context
def main(ctx: click.Context, config: str | None) -> None:
    """Build, check, query and serve the Syria conflict knowledge graph.

    Every command that reads the store looks for it at the setting `store`: --store, else
    SYRIAKG_STORE, else `store` in the settings file, else build/store under the directory it
    runs in.

    \b
    Example, from the project directory:
      syriakg build && syriakg serve
    """
    ctx.ensure_object(dict)
    ctx.obj["config"] = config


def corpus_scale(settings: Settings) -> bool:
    """Whether to build document by document, reasoning and validating inside the store
    (syriakg.bulk.corpus): a local store and at least ``corpus_documents`` documents."""
    if settings.is_remote or not settings.corpus_documents:
        return False
    return len(list(settings.path("data/sources").glob("*.yaml"))) >= settings.corpus_documents


@main.command()
@click.option("--store", help="Store directory to write (default: build/store), or the URL of a "
              "SPARQL endpoint to push the named graphs to.")
@click.option("--graph-store", help="With a store URL: its Graph Store Protocol endpoint "
              "(default: the store URL; Virtuoso: …/sparql-graph-crud-auth).")
@click.pass_context
def build(ctx: click.Context, store: str | None, graph_store: str | None) -> None:
    """Load, reason, validate and persist the graph into the store (or push it to one)."""
    from syriakg import pipeline

    settings = _settings(ctx, store=store, graph_store=graph_store)
    try:
        if corpus_scale(settings):
            from syriakg.bulk import corpus

            report = corpus.run(settings, echo=click.echo)
        else:
            report = pipeline.run(settings, echo=click.echo)
    except KGError as exc:
        _fail(exc)
    click.echo(f"{'total':<12} {report.total_seconds:6.2f} s")
    click.echo("triples per named graph:")
    for name, size in report.graph_sizes.items():
        click.echo(f"  {size:>7}  {name}")


@main.command()
@click.argument("query")
@click.option("--store", help="Store directory (default: build/store) or SPARQL endpoint URL.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "tsv"]),
    default="table",
    show_default=True,
    help="How to print SELECT results.",
)
@click.pass_context
def query(ctx: click.Context, query: str, store: str | None, fmt: str) -> None:
    """Answer QUERY (a SPARQL string or a .rq file) from the built store."""
    from syriakg.query import run_query

    settings = _settings(ctx, store=store)
    text = Path(query).read_text(encoding="utf-8") if query.endswith(".rq") else query
    try:
        click.echo(run_query(settings, text, fmt), nl=False)
    except KGError as exc:
        _fail(exc)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def validate(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Check Turtle/TriG FILES against the shapes and say, in plain words, what is wrong."""
    from syriakg.check import validate_files

    settings = _settings(ctx)
    try:
        report = validate_files(settings, [Path(f) for f in files])
    except KGError as exc:
        _fail(exc)
    click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--store", help="Store directory (default: build/store) or SPARQL endpoint URL.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="How to print the assessments.",
)
@click.pass_context
def check(ctx: click.Context, store: str | None, fmt: str) -> None:
    """Show how the documents' claims compare with the records (the build's cross-check)."""
    from syriakg.crosscheck.report import show
    from syriakg.store import connect

    settings = _settings(ctx, store=store)
    try:
        click.echo(show(connect(settings, mode="disk"), fmt), nl=False)
    except KGError as exc:
        _fail(exc)


@main.command()
@click.option("--store", help="Store directory to serve (default: build/store), or the URL of "
              "the SPARQL endpoint a build was pushed to.")
@click.option("--host", help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default 8000).")
@click.option("--workers", type=int, help="Worker processes (default: one per core).")
@click.pass_context
def serve(
    ctx: click.Context, store: str | None, host: str | None, port: int | None, workers: int | None
) -> None:
    """Serve the store: SPARQL endpoint, query UI and pages, under gunicorn."""
    from syriakg.web.server import serve as run_server

    settings = _settings(ctx, store=store, host=host, port=port, workers=workers)
    try:
        run_server(settings)
    except KGError as exc:
        _fail(exc)


main.add_command(graph_command)  # `syriakg graph`: src/syriakg/analysis/command.py
for _bulk_command in BULK_COMMANDS:  # `load`, `reason`, `check-bulk`: syriakg/bulk/command.py
    main.add_command(_bulk_command)

EXAMPLES = {
    "build": ["syriakg build", "SYRIAKG_STORE=/srv/kg/store syriakg build",
              "syriakg build --store http://localhost:8890/sparql"],
    "check": ["syriakg check", "syriakg check --format json --store /srv/kg/store"],
    "check-bulk": ["syriakg check-bulk --store /srv/kg/store"],
    "graph": ["syriakg graph --format graphml -o actors.graphml",
              "syriakg graph --format svg --relation broughtIn -o brought-in.svg"],
    "load": ["syriakg load data.nt.gz --store /srv/kg/store",
             "syriakg load --append more.ttl --store /srv/kg/store"],
    "query": ["syriakg query 'SELECT ?s WHERE { ?s a skg:Actor } LIMIT 5'",
              "syriakg query queries/cq/10-joint-veto.rq --format csv"],
    "reason": ["syriakg reason --store /srv/kg/store"],
    "serve": ["syriakg serve", "syriakg serve --store /srv/kg/store --port 8080",
              "SYRIAKG_CONFIG=/srv/kg/syriakg.toml syriakg serve"],
    "validate": ["syriakg validate data/extra.ttl", "syriakg validate a.ttl b.trig"],
}


def _first_sentence(text: str) -> str:
    """The first sentence of a command's help, whole: what ``--help`` lists it by."""
    paragraph = " ".join(text.strip().split("\n\n")[0].split())
    end = paragraph.find(". ")
    return paragraph if end == -1 else paragraph[: end + 1]


for _name, _command in main.commands.items():
    # Click cuts the listed summary at about 45 characters, mid-phrase: give it whole.
    _command.short_help = _first_sentence(_command.help or "").rstrip(".")
    if _name in EXAMPLES:
        _command.epilog = "\b\nExamples:\n" + "\n".join(f"  {e}" for e in EXAMPLES[_name])
