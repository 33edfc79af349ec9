"""Namespaces and the one place where data IRIs are minted.

Data IRIs are ``https://w3id.org/syria-kg/id/<segment>/<key>`` with ASCII keys, so that tools
never have to percent-encode them; Arabic goes into labels, never into IRIs.
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/syria-kg/"
ID_BASE = BASE + "id/"

SKG = Namespace(BASE + "ontology#")
# "A source says": the plain-triple shortcut of each relation a source states (docs/modelling.md).
SAYS = Namespace(BASE + "says#")
SKGSH = Namespace(BASE + "shapes#")
GRAPH = Namespace(BASE + "graph/")

PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
# schema.org is used with http:// everywhere (as Wikidata and ClaimsKG do); rdflib's SDO is https://.
SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
UNIT = Namespace("http://qudt.org/vocab/unit/")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
VANN = Namespace("http://purl.org/vocab/vann/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")

# One prefix per IRI type segment: Turtle prefixed names cannot contain "/".
SEGMENTS = (
    "doc",
    "text",
    "claim",
    "figure",
    "span",
    "actor",
    "place",
    "event",
    "vote",
    "draft",
    "time",
    "membership",
    "run",
    "agent",
    "assessment",
    "concept",
    # UN records (pipeline/records.py): adopted resolutions and the authorisations they give.
    "resolution",
    "authorisation",
    # Link records (pipeline/links.py): one per entity and external dataset.
    "link",
    # Content the curators inferred rather than read (pipeline/claims.py).
    "inference",
)
# Prefixes that would clash with a vocabulary (time: is OWL-Time) get another name.
SEGMENT_PREFIX = {"figure": "fig", "time": "when"}

PREFIXES: dict[str, str] = {
    "skg": str(SKG),
    "says": str(SAYS),
    "skgsh": str(SKGSH),
    "prov": str(PROV),
    "oa": str(OA),
    "nif": str(NIF),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "org": str(ORG),
    "time": str(TIME),
    "unit": str(UNIT),
    "opengov": str(OPENGOV),
    "vann": str(VANN),
    "geo": str(GEO),
    "wgs": str(WGS),
    "wd": str(WD),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
for _segment in SEGMENTS:
    PREFIXES[SEGMENT_PREFIX.get(_segment, _segment)] = f"{ID_BASE}{_segment}/"
# For compact(): longest namespace first, dict order among equals (a stable sort keeps it).
_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def mint(segment: str, *parts: str | int) -> URIRef:
    """Mint the IRI of a data resource from its type segment and key parts.

    >>> mint("claim", "d0001", "toll-total")
    rdflib.term.URIRef('https://w3id.org/syria-kg/id/claim/d0001-toll-total')
    >>> mint("span", "d0001", 12, 40)
    rdflib.term.URIRef('https://w3id.org/syria-kg/id/span/d0001-12-40')
    """
    if segment not in SEGMENTS:
        raise ValueError(f"unknown IRI segment {segment!r}; known: {', '.join(SEGMENTS)}")
    key = "-".join(str(p) for p in parts)
    if not _KEY.match(key):
        raise ValueError(f"IRI key {key!r} must be lower-case ASCII letters, digits and hyphens")
    return URIRef(f"{ID_BASE}{segment}/{key}")


def graph_iri(name: str) -> URIRef:
    """The named graph that holds one source, the ontology or the inferences.

    >>> graph_iri("d0001")
    rdflib.term.URIRef('https://w3id.org/syria-kg/graph/d0001')
    """
    return GRAPH[name]


def expand(curie: str) -> URIRef:
    """Expand a prefixed name such as ``actor:russia`` or ``skg:Killed``.

    >>> expand("skg:Killed")
    rdflib.term.URIRef('https://w3id.org/syria-kg/ontology#Killed')
    """
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES:
        raise ValueError(f"{curie!r} is not a prefixed name with a known prefix")
    return URIRef(PREFIXES[prefix] + local)


def compact(iri: str) -> str:
    """The shortest prefixed name for ``iri``, or ``<iri>`` when no prefix fits.

    >>> compact("https://w3id.org/syria-kg/id/actor/russia")
    'actor:russia'
    """
    for prefix, namespace in _LONGEST_FIRST:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"
