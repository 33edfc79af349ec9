"""`syriakg ingest`: store a document as the next source and draft its claims for review.

The detectors are small modules (figures, claimant, dates, periods, actors, unbusiness); this
package's entry points are `ingest` (a new document) and `redraft` (a stored one, with newer
detectors). Nothing is written unless every check passed (docs/ingest.md).
"""

from __future__ import annotations

from syriakg.ingest.store import IngestReport, Metadata, ingest, redraft

__all__ = ["IngestReport", "Metadata", "ingest", "redraft"]
