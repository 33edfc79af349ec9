"""Reviewing drafted claims and retracting documents: the curators' side of the data files.

``syriakg review`` (app.py) is a local page, bound to 127.0.0.1 only and never part of the
public server, where a person accepts, corrects or rejects the drafts of
``data/statements/<doc>.yaml`` or adds a claim the detectors missed; ``decisions.py`` writes each
decision back to the YAML (yamlfile.py keeps its comments and order). ``syriakg retract``
(retract.py) marks a document withdrawn, so that the next build leaves its graph out.
See docs/review.md.
"""
