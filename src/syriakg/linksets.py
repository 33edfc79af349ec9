"""The external datasets the graph links to: Wikidata, DBpedia and GeoNames.

The build checks each link against its dataset's IRI pattern (pipeline.links), and the VoID
description counts the links per dataset (web.pages.void): both read this one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from syriakg.namespaces import BASE


@dataclass(frozen=True)
class Dataset:
    """An external dataset we link to: its key, name, IRI pattern and VoID description IRI."""

    key: str
    title: str
    pattern: re.Pattern[str]
    uri_space: str
    homepage: str

    @property
    def iri(self) -> URIRef:
        return URIRef(f"{BASE}void#{self.key}")


# The IRI forms consumers expect: Wikidata's concept IRIs and GeoNames' "RDF resource" form are
# http://, as Wikidata's own formatters (P1566) and the DBpedia dumps write them.
DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        Dataset("wikidata", "Wikidata", re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9]\d*$"),
                "http://www.wikidata.org/entity/", "https://www.wikidata.org/"),
        Dataset("dbpedia", "DBpedia", re.compile(r"^http://dbpedia\.org/resource/[^\s<>\"{}|\\^`]+$"),
                "http://dbpedia.org/resource/", "https://www.dbpedia.org/"),
        Dataset("geonames", "GeoNames", re.compile(r"^http://sws\.geonames\.org/[1-9]\d*/$"),
                "http://sws.geonames.org/", "https://www.geonames.org/"),
    )
}
