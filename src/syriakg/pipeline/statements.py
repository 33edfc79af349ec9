"""Stage 2b: a document and its curated statements become RDF claims.

Each record of ``data/statements/<doc>.yaml`` is one claim: the exact quote (whose span this
stage finds in the NFC text), an English rendering, and the content — a figure, an event or a
relation. Content keys are ontology property names; the ontology's ranges decide how a value is
read (a reference, a number, a duration, a time description, a text in a language).
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from syriakg.namespaces import NIF, SCHEMA, SKG
from syriakg.pipeline.claims import statements
from syriakg.pipeline.load import Document
from syriakg.pipeline.mapping import Mapping
from syriakg.pipeline.ontology_index import OntologyIndex
from syriakg.pipeline.references import term


def document(m: Mapping) -> None:
    g, meta, d = m.graph, m.doc.meta, m.doc_iri
    g.add((d, RDF.type, SKG.SourceDocument))
    if meta.get("schema_type"):
        g.add((d, RDF.type, SCHEMA[str(meta["schema_type"])]))
    for lang, label in m.lang_map(meta, "label").items():
        g.add((d, RDFS.label, Literal(label, lang=lang)))
    g.add((d, DCTERMS.language, Literal(str(meta.get("language", "ar")))))
    if meta.get("published"):
        g.add((d, SCHEMA.datePublished, m.date_literal(meta, "published")))
    for lang, note in m.lang_map(meta, "date_evidence").items():
        g.add((d, SKG.dateEvidence, Literal(note, lang=lang)))
    if meta.get("perspective"):
        g.add((d, SKG.perspective, term(m, meta, "perspective", str(meta["perspective"]))))
    for lang, note in m.lang_map(meta, "note").items():
        g.add((d, RDFS.comment, Literal(note, lang=lang)))
    g.add((d, SKG.fileName, Literal(str(meta["file"]))))
    g.add((d, SKG.hasText, m.text_iri))
    t = m.text_iri
    g.add((t, RDF.type, NIF.Context))
    g.add((t, NIF.isString, Literal(m.doc.text, lang=str(meta.get("language", "ar")))))
    g.add((t, SKG.textSha256, Literal(m.doc.sha256)))
    g.add((t, SKG.normalisation, Literal("NFC")))
    g.add((t, RDFS.label, Literal(f"text of {m.doc_id}", lang="en")))


def build(doc: Document, index: OntologyIndex, known: set[URIRef]) -> Graph:
    """Map one document, its text and its claims to RDF."""
    mapping = Mapping(doc, index, known)
    document(mapping)
    statements(mapping)
    return mapping.graph
