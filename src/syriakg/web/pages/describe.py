"""Everything a resource page shows, read from the store: statements, links and claims.

The page never shows a source's content as the graph's own assertion: anything a source says is
shown as a claim card — the document, the Arabic quote highlighted in its sentence
(``text.sentence_at`` on the stored text and the span offsets), the English rendering, and whom
the source attributes it to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF

from syriakg.namespaces import GRAPH, OA, SKG, compact
from syriakg.text import sentence_at
from syriakg.web.i18n import text_direction
from syriakg.web.iris import href
from syriakg.web.pages.lookup import Labels, Row, document_text, iri, labels, select, values
from syriakg.web.readable import in_words

INFERRED = str(GRAPH["inferred"])
RDF_TYPE = str(RDF.type)
_PREFIXES = (f"PREFIX skg: <{SKG}>\nPREFIX oa: <{OA}>\n"
             "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "PREFIX dcterms: <http://purl.org/dc/terms/>\n")
MAX_CLAIMS = 60


@dataclass
class Value:
    """One object (or subject) shown in a statement table."""

    text: str
    href: str | None = None
    lang: str | None = None
    dir: str = "ltr"
    datatype: str | None = None
    graph: str = ""
    inferred: bool = False
    words: str | None = None  # a date, duration or share as a reader says it (web.readable)


@dataclass
class Statement:
    """A predicate and its values, as one row of a statement table."""

    predicate: str
    label: str
    href: str
    values: list[Value] = field(default_factory=list)


@dataclass
class Evidence:
    """A quote in its sentence: ``before`` + ``exact`` (highlighted) + ``after``."""

    before: str
    exact: str
    after: str
    start: int
    end: int
    href: str


@dataclass
class Inference:
    """A statement of a claim's content that the curators inferred, with the reason."""

    property: Value
    value: Value
    reason: str
    lang: str


@dataclass
class ClaimCard:
    """What one source says: the claim, its document, quote, rendering and claimant."""

    iri: str
    href: str
    label: str
    doc: Value
    evidence: list[Evidence] = field(default_factory=list)
    translation: str | None = None
    claimants: list[Value] = field(default_factory=list)
    attitude: Value | None = None
    reasons: list[tuple[str, Value]] = field(default_factory=list)  # (why, via), related only
    inferences: list[Inference] = field(default_factory=list)
    citation: str = ""  # the document's title (or bracketed label), publisher and date
    verdicts: list[str] = field(default_factory=list)  # the cross-check's (crosscheck.report)


@dataclass
class LinkRow:
    """One record of data/links: target, status, method, source, evidence."""

    target: str
    status: Value
    method: Value | None
    source: str | None
    evidence: str | None


def term_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, lang: str,
               names: Labels, graph: str = "") -> Value:
    """A term as the page shows it: a labelled link, or a literal with its language."""
    inferred = graph == INFERRED
    if isinstance(term, ox.NamedNode):
        label = names.get(term.value, lang) or compact(term.value).strip("<>")
        return Value(label, href(term.value), graph=graph, inferred=inferred)
    if isinstance(term, ox.Literal):
        datatype = None if term.language else term.datatype.value.rsplit("#", 1)[-1]
        words = in_words(term.value, datatype, lang) if datatype else None
        return Value(term.value, lang=term.language, dir=text_direction(term.language),
                     datatype=datatype, graph=graph, inferred=inferred,
                     words=words if words != term.value else None)
    return Value(str(term), graph=graph, inferred=inferred)


def statements(resource: str) -> list[Row]:
    """Every quad with ``resource`` as subject (``dir`` = out) or object (``dir`` = in)."""
    r = iri(resource)
    return select(
        "SELECT ?dir ?p ?o ?g WHERE {\n"
        f"  {{ GRAPH ?g {{ {r} ?p ?o }} BIND(\"out\" AS ?dir) }}\n"
        f"  UNION {{ GRAPH ?g {{ ?o ?p {r} }} BIND(\"in\" AS ?dir) }}\n}}"
    )


def quads(resource: str, rows: list[Row]) -> list[ox.Quad]:
    """The statement rows as quads, for the RDF representations."""
    node = ox.NamedNode(resource)
    out = []
    for row in rows:
        p, o, g = row["p"], row["o"], row["g"]
        assert isinstance(p, ox.NamedNode) and isinstance(g, ox.NamedNode)
        if row["dir"].value == "out":
            out.append(ox.Quad(node, p, o, g))
        else:
            assert not isinstance(o, ox.Literal)
            out.append(ox.Quad(o, p, node, g))
    return out


