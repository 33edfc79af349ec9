"""Fixtures of the actor-graph tests: the real store built from the project's data, its
extraction, and the same store with a second source added (as the UN records will add one)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from syriakg.analysis import Extraction, extract
from syriakg.pipeline import BuildReport
from syriakg.settings import Settings
from syriakg.store import open_store

# A second source that repeats one of the article's relations and records the joint veto of
# 10 July 2020 with its date, in its own named graph, as another source's claims would be.
SECOND_SOURCE = """
@prefix skg: <https://w3id.org/syria-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/syria-kg/id/> .

<https://w3id.org/syria-kg/graph/t9001> {
  <https://w3id.org/syria-kg/id/doc/t9001> a skg:SourceDocument ;
      rdfs:label "Test record of the 10 July 2020 vote"@en , "سجل اختباري لتصويت 10 تموز 2020"@ar .
  <https://w3id.org/syria-kg/id/claim/t9001-brought-in-hezbollah> a skg:RelationClaim ;
      rdf:subject <https://w3id.org/syria-kg/id/actor/government-of-syria> ;
      rdf:predicate skg:broughtIn ;
      rdf:object <https://w3id.org/syria-kg/id/actor/hezbollah> ;
      skg:statedIn <https://w3id.org/syria-kg/id/doc/t9001> ;
      skg:hasEvidence <https://w3id.org/syria-kg/id/span/t9001-0-20> .
  <https://w3id.org/syria-kg/id/span/t9001-0-20> oa:hasSelector
      <https://w3id.org/syria-kg/id/span/t9001-0-20-quote> .
  <https://w3id.org/syria-kg/id/span/t9001-0-20-quote> a oa:TextQuoteSelector ;
      oa:exact "استقدم النظام حزب الله" .
  <https://w3id.org/syria-kg/id/claim/t9001-vote> a skg:EventClaim ;
      skg:claimedEvent <https://w3id.org/syria-kg/id/event/t9001-vote> ;
      skg:statedIn <https://w3id.org/syria-kg/id/doc/t9001> ;
      skg:hasEvidence <https://w3id.org/syria-kg/id/span/t9001-0-20> .
  <https://w3id.org/syria-kg/id/event/t9001-vote> a skg:VoteEvent ;
      skg:onDraft <https://w3id.org/syria-kg/id/draft/t9001-s-2020-667> ;
      skg:timeSpan <https://w3id.org/syria-kg/id/time/t9001-vote-t1> .
  <https://w3id.org/syria-kg/id/time/t9001-vote-t1> a time:Instant ;
      time:inXSDDate "2020-07-10"^^xsd:date .
  <https://w3id.org/syria-kg/id/draft/t9001-s-2020-667> a skg:DraftResolution ;
      skg:unDocumentSymbol "S/2020/667" .
  <https://w3id.org/syria-kg/id/vote/t9001-china> a skg:Veto ;
      skg:voter <https://w3id.org/syria-kg/id/actor/china> ;
      skg:inVoteEvent <https://w3id.org/syria-kg/id/event/t9001-vote> .
  <https://w3id.org/syria-kg/id/vote/t9001-russia> a skg:Veto ;
      skg:voter <https://w3id.org/syria-kg/id/actor/russia> ;
      skg:inVoteEvent <https://w3id.org/syria-kg/id/event/t9001-vote> .
}
<https://w3id.org/syria-kg/graph/inferred> {
  <https://w3id.org/syria-kg/id/event/t9001-vote> a skg:Event .
}
"""


@pytest.fixture(scope="session")
def settings(built: tuple[Settings, BuildReport]) -> Settings:
    """Settings of the session's build of the real data."""
    return built[0]


@pytest.fixture(scope="session")
def store(settings: Settings) -> ox.Store:
    """The built store, in memory, read-only by convention."""
    return open_store(settings.store_path)


@pytest.fixture(scope="session")
def extraction(store: ox.Store) -> Extraction:
    """What queries/graph/*.rq read from the real store."""
    return extract(store)


@pytest.fixture(scope="session")
def two_sources(store: ox.Store) -> Extraction:
    """The real store plus a second source in its own named graph."""
    both = ox.Store()
    both.bulk_extend(store.quads_for_pattern(None, None, None, None))
    both.bulk_extend(ox.parse(SECOND_SOURCE, format=ox.RdfFormat.TRIG))
    return extract(both)
