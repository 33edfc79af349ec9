"""The pages room: what the linked-data web sees of the graph.

A page for every IRI (resources, describe), negotiated to HTML or RDF (ldformats), the ontology's
documentation (ontology_docs), search (search), dumps (dumps) and the VoID description (void).
Every read goes through lookup, which sends query jobs to the worker's executor.
"""
