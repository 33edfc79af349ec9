"""The query mix of the serving benchmark, its parameters, and how answers are compared.

Part of bench/serve_bench.py (split to keep modules small). Ten query templates over the data of
bench/generate.py; each takes parameters (actors, dates, label prefixes, thresholds, places, vote
events) drawn from the data itself, so every system gets the same sequence of distinct queries and
no result cache can serve a repeat. Answers are reduced to a canonical form (sorted rows of
normalised terms, or a set of triples) so that systems that format numbers or language tags
differently still compare equal when they mean the same thing.
"""

from __future__ import annotations

import datetime
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

SKG = "https://w3id.org/syria-kg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROLOGUE = f"""PREFIX skg: <{SKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX xsd: <{XSD}>
"""
ACCEPT = {
    "select": "application/sparql-results+json",
    "ask": "application/sparql-results+json",
    "construct": "text/turtle",
}
# Every pattern names a predicate or class of our ontology, so Virtuoso's system graphs (part of
# its default graph) cannot add answers; the check before timing proves it.
TEMPLATES: dict[str, tuple[str, str, str]] = {
    "lookup": ("select", "one resource's triples", """SELECT ?p ?o WHERE { <{resource}> ?p ?o }"""),
    "label-search": ("select", "labels starting with a prefix, one language", """
SELECT ?s ?label WHERE {
  ?s rdfs:label ?label
  FILTER(LANG(?label) = "{lang}" && STRSTARTS(STR(?label), "{prefix}")) }"""),
    "join-3": ("select", "figures of a perpetrator -> claims -> documents", """
SELECT ?claim ?doc ?title ?value WHERE {
  ?figure skg:attributedPerpetrator <{actor}> ; skg:numericValue ?value
  FILTER(?value >= {floor})
  ?claim skg:reportsFigure ?figure ; skg:statedIn ?doc .
  ?doc rdfs:label ?title }"""),
    "group-reports": ("select", "GROUP BY perpetrator over all casualty reports since a date", """
SELECT ?actor (COUNT(?figure) AS ?reports) (SUM(?value) AS ?total) WHERE {
  ?figure skg:attributedPerpetrator ?actor ; skg:numericValue ?value ;
          skg:referencePeriod ?period .
  ?period time:hasBeginning ?begin . ?begin time:inXSDDate ?date
  FILTER(?date >= "{date}"^^xsd:date) }
GROUP BY ?actor ORDER BY DESC(?total)"""),
    "veto-counts": ("select", "vetoes per permanent member before a date", """
SELECT ?voter (COUNT(?vote) AS ?vetoes) WHERE {
  ?vote a skg:Veto ; skg:voter ?voter ; skg:inVoteEvent ?event .
  ?event skg:timeSpan ?when . ?when time:inXSDDate ?date
  FILTER(?date < "{date}"^^xsd:date) }
GROUP BY ?voter ORDER BY DESC(?vetoes)"""),
    "path": ("select", "attacks anywhere inside a place (skg:locatedIn+) since a date", """
SELECT ?event ?place ?date WHERE {
  ?event a skg:Attack ; skg:place ?place ; skg:timeSpan ?when .
  ?when time:inXSDDate ?date FILTER(?date >= "{date}"^^xsd:date)
  ?place skg:locatedIn+ <{area}> }"""),
    "optional-lang": ("select", "an actor's attacks with place labels, OPTIONAL other language",
                      """
SELECT ?event ?place ?en ?other WHERE {
  ?event skg:performedBy <{actor}> ; skg:place ?place .
  ?place rdfs:label ?en FILTER(LANG(?en) = "en")
  OPTIONAL { ?place rdfs:label ?other FILTER(LANGMATCHES(LANG(?other), "{lang}")) } }"""),
    "top-figures": ("select", "ORDER BY value over all figures below a threshold, LIMIT 20", """
SELECT ?figure ?value ?area WHERE {
  ?figure skg:numericValue ?value ; skg:area ?area FILTER(?value < {ceiling}) }
ORDER BY DESC(?value) STR(?figure) LIMIT 20"""),
    "construct-vote": ("construct", "CONSTRUCT a vote event with its votes and voters' labels", """
CONSTRUCT { <{event}> ?p ?o . ?vote skg:voter ?voter ; skg:voteOption ?option .
            ?voter rdfs:label ?label }
WHERE { { <{event}> ?p ?o } UNION
        { ?vote skg:inVoteEvent <{event}> ; skg:voter ?voter ; skg:voteOption ?option .
          ?voter rdfs:label ?label } }"""),
    "ask-veto": ("ask", "did a permanent member veto within 90 days after a date?", """
ASK { ?vote a skg:Veto ; skg:voter <{actor}> ; skg:inVoteEvent ?event .
      ?event skg:timeSpan ?when . ?when time:inXSDDate ?date
      FILTER(?date >= "{date}"^^xsd:date && ?date < "{until}"^^xsd:date) }"""),
}
NAMES = list(TEMPLATES)
MAX_VARIANTS = 1000  # distinct texts per query; the rotation never repeats within a short run


@dataclass(frozen=True)
class Query:
    """One rendered query text and the kind that decides its Accept header."""

    name: str
    kind: str
    text: str


class Mix:
    """Per query, a fixed list of distinct texts, handed out in turn (thread-safe enough:
    ``next`` on an ``itertools.count`` is atomic under the GIL)."""

    def __init__(self, variants: dict[str, list[Query]]) -> None:
        self.variants = variants
        self.counters = {name: itertools.count() for name in variants}

    def next(self, name: str) -> Query:
        texts = self.variants[name]
        return texts[next(self.counters[name]) % len(texts)]

    def fresh(self) -> Mix:
        """The same rotation from its start: every system sees the same sequence."""
        return Mix(self.variants)


def _values(store: ox.Store, query: str) -> list[str]:
    rows = store.query(PROLOGUE + query, use_default_graph_as_union=True)
    return [row[0].value for row in rows]  # type: ignore[union-attr]


def _spread(values: list[str], n: int) -> list[str]:
    """At most ``n`` values taken evenly from a sorted list."""
    if len(values) <= n:
        return values
    return [values[i * len(values) // n] for i in range(n)]


def parameters(store: ox.Store) -> dict[str, list[str]]:
    """Real values of the data to fill the templates with, sorted, from the in-memory store."""
    actors = _values(store, """SELECT DISTINCT ?a WHERE {
      { ?a a skg:State } UNION { ?a a skg:ArmedGroup } UNION { ?a a skg:Person }
      UNION { ?a a skg:MonitoringOrganisation } UNION { ?a a skg:Settlement } } ORDER BY ?a""")
    labels = _values(store, "SELECT ?l WHERE { ?a skos:prefLabel ?l } ORDER BY ?l")
    dates = _values(store, "SELECT DISTINCT ?d WHERE { ?t time:inXSDDate ?d } ORDER BY ?d")
    values = _values(store, "SELECT DISTINCT ?v WHERE { ?f skg:numericValue ?v } ORDER BY ?v")
    return {
        "resource": actors,
        "perpetrator": _values(store, """SELECT DISTINCT ?a WHERE {
          ?f skg:attributedPerpetrator ?a } ORDER BY ?a"""),
        "armed": _values(store, "SELECT DISTINCT ?a WHERE { ?e skg:performedBy ?a } ORDER BY ?a"),
        "vetoer": _values(store, "SELECT DISTINCT ?a WHERE { ?v a skg:Veto ; skg:voter ?a } "
                                 "ORDER BY ?a"),
        "area": _values(store, "SELECT DISTINCT ?a WHERE { ?p skg:locatedIn ?a } ORDER BY ?a"),
        "event": _values(store, "SELECT ?e WHERE { ?e a skg:VoteEvent } ORDER BY ?e"),
        "prefix": sorted({label[:3] for label in labels}),
        "date": _spread(dates, 293),
        "ceiling": _spread(values, 307),
    }


def _combinations(**lists: list[str]) -> Iterator[dict[str, str]]:
    keys = list(lists)
    for combo in itertools.product(*(lists[k] for k in keys)):
        yield dict(zip(keys, combo, strict=True))


def _plus_days(date: str, days: int) -> str:
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=days)).isoformat()


def variants(params: dict[str, list[str]], seed: int = 7) -> dict[str, list[Query]]:
    """Every query's rendered texts, shuffled with one seed so consecutive requests differ."""
    floors = ["0", "50", "200", "500", "1000", "2500", "4000"]
    choices: dict[str, list[dict[str, str]]] = {
        "lookup": list(_combinations(resource=params["resource"])),
        "label-search": [{"prefix": p, "lang": "ar" if p[0] > "\u0600" else "en"}
                         for p in params["prefix"]],
        "join-3": list(_combinations(actor=params["perpetrator"], floor=floors)),
        "group-reports": list(_combinations(date=params["date"])),
        "veto-counts": list(_combinations(date=params["date"])),
        "path": list(_combinations(area=params["area"], date=params["date"])),
        "optional-lang": list(_combinations(actor=params["armed"], lang=["ar", "fr", "en"])),
        "top-figures": list(_combinations(ceiling=params["ceiling"])),
        "construct-vote": list(_combinations(event=params["event"])),
        "ask-veto": [{**c, "until": _plus_days(c["date"], 90)}
                     for c in _combinations(actor=params["vetoer"], date=params["date"])],
    }
    rng = random.Random(seed)
    out: dict[str, list[Query]] = {}
    for name, (kind, _, template) in TEMPLATES.items():
        combos = choices[name]
        rng.shuffle(combos)
        out[name] = [Query(name, kind, PROLOGUE + _fill(template, c))
                     for c in combos[:MAX_VARIANTS]]
    return out


def _fill(template: str, values: dict[str, str]) -> str:
    # str.format would trip over the braces of SPARQL group patterns
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


# --- canonical answers ----------------------------------------------------------------------

NUMERIC = {XSD + t for t in ("integer", "decimal", "int", "long", "short", "byte", "double",
                             "float", "nonNegativeInteger", "positiveInteger",
                             "unsignedInt", "unsignedLong")}
Term = tuple[str, ...]


def literal(value: str, datatype: str | None, lang: str | None) -> Term:
    """A literal by what it means: numbers by value, language tags in lower case."""
    if lang:
        return ("lit", value, "@" + lang.lower())
    datatype = datatype or XSD + "string"
    if datatype in NUMERIC:
        try:
            number = Decimal(value)
            # normalize() turns 4470 into 4.47E+3; keep integers integral for readable diffs
            text = str(number.quantize(1)) if number == number.to_integral() else str(
                number.normalize())
            return ("num", text)
        except InvalidOperation:
            pass
    return ("lit", value, datatype)


def json_term(binding: dict[str, str]) -> Term:
    kind = binding["type"]
    if kind == "uri":
        return ("iri", binding["value"])
    if kind == "bnode":
        return ("bnode",)  # none in this data; kept so an answer with one still compares
    return literal(binding["value"], binding.get("datatype"), binding.get("xml:lang"))


def ox_term(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    return ("bnode",)


Answer = tuple[object, ...]


def canonical(kind: str, body: bytes) -> Answer:
    """An answer in a form that compares equal across systems: sorted rows, a boolean, or
    sorted triples (no blank nodes in this data, so sorting stands in for isomorphism)."""
    if kind == "construct":
        triples = {(ox_term(t.subject), ox_term(t.predicate), ox_term(t.object))
                   for t in ox.parse(body, format=ox.RdfFormat.TURTLE)}
        return tuple(sorted(triples))
    data = json.loads(body)
    if kind == "ask":
        return (bool(data["boolean"]),)
    names = data["head"]["vars"]
    rows = [tuple(json_term(b[v]) if v in b else ("unbound",) for v in names)
            for b in data["results"]["bindings"]]
    return tuple(sorted(rows))


def size(kind: str, answer: Answer) -> str:
    """What to print for an answer: its row or triple count, or the boolean."""
    return str(answer[0]).lower() if kind == "ask" else str(len(answer))
