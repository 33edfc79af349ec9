"""SPARQL over the store for the cross-check: every check finds its claims and records here.

A *document claim* is a claim of a document whose text the graph stores (it has quotes and
spans); a *record claim* is a claim of a page known only by its URL (a row of a record table,
see pipeline/records.py). Checks compare the first with the second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from syriakg.namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
# Filters shared by the checks' queries.
DOCUMENT_CLAIM = "?claim skg:statedIn ?doc . ?doc skg:hasText ?text ."
RECORD_CLAIM = "?record skg:statedIn ?rdoc . FILTER NOT EXISTS { ?rdoc skg:hasText ?rtext }"
TIME_VALUE = "time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear"


@dataclass
class Graph:
    """The store as the checks see it: the union of its graphs, with our prefixes."""

    store: ox.Store
    _labels: dict[tuple[str, str], str] = field(default_factory=dict)

    def select(self, query: str, **bindings: str | date | Decimal | int) -> list[dict[str, Any]]:
        """Rows of a SELECT; ``bindings`` fix variables (IRIs as str, dates, numbers).

        Oxigraph substitutes only variables that the query projects, so list them in SELECT.
        """
        result = self.store.query(
            query,
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
            substitutions={ox.Variable(k): _term(v) for k, v in bindings.items()},
        )
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: _value(row[n]) for n in names} for row in result]

    def ask(self, query: str) -> bool:
        result = self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        return bool(result)

    def label(self, iri: str, lang: str) -> str:
        """A resource's preferred label in ``lang`` (or its rdfs:label, or its local name)."""
        key = (iri, lang)
        if key not in self._labels:
            rows = self.select(
                """SELECT ?l ?r ?lang WHERE { { ?r skos:prefLabel ?l } UNION { ?r rdfs:label ?l }
                   FILTER (LANG(?l) = ?lang) } ORDER BY ?l LIMIT 1""",
                r=iri,
                lang=lang,
            )
            self._labels[key] = rows[0]["l"] if rows else iri.rsplit("/", 1)[-1].rsplit("#")[-1]
        return self._labels[key]

    def labels(self, iris: list[str], lang: str, joiner: str | None = None) -> str:
        """Labels in a list: 'A, B' in English, 'A وB' in Arabic, unless ``joiner`` is given."""
        joiner = joiner if joiner is not None else (" و" if lang == "ar" else ", ")
        return joiner.join(self.label(i, lang) for i in iris)

    def published(self, doc: str) -> str | None:
        """A document's schema:datePublished as written (a date, year-month or year)."""
        rows = self.select("SELECT ?d ?doc WHERE { ?doc schema:datePublished ?d }", doc=doc)
        return str(rows[0]["d"]) if rows else None


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _term(value: str | date | Decimal | int) -> ox.NamedNode | ox.Literal:
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, int | Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if value.startswith(("http://", "https://")):
        return ox.NamedNode(value)
    return ox.Literal(value)


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Any:
    """A Python value: IRIs as str, whole numbers as int, other numbers as Decimal, dates as
    date, other literals as str."""
    if term is None or isinstance(term, ox.BlankNode):
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    datatype = term.datatype.value.removeprefix(XSD)
    if datatype in ("integer", "nonNegativeInteger"):
        return int(term.value)
    if datatype in ("decimal", "double"):
        return Decimal(term.value)
    if datatype == "boolean":
        return term.value == "true"
    if datatype == "date":
        return date.fromisoformat(term.value)
    return term.value
