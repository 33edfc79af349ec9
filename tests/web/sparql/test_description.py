"""The SPARQL Service Description at GET /sparql: parsed, with sd:endpoint as the client's URL."""

from __future__ import annotations

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.namespace import RDF

from tests.web.conftest import GRAPH, sample_quads

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")

pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)


def description(client: FlaskClient, base_url: str = "http://localhost", **kw: str) -> (
    rdflib.Graph
):
    response = client.get("/sparql", base_url=base_url, **kw)  # type: ignore[arg-type]
    assert response.status_code == 200
    assert response.content_type.startswith("text/turtle")
    return rdflib.Graph().parse(data=response.data.decode(), format="turtle")


def test_service_description_is_turtle_with_the_request_url(client: FlaskClient) -> None:
    graph = description(client, base_url="http://kg.example.org:8123")
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert graph.value(service, SD.endpoint) == rdflib.URIRef("http://kg.example.org:8123/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, DCTERMS.license,
            rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph


def test_service_description_says_the_default_graph_is_the_union(client: FlaskClient) -> None:
    graph = description(client)
    comments = " ".join(str(o) for o in graph.objects(None, rdflib.RDFS.comment))
    assert "union of all named graphs" in comments
    assert "unless the request names graphs" in comments


def test_service_description_lists_formats_and_graph_sizes(client: FlaskClient) -> None:
    graph = description(client)
    formats = set(graph.objects(None, SD.resultFormat))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "TriG",
                 "N-Quads"):
        assert FORMATS[name] in formats
    sizes = {}
    for named in graph.objects(None, SD.namedGraph):
        name = graph.value(named, SD.name)
        sizes[str(name)] = int(graph.value(graph.value(named, SD.graph), VOID.triples))
    expected: dict[str, int] = {}
    for quad in sample_quads():
        expected[quad.graph_name.value] = expected.get(quad.graph_name.value, 0) + 1
    assert sizes == expected
    assert set(sizes) == {GRAPH + g for g in ("d0001", "reference", "ontology", "inferred")}


def test_service_description_other_formats(client: FlaskClient) -> None:
    for fmt, rdflib_format in (("jsonld", "json-ld"), ("rdfxml", "xml"), ("ntriples", "nt")):
        response = client.get("/sparql", query_string={"format": fmt})
        graph = rdflib.Graph().parse(data=response.data.decode(), format=rdflib_format)
        assert graph.value(predicate=RDF.type, object=SD.Service) is not None
    response = client.get("/sparql", headers={"Accept": "application/rdf+xml"})
    assert response.content_type == "application/rdf+xml"


def test_service_description_html_for_browsers(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.content_type.startswith("text/html")
    page = response.data.decode()
    assert "http://localhost/sparql" in page and "CC BY 4.0" in page
    assert "union of all named graphs" in page


def test_service_description_406(client: FlaskClient) -> None:
    assert client.get("/sparql", headers={"Accept": "text/csv"}).status_code == 406
