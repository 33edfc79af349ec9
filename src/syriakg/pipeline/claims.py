"""Claims: each record of a statements file becomes one claim of the document, with its quote
located in the text, its English rendering, who says it, and its content."""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS

from syriakg.namespaces import PROV, SKG, mint
from syriakg.pipeline.contents import content, properties, values
from syriakg.pipeline.load import Record
from syriakg.pipeline.mapping import ClaimContext, Mapping
from syriakg.pipeline.proposals import detector, review
from syriakg.pipeline.references import reference, short, term
from syriakg.pipeline.review_status import is_published, quote_span
from syriakg.pipeline.spans import add_span
from syriakg.text import nfc

KINDS = {"figure": SKG.FigureClaim, "event": SKG.EventClaim, "relation": SKG.RelationClaim}
CLAIM_KEYS = {
    "id",
    "kind",
    "quote",
    "en",
    "claimant",
    "claimantDescription",
    "attitude",
    "designation",
    "figure",
    "event",
    "subject",
    "predicate",
    "object",
    "qualifiers",
    "inferred",
    # Drafted records (docs/ingest.md): where the quote stands, whether it is published, who
    # proposed it and who reviewed it.
    "span",
    "status",
    "detector",
    "review",
}

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def statements(m: Mapping) -> None:
    st = m.doc.statements
    if st is None:
        return
    claims = st.get("claims")
    if not isinstance(claims, list):
        raise m.error(st, "claims", "`claims:` must be a list of claim records")
    for record in claims:
        if not isinstance(record, Record):
            raise m.error(st, "claims", "each claim must be a mapping (key: value lines)")
    # Only reviewed records are published; drafts and rejected drafts stay in the file.
    published = [r for r in claims if is_published(r)]
    _unique_ids(m, claims)
    if not published:
        return
    g = m.graph
    g.add((m.run_iri, RDF.type, PROV.Activity))
    g.add((m.run_iri, RDFS.label, Literal(f"curation of {m.doc_id}", lang="en")))
    if st.get("curated"):
        g.add((m.run_iri, DCTERMS.date, m.date_literal(st, "curated")))
    agent = mint("agent", "curators")
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDFS.label, Literal("curators of the knowledge graph", lang="en")))
    g.add((m.run_iri, PROV.wasAssociatedWith, agent))
    for record in published:
        claim(m, record, str(record["id"]))
    for iri, (record, field_name) in m.referenced.items():
        if iri not in m.defined:
            raise m.error(
                record,
                field_name,
                f"{short(iri)} is referred to but no claim of this document defines it",
            )


def _unique_ids(m: Mapping, claims: list[Record]) -> None:
    """Every record, published or not, has its own well-formed id."""
    seen: dict[str, int] = {}
    for record in claims:
        key = str(record.get("id", ""))
        if not _KEY.match(key):
            raise m.error(
                record,
                "id",
                f"claim id {key!r} must be lower-case ASCII letters, digits and hyphens",
            )
        if key in seen:
            raise m.error(record, "id", f"claim id {key!r} is already used on line {seen[key]}")
        seen[key] = record.line


