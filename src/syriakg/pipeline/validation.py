"""Stage 4, validate: SHACL (pySHACL) over the asserted graph, its inferences and the ontology.

The report is written for the person who has to fix the data: which node, which property, the
rule in plain words, and the sentence of the source the node came from.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from syriakg.errors import KGError
from syriakg.namespaces import NIF, OA, SKG, compact
from syriakg.text import sentence_at


class ShapesError(KGError):
    """A shapes file is itself invalid SHACL."""


def results_text(failure: object) -> str:
    return " ".join(str(getattr(failure, "message", failure)).split())


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    shape: str
    value: str
    severity: str
    sentence: str | None = None


@dataclass
class Report:
    conforms: bool
    graph: Graph
    violations: list[Violation] = field(default_factory=list)

    def text(self) -> str:
        """The report in plain words, one block per problem."""
        if self.conforms:
            return "The data conforms to the shapes."
        blocks = []
        for i, v in enumerate(self.violations, 1):
            lines = [f"{i}. {v.message}", f"   node:     {v.focus}"]
            if v.path:
                lines.append(f"   property: {v.path}")
            if v.value:
                lines.append(f"   value:    {v.value}")
            lines.append(f"   rule:     {v.shape} ({v.severity})")
            if v.sentence:
                lines.append(f"   sentence: {v.sentence}")
            blocks.append("\n".join(lines))
        return f"{len(self.violations)} problem(s) found:\n\n" + "\n\n".join(blocks)


def short(node: Node | None) -> str:
    """A prefixed name where one is known, so messages stay readable."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return repr(str(node))
    return compact(str(node)) if isinstance(node, URIRef) else f"_:{node}"


def path_text(graph: Graph, node: Node | None) -> str:
    """A SHACL property path in SPARQL syntax: ``^skg:claimedEvent``, ``a/b``, ``a|b``."""
    if node is None or isinstance(node, URIRef | Literal):
        return short(node)
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return f"^{path_text(graph, inverse)}"
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(graph, n) for n in Collection(graph, alternatives)) + ")"
    for modifier, mark in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(node, modifier)
        if inner is not None:
            return f"{path_text(graph, inner)}{mark}"
    if graph.value(node, RDF.first) is not None:
        return "/".join(path_text(graph, n) for n in Collection(graph, node))
    return short(node)


def _source_sentence(data: Graph, focus: Node) -> str | None:
    """Walk back from the focus node to the claim that stated it, and return its sentence."""
    seen, queue = {focus}, deque([(focus, 0)])
    while queue:
        node, depth = queue.popleft()
        span = data.value(node, SKG.hasEvidence)
        if span is None and (node, RDF.type, OA.SpecificResource) in data:
            span = node
        if span is not None:
            return _span_sentence(data, span)
        if depth >= 5:
            continue
        for subject in data.subjects(None, node):
            if subject not in seen:
                seen.add(subject)
                queue.append((subject, depth + 1))
    return None


def _span_sentence(data: Graph, span: Node) -> str | None:
    text_node = data.value(span, OA.hasSource)
    text = data.value(text_node, NIF.isString) if text_node is not None else None
    for selector in data.objects(span, OA.hasSelector):
        start = data.value(selector, OA.start)
        if isinstance(start, Literal) and text is not None:
            sentence = sentence_at(str(text), int(start.toPython()))
            return sentence.text if sentence else None
    return None


def run(data: Graph, shapes: Graph, ontology: Graph | None = None) -> Report:
    """Validate ``data`` (already reasoned) against ``shapes``; the ontology helps sh:class."""
    full = Graph()
    full += data
    if ontology is not None:
        full += ontology
    conforms, results, _ = shacl_validate(
        full,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,  # ``full`` is a throwaway copy: no need for pySHACL to clone it
    )
    if not isinstance(results, Graph):  # pySHACL reports broken shapes this way, not by raising
        raise ShapesError(f"the SHACL shapes cannot be used: {results_text(results)}")
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        violations.append(
            Violation(
                focus=short(focus),
                path=path_text(results, results.value(result, SH.resultPath)),
                message=" ".join(messages) or "constraint not met",
                shape=short(results.value(result, SH.sourceShape)),
                value=short(results.value(result, SH.value)),
                severity=short(results.value(result, SH.resultSeverity)).removeprefix("sh:"),
                sentence=_source_sentence(full, focus) if focus is not None else None,
            )
        )
    violations.sort(key=lambda v: (v.shape, v.focus, v.path))
    return Report(bool(conforms), results, violations)
