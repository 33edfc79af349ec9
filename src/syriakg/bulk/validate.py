"""Validation at scale: the compiled shapes run inside the store, optionally per named graph.

The result is the same ``Report`` the curated build prints (``pipeline.validation``), built from
the rows of the compiled queries instead of pyshacl's results graph: focus node, path, value,
source shape, severity and the shape's message. tests/bulk/test_validate.py proves the (focus
node, source shape) pairs equal to pyshacl's on the curated graph and on the shapes fixtures.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from syriakg.bulk.compile import Compiler, Query
from syriakg.bulk.conditions import FUNCTIONS
from syriakg.bulk.shapes import ShapesGraph
from syriakg.errors import KGError
from syriakg.pipeline.validation import Report, Violation, short


@dataclass(frozen=True)
class Result:
    focus: str
    shape: str
    component: str
    path: str
    value: str
    severity: str
    message: str


@dataclass
class BulkReport:
    results: list[Result] = field(default_factory=list)
    queries: int = 0
    seconds: float = 0.0
    slowest: list[tuple[float, str]] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def pairs(self) -> set[tuple[str, str]]:
        """(focus node, source shape): what pyshacl's report is compared on."""
        return {(r.focus, r.shape) for r in self.results}

    def report(self, limit: int = 200) -> Report:
        """The curated build's plain-words report, for the first ``limit`` results."""
        violations = [
            Violation(
                focus=short(_node(r.focus)),
                path=r.path,
                message=r.message,
                shape=short(_node(r.shape)),
                value=r.value,
                severity=r.severity,
            )
            for r in sorted(self.results, key=lambda r: (r.shape, r.focus))[:limit]
        ]
        return Report(self.conforms, Graph(), violations)


def compile_shapes(shapes: Graph, focus_graph: str | None = None) -> list[Query]:
    """Compile ``shapes``; raises ``UnsupportedShape`` naming any shape it cannot check."""
    return Compiler(ShapesGraph(shapes), focus_graph).queries()


def validate(store: ox.Store, shapes: Graph, focus_graph: str | None = None) -> BulkReport:
    """Check every targeted shape against the union of the store's graphs.

    ``focus_graph`` limits the focus nodes to those described in that named graph (values are
    still looked up in every graph), so a newly loaded source can be checked on its own.
    """
    start = time.perf_counter()
    report = BulkReport()
    timings = []
    for query in compile_shapes(shapes, focus_graph):
        began = time.perf_counter()
        try:
            rows = store.query(
                query.text, use_default_graph_as_union=True, custom_functions=FUNCTIONS
            )
        except SyntaxError as exc:  # a shape's SPARQL that Oxigraph cannot parse
            raise KGError(f"shape {query.shape.name}: its SPARQL does not parse: {exc}") from exc
        assert isinstance(rows, ox.QuerySolutions)
        names = [v.value for v in rows.variables]
        for row in rows:
            values = {n: row[n] for n in names if row[n] is not None}
            report.results.append(_result(query, values))
        timings.append((time.perf_counter() - began, f"{query.shape.name} {query.component}"))
    report.queries = len(timings)
    report.slowest = sorted(timings, reverse=True)[:10]
    report.results = sorted(set(report.results), key=lambda r: (r.shape, r.focus, r.path, r.value))
    report.seconds = time.perf_counter() - start
    return report


def _result(query: Query, values: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> Result:
    focus = values.get("this")
    path = values.get("path")
    value = values.get("value")
    message = " ".join(_fill(m, values) for m in query.messages) or f"sh:{query.component} not met"
    return Result(
        focus=_text(focus),
        shape=query.shape.name,
        component=query.component,
        path=short(URIRef(path.value))
        if isinstance(path, ox.NamedNode)
        else _short_path(query.path),
        value=repr(value.value) if isinstance(value, ox.Literal) else _text(value),
        severity=query.shape.severity,
        message=message,
    )


def _fill(message: str, values: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> str:
    """SHACL message templates: {?var} and {$var} become the row's values."""
    return re.sub(
        r"\{[?$](\w+)\}",
        lambda m: str(values[m.group(1)].value) if m.group(1) in values else m.group(0),
        message,
    )


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def _node(text: str) -> URIRef | Literal:
    return URIRef(text) if "://" in text or text.startswith("urn:") else Literal(text)


def _short_path(path: str | None) -> str:
    if path is None:
        return ""
    simple = path.startswith("<") and path.endswith(">") and " " not in path
    return short(URIRef(path[1:-1])) if simple else path
