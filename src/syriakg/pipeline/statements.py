"""Stage 2b: a document and its curated statements become RDF claims.

Each record of ``data/statements/<doc>.yaml`` is one claim: the exact quote (whose span this
stage finds in the NFC text), an English rendering, and the content — a figure, an event or a
relation. Content keys are ontology property names; the ontology's ranges decide how a value is
read (a reference, a number, a duration, a time description, a text in a language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from syriakg.errors import QuoteError, SourceError
from syriakg.namespaces import NIF, PREFIXES, PROV, SCHEMA, SKG, TIME, UNIT, expand, mint
from syriakg.pipeline.load import Document, Record
from syriakg.pipeline.ontology_index import OntologyIndex
from syriakg.pipeline.spans import add_span, locate
from syriakg.pipeline.values import date_literal, typed_literal
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
}
# Content nodes are named by what they are: drafts and votes get their own IRI segments.
SEGMENT_OF_CLASS = {SKG.DraftResolution: "draft", SKG.Vote: "vote", SKG.ReportedFigure: "figure"}
LOCAL_SEGMENTS = {"event", "fig", "draft", "vote"}

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class _Context:
    """What one claim's content may refer to, and where it came from (for error messages)."""

    record: Record
    key: str
    quote: str
    counter: dict[str, int] = field(default_factory=dict)

    def next_key(self, kind: str) -> str:
        self.counter[kind] = self.counter.get(kind, 0) + 1
        return f"{self.key}-{kind}{self.counter[kind]}"


