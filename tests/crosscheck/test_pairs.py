"""Every source against every other: which figures are paired, and the verdict of each pair,
on counts given as triples in Oxigraph (the engine the build runs the cross-check on)."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from syriakg.crosscheck import evaluate
from syriakg.crosscheck.pairs import compare
from syriakg.crosscheck.sparql import Graph
from syriakg.settings import Settings

PREFIXES = """
@prefix skg: <https://w3id.org/syria-kg/ontology#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/syria-kg/id/> .
"""


def _count(key: str, doc: str, claimant: str | None, end: str, value: str,
           qualifier: str = "Exact", published: str | None = None) -> str:
    bound = "skg:lowerBound" if qualifier == "MoreThan" else "skg:numericValue"
    return f"""
id:claim-{key} skg:statedIn id:doc-{doc} ; skg:reportsFigure id:fig-{key}
    {f"; skg:claimant id:{claimant}" if claimant else ""} .
{f'id:doc-{doc} schema:datePublished "{published}"^^xsd:date .' if published else ""}
id:fig-{key} a skg:CasualtyCount ; skg:approximation skg:{qualifier} ; {bound} {value} ;
    skg:outcome skg:Killed ; skg:populationGroup skg:AllPersons ;
    skg:attributedPerpetrator id:russia ;
    skg:referencePeriod [ time:hasBeginning [ time:inXSDDate "2015-09-30"^^xsd:date ] ;
                          time:hasEnd [ time:inXSDDate "{end}"^^xsd:date ] ] .
"""


DATA = PREFIXES + "".join([
    # The monitor's toll at two dates, in two reports: the later revises the earlier.
    _count("monitor-jan", "monitor-jan", "monitor", "2020-01-30", "19434"),
    _count("monitor-aug", "monitor-aug", "monitor", "2020-08-30", "20187"),
    # An article five days later: "more than 20,000" agrees with the monitor's 20,187.
    _count("article", "article", None, "2020-09-04", "20000", "MoreThan", "2020-09-04"),
    # Another count for the same period end: it disagrees with both.
    _count("other", "other", "other", "2020-08-31", "18000"),
    # The same monitor page's own second figure is not compared with itself.
    _count("monitor-aug-again", "monitor-aug", "monitor", "2020-08-30", "20187"),
])


@pytest.fixture
def kg() -> Graph:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    return Graph(store)


def _verdicts(kg: Graph, days: int = 7, share: str = "0.01") -> dict[tuple[str, str], str]:
    def key(iri: str) -> str:
        return iri.rsplit("claim-", 1)[-1]

    return {(key(a.claim), key(a.evidence[0])): a.verdict.value
            for a in compare(kg, days, Decimal(share))}


def test_pairs_and_verdicts(kg: Graph) -> None:
    assert _verdicts(kg) == {
        ("monitor-aug", "monitor-jan"): "Revision",
        ("monitor-aug-again", "monitor-jan"): "Revision",
        ("article", "monitor-aug"): "Agrees",
        ("article", "monitor-aug-again"): "Agrees",
        ("other", "monitor-aug"): "Disagrees",
        ("other", "monitor-aug-again"): "Disagrees",
        ("article", "other"): "Disagrees",
    }


def test_the_tolerances_are_settings(kg: Graph) -> None:
    # Ends one day apart at most: the article (five days after the monitor) is not paired.
    tight = _verdicts(kg, days=1)
    assert ("article", "monitor-aug") not in tight and ("other", "monitor-aug") in tight
    # With 10% allowed between exact counts, 18,000 and 20,187 agree.
    assert _verdicts(kg, share="0.11")[("other", "monitor-aug")] == "Agrees"
    found = evaluate(kg.store, Settings(crosscheck_end_days=1))
    assert not any(a.claim.endswith("claim-article") for a in found)


def test_explanations_name_both_figures(kg: Graph) -> None:
    revision = next(a for a in compare(kg, 7, Decimal("0.01"))
                    if a.claim.endswith("monitor-aug") and a.verdict.value == "Revision")
    assert "20187 from 2015-09-30 to 2020-08-30" in revision.explanation_en
    assert "19434 from 2015-09-30 to 2020-01-30" in revision.explanation_en
    assert revision.explanation_en.endswith("a revision.")
    assert "تحديث" in revision.explanation_ar
    assert revision.record_value == 19434
    assert str(revision.iri).endswith("/assessment/claim-monitor-aug-vs-claim-monitor-jan")
