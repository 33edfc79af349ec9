"""References from a statement to what the graph defines elsewhere: actors and places of the
reference layer, content nodes of the same document, and terms of the ontology."""

from __future__ import annotations

from rdflib import URIRef

from syriakg.namespaces import PREFIXES, SKG, expand, mint
from syriakg.pipeline.load import Record
from syriakg.pipeline.mapping import ClaimContext, Mapping

LOCAL_SEGMENTS = {"event", "fig", "draft", "vote"}


def reference(
    m: Mapping, ctx: ClaimContext, field_name: str, value: str, record: Record | None = None
) -> URIRef:
    """The IRI a reference names (``actor:russia``, ``fig:total``, ``skg:Killed``), checked."""
    record = record or ctx.record
    prefix, sep, local = value.partition(":")
    if not sep or prefix not in PREFIXES:
        raise m.error(
            record,
            field_name,
            f"{value!r} is not a reference: write "
            "actor:<key>, place:<key>, event:<key>, fig:<key> or skg:<Term>",
        )
    if prefix in LOCAL_SEGMENTS:
        segment = "figure" if prefix == "fig" else prefix
        iri = mint(segment, m.doc_id, local)
        m.referenced.setdefault(iri, (record, field_name))
        return iri
    iri = expand(value)
    if prefix in ("actor", "place") and iri not in m.known:
        raise m.error(record, field_name, f"{value} is not defined in data/reference/{prefix}s.csv")
    if prefix == "skg" and iri not in m.index.terms:
        raise m.error(
            record,
            field_name,
            f"{value} is not a term of the ontology.{m.index.suggest(local, m.index.terms)}",
        )
    return iri


def term(m: Mapping, record: Record, field_name: str, value: str) -> URIRef:
    """A term of the ontology (``skg:`` by default), checked."""
    if ":" not in value:
        value = f"skg:{value}"
    iri = expand(value) if value.split(":")[0] in PREFIXES else None
    if iri is None or (str(iri).startswith(str(SKG)) and iri not in m.index.terms):
        local = value.split(":", 1)[-1]
        raise m.error(
            record,
            field_name,
            f"{value} is not a term of the ontology.{m.index.suggest(local, m.index.terms)}",
        )
    return iri


def short(iri: URIRef) -> str:
    """``iri`` as a compact name (``actor:russia``) for messages."""
    for prefix, ns in PREFIXES.items():
        if str(iri).startswith(ns):
            return f"{prefix}:{str(iri)[len(ns) :]}"
    return f"<{iri}>"