class DocumentMapper:
    """Maps one document and its statements to an rdflib Graph."""

    def __init__(self, doc: Document, index: OntologyIndex, known: set[URIRef]) -> None:
        self.doc = doc
        self.doc_id = str(doc.meta["id"])
        self.index = index
        self.known = known
        self.graph = Graph()
        self.defined: set[URIRef] = set()
        self.referenced: dict[URIRef, tuple[Record, str]] = {}
        self.doc_iri = mint("doc", self.doc_id)
        self.text_iri = mint("text", self.doc_id)
        self.run_iri = mint("run", self.doc_id, "curation")

    # ------------------------------------------------------------------ errors

    def _error(self, record: Record, key: str | None, message: str) -> SourceError:
        path, line = record.where(key)
        return SourceError(path, message, line)

    # ------------------------------------------------------------------ the document

    def document(self) -> None:
        g, meta, d = self.graph, self.doc.meta, self.doc_iri
        g.add((d, RDF.type, SKG.SourceDocument))
        if meta.get("schema_type"):
            g.add((d, RDF.type, SCHEMA[str(meta["schema_type"])]))
        for lang, label in self._lang_map(meta, "label").items():
            g.add((d, RDFS.label, Literal(label, lang=lang)))
        g.add((d, DCTERMS.language, Literal(str(meta.get("language", "ar")))))
        if meta.get("published"):
            g.add((d, SCHEMA.datePublished, self._date_literal(meta, "published")))
        for lang, note in self._lang_map(meta, "date_evidence").items():
            g.add((d, SKG.dateEvidence, Literal(note, lang=lang)))
        if meta.get("perspective"):
            g.add((d, SKG.perspective, self._term(meta, "perspective", str(meta["perspective"]))))
        for lang, note in self._lang_map(meta, "note").items():
            g.add((d, RDFS.comment, Literal(note, lang=lang)))
        g.add((d, SKG.fileName, Literal(str(meta["file"]))))
        g.add((d, SKG.hasText, self.text_iri))
        t = self.text_iri
        g.add((t, RDF.type, NIF.Context))
        g.add((t, NIF.isString, Literal(self.doc.text, lang=str(meta.get("language", "ar")))))
        g.add((t, SKG.textSha256, Literal(self.doc.sha256)))
        g.add((t, SKG.normalisation, Literal("NFC")))
        g.add((t, RDFS.label, Literal(f"text of {self.doc_id}", lang="en")))

    def _lang_map(self, record: Record, key: str) -> dict[str, str]:
        value = record.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self._error(
                record,
                key,
                f"`{key}` needs a text per language, e.g. `{key}: {{en: ..., ar: ...}}`",
            )
        return {str(k): nfc(v.strip()) for k, v in value.items()}

    def _date_literal(self, record: Record, key: str) -> Literal:
        try:
            return date_literal(record[key])
        except ValueError as exc:
            raise self._error(record, key, str(exc)) from exc

    # ------------------------------------------------------------------ claims

    def statements(self) -> None:
        st = self.doc.statements
        if st is None:
            return
        g = self.graph
        g.add((self.run_iri, RDF.type, PROV.Activity))
        g.add((self.run_iri, RDFS.label, Literal(f"curation of {self.doc_id}", lang="en")))
        if st.get("curated"):
            g.add((self.run_iri, DCTERMS.date, self._date_literal(st, "curated")))
        agent = mint("agent", "curators")
        g.add((agent, RDF.type, PROV.Agent))
        g.add((agent, RDFS.label, Literal("curators of the knowledge graph", lang="en")))
        g.add((self.run_iri, PROV.wasAssociatedWith, agent))
        claims = st.get("claims")
        if not isinstance(claims, list) or not claims:
            raise self._error(st, "claims", "`claims:` must be a list of claim records")
        seen: dict[str, int] = {}
        for record in claims:
            if not isinstance(record, Record):
                raise self._error(st, "claims", "each claim must be a mapping (key: value lines)")
            key = str(record.get("id", ""))
            if not _KEY.match(key):
                raise self._error(
                    record,
                    "id",
                    f"claim id {key!r} must be lower-case ASCII letters, digits and hyphens",
                )
            if key in seen:
                raise self._error(
                    record, "id", f"claim id {key!r} is already used on line {seen[key]}"
                )
            seen[key] = record.line
            self.claim(record, key)
        for iri, (record, field_name) in self.referenced.items():
            if iri not in self.defined:
                raise self._error(
                    record,
                    field_name,
                    f"{_short(iri)} is referred to but no claim of this document defines it",
                )

    def claim(self, record: Record, key: str) -> None:
        unknown = set(record) - CLAIM_KEYS
        if unknown:
            name = sorted(unknown)[0]
            raise self._error(
                record,
                name,
                f"unknown claim field {name!r}; allowed: {', '.join(sorted(CLAIM_KEYS))}",
            )
        kind = record.get("kind")
        if kind not in KINDS:
            raise self._error(
                record, "kind", f"kind must be one of {', '.join(KINDS)}, not {kind!r}"
            )
        for required in ("quote", "en"):
            if not isinstance(record.get(required), str) or not record[required].strip():
                raise self._error(record, None, f"claim {key!r} needs `{required}:`")
        quote = nfc(record["quote"].strip())
        g, c = self.graph, mint("claim", self.doc_id, key)
        ctx = _Context(record, key, quote)
        g.add((c, RDF.type, KINDS[kind]))
        g.add((c, SKG.statedIn, self.doc_iri))
        g.add((c, PROV.wasGeneratedBy, self.run_iri))
        g.add((c, SKG.hasEvidence, self.span(record, quote)))
        english = " ".join(record["en"].split())
        g.add((c, SKG.quoteTranslation, Literal(english, lang="en")))
        g.add((c, RDFS.label, Literal(f"{self.doc_id} claim: {english}", lang="en")))
        g.add(
            (c, SKG.attitude, self._term(record, "attitude", record.get("attitude", "skg:Asserts")))
        )
        if record.get("claimant"):
            g.add((c, SKG.claimant, self.reference(ctx, "claimant", str(record["claimant"]))))
        for prop in ("claimantDescription", "designation"):
            for lang, text in self._lang_map(record, prop).items():
                g.add((c, SKG[prop], Literal(text, lang=lang)))
        if kind == "relation":
            self.relation(c, ctx)
            return
        content = record.get(kind)
        if not isinstance(content, Record):
            raise self._error(record, kind, f"a {kind} claim needs a `{kind}:` mapping")
        node = self.content(ctx, content, kind, top_key=key)
        g.add((c, SKG.reportsFigure if kind == "figure" else SKG.claimedEvent, node))

    def span(self, record: Record, quote: str) -> URIRef:
        try:
            start, end = locate(self.doc.text, quote)
        except ValueError as exc:
            raise QuoteError(record.path, str(exc), record.where("quote")[1]) from exc
        return add_span(self.graph, self.doc_id, self.text_iri, self.doc.text, start, end)

    def relation(self, claim: URIRef, ctx: _Context) -> None:
        record, g = ctx.record, self.graph
        for required in ("subject", "predicate", "object"):
            if required not in record:
                raise self._error(record, None, f"a relation claim needs `{required}:`")
        predicate = self._term(record, "predicate", str(record["predicate"]))
        if (
            predicate not in self.index.object_properties
            and predicate not in self.index.datatype_properties
        ):
            raise self._error(
                record, "predicate", f"{record['predicate']} is not a property of the ontology"
            )
        g.add((claim, RDF.subject, self.reference(ctx, "subject", str(record["subject"]))))
        g.add((claim, RDF.predicate, predicate))
        for obj in self.values(ctx, record, "object", predicate):
            g.add((claim, RDF.object, obj))
        qualifiers = record.get("qualifiers")
        if qualifiers is not None:
            if not isinstance(qualifiers, Record):
                raise self._error(record, "qualifiers", "`qualifiers:` must be a mapping")
            self.properties(ctx, claim, qualifiers)

    # ------------------------------------------------------------------ content nodes

    def content(self, ctx: _Context, spec: Record, kind: str, top_key: str | None) -> URIRef:
        cls = self._term(spec, "type", f"skg:{spec.get('type', '')}")
        if cls not in self.index.classes:
            raise self._error(
                spec,
                "type",
                f"type {spec.get('type')!r} is not a class of the "
                f"ontology.{self.index.suggest(str(spec.get('type')), self.index.classes)}",
            )
        segment = next(
            (seg for root, seg in SEGMENT_OF_CLASS.items() if self.index.is_subclass(cls, root)),
            "event",
        )
        if top_key is not None:
            key = f"{self.doc_id}-{top_key}"
        else:
            local = spec.get("key")
            key = f"{self.doc_id}-{local}" if local else f"{self.doc_id}-{ctx.next_key(segment)}"
        node = mint(segment, key)
        if node in self.defined:
            raise self._error(spec, "key", f"{_short(node)} is defined twice in this document")
        self.defined.add(node)
        self.graph.add((node, RDF.type, cls))
        if self.index.is_subclass(cls, SKG.ReportedFigure) and "unit" not in spec:
            self.graph.add((node, SKG.unit, UNIT.NUM))
        self.properties(ctx, node, spec, skip={"type", "key"})
        return node

    def properties(
        self,
        ctx: _Context,
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
                        raise self._error(spec, name, "each vote must be a mapping")
                    self.graph.add((self.content(ctx, vote, "vote", None), SKG.inVoteEvent, node))
                continue
            if (
                prop not in self.index.object_properties
                and prop not in self.index.datatype_properties
            ):
                pool = self.index.object_properties | set(self.index.datatype_properties)
                raise self._error(
                    spec,
                    name,
                    f"{name!r} is not a property of the ontology.{self.index.suggest(name, pool)}",
                )
            for value in self.values(ctx, spec, name, prop):
                self.graph.add((node, prop, value))

    def values(self, ctx: _Context, spec: Record, name: str, prop: URIRef) -> list[Any]:
        raw = spec[name]
        items = raw if isinstance(raw, list) else [raw]
        out: list[Any] = []
        for item in items:
            if self.index.is_time_property(prop):
                if not isinstance(item, Record):
                    raise self._error(
                        spec,
                        name,
                        f"`{name}` takes a time description such as "
                        "{date: 2015-09-30} or {begin: {...}, end: {...}}",
                    )
                out.append(self.time(ctx, item))
            elif prop in self.index.object_properties:
                if isinstance(item, Record):
                    out.append(self.content(ctx, item, name, None))
                else:
                    out.append(self.reference(ctx, name, str(item), spec))
            else:
                out.extend(self.literal(ctx, spec, name, prop, item))
        return out

    def literal(
        self, ctx: _Context, spec: Record, name: str, prop: URIRef, item: Any
    ) -> list[Literal]:
        rng = self.index.datatype_properties.get(prop, self.index.ranges.get(prop, XSD.string))
        if rng == RDF.langString:
            if not isinstance(item, dict):
                raise self._error(
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
                    raise self._error(
                        spec,
                        name,
                        f"the {name} {text!r} is not part of the claim's quote {ctx.quote!r}",
                    )
                lits.append(Literal(text, lang=str(lang)))
            return lits
        try:
            return [typed_literal(item, rng)]
        except ValueError as exc:
            raise self._error(spec, name, f"`{name}` {exc}") from exc

    def time(self, ctx: _Context, spec: Record) -> URIRef:
        node = mint("time", self.doc_id, ctx.next_key("t"))
        g = self.graph
        if "begin" in spec or "end" in spec:
            g.add((node, RDF.type, TIME.ProperInterval))
            for part, prop in (("begin", TIME.hasBeginning), ("end", TIME.hasEnd)):
                if part in spec:
                    if not isinstance(spec[part], Record):
                        raise self._error(spec, part, f"`{part}` takes a time description")
                    g.add((node, prop, self.time(ctx, spec[part])))
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
            raise self._error(
                spec,
                name,
                f"unknown time field {name!r}; allowed here: {', '.join(sorted(allowed))}",
            )
        self.properties(ctx, node, spec, skip={"begin", "end", "date", "yearMonth", "year"})
        return node

    # ------------------------------------------------------------------ references

    def reference(
        self, ctx: _Context, field_name: str, value: str, record: Record | None = None
    ) -> URIRef:
        record = record or ctx.record
        prefix, sep, local = value.partition(":")
        if not sep or prefix not in PREFIXES:
            raise self._error(
                record,
                field_name,
                f"{value!r} is not a reference: write "
                "actor:<key>, place:<key>, event:<key>, fig:<key> or skg:<Term>",
            )
        if prefix in LOCAL_SEGMENTS:
            segment = "figure" if prefix == "fig" else prefix
            iri = mint(segment, self.doc_id, local)
            self.referenced.setdefault(iri, (record, field_name))
            return iri
        iri = expand(value)
        if prefix in ("actor", "place") and iri not in self.known:
            raise self._error(
                record, field_name, f"{value} is not defined in data/reference/{prefix}s.csv"
            )
        if prefix == "skg" and iri not in self.index.terms:
            raise self._error(
                record,
                field_name,
                f"{value} is not a term of the ontology."
                f"{self.index.suggest(local, self.index.terms)}",
            )
        return iri

    def _term(self, record: Record, field_name: str, value: str) -> URIRef:
        if ":" not in value:
            value = f"skg:{value}"
        iri = expand(value) if value.split(":")[0] in PREFIXES else None
        if iri is None or (str(iri).startswith(str(SKG)) and iri not in self.index.terms):
            local = value.split(":", 1)[-1]
            raise self._error(
                record,
                field_name,
                f"{value} is not a term of the ontology."
                f"{self.index.suggest(local, self.index.terms)}",
            )
        return iri


def _short(iri: URIRef) -> str:
    for prefix, ns in PREFIXES.items():
        if str(iri).startswith(ns):
            return f"{prefix}:{str(iri)[len(ns) :]}"
    return f"<{iri}>"


def build(doc: Document, index: OntologyIndex, known: set[URIRef]) -> Graph:
    """Map one document, its text and its claims to RDF."""
    mapper = DocumentMapper(doc, index, known)
    mapper.document()
    mapper.statements()
    return mapper.graph
