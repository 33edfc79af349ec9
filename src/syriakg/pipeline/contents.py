"""Content nodes: the figure, event, draft or vote a claim reports, their properties (named as
the ontology names them, read by the ontology's ranges) and their time descriptions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef

from syriakg.namespaces import SKG, TIME, UNIT, mint
from syriakg.pipeline.load import Record
from syriakg.pipeline.mapping import ClaimContext, Mapping
from syriakg.pipeline.references import reference, short, term
from syriakg.pipeline.values import typed_literal
from syriakg.text import nfc, search_key

# Content nodes are named by what they are: drafts, votes, figures and actors (an unnamed group a
# document speaks of, scoped to that document) get their own IRI segments.
SEGMENT_OF_CLASS = {
    SKG.DraftResolution: "draft",
    SKG.Vote: "vote",
    SKG.ReportedFigure: "figure",
    SKG.Actor: "actor",
}
# The numbers of a figure; a count's are whole numbers (docs/modelling.md, "Values and bounds").
FIGURE_NUMBERS = (SKG.numericValue, SKG.lowerBound, SKG.upperBound, SKG.previousValue)


def content(m: Mapping, ctx: ClaimContext, spec: Record, kind: str, top_key: str | None) -> URIRef:
    cls = term(m, spec, "type", f"skg:{spec.get('type', '')}")
    if cls not in m.index.classes:
        raise m.error(
            spec,
            "type",
            f"type {spec.get('type')!r} is not a class of the "
            f"ontology.{m.index.suggest(str(spec.get('type')), m.index.classes)}",
        )
    segment = next(
        (seg for root, seg in SEGMENT_OF_CLASS.items() if m.index.is_subclass(cls, root)),
        "event",
    )
    if top_key is not None:
        key = f"{m.doc_id}-{top_key}"
    else:
        local = spec.get("key")
        key = f"{m.doc_id}-{local}" if local else f"{m.doc_id}-{ctx.next_key(segment)}"
    node = mint(segment, key)
    if node in m.defined:
        raise m.error(spec, "key", f"{short(node)} is defined twice in this document")
    m.defined.add(node)
    m.graph.add((node, RDF.type, cls))
    if m.index.is_subclass(cls, SKG.ReportedFigure) and "unit" not in spec:
        m.graph.add((node, SKG.unit, UNIT.NUM))
    skip = {"type", "key"}
    if segment == "actor":
        actor_labels(m, spec, node)
        skip.add("label")
    properties(m, ctx, node, spec, skip=skip)
    if (node, SKG.unit, UNIT.NUM) in m.graph:
        whole_counts(m, spec, node)
    return node


def actor_labels(m: Mapping, spec: Record, node: URIRef) -> None:
    """An actor a document defines (an unnamed group) is named neutrally in both languages, as
    the reference layer's actors are; the document's own word stays the claim's designation."""
    labels = m.lang_map(spec, "label")
    if set(labels) != {"en", "ar"}:
        raise m.error(
            spec,
            "label" if "label" in spec else "type",
            "an actor defined by a claim needs a neutral `label: {en: ..., ar: ...}`",
        )
    for lang, text in labels.items():
        m.graph.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
        m.graph.add((node, RDFS.label, Literal(text, lang=lang)))
        m.graph.add((node, SKOS.hiddenLabel, Literal(search_key(text))))


def whole_counts(m: Mapping, spec: Record, node: URIRef) -> None:
    """A count's numbers become xsd:integer, so that ``skg:numericValue 20187`` finds it."""
    for prop in FIGURE_NUMBERS:
        for value in list(m.graph.objects(node, prop)):
            number = value.toPython() if isinstance(value, Literal) else None
            if not isinstance(number, Decimal | int) or number != int(number):
                name = prop.removeprefix(str(SKG))
                raise m.error(
                    spec,
                    name,
                    f"`{name}` of a count must be a whole number, not {value}; a share or an "
                    "area takes `unit: unit:PERCENT` (or its own unit) and stays decimal",
                )
            m.graph.remove((node, prop, value))
            m.graph.add((node, prop, Literal(int(number), datatype=XSD.integer)))


