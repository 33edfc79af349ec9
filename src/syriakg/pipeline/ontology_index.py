"""What the ontology declares, indexed for reading the statements files.

The statements files name ontology terms directly (``populationGroup: skg:Civilians``), so the
ontology is the single list of what a curator may write; its ranges decide how values are read.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef

from syriakg.namespaces import SKG, TIME

TIME_RANGES = {TIME.TemporalEntity, TIME.Instant, TIME.ProperInterval}


@dataclass
class OntologyIndex:
    classes: set[URIRef] = field(default_factory=set)
    object_properties: set[URIRef] = field(default_factory=set)
    datatype_properties: dict[URIRef, URIRef] = field(default_factory=dict)
    ranges: dict[URIRef, URIRef] = field(default_factory=dict)
    terms: set[URIRef] = field(default_factory=set)
    superclasses: dict[URIRef, set[URIRef]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph) -> OntologyIndex:
        index = cls()
        for s in graph.subjects():
            if isinstance(s, URIRef) and str(s).startswith(str(SKG)):
                index.terms.add(s)
        for c in graph.subjects(RDF.type, OWL.Class):
            if isinstance(c, URIRef):
                index.classes.add(c)
        for p in graph.subjects(RDF.type, OWL.ObjectProperty):
            if isinstance(p, URIRef):
                index.object_properties.add(p)
        for p in graph.subjects(RDF.type, OWL.DatatypeProperty):
            if isinstance(p, URIRef):
                rng = graph.value(p, RDFS.range)
                index.datatype_properties[p] = rng if isinstance(rng, URIRef) else XSD.string
        for p, r in graph.subject_objects(RDFS.range):
            if isinstance(p, URIRef) and isinstance(r, URIRef):
                index.ranges[p] = r
        for c in index.classes:
            index.superclasses[c] = {
                x for x in graph.transitive_objects(c, RDFS.subClassOf) if isinstance(x, URIRef)
            }
        return index

    def is_time_property(self, prop: URIRef) -> bool:
        return self.ranges.get(prop) in TIME_RANGES

    def is_subclass(self, cls: URIRef, ancestor: URIRef) -> bool:
        return ancestor in self.superclasses.get(cls, {cls})

    def suggest(self, name: str, pool: set[URIRef]) -> str:
        """A 'did you mean' hint from the local names in ``pool``."""
        names = sorted(str(t).removeprefix(str(SKG)) for t in pool if str(t).startswith(str(SKG)))
        close = difflib.get_close_matches(name, names, n=3)
        return f" Did you mean {', '.join(close)}?" if close else ""
