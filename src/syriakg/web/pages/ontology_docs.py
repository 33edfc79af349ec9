"""/ontology for people: the documentation page the build made (syriakg.ontodoc).

The build keeps the page beside the store it writes, and the app factory reads it once. A store
given without one (a remote store, a test's) has the page made from its ontology graph on the
first request, in memory: the server writes nothing.
"""

from __future__ import annotations

from rdflib import Graph

from syriakg import ontodoc
from syriakg.namespaces import graph_iri
from syriakg.web.pages.lookup import cached, construct_ntriples, iri, keep
from syriakg.web.state import state


def ontology_ntriples() -> bytes:
    """The ontology graph of the store as N-Triples, lines sorted."""
    graph = iri(str(graph_iri("ontology")))
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
    return b"\n".join(sorted(construct_ntriples(query).splitlines())) + b"\n"


def documentation() -> str:
    """The ontology's documentation page."""
    built = state().ontology_page
    if built:
        return built
    found = cached("ontology-html")
    if isinstance(found, str):
        return found
    made = ontodoc.page(Graph().parse(data=ontology_ntriples(), format="nt"))
    keep("ontology-html", made)
    return made
