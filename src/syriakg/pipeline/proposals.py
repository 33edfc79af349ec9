"""How a reviewed claim came to be: the detector that proposed it and the review that accepted it.

A machine-drafted record keeps ``detector: {name, version, reason}`` when it is reviewed, and the
review app adds ``review: {by, at, decision}``; both are published with the claim
(docs/ingest.md), so that a reader can tell a drafted-then-reviewed claim from a curated one.
"""

from __future__ import annotations

import re
from datetime import datetime

from rdflib import RDF, RDFS, XSD, Literal, URIRef

from syriakg.namespaces import PROV, SKG, mint
from syriakg.pipeline.load import Record
from syriakg.pipeline.mapping import Mapping

DECISIONS = ("accepted", "corrected", "added")


def detector(m: Mapping, record: Record, claim: URIRef) -> None:
    spec = record.get("detector")
    if spec is None:
        return
    if not isinstance(spec, Record) or not spec.get("name") or not spec.get("version"):
        raise m.error(
            record, "detector", "`detector:` needs {name: ..., version: ..., reason: ...}"
        )
    name, version = str(spec["name"]), str(spec["version"])
    key = re.sub(r"[^a-z0-9]+", "-", f"{name} {version}".lower()).strip("-")
    agent = mint("agent", "detector", key)
    g = m.graph
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"{name} detector, version {version}", lang="en")))
    g.add((claim, SKG.proposedBy, agent))
    if spec.get("reason"):
        g.add((claim, SKG.proposalReason, Literal(" ".join(str(spec["reason"]).split()))))


def review(m: Mapping, record: Record, claim: URIRef) -> None:
    spec = record.get("review")
    if spec is None:
        return
    if not isinstance(spec, Record) or not spec.get("by") or not spec.get("at"):
        raise m.error(record, "review", "`review:` needs {by: ..., at: ..., decision: ...}")
    decision = spec.get("decision")
    if decision not in DECISIONS:
        raise m.error(
            spec,
            "decision",
            f"a published claim's review decision is one of {', '.join(DECISIONS)}, "
            f"not {decision!r}",
        )
    try:
        at = datetime.fromisoformat(str(spec["at"]))
    except ValueError as exc:
        raise m.error(spec, "at", f"`at:` must be an ISO 8601 date and time: {exc}") from exc
    g = m.graph
    g.add((claim, SKG.reviewedBy, Literal(str(spec["by"]))))
    g.add((claim, SKG.reviewedAt, Literal(at.isoformat(), datatype=XSD.dateTime)))
    g.add((claim, SKG.reviewDecision, Literal(str(decision))))
