"""Read the assessments back from a built store, for the command line and the web pages."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

from syriakg.namespaces import PREFIXES, compact, graph_iri
from syriakg.store import QueryStore

ASSESSMENTS = f"""
SELECT ?assessment ?claim ?claimText ?verdict ?value ?rule ?en ?ar ?sourceEn ?sourceAr ?comparison
WHERE {{
  GRAPH <{graph_iri("assessments")}> {{
    ?assessment a skg:Assessment ; skg:assesses ?claim ; skg:verdict ?verdict ;
                skg:verdictRule ?rule ; skg:explanation ?en , ?ar .
    FILTER (LANG(?en) = "en" && LANG(?ar) = "ar")
    OPTIONAL {{ ?assessment skg:recordValue ?value }}
    BIND (EXISTS {{ ?assessment a skg:FigureComparison }} AS ?comparison)
  }}
  OPTIONAL {{ ?claim skg:quoteTranslation ?claimText FILTER (LANG(?claimText) = "en") }}
  OPTIONAL {{ ?claim skg:statedIn/dcterms:bibliographicCitation ?sourceEn
             FILTER (LANG(?sourceEn) = "en") }}
  OPTIONAL {{ ?claim skg:statedIn/dcterms:bibliographicCitation ?sourceAr
             FILTER (LANG(?sourceAr) = "ar") }}
}} ORDER BY ?claim ?assessment"""

EVIDENCE = f"""
SELECT ?assessment ?record ?label ?source WHERE {{
  GRAPH <{graph_iri("assessments")}> {{ ?assessment skg:evidenceRecord ?record }}
  OPTIONAL {{ ?record rdfs:label ?label FILTER (LANG(?label) = "en") }}
  OPTIONAL {{ ?record skg:statedIn/dcterms:bibliographicCitation ?source
             FILTER (LANG(?source) = "en") }}
}} ORDER BY ?record"""


def assessments(store: QueryStore) -> list[dict[str, Any]]:
    """One dict per assessment in graph/assessments, ordered by claim.

    Keys: ``assessment``, ``claim`` (IRIs), ``claim_text`` (the claim in English), ``source_en``
    and ``source_ar`` (the citation of the claim's document), ``verdict`` (Agrees, PartlyAgrees,
    Disagrees, CannotBeTested, or Revision), ``comparison`` (true for a pair of figures of two
    sources, crosscheck/pairs.py), ``record_value`` (what the records give, as text, or ''),
    ``rule``, ``explanation_en``, ``explanation_ar`` and ``evidence`` (a list of {"claim": IRI,
    "label": English label, "source": the citation of its page} for the record claims used).
    """
    evidence: dict[str, list[dict[str, str]]] = {}
    for row in _select(store, EVIDENCE):
        evidence.setdefault(row["assessment"], []).append(
            {"claim": row["record"], "label": row["label"], "source": row["source"]}
        )
    return [
        {
            "assessment": row["assessment"],
            "claim": row["claim"],
            "claim_text": row["claimText"],
            "source_en": row["sourceEn"],
            "source_ar": row["sourceAr"],
            "verdict": row["verdict"].rsplit("#", 1)[-1],
            "comparison": row["comparison"] == "true",
            "record_value": row["value"],
            "rule": row["rule"],
            "explanation_en": row["en"],
            "explanation_ar": row["ar"],
            "evidence": evidence.get(row["assessment"], []),
        }
        for row in _select(store, ASSESSMENTS)
    ]


def render_table(rows: list[dict[str, Any]]) -> str:
    """The assessments as a plain-text table: claim, verdict, record value, explanation."""
    cells = [
        [compact(r["claim"]), r["verdict"], r["record_value"], r["explanation_en"]] for r in rows
    ]
    header = ["claim", "verdict", "records", "explanation"]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(header[:-1])]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, [*widths, 0], strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in [*widths, len(header[-1])]))
    for c in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(c, [*widths, 0], strict=True)))
    lines.append(f"({len(rows)} assessment{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _select(store: QueryStore, query: str) -> list[dict[str, str]]:
    result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in result]


def show(store: QueryStore, fmt: str = "table") -> str:
    """The assessments in ``store``, as a table or as JSON."""
    rows = assessments(store)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    return render_table(rows)
