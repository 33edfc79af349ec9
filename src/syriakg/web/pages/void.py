"""``/.well-known/void`` (and ``/void``): the VoID description of the dataset.

It states what a mirror or a crawler needs: the dataset with its licence, URI
space, vocabularies, SPARQL endpoint and dump URLs; one ``void:subset`` per named graph with its
triple count and Turtle dump; one ``void:Linkset`` per external dataset (Wikidata, DBpedia,
GeoNames) counting the confirmed ``schema:sameAs`` links, with the external dataset described as
its ``void:target``; and the separate ``owl:sameAs`` linkset, which is a download only. Counts are
read from the store, so they always match what the endpoint answers.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, url_for

from syriakg.linksets import DATASETS
from syriakg.namespaces import BASE, GRAPH, ID_BASE, PREFIXES, SCHEMA, SKG
from syriakg.web import description
from syriakg.web.i18n import choose_language, page_context
from syriakg.web.pages import ldformats
from syriakg.web.pages.dumps import ALL_NQUADS, ALL_TRIG, OWL_SAMEAS, graph_file
from syriakg.web.pages.lookup import cached, keep, select, serialize
from syriakg.web.sparql.runner import GRAPH_FORMATS as OX_FORMATS
from syriakg.web.state import state

bp = Blueprint("void", __name__)

VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
SD = "http://www.w3.org/ns/sparql-service-description#"
OWL_SAMEAS_PROP = "http://www.w3.org/2002/07/owl#sameAs"
DATASET = BASE + "void#dataset"
OWL_LINKSET = BASE + "void#links-owl-sameas"
VOCABULARIES = (str(SKG), PREFIXES["prov"], PREFIXES["oa"], PREFIXES["nif"], str(SCHEMA),
                PREFIXES["skos"], PREFIXES["org"], PREFIXES["time"], PREFIXES["dcterms"])
_PREFIXES = {"void": VOID, "dcterms": DCT, "foaf": FOAF, "sd": SD, "skg": str(SKG),
             "schema": str(SCHEMA), "owl": "http://www.w3.org/2002/07/owl#",
             "xsd": "http://www.w3.org/2001/XMLSchema#"}


def _n(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def linkset_counts() -> dict[str, int]:
    """Confirmed ``schema:sameAs`` links in the store, per external dataset key."""
    found = cached("void-linksets")
    if isinstance(found, dict):
        return found
    counts = dict.fromkeys(DATASETS, 0)
    rows = select(f"SELECT ?o WHERE {{ GRAPH <{GRAPH['links']}> {{ ?s <{SCHEMA.sameAs}> ?o }} }}")
    for row in rows:
        for key, dataset in DATASETS.items():
            if row["o"].value.startswith(dataset.uri_space):
                counts[key] += 1
    keep("void-linksets", counts)
    return counts


def void_triples() -> list[ox.Triple]:
    """The description, with this server's URLs for the endpoint and the dumps."""
    t, ds, a = ox.Triple, _n(DATASET), _n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    sizes = state().sizes

    def download(name: str) -> ox.NamedNode:
        return _n(url_for("dumps.download", name=name, _external=True))

    triples = [
        t(ds, a, _n(VOID + "Dataset")),
        t(ds, _n(DCT + "title"), ox.Literal(description.TITLE, language="en")),
        t(ds, _n(DCT + "title"), ox.Literal(description.TITLE_AR, language="ar")),
        t(ds, _n(DCT + "description"), ox.Literal(description.DESCRIPTION, language="en")),
        t(ds, _n(DCT + "license"), _n(description.LICENCE_IRI)),
        t(ds, _n(FOAF + "homepage"), _n(url_for("pages.index", _external=True))),
        t(ds, _n(VOID + "sparqlEndpoint"), _n(url_for("sparql.endpoint", _external=True))),
        t(ds, _n(VOID + "dataDump"), download(ALL_TRIG)),
        t(ds, _n(VOID + "dataDump"), download(ALL_NQUADS)),
        t(ds, _n(VOID + "uriSpace"), ox.Literal(ID_BASE)),
        t(ds, _n(VOID + "triples"), _int(sum(sizes.values()))),
        t(ds, _n(VOID + "exampleResource"), _n(ID_BASE + "actor/russia")),
        t(ds, _n(VOID + "exampleResource"), _n(ID_BASE + "claim/d0001-toll-total")),
    ]
    triples += [t(ds, _n(VOID + "vocabulary"), _n(v)) for v in VOCABULARIES]
    for graph, size in sorted(sizes.items()):
        subset = _n(graph)  # the graph's own IRI names the subset: queries use the same name
        triples += [
            t(ds, _n(VOID + "subset"), subset),
            t(subset, a, _n(VOID + "Dataset")),
            t(subset, _n(SD + "name"), subset),
            t(subset, _n(VOID + "triples"), _int(size)),
            t(subset, _n(VOID + "dataDump"), download(graph_file(graph))),
        ]
    counts = linkset_counts()
    for key, dataset in DATASETS.items():
        target, linkset = _n(str(dataset.iri)), _n(f"{BASE}void#links-{key}")
        triples += [
            t(target, a, _n(VOID + "Dataset")),
            t(target, _n(DCT + "title"), ox.Literal(dataset.title)),
            t(target, _n(FOAF + "homepage"), _n(dataset.homepage)),
            t(target, _n(VOID + "uriSpace"), ox.Literal(dataset.uri_space)),
            t(ds, _n(VOID + "subset"), linkset),
            t(linkset, a, _n(VOID + "Linkset")),
            t(linkset, _n(VOID + "linkPredicate"), _n(str(SCHEMA.sameAs))),
            t(linkset, _n(VOID + "subjectsTarget"), ds),
            t(linkset, _n(VOID + "objectsTarget"), target),
            t(linkset, _n(VOID + "target"), ds),
            t(linkset, _n(VOID + "target"), target),
            t(linkset, _n(VOID + "triples"), _int(counts[key])),
            t(linkset, _n(DCT + "description"), ox.Literal(
                f"Links confirmed by a cited source, from graph {GRAPH['links']}; unverified "
                f"candidates are kept there as skg:LinkRecord nodes only.", language="en")),
        ]
    owl = _n(OWL_LINKSET)
    triples += [
        t(owl, a, _n(VOID + "Linkset")),
        t(owl, _n(VOID + "linkPredicate"), _n(OWL_SAMEAS_PROP)),
        t(owl, _n(VOID + "subjectsTarget"), ds),
        t(owl, _n(VOID + "triples"), _int(sum(counts.values()))),
        t(owl, _n(VOID + "dataDump"), download(OWL_SAMEAS)),
        t(owl, _n(DCT + "description"), ox.Literal(
            "The confirmed links restated with owl:sameAs, as a download only: not in the "
            "store and not reasoned over.", language="en")),
    ]
    triples += [t(owl, _n(VOID + "target"), _n(str(d.iri))) for d in DATASETS.values()]
    return triples


@bp.route("/.well-known/void")
@bp.route("/void")
def void() -> Response:
    """The VoID description: Turtle by default, any RDF format by Accept or ?format=."""
    fmt = ldformats.choose()
    base_url = url_for("void.void", _external=True)
    triples = void_triples()
    if fmt is None:
        text = _serialise(triples, "turtle").decode("utf-8")
        html = render_template("pages/void.html", turtle=text,
                               alternates=ldformats.alternates(base_url),
                               **page_context(choose_language()))
        return ldformats.html_response(html, base_url)
    response = Response(_serialise(triples, fmt.name), content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ldformats.link_header(base_url)
    return response


def _serialise(triples: list[ox.Triple], name: str) -> bytes:
    prefixes = _PREFIXES if name in ("turtle", "trig", "rdfxml", "jsonld") else None
    return serialize(triples, OX_FORMATS[name], prefixes)
