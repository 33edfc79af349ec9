"""Evidence spans: where a quote stands in its document, as Web Annotation selectors.

Both selectors are stored: the position selector for precision, the quote selector (with about
32 characters either side) so that the span can be found again if offsets ever drift.
"""

from __future__ import annotations

from rdflib import RDF, XSD, Graph, Literal, URIRef

from syriakg.namespaces import OA, mint
from syriakg.text import find_all

AFFIX = 32


def locate(text: str, quote: str) -> tuple[int, int]:
    """The one span of ``quote`` in ``text``; ValueError if it is missing or ambiguous.

    >>> locate("abc abd", "abd")
    (4, 7)
    """
    starts = find_all(text, quote)
    if not starts:
        raise ValueError(_missing(text, quote))
    if len(starts) > 1:
        raise ValueError(
            f"the quote occurs {len(starts)} times (at characters "
            f"{', '.join(map(str, starts))}); lengthen it until it is unique"
        )
    return starts[0], starts[0] + len(quote)


def add_span(
    graph: Graph, doc_id: str, text_iri: URIRef, text: str, start: int, end: int
) -> URIRef:
    """Add the span ``text[start:end]`` of a document (once, however many claims share it)."""
    span = mint("span", doc_id, start, end)
    if (span, RDF.type, OA.SpecificResource) in graph:
        return span
    quote_sel = mint("span", doc_id, start, end, "quote")
    position_sel = mint("span", doc_id, start, end, "position")
    graph.add((span, RDF.type, OA.SpecificResource))
    graph.add((span, OA.hasSource, text_iri))
    graph.add((span, OA.hasSelector, quote_sel))
    graph.add((span, OA.hasSelector, position_sel))
    graph.add((quote_sel, RDF.type, OA.TextQuoteSelector))
    graph.add((quote_sel, OA.exact, Literal(text[start:end])))
    graph.add((quote_sel, OA.prefix, Literal(text[max(0, start - AFFIX) : start])))
    graph.add((quote_sel, OA.suffix, Literal(text[end : end + AFFIX])))
    graph.add((position_sel, RDF.type, OA.TextPositionSelector))
    graph.add((position_sel, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((position_sel, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    return span


def _missing(text: str, quote: str) -> str:
    """Name the longest part of the quote that does occur, to help find the typo."""
    best = ""
    for i in range(len(quote)):
        for j in range(len(quote), i + len(best), -1):
            if quote[i:j] in text:
                best = quote[i:j]
                break
    hint = f" The longest part found in the text is {best!r}." if len(best) > 3 else ""
    return f"the quote {quote!r} does not occur in the text.{hint}"
