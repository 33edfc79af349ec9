"""The shapes graph read into plain objects, ready to be compiled to SPARQL (``compile.py``).

Reading is strict: a constraint component or path form that the compiler does not implement is
an ``UnsupportedShape`` error naming the shape and the component, never a silent skip — a
validator that quietly ignores a rule would report "conforms" for data that does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, BNode, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH

from syriakg.errors import KGError

# Parameters that belong to a component handled elsewhere or carry no constraint.
NON_CONSTRAINT = {
    "path",
    "property",
    "severity",
    "message",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
    "defaultValue",
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "target",
    "sparql",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "ignoredProperties",
    "flags",
    "declare",
    "prefixes",
}
# Value-node components: each value of the path (or the focus node itself) must satisfy them.
VALUE_COMPONENTS = {
    "class",
    "datatype",
    "nodeKind",
    "minExclusive",
    "minInclusive",
    "maxExclusive",
    "maxInclusive",
    "minLength",
    "maxLength",
    "pattern",
    "languageIn",
    "in",
    "node",
    "not",
    "and",
    "or",
    "xone",
}
# Components that look at the set of values, or at other properties of the focus node.
SET_COMPONENTS = {
    "minCount",
    "maxCount",
    "uniqueLang",
    "hasValue",
    "equals",
    "disjoint",
    "lessThan",
    "lessThanOrEquals",
    "qualifiedValueShape",
    "closed",
}


class UnsupportedShape(KGError):
    """A shape uses SHACL that the in-store validator cannot check; it names shape and component."""


@dataclass
class SparqlConstraint:
    select: str
    messages: list[str]
    prefixes: dict[str, str]


@dataclass
class Shape:
    node: Node
    path: str | None = None
    targets: list[tuple[str, Node | str]] = field(default_factory=list)
    constraints: list[tuple[str, Node]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    severity: str = "Violation"
    messages: list[str] = field(default_factory=list)
    flags: str = ""
    qualified_min: int | None = None
    qualified_max: int | None = None
    ignored: list[Node] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.node) if isinstance(self.node, URIRef) else f"_:{self.node}"


class ShapesGraph:
    """The shapes of a graph; ``shape(node)`` is memoised, so a shared shape is read once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, Shape] = {}
        self.prefixes: dict[str, str] = {}

    def top_level(self) -> list[Shape]:
        """Every active shape with a target, in a stable order."""
        candidates: set[Node] = set()
        for predicate in (
            SH.targetClass,
            SH.targetNode,
            SH.targetSubjectsOf,
            SH.targetObjectsOf,
            SH.target,
        ):
            candidates.update(self.graph.subjects(predicate, None))
        for kind in (SH.NodeShape, SH.PropertyShape):
            for node in self.graph.subjects(RDF.type, kind):
                if (node, RDF.type, RDFS.Class) in self.graph or (
                    node,
                    RDF.type,
                    OWL.Class,
                ) in self.graph:
                    candidates.add(node)  # implicit class target
        shapes = [self.shape(n) for n in candidates if not self._deactivated(n)]
        return sorted(shapes, key=lambda s: s.name)

    def _deactivated(self, node: Node) -> bool:
        return self.graph.value(node, SH.deactivated) == Literal(True)

    def shape(self, node: Node) -> Shape:
        if node not in self._shapes:
            shape = Shape(node)
            self._shapes[node] = shape  # before reading, so a cycle of sh:node ends here
            self._read(shape)
        return self._shapes[node]

    def _read(self, shape: Shape) -> None:
        g, node = self.graph, shape.node
        path = g.value(node, SH.path)
        if path is not None:
            shape.path = self.path(path, shape)
        severity = g.value(node, SH.severity)
        if isinstance(severity, URIRef):
            shape.severity = str(severity).removeprefix(str(SH))
        shape.messages = [str(m) for m in g.objects(node, SH.message)]
        shape.flags = str(g.value(node, SH.flags) or "")
        for key, attr in (
            ("qualifiedMinCount", "qualified_min"),
            ("qualifiedMaxCount", "qualified_max"),
        ):
            value = g.value(node, SH[key])
            if value is not None:
                setattr(shape, attr, integer(value))
        if (node, SH.qualifiedValueShapesDisjoint, Literal(True)) in g:
            raise UnsupportedShape(
                f"shape {shape.name}: sh:qualifiedValueShapesDisjoint is not supported"
            )
        ignored = g.value(node, SH.ignoredProperties)
        shape.ignored = list(Collection(g, ignored)) if ignored is not None else []
        self._targets(shape)
        for predicate, value in sorted(g.predicate_objects(node), key=str):
            local = str(predicate).removeprefix(str(SH))
            if not str(predicate).startswith(str(SH)) or local in NON_CONSTRAINT:
                continue
            if local not in VALUE_COMPONENTS | SET_COMPONENTS:
                raise UnsupportedShape(
                    f"shape {shape.name}: constraint component sh:{local} is not supported by the "
                    "in-store validator (syriakg/bulk/compile.py); validate with pyshacl instead"
                )
            shape.constraints.append((local, value))
        for prop in sorted(g.objects(node, SH.property), key=str):
            if not self._deactivated(prop):
                shape.properties.append(self.shape(prop))
        for constraint in sorted(g.objects(node, SH.sparql), key=str):
            if not self._deactivated(constraint):
                shape.sparql.append(self._sparql(shape, constraint))

    def _targets(self, shape: Shape) -> None:
        g, node = self.graph, shape.node
        for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            shape.targets += [(kind, value) for value in g.objects(node, SH[kind])]
        if (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g:
            shape.targets.append(("targetClass", node))
        for target in g.objects(node, SH.target):
            select = g.value(target, SH.select)
            if select is None or (target, RDF.type, SH.SPARQLTarget) not in g:
                raise UnsupportedShape(
                    f"shape {shape.name}: only sh:SPARQLTarget targets with sh:select are supported"
                )
            shape.targets.append(("select", str(select)))
            self._prefixes(target, shape)

    def _sparql(self, shape: Shape, node: Node) -> SparqlConstraint:
        select = self.graph.value(node, SH.select)
        if select is None:
            raise UnsupportedShape(
                f"shape {shape.name}: sh:sparql needs sh:select (ASK is unsupported)"
            )
        messages = [str(m) for m in self.graph.objects(node, SH.message)] or shape.messages
        return SparqlConstraint(str(select), messages, self._prefixes(node, shape))

    def _prefixes(self, node: Node, shape: Shape) -> dict[str, str]:
        found: dict[str, str] = {}
        for source in self.graph.objects(node, SH.prefixes):
            for decl in self.graph.objects(source, SH.declare):
                prefix = str(self.graph.value(decl, SH.prefix))
                namespace = str(self.graph.value(decl, SH.namespace))
                if self.prefixes.get(prefix, namespace) != namespace:
                    raise UnsupportedShape(
                        f"shape {shape.name}: prefix {prefix}: is declared with two namespaces"
                    )
                found[prefix] = self.prefixes[prefix] = namespace
        return found

    def path(self, node: Node, shape: Shape) -> str:
        """A SHACL property path as a SPARQL property path."""
        g = self.graph
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in g:
            return "(" + "/".join(self.path(p, shape) for p in Collection(g, node)) + ")"
        for key, template in (
            ("inversePath", "^{}"),
            ("zeroOrMorePath", "{}*"),
            ("oneOrMorePath", "{}+"),
            ("zeroOrOnePath", "{}?"),
        ):
            inner = g.value(node, SH[key])
            if inner is not None:
                return "(" + template.format(self.path(inner, shape)) + ")"
        alternatives = g.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(p, shape) for p in Collection(g, alternatives)) + ")"
        raise UnsupportedShape(f"shape {shape.name}: unsupported property path {node}")


def integer(node: Node) -> int:
    """A numeric parameter of a shape (sh:minCount 1, sh:minLength 3, ...)."""
    value = node.toPython() if isinstance(node, Literal) else None
    if not isinstance(value, int):
        raise UnsupportedShape(f"{node} is not an integer")
    return value


def is_true(node: Node) -> bool:
    return isinstance(node, Literal) and node.toPython() is True


def term(node: Node) -> str:
    """A node of the shapes graph as a SPARQL term (blank nodes are never constants in shapes)."""
    if isinstance(node, BNode):
        raise ValueError(f"blank node {node} cannot be a SPARQL constant")
    return node.n3()
