"""VoID parses and its counts match the store; dumps round-trip into a fresh store."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from flask.testing import FlaskClient
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from tests.realgraph import count

VOID = Namespace("http://rdfs.org/ns/void#")
DATASET = URIRef("https://w3id.org/syria-kg/void#dataset")
SAMEAS = "http://schema.org/sameAs"


def void_graph(client: FlaskClient) -> Graph:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    return Graph().parse(data=response.data, format="turtle")


def test_void_subsets_count_what_the_store_holds(client: FlaskClient, store: ox.Store) -> None:
    void = void_graph(client)
    assert (DATASET, RDF.type, VOID.Dataset) in void
    graphs = {g.value for g in store.named_graphs()}
    subsets = {str(s) for s in void.objects(DATASET, VOID.subset)}
    assert graphs <= subsets
    for graph in graphs:
        stated = int(void.value(URIRef(graph), VOID.triples))
        assert stated == count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> "
                                      "{ ?s ?p ?o } }"), graph
    total = count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(void.value(DATASET, VOID.triples)) == total


def test_void_linksets_match_the_links_in_the_store(client: FlaskClient,
                                                    store: ox.Store) -> None:
    void = void_graph(client)
    linksets = list(void.subjects(RDF.type, VOID.Linkset))
    by_space = {}
    for linkset in linksets:
        if str(void.value(linkset, VOID.linkPredicate)) != SAMEAS:
            continue
        target = void.value(linkset, VOID.objectsTarget)
        assert (linkset, VOID.target, target) in void
        by_space[str(void.value(target, VOID.uriSpace))] = int(void.value(linkset, VOID.triples))
    assert set(by_space) == {"http://www.wikidata.org/entity/", "http://dbpedia.org/resource/",
                             "http://sws.geonames.org/"}
    for space, stated in by_space.items():
        assert stated == count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{SAMEAS}> "
                                      f"?o }} FILTER(STRSTARTS(STR(?o), '{space}')) }}"), space
    assert by_space["http://www.wikidata.org/entity/"] >= 10


def test_void_names_endpoint_licence_and_dumps(client: FlaskClient) -> None:
    void = void_graph(client)
    assert str(void.value(DATASET, VOID.sparqlEndpoint)).endswith("/sparql")
    assert str(void.value(DATASET, URIRef("http://purl.org/dc/terms/license"))) == (
        "https://creativecommons.org/licenses/by/4.0/")
    for dump in void.objects(None, VOID.dataDump):
        path = str(dump).split("://", 1)[1].split("/", 1)[1]
        assert client.get("/" + path).status_code == 200, dump
    for path in ("/void", "/.well-known/void?format=jsonld"):
        assert client.get(path).status_code == 200


def test_download_listing_sizes_and_checksums(client: FlaskClient) -> None:
    listing = client.get("/download", headers={"Accept": "application/json"}).get_json()
    files = {f["name"]: f for f in listing["files"]}
    assert {"syria-kg.trig", "syria-kg.nq", "graph-links.ttl", "links-owl-sameas.nt"} <= set(files)
    for entry in files.values():
        body = client.get(f"/download/{entry['name']}").data
        assert len(body) == entry["bytes"]
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
    page = client.get("/download", headers={"Accept": "text/html"}).text
    assert files["syria-kg.trig"]["sha256"] in page


def test_dumps_round_trip_into_a_fresh_store(client: FlaskClient, store: ox.Store) -> None:
    total = count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    for name, fmt in (("syria-kg.trig", ox.RdfFormat.TRIG), ("syria-kg.nq", ox.RdfFormat.N_QUADS)):
        fresh = ox.Store()
        fresh.load(client.get(f"/download/{name}").data, format=fmt)
        assert len(fresh) == total, name
        assert set(fresh.named_graphs()) == set(store.named_graphs())
    for graph in store.named_graphs():
        name = "graph-" + graph.value.rsplit("/", 1)[-1] + ".ttl"
        fresh = ox.Store()
        fresh.load(client.get(f"/download/{name}").data, format=ox.RdfFormat.TURTLE)
        assert len(fresh) == count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> "
                                          "{ ?s ?p ?o } }"), name


def test_owl_sameas_linkset_is_a_download_only(client: FlaskClient, store: ox.Store) -> None:
    body = client.get("/download/links-owl-sameas.nt").data
    linkset = Graph().parse(data=body, format="nt")
    assert {str(p) for p in linkset.predicates()} == {"http://www.w3.org/2002/07/owl#sameAs"}
    assert len(linkset) == count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g "
                                        f"{{ ?s <{SAMEAS}> ?o }} }}")
