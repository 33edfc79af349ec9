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
@click.option("--store-update", help="With a store URL: its SPARQL Update endpoint "
              "(default: the store URL; Virtuoso: …/sparql-auth).")
@click.pass_context
def build(
    ctx: click.Context, store: str | None, graph_store: str | None, store_update: str | None
) -> None:
    """Load, reason, validate and persist the graph into the store (or push it to one).

    The store's user and password come from the settings `store_user` and `store_password`
    (best in SYRIAKG_STORE_USER and SYRIAKG_STORE_PASSWORD), never from a flag.
    """
    from syriakg import pipeline

    settings = _settings(ctx, store=store, graph_store=graph_store, store_update=store_update)
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


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", required=True, type=click.Choice(["ar", "en"]),
              help="The language of the text.")
@click.option("--title", help="The document's title, if it has one.")
@click.option("--publisher", help="Who published it.")
@click.option("--published", help="When: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--url", help="Where it was published.")
@click.option("--licence", help="The licence under which it may be republished.")
@click.option("--excerpt", is_flag=True, help="Only an excerpt of the document could be had.")
@click.pass_context
def ingest(
    ctx: click.Context, file: Path, lang: str, title: str | None, publisher: str | None,
    published: str | None, url: str | None, licence: str | None, excerpt: bool,
) -> None:
    """Store FILE as the next source document and draft its claims for review."""
    from syriakg.ingest import Metadata
    from syriakg.ingest import ingest as run_ingest

    settings = _settings(ctx)
    meta = Metadata(title, publisher, published, url, licence, excerpt)
    try:
        report = run_ingest(settings, file, lang, meta)
    except KGError as exc:
        _fail(exc)
    click.echo(
        f"{report.document}: text in {report.text_path}, {report.drafted} draft(s) in "
        f"{report.statements_path} ({report.seconds:.2f} s); review them with "
        f"`syriakg review {report.document}`"
    )


@main.command()
@click.argument("document")
@click.pass_context
def redraft(ctx: click.Context, document: str) -> None:
    """Draft DOCUMENT again with the current detectors, adding only drafts it lacks."""
    from syriakg.ingest import redraft as run_redraft

    settings = _settings(ctx)
    try:
        report = run_redraft(settings, document)
    except KGError as exc:
        _fail(exc)
    click.echo(
        f"{report.document}: {report.drafted} new draft(s), {report.skipped} already there, "
        f"in {report.statements_path}"
    )


@main.command()
@click.argument("doc", required=False)
@click.option("--reviewer", envvar="SYRIAKG_REVIEWER", required=True,
              help="Who reviews (recorded with every decision); or SYRIAKG_REVIEWER.")
@click.option("--port", type=int, default=8010, show_default=True, help="Port on 127.0.0.1.")
@click.pass_context
def review(ctx: click.Context, doc: str | None, reviewer: str, port: int) -> None:
    """Open the local review page for DOC's drafts (or every document's), on 127.0.0.1 only."""
    from syriakg.review.app import documents, serve

    settings = _settings(ctx)
    if doc is not None and doc not in documents(settings.root):
        click.secho(f"error: no data/statements/{doc}.yaml under {settings.root.resolve()}: "
                    "ingest the document first (syriakg ingest)", fg="red", err=True)
        sys.exit(2)
    serve(settings.root, reviewer, doc, port)


@main.command()
@click.argument("doc")
@click.option("--reason", required=True, help="Why the document is withdrawn.")
@click.option("--by", "by", required=True, help="Who decides.")
@click.pass_context
def retract(ctx: click.Context, doc: str, reason: str, by: str) -> None:
    """Retract DOC: the next build leaves out its graph, claims and assessments."""
    from syriakg.review.retract import retract as mark_retracted

    settings = _settings(ctx)
    try:
        path = mark_retracted(settings.root, doc, reason, by)
    except KGError as exc:
        _fail(exc)
    click.echo(f"{doc} retracted in {path}; run `syriakg build` to remove its graph")


main.add_command(graph_command)  # `syriakg graph`: src/syriakg/analysis/command.py
for _bulk_command in BULK_COMMANDS:  # `load`, `reason`, `check-bulk`: syriakg/bulk/command.py
    main.add_command(_bulk_command)

EXAMPLES = {
    "build": ["syriakg build", "SYRIAKG_STORE=/srv/kg/store syriakg build",
              "syriakg build --store http://localhost:8890/sparql"],
    "check": ["syriakg check", "syriakg check --format json --store /srv/kg/store"],
    "check-bulk": ["syriakg check-bulk --store /srv/kg/store"],
    "ingest": ["syriakg ingest report.txt --lang ar --published 2020-09-30",
               "syriakg ingest release.txt --lang en --publisher 'United Nations' "
               "--url https://press.un.org/en/2020/sc14247.doc.htm --excerpt"],
    "redraft": ["syriakg redraft d0002"],
    "review": ["syriakg review d0002 --reviewer 'Rima Haddad'",
               "SYRIAKG_REVIEWER='Rima Haddad' syriakg review --port 8011"],
    "retract": ["syriakg retract d0002 --reason 'the publisher withdrew it' --by 'Rima Haddad'"],
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
