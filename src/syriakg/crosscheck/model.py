"""An assessment of one claim against the records, and its RDF form (graph/assessments)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from syriakg.crosscheck.rules import Outcome, Verdict
from syriakg.crosscheck.sparql import local
from syriakg.namespaces import PROV, SKG, mint

RecordValue = Decimal | int | date | str


@dataclass(frozen=True)
class Assessment:
    """What a check decided about one claim, with the rule, the records used and why."""

    claim: str
    outcome: Outcome
    explanation_en: str
    explanation_ar: str
    evidence: tuple[str, ...] = ()
    record_value: RecordValue | None = None
    # Classes of the assessment beside skg:Assessment (a pair of figures: skg:FigureComparison).
    classes: ClassVar[tuple[str, ...]] = ()

    @property
    def verdict(self) -> Verdict:
        return self.outcome.verdict

    @property
    def iri(self) -> URIRef:
        return mint("assessment", local(self.claim))


def untestable(claim: str, rule: str, en: str, ar: str) -> Assessment:
    """An assessment for a claim that no record (or no rule) can test."""
    return Assessment(claim, Outcome(Verdict.CANNOT_BE_TESTED, rule), en, ar)


def to_graph(assessments: list[Assessment]) -> Graph:
    """The assessments as triples, with the run that produced them."""
    g = Graph()
    run, agent = mint("run", "crosscheck"), mint("agent", "crosscheck")
    g.add((run, RDF.type, PROV.Activity))
    g.add(
        (
            run,
            RDFS.label,
            Literal("cross-check of documents' claims against the records and of every "
                    "source's figures against every other's", lang="en"),
        )
    )
    g.add((run, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.Agent))
    g.add(
        (
            agent,
            RDFS.label,
            Literal("the cross-check rules of syriakg (syriakg.crosscheck)", lang="en"),
        )
    )
    for a in assessments:
        node, claim = a.iri, URIRef(a.claim)
        g.add((node, RDF.type, SKG.Assessment))
        for cls in a.classes:
            g.add((node, RDF.type, SKG[cls]))
        g.add((node, RDFS.label, Literal(f"assessment of {local(a.claim)}", lang="en")))
        g.add((node, RDFS.label, Literal(f"تقييم الادعاء {local(a.claim)}", lang="ar")))
        g.add((node, SKG.assesses, claim))
        g.add((node, SKG.verdict, SKG[a.verdict.value]))
        g.add((node, SKG.verdictRule, Literal(a.outcome.rule, lang="en")))
        g.add((node, SKG.explanation, Literal(a.explanation_en, lang="en")))
        g.add((node, SKG.explanation, Literal(a.explanation_ar, lang="ar")))
        g.add((node, PROV.wasGeneratedBy, run))
        for record in a.evidence:
            g.add((node, SKG.evidenceRecord, URIRef(record)))
        if a.record_value is not None:
            g.add((node, SKG.recordValue, _literal(a.record_value)))
    return g


def _literal(value: RecordValue) -> Literal:
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, Decimal):
        return Literal(value, datatype=XSD.decimal)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(value)