def tables(rows: list[Row], direction: str, lang: str, names: Labels) -> list[Statement]:
    """Group the statement rows of one direction by predicate, types and labels first.

    An inferred statement whose value is already shown by an asserted one (``schema:agent``
    beside the ``skg:voter`` it was inferred from) is folded into it: only types keep their
    inferred rows, which say something the asserted ones do not.
    """
    grouped: dict[str, Statement] = {}
    asserted = {row["o"].value for row in rows if row["dir"].value == direction
                and row["g"].value != INFERRED and row["p"].value != RDF_TYPE}
    for row in rows:
        if row["dir"].value != direction:
            continue
        p = row["p"].value
        if p != RDF_TYPE and row["g"].value == INFERRED and row["o"].value in asserted:
            continue
        stmt = grouped.setdefault(p, Statement(p, names.get(p, lang) or compact(p), href(p)))
        stmt.values.append(term_value(row["o"], lang, names, row["g"].value))
    first = (RDF_TYPE, "http://www.w3.org/2004/02/skos/core#prefLabel")
    return sorted(grouped.values(), key=lambda s: (s.predicate not in first, s.label.lower()))


def related(claim: str) -> list[tuple[str, str, str]]:
    """(other claim, why, via): claims on the same actor, event type or kind of figure."""
    c = iri(claim)
    inferred = iri(INFERRED)
    rows = select(_PREFIXES + (
        "SELECT DISTINCT ?other ?why ?via WHERE {\n"
        f"  {{ {c} rdf:subject|rdf:object|skg:claimant ?via . ?via a skg:Actor .\n"
        "     ?other rdf:subject|rdf:object|skg:claimant ?via . BIND(\"same_actor\" AS ?why) }\n"
        f"  UNION {{ {c} skg:claimedEvent ?e .\n"
        f"     GRAPH ?g1 {{ ?e a ?via }} FILTER(?g1 != {inferred})\n"
        "     ?other skg:claimedEvent ?e2 . GRAPH ?g2 { ?e2 a ?via }\n"
        "     BIND(\"same_event_type\" AS ?why) }\n"
        f"  UNION {{ {c} skg:reportsFigure ?f .\n"
        f"     GRAPH ?g1 {{ ?f a ?via }} FILTER(?g1 != {inferred})\n"
        "     ?other skg:reportsFigure ?f2 . GRAPH ?g2 { ?f2 a ?via }\n"
        "     FILTER NOT EXISTS { ?f skg:outcome ?o1 . ?f2 skg:outcome ?o2 . FILTER(?o1 != ?o2) }\n"
        "     BIND(\"same_figure_kind\" AS ?why) }\n"
        f"  ?other skg:statedIn ?doc . FILTER(?other != {c})\n"
        f"}} ORDER BY ?other LIMIT {MAX_CLAIMS * 3}"
    ))
    return [(r["other"].value, r["why"].value, r["via"].value) for r in rows]


def in_sentence(text: str, start: int, end: int, exact: str, link: str) -> Evidence:
    """The quote with the rest of its sentence(s) around it, for highlighting."""
    if text[start:end] != exact:  # the build checks spans; never show a shifted highlight
        return Evidence("", exact, "", start, end, link)
    first = sentence_at(text, start)
    last = sentence_at(text, max(start, end - 1))
    a = min(first.start if first else start, start)
    b = max(last.end if last else end, end)
    return Evidence(text[a:start], exact, text[end:b], start, end, link)


