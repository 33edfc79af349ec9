"""Stage 2d: "a source says", plain triples beside the claims, in a graph per source.

A relation claim is reified (``rdf:subject``/``rdf:predicate``/``rdf:object``), so that nothing
a source says becomes the graph's own assertion; that makes the commonest question, "whom did the
government bring in?", a pattern of four triples and a label filter. In the spirit of Wikidata's
direct ``wdt:`` properties beside its full statements, each relation a source states is also one
plain triple ``?s says:broughtIn ?o``: its property belongs to the ``says:`` family (never the
ontology's own ``skg:broughtIn``, which stays inside claims), and it sits in the named graph of the
source that states it (``graph/says-<document>``, whose ``dcterms:source`` is the document), one
triple per subject, property and object, so that ``GRAPH ?g`` keeps the attribution. The family
is declared in ``graph/says``: each property with its labels and ``skg:shortcutOf`` the ontology's
property (an annotation, so no reasoner derives the relation from it). Everything here is derived
from the claims at build time (docs/modelling.md, "A source says").
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from syriakg.namespaces import BASE, ID_BASE, SAYS, SKG, graph_iri
from syriakg.pipeline.ontology_index import OntologyIndex

VOCABULARY = URIRef(BASE + "says")
DECLARATIONS = "says"


def graph_of(document: URIRef) -> URIRef:
    """The graph that holds what ``document`` says as plain triples.

    >>> str(graph_of(URIRef("https://w3id.org/syria-kg/id/doc/d0001")))
    'https://w3id.org/syria-kg/graph/says-d0001'
    """
    return graph_iri("says-" + str(document).removeprefix(ID_BASE + "doc/"))


def shortcut(predicate: URIRef) -> URIRef:
    """The ``says:`` property for an ontology property: ``skg:broughtIn`` -> ``says:broughtIn``."""
    return SAYS[str(predicate).removeprefix(str(SKG))]


def build(graphs: dict[str, Graph], ontology: Graph, index: OntologyIndex) -> dict[str, Graph]:
    """The shortcut graphs of every source with relation claims, and the family's declarations."""
    out: dict[str, Graph] = {}
    used: set[URIRef] = set()
    for graph in graphs.values():
        for claim in graph.subjects(RDF.type, SKG.RelationClaim):
            document = graph.value(claim, SKG.statedIn)
            subject, predicate = graph.value(claim, RDF.subject), graph.value(claim, RDF.predicate)
            if not (isinstance(document, URIRef) and isinstance(predicate, URIRef) and subject):
                continue  # a malformed claim is the shapes' to report, not this stage's
            target = out.setdefault(str(graph_of(document)), Graph())
            for obj in graph.objects(claim, RDF.object):
                target.add((subject, shortcut(predicate), obj))
            used.add(predicate)
    declarations = Graph()
    for name in out:
        source = URIRef(ID_BASE + "doc/" + name.rsplit("/says-", 1)[1])
        declarations.add((URIRef(name), DCTERMS.source, source))
        declarations.add((URIRef(name), RDFS.label,
                          Literal(f"What {source.rsplit('/', 1)[-1]} says, as plain triples",
                                  lang="en")))
    for predicate in sorted(used):
        declare(declarations, predicate, ontology, index)
    if out:
        out[str(graph_iri(DECLARATIONS))] = declarations
    return out


def declare(g: Graph, predicate: URIRef, ontology: Graph, index: OntologyIndex) -> None:
    """A ``says:`` property: its kind, labels "<label> (a source says)" and what it shortcuts."""
    prop = shortcut(predicate)
    kind = OWL.DatatypeProperty if predicate in index.datatype_properties else OWL.ObjectProperty
    g.add((prop, RDF.type, kind))
    g.add((prop, SKG.shortcutOf, predicate))
    g.add((prop, RDFS.isDefinedBy, VOCABULARY))
    suffix = {"en": "a source says", "ar": "بحسب مصدر"}
    for label in ontology.objects(predicate, RDFS.label):
        if isinstance(label, Literal) and label.language in suffix:
            g.add((prop, RDFS.label,
                   Literal(f"{label} ({suffix[label.language]})", lang=label.language)))
    g.add((prop, SKOS.definition, Literal(
        f"A source states the relation {predicate.removeprefix(str(SKG))} between subject and "
        "object: the plain triple of its relation claim, in the named graph of that source "
        "(graph/says-<document>). Not an assertion of the graph; the claim, with its quote, "
        "is in the source's own graph.", lang="en")))
