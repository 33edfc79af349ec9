"""What the service and its dataset are: the SPARQL 1.1 Service Description and the page facts.

A GET on the endpoint without a query returns this description (SPARQL 1.1 Service Description
§2), so that tools and people can see the supported formats, the default-graph rule, the graphs
and their sizes, the licence, and the limits, without reading our docs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from syriakg.settings import Settings

TITLE = "Syria conflict knowledge graph"
TITLE_AR = "الرسم البياني المعرفي للنزاع في سوريا"
DESCRIPTION = (
    "What each source says about the Syrian conflict, attributed to it: every claim carries the "
    "exact quote and its character span in the source text, and figures from different sources "
    "(the article, monitors, UN records) sit side by side. Only a neutral reference layer — "
    "entities, Arabic and English labels, external identifiers, bibliographic facts — is asserted."
)
LICENCE_IRI = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"
DEFAULT_GRAPH_RULE = (
    "The default graph is the union of all named graphs, unless the request names graphs "
    "(default-graph-uri / named-graph-uri parameters, or FROM / FROM NAMED in the query)."
)

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "TriG", "N-Quads",
)
SD_PREFIXES = {"sd": SD, "formats": FORMATS, "void": VOID, "dcterms": DCTERMS,
               "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


@dataclass(frozen=True)
class Limits:
    """The limits a client meets, as stated in the description and on the index page."""

    query_timeout: float
    max_rows: int
    max_request_bytes: int
    service_allowlist: tuple[str, ...]

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.query_timeout, settings.max_rows, settings.max_request_bytes,
                   settings.service_allowlist)

    def sentence(self) -> str:
        allow = ", ".join(self.service_allowlist) or "none"
        return (
            f"Queries are stopped after {self.query_timeout:g} s (503); results are cut at "
            f"{self.max_rows} rows or triples (header X-SPARQL-Truncated: true); requests are "
            f"limited to {self.max_request_bytes} bytes; read-only (updates get 403); SERVICE "
            f"may only call: {allow}."
        )


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def description_triples(
    endpoint: str, sizes: Mapping[str, int], limits: Limits
) -> list[ox.Triple]:
    """The service description of ``endpoint`` (the URL the client used) as triples."""
    service, dataset = ox.BlankNode("service"), ox.BlankNode("dataset")
    default = ox.BlankNode("default")
    t = ox.Triple
    triples = [
        t(service, RDF_TYPE, _n(SD + "Service")),
        t(service, _n(SD + "endpoint"), _n(endpoint)),
        t(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        t(service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        t(service, _n(SD + "feature"), _n(SD + "BasicFederatedQuery")),
        t(service, _n(SD + "defaultEntailmentRegime"),
          _n("http://www.w3.org/ns/entailment/Simple")),
        t(service, _n(DCTERMS + "title"), ox.Literal(TITLE, language="en")),
        t(service, _n(DCTERMS + "title"), ox.Literal(TITLE_AR, language="ar")),
        t(service, _n(DCTERMS + "description"), ox.Literal(DESCRIPTION, language="en")),
        t(service, _n(DCTERMS + "license"), _n(LICENCE_IRI)),
        t(service, RDFS_COMMENT, ox.Literal(DEFAULT_GRAPH_RULE, language="en")),
        t(service, RDFS_COMMENT, ox.Literal(limits.sentence(), language="en")),
        t(service, _n(SD + "defaultDataset"), dataset),
        t(dataset, RDF_TYPE, _n(SD + "Dataset")),
        t(dataset, _n(SD + "defaultGraph"), default),
        t(default, RDF_TYPE, _n(SD + "Graph")),
        t(default, _n(VOID + "triples"), _integer(sum(sizes.values()))),
    ]
    triples += [t(service, _n(SD + "resultFormat"), _n(FORMATS + f)) for f in RESULT_FORMAT_IRIS]
    for index, (name, size) in enumerate(sorted(sizes.items())):
        named, graph = ox.BlankNode(f"named{index}"), ox.BlankNode(f"graph{index}")
        triples += [
            t(dataset, _n(SD + "namedGraph"), named),
            t(named, RDF_TYPE, _n(SD + "NamedGraph")),
            t(named, _n(SD + "name"), _n(name)),
            t(named, _n(SD + "graph"), graph),
            t(graph, RDF_TYPE, _n(SD + "Graph")),
            t(graph, _n(VOID + "triples"), _integer(size)),
        ]
    return triples


def serialise_description(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """Serialise the description with readable prefixes where the format has them."""
    data = ox.serialize(triples, format=fmt, prefixes=SD_PREFIXES)
    assert data is not None  # no output given: the bytes are returned
    return data
