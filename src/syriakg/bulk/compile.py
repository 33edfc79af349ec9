"""SHACL shapes compiled to SPARQL SELECT queries that return the violations, run inside the store.

Each targeted shape becomes one query per constraint component, so Oxigraph evaluates every
constraint set-at-a-time over all focus nodes instead of pyshacl's node-by-node Python loop.
Shapes used inside sh:or, sh:not, sh:node and sh:qualifiedValueShape compile to boolean SPARQL
expressions (EXISTS/NOT EXISTS) instead. SHACL-SPARQL constraints are already SPARQL: their
``$this`` is bound by joining the target pattern at the start of their WHERE clause. The
conditions on one node (datatype, pattern, ...) are in ``conditions.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Node
from rdflib.collection import Collection

from syriakg.bulk.conditions import (
    COMPARISONS,
    NODE_KINDS,
    PAIR_COMPARISONS,
    PROLOGUE,
    REGEX_FN,
    Check,
    datatype_condition,
    string,
    with_python_regex,
)
from syriakg.bulk.shapes import (
    VALUE_COMPONENTS,
    Shape,
    ShapesGraph,
    UnsupportedShape,
    integer,
    is_true,
    term,
)

Focus = Callable[[str], str]
X = "__FOCUS__"  # stands for the focus variable in a target pattern until it is named


@dataclass(frozen=True)
class Query:
    """One compiled check: rows are violations with ?this and, where there is one, ?value."""

    shape: Shape
    component: str
    text: str
    path: str | None
    messages: tuple[str, ...] = ()


class Compiler:
    def __init__(self, shapes: ShapesGraph, focus_graph: str | None = None) -> None:
        self.shapes = shapes
        self.focus_graph = focus_graph
        self._n = 0
        self._stack: list[Node] = []

    def var(self, stem: str = "v") -> str:
        self._n += 1
        return f"?{stem}{self._n}"

    # ------------------------------------------------------------------ top level

    def queries(self) -> list[Query]:
        out: list[Query] = []
        for shape in self.shapes.top_level():
            out += self.shape_queries(shape, self.targets(shape))
        return out

    def targets(self, shape: Shape) -> list[Focus]:
        """One pattern per target of ``shape``, binding the variable given to the Focus.

        Each is inlined into the query rather than wrapped in a DISTINCT sub-select or a UNION:
        Oxigraph then starts from the (usually few) focus nodes and looks their values up, where
        a sub-select or a union of targets makes it scan every value of the path first.
        """
        graph_filter = ""
        if self.focus_graph:  # only the focus nodes described in this graph
            graph_filter = f" FILTER EXISTS {{ GRAPH <{self.focus_graph}> {{ {X} ?fp ?fo }} }}"
        patterns = []
        for kind, value in shape.targets:
            if kind == "targetClass":
                patterns.append(f"{X} rdf:type/rdfs:subClassOf* {term(value)} .")  # type: ignore[arg-type]
            elif kind == "targetNode":
                patterns.append(f"VALUES {X} {{ {term(value)} }}")  # type: ignore[arg-type]
            elif kind == "targetSubjectsOf":
                patterns.append(f"{X} {term(value)} ?any .")  # type: ignore[arg-type]
            elif kind == "targetObjectsOf":
                patterns.append(f"?any {term(value)} {X} .")  # type: ignore[arg-type]
            else:  # a SPARQL target: its SELECT becomes a sub-query
                patterns.append(
                    "{ " + re.sub(r"[?$]this\b", X, with_python_regex(str(value))) + " }"
                )
        return [_focus(p + graph_filter) for p in patterns]

    @staticmethod
    def distinct(focuses: list[Focus]) -> Focus:
        """All targets as one DISTINCT sub-select, for SHACL-SPARQL: an aggregate in its query
        must see each focus node once."""
        union = " UNION ".join(f"{{ {f(X)} }}" for f in focuses) or "FILTER (false)"
        template = f"{{ SELECT DISTINCT {X} WHERE {{ {union} }} }}"
        return lambda x: template.replace(X, x)

    def shape_queries(self, shape: Shape, focuses: list[Focus]) -> list[Query]:
        if shape.path is not None:
            return self.property_queries(shape, focuses)
        out = []
        for component, value in shape.constraints:
            if component == "closed":
                if is_true(value):
                    body = self.closed_violation(shape, "?this")
                    out += [
                        self.query(shape, component, f"{f('?this')} {body}", "?value")
                        for f in focuses
                    ]
                continue
            if component == "hasValue":
                condition = f"sameTerm(?this, {term(value)})"
            elif component in VALUE_COMPONENTS:
                condition = self.value_condition(shape, component, value, "?this")
            else:
                raise UnsupportedShape(f"shape {shape.name}: sh:{component} needs sh:path")
            out += [
                self.query(shape, component, f"{f('?this')} FILTER (!({condition}))")
                for f in focuses
            ]
        for prop in shape.properties:
            out += self.property_queries(prop, focuses)
        out += [
            self.sparql_query(shape, c.select, c.messages, c.prefixes, self.distinct(focuses))
            for c in shape.sparql
        ]
        return out

    def property_queries(self, shape: Shape, focuses: list[Focus]) -> list[Query]:
        path = shape.path
        assert path is not None
        out = []
        for component, value in shape.constraints:
            for f in focuses:
                focus = f("?this")
                if component in VALUE_COMPONENTS:
                    condition = self.value_condition(shape, component, value, "?value")
                    body = f"{focus} ?this {path} ?value . FILTER (!({condition}))"
                    if component == "pattern":
                        # The regex is a Python call per row: test each distinct value once,
                        # then join back to the focus nodes that have it.
                        body = (
                            f"{{ SELECT DISTINCT ?value WHERE {{ {focus} ?this {path} ?value }} }}"
                            f" FILTER (!({condition})) {focus} ?this {path} ?value ."
                        )
                    out.append(self.query(shape, component, body, "?value"))
                else:
                    for check in self.set_violation(shape, component, value, "?this"):
                        out.append(self.query(shape, component, f"{focus} {check.violation()}"))
        if shape.properties:  # sh:property of a property shape: checked on each value node
            inner = self.var("f")
            values = [_focus(f"{f(inner)} {inner} {path} {X} .") for f in focuses]
            for nested in shape.properties:
                out += self.property_queries(nested, values)
        out += [
            self.sparql_query(shape, c.select, c.messages, c.prefixes, self.distinct(focuses))
            for c in shape.sparql
        ]
        return out

    def prologue(self, extra: dict[str, str] | None = None) -> str:
        """PREFIX lines: rdf, rdfs, xsd and every sh:declare of the shapes graph."""
        merged = {**self.shapes.prefixes, **(extra or {})}
        return PROLOGUE + "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(merged.items()))

    def query(self, shape: Shape, component: str, body: str, value: str = "") -> Query:
        text = f"{self.prologue()}SELECT DISTINCT ?this {value} WHERE {{ {body} }}"
        return Query(shape, component, text, shape.path, tuple(shape.messages))

    def sparql_query(
        self, shape: Shape, select: str, messages: list[str], prefixes: dict[str, str], focus: Focus
    ) -> Query:
        for unsupported in ("$shapesGraph", "$currentShape"):
            if unsupported in select:
                raise UnsupportedShape(
                    f"shape {shape.name}: {unsupported} in sh:select is not supported"
                )
        if "$PATH" in select:
            if shape.path is None:
                raise UnsupportedShape(f"shape {shape.name}: $PATH in a node shape's sh:select")
            select = select.replace("$PATH", shape.path)
        where = re.search(r"\bWHERE\s*\{", select, re.IGNORECASE) or re.search(r"\{", select)
        if where is None:
            raise UnsupportedShape(f"shape {shape.name}: sh:select has no WHERE clause")
        text = select[: where.end()] + f" {focus('?this')} " + select[where.end() :]
        text = self.prologue(prefixes) + with_python_regex(text)
        return Query(shape, "sparql", text, shape.path, tuple(messages))

    # ------------------------------------------------------------------ conditions on one node

    def value_condition(self, shape: Shape, component: str, value: Node, x: str) -> str:
        """A SPARQL expression true when node ``x`` satisfies one value-node component."""
        if component == "class":
            return f"EXISTS {{ {x} rdf:type/rdfs:subClassOf* {term(value)} }}"
        if component == "datatype":
            return datatype_condition(str(value), x)
        if component == "nodeKind":
            return NODE_KINDS[str(value).rsplit("#", 1)[-1]].format(x=x)
        if component in COMPARISONS:
            return f"COALESCE({x} {COMPARISONS[component]} {term(value)}, false)"
        if component in ("minLength", "maxLength"):
            op = ">=" if component == "minLength" else "<="
            return f"(!isBlank({x}) && STRLEN(STR({x})) {op} {integer(value)})"
        if component == "pattern":
            return (
                f"(!isBlank({x}) && <{REGEX_FN}>(STR({x}), {string(str(value))}, "
                f"{string(shape.flags)}))"
            )
        if component == "languageIn":
            tags = [f"langMatches(LANG({x}), {string(str(t))})" for t in self._list(value)]
            return f"(isLiteral({x}) && ({' || '.join(tags) or 'false'}))"
        if component == "in":
            same = [f"sameTerm({x}, {term(v)})" for v in self._list(value)]
            return f"({' || '.join(same) or 'false'})"
        if component == "node":
            return self.conforms(self.shapes.shape(value), x)
        if component == "not":
            return f"!({self.conforms(self.shapes.shape(value), x)})"
        members = [self.conforms(self.shapes.shape(v), x) for v in self._list(value)]
        if component == "and":
            return f"({' && '.join(members) or 'true'})"
        if component == "or":
            return f"({' || '.join(members) or 'false'})"
        return f"(({' + '.join(f'IF({m}, 1, 0)' for m in members) or '0'}) = 1)"  # xone

    def conforms(self, shape: Shape, x: str) -> str:
        """A SPARQL expression true when node ``x`` conforms to ``shape`` (a nested shape)."""
        if shape.node in self._stack:
            raise UnsupportedShape(
                f"shape {shape.name} refers to itself; recursive shapes are unsupported"
            )
        if shape.sparql:
            raise UnsupportedShape(
                f"shape {shape.name}: sh:sparql inside sh:or/sh:not/sh:node is unsupported"
            )
        self._stack.append(shape.node)
        try:
            parts = []
            for component, value in shape.constraints:
                if shape.path is None:
                    if component == "hasValue":
                        parts.append(f"sameTerm({x}, {term(value)})")
                    elif component == "closed":
                        if is_true(value):
                            parts.append(f"NOT EXISTS {{ {self.closed_violation(shape, x)} }}")
                    elif component in VALUE_COMPONENTS:
                        parts.append(self.value_condition(shape, component, value, x))
                    else:
                        raise UnsupportedShape(f"shape {shape.name}: sh:{component} needs sh:path")
                elif component in VALUE_COMPONENTS:
                    v = self.var()
                    condition = self.value_condition(shape, component, value, v)
                    parts.append(f"NOT EXISTS {{ {x} {shape.path} {v} . FILTER (!({condition})) }}")
                else:
                    for check in self.set_violation(shape, component, value, x):
                        parts.append(check.satisfied())
            parts += [self.conforms(p, x) for p in shape.properties]
            return "(" + (" && ".join(parts) or "true") + ")"
        finally:
            self._stack.pop()

    # ------------------------------------------------------------------ patterns over the values

    def at_least(
        self, f: str, path: str, n: int, condition: Callable[[str], str] | None = None
    ) -> tuple[str, str]:
        """A pattern matching when ``f`` has ``n`` distinct values (satisfying ``condition``),
        and one variable it binds."""
        vs = [self.var() for _ in range(n)]
        triples = " ".join(f"{f} {path} {v} ." for v in vs)
        tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(vs) for b in vs[i + 1 :]]
        tests += [condition(v) for v in vs] if condition else []
        return triples + (f" FILTER ({' && '.join(tests)})" if tests else ""), vs[0]

    def set_violation(self, shape: Shape, component: str, value: Node, f: str) -> list[Check]:
        """How ``f`` violates a set component: patterns that must not match (witness None) or
        must match (witness: a variable they bind); none if the component is vacuous.

        Each check goes into the group that binds ``f``: a FILTER inside a UNION branch would not
        see ``f``, which is why sh:qualifiedMinCount and sh:qualifiedMaxCount give two.
        """
        path = shape.path
        assert path is not None
        if component == "minCount":
            n = integer(value)
            return [Check(*self.at_least(f, path, n))] if n > 0 else []
        if component == "maxCount":
            return [Check(self.at_least(f, path, integer(value) + 1)[0])]
        if component == "hasValue":
            w = self.var("w")
            return [Check(f"{f} {path} {term(value)} . BIND (true AS {w})", w)]
        if component == "uniqueLang":
            if not is_true(value):
                return []
            a, b = self.var(), self.var()
            return [
                Check(
                    f"{f} {path} {a} . {f} {path} {b} . FILTER (!sameTerm({a}, {b}) && "
                    f'isLiteral({a}) && isLiteral({b}) && LANG({a}) != "" && '
                    f"LCASE(LANG({a})) = LCASE(LANG({b})))"
                )
            ]
        if component == "equals":
            a = self.var()
            return [
                Check(f"{f} {path} {a} FILTER NOT EXISTS {{ {f} {term(value)} {a} }}"),
                Check(f"{f} {term(value)} {a} FILTER NOT EXISTS {{ {f} {path} {a} }}"),
            ]
        if component == "disjoint":
            a = self.var()
            return [Check(f"{f} {path} {a} . {f} {term(value)} {a} .")]
        if component in PAIR_COMPARISONS:
            a, b = self.var(), self.var()
            op = PAIR_COMPARISONS[component]
            return [
                Check(
                    f"{f} {path} {a} . {f} {term(value)} {b} . "
                    f"FILTER (!COALESCE({a} {op} {b}, false))"
                )
            ]
        if component == "qualifiedValueShape":
            qualified = self.shapes.shape(value)
            test = lambda v: self.conforms(qualified, v)  # noqa: E731
            checks = []
            if shape.qualified_min:
                checks.append(Check(*self.at_least(f, path, shape.qualified_min, test)))
            if shape.qualified_max is not None:
                checks.append(Check(self.at_least(f, path, shape.qualified_max + 1, test)[0]))
            return checks
        raise UnsupportedShape(f"shape {shape.name}: sh:{component} is not supported")

    def closed_violation(self, shape: Shape, f: str) -> str:
        allowed = [p.path for p in shape.properties if p.path and p.path.startswith("<")]
        allowed += [term(n) for n in shape.ignored]
        p = self.var("p")
        test = f"FILTER ({p} NOT IN ({', '.join(allowed)}))" if allowed else ""
        return f"{f} {p} ?value . {test}"

    def _list(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes.graph, node))


def _focus(pattern: str) -> Focus:
    """A Focus for a pattern written with X for the focus variable."""
    return lambda x: pattern.replace(X, x)
