"""The shapes of shapes/records.ttl find what they are for (and the real graph passes them)."""

from __future__ import annotations

import pytest
from rdflib import Graph

from syriakg.pipeline import load, validation
from syriakg.settings import Settings
from tests.conftest import ROOT

PREFIXES = """
@prefix skg: <https://w3id.org/syria-kg/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix doc: <https://w3id.org/syria-kg/id/doc/> .
@prefix claim: <https://w3id.org/syria-kg/id/claim/> .
@prefix event: <https://w3id.org/syria-kg/id/event/> .
@prefix draft: <https://w3id.org/syria-kg/id/draft/> .
@prefix assessment: <https://w3id.org/syria-kg/id/assessment/> .
"""

# A record claim of a page known by its URL, and an assessment that uses it: both conform.
GOOD = (
    PREFIXES
    + """
doc:page a skg:SourceDocument ; schema:url <https://press.un.org/en/2020/sc14244.doc.htm> .
claim:rec a skg:EventClaim , skg:Claim ; skg:statedIn doc:page ; skg:claimedEvent event:vote ;
    rdfs:label "UN record: a vote"@en ; skg:confirmationStatus skg:Confirmed .
event:vote a skg:VoteEvent ; skg:onDraft draft:d ; skg:voteResult skg:NotAdopted ;
    skg:timeSpan [ a time:Instant ; time:inXSDDate "2020-07-07"^^xsd:date ] .
[] a skg:Veto , skg:Vote ; skg:inVoteEvent event:vote .
draft:d a skg:DraftResolution ; skg:topic skg:SyriaTopic .
doc:article a skg:SourceDocument ; skg:hasText doc:text .
claim:art a skg:FigureClaim , skg:Claim ; skg:statedIn doc:article .
assessment:a a skg:Assessment ; skg:assesses claim:art ; skg:verdict skg:Disagrees ;
    skg:evidenceRecord claim:rec ; skg:verdictRule "a rule"@en ;
    skg:explanation "why"@en , "لماذا"@ar .
"""
)

BREAKAGES = {
    "a made-up span on a record": (
        (
            "claim:rec a skg:EventClaim , skg:Claim ;",
            "claim:rec skg:hasEvidence [ a oa:SpecificResource ] . claim:rec a skg:EventClaim ;",
        ),
        "RecordNoSpanShape",
    ),
    "a record whose page has no URL": (
        ("schema:url <https://press.un.org/en/2020/sc14244.doc.htm>", 'rdfs:label "page"@en'),
        "RecordSourceUrlShape",
    ),
    "an unconfirmed record without a note": (
        ("skg:confirmationStatus skg:Confirmed", "skg:confirmationStatus skg:Unconfirmed"),
        "UnconfirmedNoteShape",
    ),
    "a vetoed draft without a date": (
        ('time:inXSDDate "2020-07-07"^^xsd:date', 'time:inXSDgYear "2020"^^xsd:gYear'),
        "VetoedDraftDateShape",
    ),
    "a vetoed draft without a veto": (
        ("[] a skg:Veto , skg:Vote ;", "[] a skg:Vote ;"),
        "VetoedDraftVetoShape",
    ),
    "an assessment with two verdicts": (
        ("skg:verdict skg:Disagrees", "skg:verdict skg:Disagrees , skg:Agrees"),
        "AssessmentVerdictShape",
    ),
    "a verdict that is not in the scheme": (
        ("skg:verdict skg:Disagrees", "skg:verdict skg:Exact"),
        "AssessmentVerdictShape",
    ),
    "an assessment without an Arabic explanation": (
        (', "لماذا"@ar', ""),
        "AssessmentExplanationArShape",
    ),
    "an assessment of no claim": (("skg:assesses claim:art ;", ""), "AssessmentClaimShape"),
    "a verdict with no records": (
        ("skg:evidenceRecord claim:rec ;", ""),
        "AssessmentNeedsEvidence",
    ),
    "a claim used as evidence for itself": (
        ("skg:evidenceRecord claim:rec", "skg:evidenceRecord claim:art"),
        "AssessmentNeedsEvidence",
    ),
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load.load_ontology(Settings.load(root=ROOT))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load.read_rdf(ROOT / "shapes/records.ttl")


def failing(data: str, ontology: Graph, shapes: Graph) -> set[str]:
    report = validation.run(Graph().parse(data=data, format="turtle"), shapes, ontology)
    return {v.shape.removeprefix("skgsh:") for v in report.violations} | {
        v.message for v in report.violations if not v.shape.startswith("skgsh:")
    }


def test_the_good_example_conforms(ontology: Graph, shapes: Graph) -> None:
    assert failing(GOOD, ontology, shapes) == set()


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_shape_finds(case: str, ontology: Graph, shapes: Graph) -> None:
    (old, new), shape = BREAKAGES[case]
    assert old in GOOD, "test set-up"
    found = failing(GOOD.replace(old, new, 1), ontology, shapes)
    assert any(shape in f for f in found), (case, found)
