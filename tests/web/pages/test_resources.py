"""Dereferencing: every IRI answers HTML to people and RDF to programs; unknown ones get a 404
with near matches. RDF answers are parsed with rdflib and checked triple by triple."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

ID = "https://w3id.org/syria-kg/id/"
SKG = "https://w3id.org/syria-kg/ontology#"
RUSSIA = URIRef(ID + "actor/russia")
CLAIM = URIRef(ID + "claim/d0001-toll-total")

# (Accept header, ?format= name, suffix, rdflib parser, quads?)
FORMATS = [
    ("text/turtle", "turtle", "ttl", "turtle", False),
    ("application/n-triples", "ntriples", "nt", "nt", False),
    ("application/rdf+xml", "rdfxml", "rdf", "xml", False),
    ("application/ld+json", "jsonld", "jsonld", "json-ld", False),
    ("application/trig", "trig", "trig", "trig", True),
    ("application/n-quads", "nquads", "nq", "nquads", True),
]


def parse(body: bytes, parser: str, quads: bool) -> Graph:
    if quads:
        dataset = Dataset()
        dataset.parse(data=body, format=parser)
        merged = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return Graph().parse(data=body, format=parser)


@pytest.mark.parametrize("accept,name,suffix,parser,quads", FORMATS, ids=[f[1] for f in FORMATS])
def test_actor_in_every_format(client: FlaskClient, accept: str, name: str, suffix: str,
                               parser: str, quads: bool) -> None:
    for response in (client.get("/id/actor/russia", headers={"Accept": accept}),
                     client.get(f"/id/actor/russia?format={name}"),
                     client.get(f"/id/actor/russia.{suffix}")):
        assert response.status_code == 200, response.data[:300]
        assert response.mimetype == accept
        graph = parse(response.data, parser, quads)
        assert (RUSSIA, SKOS.prefLabel, Literal("روسيا", lang="ar")) in graph
        assert (RUSSIA, SKOS.prefLabel, Literal("Russia", lang="en")) in graph
        assert (RUSSIA, RDF.type, URIRef(SKG + "State")) in graph
        # Statements in, too: Russia's permanent membership of the Security Council.
        assert any(p == URIRef("http://www.w3.org/ns/org#member")
                   for _, p in graph.subject_predicates(RUSSIA))
        # The confirmed Wikidata link, as the plain schema:sameAs consumers follow.
        assert (RUSSIA, URIRef("http://schema.org/sameAs"),
                URIRef("http://www.wikidata.org/entity/Q159")) in graph
    assert response.headers["Vary"] == "Accept"


def test_trig_keeps_the_source_graphs(client: FlaskClient) -> None:
    response = client.get("/id/claim/d0001-toll-total", headers={"Accept": "application/trig"})
    dataset = Dataset()
    dataset.parse(data=response.data, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert "https://w3id.org/syria-kg/graph/d0001" in graphs


def test_claim_as_turtle_names_its_document_and_evidence(client: FlaskClient) -> None:
    graph = parse(client.get("/id/claim/d0001-toll-total.ttl").data, "turtle", False)
    assert (CLAIM, URIRef(SKG + "statedIn"), URIRef(ID + "doc/d0001")) in graph
    assert (CLAIM, URIRef(SKG + "hasEvidence"), None) in graph
    assert (CLAIM, URIRef(SKG + "quoteTranslation"), None) in graph


def test_default_is_turtle_and_html_only_when_named(client: FlaskClient) -> None:
    assert client.get("/id/actor/russia").mimetype == "text/turtle"
    assert client.get("/id/actor/russia", headers={"Accept": "*/*"}).mimetype == "text/turtle"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/id/actor/russia", headers={"Accept": browser})
    assert response.mimetype == "text/html"
    links = response.headers["Link"]
    assert 'rel="license"' in links and 'type="text/turtle"' in links
    assert 'type="application/ld+json"' in links


def test_bad_format_and_unacceptable_types(client: FlaskClient) -> None:
    assert client.get("/id/actor/russia?format=bogus").status_code == 400
    assert client.get("/id/actor/russia", headers={"Accept": "image/png"}).status_code == 406


def test_actor_page_in_both_languages(client: FlaskClient) -> None:
    page = client.get("/id/actor/russia?lang=en", headers={"Accept": "text/html"}).text
    assert '<html lang="en" dir="ltr">' in page
    assert "Russia" in page and "روسيا" in page
    assert "http://www.wikidata.org/entity/Q159" in page  # the external link, with its status
    assert "creativecommons.org/licenses/by/4.0" in page
    assert 'type="application/ld+json"' in page  # embedded JSON-LD
    arabic = client.get("/id/actor/russia?lang=ar", headers={"Accept": "text/html"}).text
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "<h1 dir=\"auto\">روسيا</h1>" in arabic
    assert "ما تقوله المصادر عنه" in arabic  # "what sources say about it"


def test_claim_page_highlights_the_quote_in_its_sentence(client: FlaskClient,
                                                         store: object) -> None:
    page = client.get("/id/claim/d0001-toll-total", headers={"Accept": "text/html"}).text
    marks = re.findall(r"<mark>(.*?)</mark>", page)
    assert "بلغت حصيلة الخسائر البشرية 20187 شخصا" in marks[0]
    quote = re.search(r'<blockquote class="quote"[^>]*>(.*?)</blockquote>', page, re.S)
    assert quote and quote.group(1).index("<mark>") > 0  # the sentence starts before the quote
    assert "the human toll reached 20187 people" in page  # the English rendering
    assert "/id/doc/d0001" in page  # the source, by its label and date, not by its IRI
    assert re.search(r'<a class="doc" href="/id/doc/d0001" dir="auto">\[Untitled Arabic', page)
    record = client.get("/id/claim/unsc-veto-2019-12-20", headers={"Accept": "text/html"}).text
    assert ("Security Council Rejects 2 Draft Resolutions Authorizing Cross-Border, Cross-Line "
            "Humanitarian Access in Syria. United Nations.</a>") in record
    assert "Other claims about the same thing" in page


def test_home_page_lists_every_source_by_its_citation(client: FlaskClient) -> None:
    """Title (or a descriptive label in brackets), publisher and date, linked to the document's
    page: never a minted IRI alone."""
    page = client.get("/").text
    sources = page[page.index('<ul class="sources">'):].split("</ul>")[0]
    assert re.search(r'<a class="doc" href="/id/doc/d0001" dir="auto">\[Untitled Arabic article'
                     r'[^<]*\]\. 2020-09 \(date inferred from the text\)\.</a>', sources)
    assert "[UN press release SC/12609]. United Nations.</a>" in sources
    assert ("Security Council Rejects 2 Draft Resolutions Authorizing Cross-Border, Cross-Line "
            "Humanitarian Access in Syria. United Nations.</a>") in sources
    assert "UN General Assembly Meeting Remarks Following a Veto by Russia" in sources
    assert sources.count("<li>") == sources.count('<a class="doc"') >= 30
    assert ">https://w3id.org/syria-kg/id/doc/" not in sources


def test_claim_page_shows_what_the_curators_inferred(client: FlaskClient) -> None:
    """The sentence does not say to whom Assad's request was made: the page says the addressee
    was inferred, and why, apart from what the source says."""
    page = client.get("/id/claim/d0001-request?lang=en", headers={"Accept": "text/html"}).text
    section = page[page.index("Inferred by the curators, not read in the source"):]
    assert 'href="/id/actor/russia"' in section.split("</ul>")[0]
    assert "not to whom it was made" in section.split("</ul>")[0]
    arabic = client.get("/id/claim/d0001-idlib-attacks?lang=ar",
                        headers={"Accept": "text/html"}).text
    section = arabic[arabic.index("استنتجه المحررون ولم يرد في المصدر"):].split("</ul>")[0]
    assert "قوات الاحتلال الروسي" in section and 'lang="ar"' in section
    plain = client.get("/id/claim/d0001-toll-total", headers={"Accept": "text/html"}).text
    assert "Inferred by the curators" not in plain


def test_figure_veto_and_crossing_pages(client: FlaskClient) -> None:
    for path in ("/id/figure/d0001-toll-total", "/id/vote/d0001-crossborder-veto-russia"):
        page = client.get(path, headers={"Accept": "text/html"}).text
        assert "What sources say about it" in page and "<mark>" in page, path
    crossing = client.get("/id/place/bab-al-hawa", headers={"Accept": "text/html"}).text
    assert "معبر باب الهوى" in crossing
    assert "http://dbpedia.org/resource/Bab_al-Hawa_Border_Crossing" in crossing


def test_unknown_iri_gets_404_with_near_matches(client: FlaskClient) -> None:
    response = client.get("/id/actor/rusia", headers={"Accept": "application/json"})
    assert response.status_code == 404
    body = response.get_json()
    assert body["status"] == 404 and body["ok"] is False
    assert body["suggestions"][0]["iri"] == str(RUSSIA)
    page = client.get("/id/actor/rusia", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "/id/actor/russia" in page.text
    # A key typed in Arabic, with a variant spelling (no hamza), still finds Idlib.
    arabic = client.get("/id/place/ادلب", headers={"Accept": "application/json"}).get_json()
    assert ID + "place/idlib" in [s["iri"] for s in arabic["suggestions"]]


def test_ontology_documentation_and_rdf(client: FlaskClient) -> None:
    page = client.get("/ontology", headers={"Accept": "text/html"})
    assert page.status_code == 200
    for anchor in ("Actor", "Claim", "LinkRecord", "linkStatus", "Killed", "SourceConfirmed"):
        assert f'id="{anchor}"' in page.text, anchor
    graph = parse(client.get("/ontology", headers={"Accept": "text/turtle"}).data,
                  "turtle", False)
    assert (URIRef(SKG + "LinkRecord"), RDF.type, OWL.Class) in graph
    assert (URIRef(SKG + "Actor"), RDF.type, OWL.Class) in graph
    assert client.get("/ontology/0.2.0", headers={"Accept": "text/html"}).status_code == 200


def test_named_graph_iri(client: FlaskClient, store: object) -> None:
    graph = parse(client.get("/graph/links", headers={"Accept": "text/turtle"}).data,
                  "turtle", False)
    assert len(graph) > 100
    assert client.get("/graph/links", headers={"Accept": "text/html"}).status_code == 303
    assert client.get("/graph/nothing", headers={"Accept": "text/turtle"}).status_code == 404


def test_ontology_page_has_one_title_a_working_toc_and_the_site_header(
    client: FlaskClient,
) -> None:
    import re

    page = client.get("/ontology", headers={"Accept": "text/html"}).text
    assert page.count("<h1") == 1
    assert "<title>Syria conflict knowledge graph ontology</title>" in page
    assert 'class="site ld-header"' in page and 'name="viewport"' in page
    toc = page[page.index('id="toc"'):]
    toc = toc[:toc.index("</div>")]
    targets = re.findall(r'href="#([^"]*)"', toc)
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert len(targets) > 100 and [t for t in targets if t not in ids] == []
    # the two labels of a term apart (pyLODE gives them in either order)
    assert "office · منصب" in toc or "منصب · office" in toc
    arabic = client.get("/ontology?lang=ar", headers={"Accept": "text/html"}).text
    assert '<html lang="ar"' in arabic and "English" in arabic  # the switch back
