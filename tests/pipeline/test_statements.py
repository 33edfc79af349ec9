"""The article's claims: spans, coverage of every sentence, and attribution."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest
import yaml

from syriakg.pipeline import BuildReport
from syriakg.settings import Settings
from syriakg.store import open_store
from syriakg.text import nfc, sentences
from tests.conftest import ROOT

LOADED_WORDS = "terroris|regime|occupation|mercenar|criminal|إرهاب|النظام|الاحتلال|مرتزق|المجرم"

SPANS = """
PREFIX skg: <https://w3id.org/syria-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?claim ?exact ?start ?end WHERE {
  ?claim skg:statedIn ?doc ; skg:hasEvidence ?span .
  ?span oa:hasSelector ?q , ?p .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}"""


@pytest.fixture(scope="module")
def store(built: tuple[Settings, BuildReport]) -> ox.Store:
    return open_store(built[0].store_path)


@pytest.fixture(scope="module")
def article() -> str:
    return nfc((ROOT / "data/sources/d0001.ar.txt").read_text(encoding="utf-8"))


def spans(store: ox.Store) -> list[tuple[str, str, int, int]]:
    rows = store.query(SPANS, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return [
        (r["claim"].value, r["exact"].value, int(r["start"].value), int(r["end"].value))
        for r in rows
    ]


def test_every_quote_equals_its_span(store: ox.Store, article: str) -> None:
    found = spans(store)
    assert len(found) >= 40
    for claim, exact, start, end in found:
        assert article[start:end] == exact, claim


def test_every_sentence_is_evidence_of_a_claim(store: ox.Store, article: str) -> None:
    found = spans(store)
    parts = sentences(article)
    assert len(parts) == 11
    for sentence in parts:
        claims = {c for c, _, start, end in found if start < sentence.end and end > sentence.start}
        assert claims, f"no claim has its evidence in the sentence: {sentence.text}"


def test_the_article_is_stored_byte_for_byte() -> None:
    """The text is the file as received, whose SHA-256 its metadata records."""
    meta = yaml.safe_load((ROOT / "data/sources/d0001.yaml").read_text(encoding="utf-8"))
    copy = (ROOT / "data/sources" / meta["file"]).read_bytes()
    assert hashlib.sha256(copy).hexdigest() == meta["sha256"]
    assert len(meta["sha256"]) == 64


def test_claims_attributed_by_the_article_name_their_claimant(store: ox.Store) -> None:
    rows = store.query(
        """PREFIX skg: <https://w3id.org/syria-kg/ontology#>
        SELECT ?claim ?who WHERE { ?claim skg:claimant ?who } ORDER BY ?claim""",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, ox.QuerySolutions)
    got = {(r["claim"].value.rsplit("/", 1)[1], r["who"].value.rsplit("/", 1)[1]) for r in rows}
    assert ("d0001-announced-scope", "vladimir-putin") in got
    assert ("d0001-un-warning", "united-nations") in got


def test_contested_content_is_never_asserted(store: ox.Store) -> None:
    """A relation a source claims lives only inside its claim, never as a plain triple."""
    asked = store.query(
        """PREFIX skg: <https://w3id.org/syria-kg/ontology#>
        ASK { ?s skg:broughtIn|skg:supports|skg:pressured|skg:benefited ?o }""",
        use_default_graph_as_union=True,
    )
    assert not bool(asked)


def test_loaded_words_stay_in_quotes(store: ox.Store) -> None:
    """Labels of reference entities and ontology terms are neutral; designations are literals."""
    rows = store.query(
        f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?label WHERE {{
          GRAPH ?g {{ ?x skos:prefLabel|rdfs:label ?label }}
          FILTER(?g IN (<https://w3id.org/syria-kg/graph/reference>,
                        <https://w3id.org/syria-kg/graph/ontology>))
          FILTER(REGEX(?label, "{LOADED_WORDS}", "i"))
        }}""",
    )
    assert isinstance(rows, ox.QuerySolutions)
    assert [r["label"].value for r in rows] == []


def test_iris_are_deterministic(built: tuple[Settings, BuildReport], tmp_path) -> None:  # type: ignore[no-untyped-def]
    from syriakg import pipeline

    again = Settings.load(root=ROOT, store=str(tmp_path / "store"), build_dir=str(tmp_path / "b"))
    pipeline.run(again, echo=lambda _: None)
    first = (built[0].path(built[0].build_dir) / "1-asserted.trig").read_text(encoding="utf-8")
    second = (tmp_path / "b" / "1-asserted.trig").read_text(encoding="utf-8")
    assert first == second


def test_the_fighters_brought_in_are_groups_of_a_nationality_not_states(store: ox.Store) -> None:
    """«استقدام مرتزقة الروس والايرانيبن»: unnamed groups, each tied to its country by
    nationality (not membership), in the time the sentence gives, with the article's word as
    the claim's designation."""
    rows = store.query(
        """PREFIX skg: <https://w3id.org/syria-kg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?object ?type ?nationality ?designation ?when ?member WHERE {
          ?claim rdf:predicate skg:broughtIn ; rdf:object ?object ; skg:designation ?designation ;
                 skg:asOf/skg:temporalExpression ?when .
          FILTER (LANG(?designation) = "ar" && LANG(?when) = "ar")
          GRAPH <https://w3id.org/syria-kg/graph/d0001> { ?object a ?type }
          OPTIONAL { ?object skg:nationality ?nationality }
          OPTIONAL { ?object org:memberOf|org:subOrganizationOf|org:unitOf ?member }
        } ORDER BY ?object""",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, ox.QuerySolutions)
    found = {
        r["object"].value.rsplit("/", 1)[1]: (
            r["type"].value.rsplit("#", 1)[1],
            r["nationality"].value.rsplit("/", 1)[1] if r["nationality"] else None,
            r["designation"].value,
            r["when"].value,
            r["member"],
        )
        for r in rows
    }
    when = "مع بدايات الثورة السورية"
    assert found["d0001-russian-fighters"] == ("FighterGroup", "russia", "مرتزقة", when, None)
    assert found["d0001-iranian-fighters"] == ("FighterGroup", "iran", "مرتزقة", when, None)
    assert "russia" not in found and "iran" not in found