def cards(claims: list[str], lang: str) -> dict[str, ClaimCard]:
    """A card per claim: document, quote in its sentence, rendering, claimants, attitude."""
    if not claims:
        return {}
    names = labels()
    claim_values = values(claims)
    rows = select(_PREFIXES + (
        "SELECT ?claim ?doc ?en ?claimant ?attitude ?citation WHERE {\n"
        f"  VALUES ?claim {{ {claim_values} }}\n  ?claim skg:statedIn ?doc .\n"
        "  OPTIONAL { ?claim skg:quoteTranslation ?en }\n"
        f"  OPTIONAL {{ ?doc dcterms:bibliographicCitation ?citation FILTER (LANG(?citation) = "
        f"\"{lang}\") }}\n"
        "  OPTIONAL { ?claim skg:claimant ?claimant }\n"
        "  OPTIONAL { ?claim skg:attitude ?attitude }\n}"
    ))
    # The spans are a query of their own: as an OPTIONAL of the one above, pyoxigraph 0.5
    # matched every span in the store before joining (0.3 s at 1M triples, 2 ms this way).
    spans = select(_PREFIXES + (
        "SELECT ?claim ?span ?source ?exact ?start ?end WHERE {\n"
        f"  VALUES ?claim {{ {claim_values} }}\n"
        "  ?claim skg:hasEvidence ?span . ?span oa:hasSource ?source ;\n"
        "     oa:hasSelector ?q, ?pos . ?q oa:exact ?exact . ?pos oa:start ?start ; oa:end ?end }"
    ))
    out: dict[str, ClaimCard] = {}
    seen: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        claim = row["claim"].value
        card = out.get(claim)
        if card is None:
            label = names.get(claim, lang) or claim
            card = out[claim] = ClaimCard(claim, href(claim), label,
                                          term_value(row["doc"], lang, names))
        if "en" in row:
            card.translation = row["en"].value
        if "citation" in row:
            card.citation = row["citation"].value
        if "attitude" in row:
            card.attitude = term_value(row["attitude"], lang, names)
        if "claimant" in row and row["claimant"].value not in seen[claim]:
            seen[claim].add(row["claimant"].value)
            card.claimants.append(term_value(row["claimant"], lang, names))
    for row in spans:
        claim = row["claim"].value
        if claim in out and row["span"].value not in seen[claim]:
            seen[claim].add(row["span"].value)
            text = document_text(row["source"].value) or ""
            out[claim].evidence.append(in_sentence(
                text, int(row["start"].value), int(row["end"].value), row["exact"].value,
                href(row["span"].value)))
    for card in out.values():
        card.evidence.sort(key=lambda e: e.start)
        if card.evidence and lang not in names.by_iri.get(card.iri, {}) and lang == "ar":
            # A document's claim is labelled in English; in Arabic its title is its quote.
            exact = card.evidence[0].exact
            card.label = exact if len(exact) <= 140 else exact[:139].rstrip() + "…"
    _inferences(out, claim_values, lang, names)
    return out


def _inferences(out: dict[str, ClaimCard], claim_values: str, lang: str, names: Labels) -> None:
    """What the curators inferred rather than read, on the cards of the claims it belongs to:
    the reason in the page's language, else in English."""
    rows = select(_PREFIXES + (
        "SELECT ?claim ?i ?p ?o ?reason WHERE {\n"
        f"  VALUES ?claim {{ {claim_values} }}\n"
        "  ?claim skg:hasCuratorInference ?i . ?i rdf:predicate ?p ; rdf:object ?o ;\n"
        "     skg:inferenceReason ?reason } ORDER BY ?i"
    ))
    found: dict[tuple[str, str], tuple[Row, dict[str, str]]] = {}
    for row in rows:
        reason = row["reason"]
        assert isinstance(reason, ox.Literal)
        entry = found.setdefault((row["claim"].value, row["i"].value), (row, {}))
        entry[1][reason.language or ""] = reason.value
    for (claim, _), (row, reasons) in sorted(found.items(), key=lambda item: item[0]):
        shown = lang if lang in reasons else "en" if "en" in reasons else next(iter(reasons))
        if claim in out:
            out[claim].inferences.append(Inference(
                term_value(row["p"], lang, names), term_value(row["o"], lang, names),
                reasons[shown], shown))


def link_rows(resource: str, lang: str) -> list[LinkRow]:
    """The link records of data/links whose subject is ``resource``."""
    names = labels()
    rows = select(_PREFIXES + (
        "SELECT ?target ?status ?method ?source ?note WHERE {\n"
        f"  ?rec skg:linkSubject {iri(resource)} ; skg:linkTarget ?target ;"
        " skg:linkStatus ?status .\n"
        "  OPTIONAL { ?rec skg:linkMethod ?method } OPTIONAL { ?rec dcterms:source ?source }\n"
        "  OPTIONAL { ?rec rdfs:comment ?note }\n} ORDER BY ?target"
    ))
    return [
        LinkRow(r["target"].value, term_value(r["status"], lang, names),
                term_value(r["method"], lang, names) if "method" in r else None,
                r["source"].value if "source" in r else None,
                r["note"].value if "note" in r else None)
        for r in rows
    ]