def properties(
    m: Mapping,
    ctx: ClaimContext,
    node: URIRef,
    spec: Record,
    skip: frozenset[str] | set[str] = frozenset(),
) -> None:
    for name, raw in spec.items():
        if name in skip:
            continue
        prop = SKG[name]
        if name == "votes":  # listed under the vote event, stored as skg:inVoteEvent on each
            for vote in raw if isinstance(raw, list) else [raw]:
                if not isinstance(vote, Record):
                    raise m.error(spec, name, "each vote must be a mapping")
                m.graph.add((content(m, ctx, vote, "vote", None), SKG.inVoteEvent, node))
            continue
        if prop not in m.index.object_properties and prop not in m.index.datatype_properties:
            pool = m.index.object_properties | set(m.index.datatype_properties)
            raise m.error(
                spec,
                name,
                f"{name!r} is not a property of the ontology.{m.index.suggest(name, pool)}",
            )
        for value in values(m, ctx, spec, name, prop):
            m.graph.add((node, prop, value))


def values(m: Mapping, ctx: ClaimContext, spec: Record, name: str, prop: URIRef) -> list[Any]:
    raw = spec[name]
    items = raw if isinstance(raw, list) else [raw]
    out: list[Any] = []
    for item in items:
        if m.index.is_time_property(prop):
            if not isinstance(item, Record):
                raise m.error(
                    spec,
                    name,
                    f"`{name}` takes a time description such as "
                    "{date: 2015-09-30} or {begin: {...}, end: {...}}",
                )
            out.append(time(m, ctx, item))
        elif prop in m.index.object_properties:
            if isinstance(item, Record):
                out.append(content(m, ctx, item, name, None))
            else:
                out.append(reference(m, ctx, name, str(item), spec))
        else:
            out.extend(literal(m, ctx, spec, name, prop, item))
    return out


def literal(
    m: Mapping, ctx: ClaimContext, spec: Record, name: str, prop: URIRef, item: Any
) -> list[Literal]:
    rng = m.index.datatype_properties.get(prop, m.index.ranges.get(prop, XSD.string))
    if rng == RDF.langString:
        if not isinstance(item, dict):
            raise m.error(
                spec, name, f"`{name}` needs a language: write `{name}: {{ar: ..., en: ...}}`"
            )
        lits = []
        for lang, text in item.items():
            text = nfc(str(text).strip())
            if (
                name in ("quantityExpression", "temporalExpression")
                and lang == "ar"
                and text not in ctx.quote
            ):
                raise m.error(
                    spec,
                    name,
                    f"the {name} {text!r} is not part of the claim's quote {ctx.quote!r}",
                )
            lits.append(Literal(text, lang=str(lang)))
        return lits
    try:
        return [typed_literal(item, rng)]
    except ValueError as exc:
        raise m.error(spec, name, f"`{name}` {exc}") from exc


def time(m: Mapping, ctx: ClaimContext, spec: Record) -> URIRef:
    node = mint("time", m.doc_id, ctx.next_key("t"))
    g = m.graph
    if "begin" in spec or "end" in spec:
        g.add((node, RDF.type, TIME.ProperInterval))
        for part, prop in (("begin", TIME.hasBeginning), ("end", TIME.hasEnd)):
            if part in spec:
                if not isinstance(spec[part], Record):
                    raise m.error(spec, part, f"`{part}` takes a time description")
                g.add((node, prop, time(m, ctx, spec[part])))
        allowed = {"begin", "end", "temporalExpression", "derived"}
    else:
        g.add((node, RDF.type, TIME.Instant))
        for column, prop, dt in (
            ("date", TIME.inXSDDate, XSD.date),
            ("yearMonth", TIME.inXSDgYearMonth, XSD.gYearMonth),
            ("year", TIME.inXSDgYear, XSD.gYear),
        ):
            if column in spec:
                g.add((node, prop, Literal(str(spec[column]), datatype=dt)))
        allowed = {
            "date",
            "yearMonth",
            "year",
            "periodPart",
            "temporalExpression",
            "offsetFrom",
            "offset",
            "derived",
        }
    unknown = set(spec) - allowed
    if unknown:
        name = sorted(unknown)[0]
        raise m.error(
            spec,
            name,
            f"unknown time field {name!r}; allowed here: {', '.join(sorted(allowed))}",
        )
    properties(m, ctx, node, spec, skip={"begin", "end", "date", "yearMonth", "year"})
    return node
