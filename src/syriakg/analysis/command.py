"""``syriakg graph``: the actor graph as a file, from the command line (registered in cli.py).

Thin, like every command: parse the flags, open the store, call the library, map our errors to
exit code 2 with a message that says what to change.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from syriakg.errors import KGError

if TYPE_CHECKING:
    from syriakg.analysis.graph import ActorGraph

_FORMATS = ("graphml", "gexf", "json", "dot", "svg", "png", "table")
_METRICS = ("degree", "betweenness", "eigenvector")


def _table(ag: ActorGraph) -> str:
    rows = sorted(ag.graph.nodes(data=True), key=lambda p: (-p[1]["degree"], p[0]))
    head = f"{'node':<40} {'kind':<30} {'deg':>4} {'betw':>7} {'eigen':>7} {'comm':>4}  label"
    lines = [head, "-" * len(head)]
    for node, d in rows:
        lines.append(
            f"{node:<40} {d['kind']:<30} {d['degree']:>4} {d['betweenness']:>7.3f} "
            f"{d['eigenvector']:>7.3f} {d['community']:>4}  {d['label']}"
        )
    stats = ag.stats
    hidden = f", {stats['hidden']} less connected not shown" if stats["hidden"] else ""
    lines.append(
        f"(shown: {stats['nodes']} nodes, {stats['edges']} edges{hidden}; metrics over "
        f"{stats['network_nodes']} nodes, {stats['network_edges']} edges, "
        f"{stats['components']} component(s), {stats['communities']} communities, "
        f"modularity {stats['modularity']:.3f}"
        + ("" if stats["eigenvector_converged"] else ", eigenvector did not converge")
        + (", betweenness and communities estimated: a large graph" if stats["approximate"]
           else "") + ")"
    )
    for path in ag.paths:
        lines.append("path: " + " — ".join(path))
    return "\n".join(lines) + "\n"


@click.command("graph")
@click.option("--store", help="Store directory (default: build/store) or SPARQL endpoint URL.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="json", show_default=True,
              help="Output format; 'table' prints the nodes with their metrics.")
@click.option("--relation", multiple=True, help="Keep only this relation (repeatable).")
@click.option("--source", multiple=True,
              help="Keep only evidence from this source: a document key such as d0001, a named "
                   "graph, or 'reference' (repeatable).")
@click.option("--not-source", "not_source", multiple=True,
              help="Leave out evidence from this source, named as for --source (repeatable).")
@click.option("--actor", help="Show only this actor's neighbourhood (key, IRI or label).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="How many steps around --actor.")
@click.option("--between", nargs=2, metavar="A B", help="Show the shortest paths from A to B.")
@click.option("--from", "start", metavar="DATE", help="Keep claims dated on or after "
              "DATE (YYYY, YYYY-MM or YYYY-MM-DD); undated claims are dropped.")
@click.option("--to", "stop", metavar="DATE", help="Keep claims dated on or before DATE.")
@click.option("--top", type=click.IntRange(min=1), metavar="N",
              help="Show at most N actors, the most connected in the filtered network; the "
                   "measures stay those of the whole network.")
@click.option("--lang", type=click.Choice(["en", "ar"]), default="en", show_default=True,
              help="Language of the labels.")
@click.option("--size-by", type=click.Choice(_METRICS), default="degree", show_default=True,
              help="Centrality that sizes the nodes (GEXF, DOT, SVG, PNG).")
@click.option("-o", "--output", default="-", show_default=True,
              help="File to write; '-' writes to standard output.")
@click.pass_context
def graph(
    ctx: click.Context, store: str | None, fmt: str, relation: tuple[str, ...],
    source: tuple[str, ...], not_source: tuple[str, ...], actor: str | None, depth: int,
    between: tuple[str, ...] | None,
    start: str | None, stop: str | None, top: int | None, lang: str, size_by: str,
    output: str,
) -> None:
    """Write the actor graph (who did what to whom, per source) as GraphML, GEXF, JSON, DOT,
    SVG or PNG, filtered by relation, source, time window, neighbourhood or paths."""
    from syriakg.analysis import GraphFilter, actor_graph, export
    from syriakg.settings import Settings
    from syriakg.store import connect

    try:
        settings = Settings.load((ctx.obj or {}).get("config"), store=store)
        flt = GraphFilter(relations=relation, sources=source, without_sources=not_source,
                          start=start, stop=stop, actor=actor, depth=depth,
                          between=tuple(between or ()), lang=lang, top=top)
        ag = actor_graph(connect(settings, mode="disk"), flt)
        data = _table(ag).encode("utf-8") if fmt == "table" else export(ag, fmt, size_by)
    except KGError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(exc.exit_code)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    Path(output).write_bytes(data)
    click.echo(f"wrote {output}: {ag.stats['nodes']} nodes, {ag.stats['edges']} edges ({fmt})",
               err=True)