def claim(m: Mapping, record: Record, key: str) -> None:
    unknown = set(record) - CLAIM_KEYS
    if unknown:
        name = sorted(unknown)[0]
        raise m.error(
            record,
            name,
            f"unknown claim field {name!r}; allowed: {', '.join(sorted(CLAIM_KEYS))}",
        )
    kind = record.get("kind")
    if kind not in KINDS:
        raise m.error(record, "kind", f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    for required in ("quote", "en"):
        if not isinstance(record.get(required), str) or not record[required].strip():
            raise m.error(record, None, f"claim {key!r} needs `{required}:`")
    quote = nfc(record["quote"].strip())
    g, c = m.graph, mint("claim", m.doc_id, key)
    ctx = ClaimContext(record, key, quote)
    g.add((c, RDF.type, KINDS[kind]))
    g.add((c, SKG.statedIn, m.doc_iri))
    g.add((c, PROV.wasGeneratedBy, m.run_iri))
    g.add((c, SKG.hasEvidence, span(m, record, quote)))
    detector(m, record, c)
    review(m, record, c)
    english = " ".join(record["en"].split())
    g.add((c, SKG.quoteTranslation, Literal(english, lang="en")))
    g.add((c, RDFS.label, Literal(f"{m.doc_id} claim: {english}", lang="en")))
    g.add((c, SKG.attitude, term(m, record, "attitude", record.get("attitude", "skg:Asserts"))))
    if record.get("claimant"):
        g.add((c, SKG.claimant, reference(m, ctx, "claimant", str(record["claimant"]))))
    for prop in ("claimantDescription", "designation"):
        for lang, text in m.lang_map(record, prop).items():
            g.add((c, SKG[prop], Literal(text, lang=lang)))
    if kind == "relation":
        relation(m, c, ctx)
        return
    spec = record.get(kind)
    if not isinstance(spec, Record):
        raise m.error(record, kind, f"a {kind} claim needs a `{kind}:` mapping")
    node = content(m, ctx, spec, kind, top_key=key)
    g.add((c, SKG.reportsFigure if kind == "figure" else SKG.claimedEvent, node))
    inferred(m, ctx, c, node)


def inferred(m: Mapping, ctx: ClaimContext, claim: URIRef, node: URIRef) -> None:
    """Mark content the curators inferred rather than read: ``inferred: [{property: addressee,
    reason: {en: ..., ar: ...}}]`` names properties of the claim's content (``subject`` and
    ``object`` of a relation claim), each marked with its reason (docs/modelling.md)."""
    record, g = ctx.record, m.graph
    items = record.get("inferred", [])
    if not isinstance(items, list) or not all(isinstance(i, Record) for i in items):
        raise m.error(record, "inferred", "`inferred:` is a list of {property: ..., reason: ...}")
    for item in items:
        name = str(item.get("property", ""))
        if name in ("subject", "object") and (claim, RDF.type, SKG.RelationClaim) in g:
            statements = [(claim, RDF[name], v) for v in g.objects(claim, RDF[name])]
        else:
            statements = [(node, SKG[name], v) for v in g.objects(node, SKG[name])]
        if not statements:
            raise m.error(
                item, "property", f"{name!r} is not a property this claim's content has a value for"
            )
        reasons = m.lang_map(item, "reason")
        if set(reasons) != {"en", "ar"}:
            raise m.error(item, "reason", "an inference needs `reason: {en: ..., ar: ...}`")
        for number, (s, p, o) in enumerate(statements, 1):
            suffix = name.lower() if len(statements) == 1 else f"{name.lower()}-{number}"
            inference = mint("inference", m.doc_id, ctx.key, suffix)
            g.add((claim, SKG.hasCuratorInference, inference))
            g.add((inference, RDF.type, SKG.CuratorInference))
            g.add((inference, RDF.subject, s))
            g.add((inference, RDF.predicate, p))
            g.add((inference, RDF.object, o))
            for lang, text in reasons.items():
                g.add((inference, SKG.inferenceReason, Literal(text, lang=lang)))


def span(m: Mapping, record: Record, quote: str) -> URIRef:
    start, end = quote_span(record, m.doc.text, quote)
    return add_span(m.graph, m.doc_id, m.text_iri, m.doc.text, start, end)


def relation(m: Mapping, claim: URIRef, ctx: ClaimContext) -> None:
    record, g = ctx.record, m.graph
    for required in ("subject", "predicate", "object"):
        if required not in record:
            raise m.error(record, None, f"a relation claim needs `{required}:`")
    predicate = term(m, record, "predicate", str(record["predicate"]))
    if predicate not in m.index.object_properties and predicate not in m.index.datatype_properties:
        raise m.error(
            record, "predicate", f"{record['predicate']} is not a property of the ontology"
        )
    g.add((claim, RDF.subject, reference(m, ctx, "subject", str(record["subject"]))))
    g.add((claim, RDF.predicate, predicate))
    for obj in values(m, ctx, record, "object", predicate):
        g.add((claim, RDF.object, obj))
    qualifiers = record.get("qualifiers")
    if qualifiers is not None:
        if not isinstance(qualifiers, Record):
            raise m.error(record, "qualifiers", "`qualifiers:` must be a mapping")
        properties(m, ctx, claim, qualifiers)
    inferred(m, ctx, claim, claim)
