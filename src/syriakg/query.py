"""Answer a SPARQL query from the built store, or a remote one, for the command line."""

from __future__ import annotations

import pyoxigraph as ox

from syriakg.errors import KGError
from syriakg.namespaces import PREFIXES, compact
from syriakg.settings import Settings
from syriakg.store import connect

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


class QueryError(KGError):
    """The query does not parse."""


def run_query(settings: Settings, query: str, fmt: str = "table") -> str:
    """Run ``query`` over the union of all graphs and render it as a table, CSV, TSV or JSON."""
    store = connect(settings, mode="disk")
    try:
        result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"the query does not parse: {exc}") from exc
    if isinstance(result, ox.QueryBoolean):
        return f"{str(bool(result)).lower()}\n"
    if not isinstance(result, ox.QuerySolutions):  # CONSTRUCT / DESCRIBE
        return bytes(result.serialize(format=ox.RdfFormat.TURTLE) or b"").decode("utf-8")
    if fmt in RESULT_FORMATS:
        return bytes(result.serialize(format=RESULT_FORMATS[fmt]) or b"").decode("utf-8")
    names = [v.value for v in result.variables]
    rows = [[_cell(sol[n]) for n in names] for sol in result]
    return _table(names, rows)


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return compact(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _table(names: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
