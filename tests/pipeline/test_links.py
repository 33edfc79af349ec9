"""data/links/: every link well-formed, marked verified or not, and stored as the design says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from syriakg.errors import SourceError
from syriakg.pipeline import assemble, links, load
from syriakg.settings import Settings
from tests.conftest import ROOT
from tests.realgraph import count

LINKS = "https://w3id.org/syria-kg/graph/links"
SKG = "https://w3id.org/syria-kg/ontology#"


@pytest.fixture(scope="module")
def known() -> set:
    inputs = load.run(Settings.load(root=ROOT))
    return links.typed_subjects(assemble(inputs).values())


def test_every_link_is_well_formed(known: set) -> None:
    checked = links.check_all(links.load(ROOT), known)
    assert len(checked) >= 30
    assert {link.dataset.key for link in checked} == {"wikidata", "dbpedia", "geonames"}


def test_unverified_links_are_listed_and_never_plain_sameas(known: set, store: ox.Store) -> None:
    checked = links.check_all(links.load(ROOT), known)
    unverified = sorted((str(link.subject), str(link.target))
                        for link in checked if link.status == "Unverified")
    print("\nunverified links:\n" + "\n".join(f"  {s} -> {t}" for s, t in unverified))
    assert ("https://w3id.org/syria-kg/id/actor/pkk",
            "http://www.wikidata.org/entity/Q152220") in unverified
    for subject, target in unverified:
        assert ox.Quad(ox.NamedNode(subject), ox.NamedNode("http://schema.org/sameAs"),
                       ox.NamedNode(target), ox.NamedNode(LINKS)) not in store
    records = count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS}> {{
        ?r <{SKG}linkStatus> <{SKG}Unverified> }} }}""")
    assert records == len(unverified)


def test_what_cited_pages_confirm_is_linked_and_the_rest_stays_records(known: set) -> None:
    """Checked against cited pages (data/links/README.md): confirmed links cite the page they
    were read in; a candidate no page confirms stays an unverified record."""
    checked = {(str(link.subject).rsplit("/", 2)[-1], link.dataset.key): link
               for link in links.check_all(links.load(ROOT), known)}
    for key in (("russian-armed-forces", "wikidata"), ("hezbollah", "wikidata"),
                ("hezbollah", "dbpedia"), ("federation-council", "dbpedia"),
                ("russia", "dbpedia"), ("idlib-governorate", "dbpedia")):
        assert checked[key].confirmed and checked[key].source_url.startswith("http"), key
    assert {key for key, link in checked.items() if not link.confirmed} == {
        ("pkk", "wikidata"), ("government-of-syria", "wikidata"), ("united-nations", "dbpedia"),
        ("syrian-opposition", "dbpedia"), ("eastern-ghouta", "dbpedia")}
    assert ("bashar-al-assad", "wikidata") not in checked  # no QID was found in a cited page


def test_confirmed_links_have_a_record_and_a_plain_sameas(store: ox.Store) -> None:
    missing = count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS}> {{
        ?r <{SKG}linkStatus> <{SKG}SourceConfirmed> ; <{SKG}linkSubject> ?s ;
           <{SKG}linkTarget> ?t .
        FILTER NOT EXISTS {{ ?s <http://schema.org/sameAs> ?t }} }} }}""")
    assert missing == 0
    extra = count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS}> {{
        ?s <http://schema.org/sameAs> ?t .
        FILTER NOT EXISTS {{ ?r <{SKG}linkSubject> ?s ; <{SKG}linkTarget> ?t ;
                              <{SKG}linkStatus> <{SKG}SourceConfirmed> }} }} }}""")
    assert extra == 0


def test_no_owl_sameas_and_no_https_schema_in_the_store(store: ox.Store) -> None:
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s "
                        "<http://www.w3.org/2002/07/owl#sameAs> ?o } }") == 0
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                        "FILTER(STRSTARTS(STR(?p), 'https://schema.org/')) }") == 0


def test_bashar_al_assad_has_no_wikidata_link(store: ox.Store) -> None:
    assert "entity/Q44329" not in (ROOT / "data/links/links.csv").read_text(encoding="utf-8")
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { "
                        "<https://w3id.org/syria-kg/id/actor/bashar-al-assad> ?p ?o "
                        "FILTER(STRSTARTS(STR(?o), 'http://www.wikidata.org/')) } }") == 0


BAD_ROWS = {
    "bad QID": "actor:russia,wikidata,http://www.wikidata.org/entity/Q0159,Unverified,"
               "IdentifierSeenInSource,,x",
    "https Wikidata concept IRI": "actor:russia,wikidata,https://www.wikidata.org/entity/Q159,"
                                  "Unverified,IdentifierSeenInSource,,x",
    "page URL, not an entity": "actor:russia,wikidata,https://www.wikidata.org/wiki/Q159,"
                               "Unverified,IdentifierSeenInSource,,x",
    "Q44329": "actor:bashar-al-assad,wikidata,http://www.wikidata.org/entity/Q44329,"
              "Unverified,IdentifierSeenInSource,,x",
    "unknown local key": "actor:no-such-actor,wikidata,http://www.wikidata.org/entity/Q159,"
                         "Unverified,IdentifierSeenInSource,,x",
    "unknown prefix": "thing:russia,wikidata,http://www.wikidata.org/entity/Q159,"
                      "Unverified,IdentifierSeenInSource,,x",
    "https schema.org": "actor:russia,dbpedia,https://schema.org/Russia,Unverified,"
                        "FromWikipediaTitle,,x",
    "GeoNames without slash": "place:syria,geonames,http://sws.geonames.org/163843,"
                              "Unverified,IdentifierSeenInSource,,x",
    "unknown status": "actor:russia,wikidata,http://www.wikidata.org/entity/Q159,Probably,"
                      "IdentifierSeenInSource,,x",
    "confirmed without evidence": "actor:russia,wikidata,http://www.wikidata.org/entity/Q159,"
                                  "SourceConfirmed,IdentifierSeenInSource,,",
}


@pytest.mark.parametrize("row", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_malformed_link_stops_the_build_with_its_line(row: str, tmp_path: Path,
                                                       known: set) -> None:
    (tmp_path / "data/links").mkdir(parents=True)
    shutil.copy(ROOT / "data/links/links.csv", tmp_path / "data/links/links.csv")
    path = tmp_path / "data/links/links.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        links.check_all(links.load(tmp_path), known)
    assert "links.csv" in str(caught.value) and ":4" in str(caught.value)


def test_a_second_link_to_the_same_dataset_is_refused(tmp_path: Path, known: set) -> None:
    (tmp_path / "data/links").mkdir(parents=True)
    text = (ROOT / "data/links/links.csv").read_text(encoding="utf-8")
    extra = ("actor:russia,wikidata,http://www.wikidata.org/entity/Q160,Unverified,"
             "IdentifierSeenInSource,,x\n")
    (tmp_path / "data/links/links.csv").write_text(text + extra, encoding="utf-8")
    with pytest.raises(SourceError, match="already links to Wikidata"):
        links.check_all(links.load(tmp_path), known)
