"""Stage 2e: every source document's citation, so that no page lists a document by its IRI alone.

A document is cited by its title (``dcterms:title``, as the source gives it) or, where the source
gives none, by its descriptive label in brackets (``rdfs:label``, e.g. "[UN press release
SC/12609]"), then its publisher and its date where they are known: "Title. Publisher, 2019-12-20."
The citation is written once, at build time, as ``dcterms:bibliographicCitation`` in English and
Arabic, in the graph that describes the document; the home page, claim pages, /checks and queries
read it from there (docs/modelling.md, "Sources and their citations").
"""

from __future__ import annotations

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from syriakg.namespaces import SCHEMA, SKG

DATE_INFERRED = {"en": "date inferred from the text", "ar": "تاريخ مستنتج من النص"}


def build(graphs: dict[str, Graph], reference: Graph) -> None:
    """Add each document's citation to the graph that describes it (in place)."""
    for graph in graphs.values():
        for doc in set(graph.subjects(RDF.type, SKG.SourceDocument)):
            if isinstance(doc, URIRef):
                for lang in ("en", "ar"):
                    graph.add((doc, DCTERMS.bibliographicCitation,
                               Literal(citation(graph, reference, doc, lang), lang=lang)))


def citation(graph: Graph, reference: Graph, doc: URIRef, lang: str) -> str:
    """Title (or bracketed label), publisher and date, in ``lang`` where the parts allow.

    >>> g = Graph(); d = URIRef("urn:d")
    >>> _ = g.add((d, RDFS.label, Literal("[UN press release SC/1]", lang="en")))
    >>> _ = g.add((d, DCTERMS.publisher, Literal("United Nations", lang="en")))
    >>> citation(g, Graph(), d, "en")
    '[UN press release SC/1]. United Nations.'
    """
    title = (_text(graph, doc, DCTERMS.title, "en") or _text(graph, doc, RDFS.label, lang)
             or str(doc))
    parts = [title.rstrip(".")]
    publisher = graph.value(doc, SCHEMA.publisher)
    name = (
        _text(reference, publisher, SKOS.prefLabel, lang)
        if isinstance(publisher, URIRef)
        else _text(graph, doc, DCTERMS.publisher, lang)
    )
    date = graph.value(doc, SCHEMA.datePublished)
    comma = "، " if lang == "ar" else ", "
    tail = comma.join(p for p in (name, str(date) if date is not None else "") if p)
    if date is not None and (doc, SKG.dateEvidence, None) in graph:
        tail += f" ({DATE_INFERRED[lang]})"
    return ". ".join(parts + ([tail] if tail else [])) + "."


def _text(graph: Graph, node: object, prop: URIRef, lang: str) -> str:
    """The value of ``prop`` in ``lang``, else in English, else any; '' without one."""
    if not isinstance(node, URIRef):
        return ""
    found = {str(o.language or ""): str(o) for o in graph.objects(node, prop)
             if isinstance(o, Literal)}
    for key in (lang, "en", ""):
        if key in found:
            return found[key]
    return next(iter(found.values()), "")
