"""The bulk path: large inputs straight into the store, and reasoning and validation inside it.

The curated build (``syriakg.pipeline``) keeps rdflib, owlrl and pyshacl, which are exact but pure
Python. For millions of triples this package does the same work inside Oxigraph:

- ``load``: ``syriakg load`` — files into a fresh store with Oxigraph's bulk loader, swapped in
  atomically;
- ``rules``: the OWL RL rules our ontology needs, as SPARQL updates run to a fixpoint, writing the
  same triples owlrl would into ``graph/inferred``;
- ``shapes``/``compile``/``validate``: shapes/*.ttl compiled to SPARQL queries that return the
  violations pyshacl would report.

``tests/bulk`` proves the last two equal to owlrl and pyshacl on the curated graph.
"""
