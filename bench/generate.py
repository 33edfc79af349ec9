"""Deterministic conflict-shaped data on our ontology, for the loading and reasoning benchmarks.

    python bench/generate.py --triples 1000000 -o /tmp/gen-1m.nq [--seed 7] [--violations 40]

Writes N-Quads (gzip when the name ends in .gz): one reference graph (actors with Arabic and
English labels, places in a skg:locatedIn hierarchy, UN Security Council memberships) and one
graph per generated source document (its text, claims with evidence spans whose quotes match the
text, reported figures, events, UN vote events with votes and vetoes, time descriptions). The
same seed and size always give the same bytes.

The data conforms to shapes/*.ttl, so validation at scale has real work to do. ``--violations K``
breaks K documents in K known ways and writes ``<output>.expected.json`` with the (focus node,
shape) pairs a validator must report; the bulk tests use it to prove the scalable validator finds
them.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import TextIO

from conflict_data import GRAPH, PERMANENT, SKGSH, WORDS_AR, A, Quad, World, iri, lit, node, term


class Writer:
    """Collects quads of one graph and writes them as N-Quads lines, counting them."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def graph(self, quads: list[Quad]) -> None:
        self.out.write("".join(f"{s} {p} {o} {g} .\n" for s, p, o, g in quads))
        self.count += len(quads)


class Generator(World):
    """A World that writes documents about itself, some broken on purpose."""

    def __init__(self, seed: int, triples: int) -> None:
        super().__init__(seed, triples)
        self.expected: list[tuple[str, str]] = []

    def sentence(self, number: int | None = None) -> str:
        words = self.rng.sample(WORDS_AR, 7)
        if number is not None:
            words.insert(3, str(number))
        return " ".join(words) + "."

    def document(self, k: int, broken: int | None) -> list[Quad]:
        key = f"g{k:07d}"
        g = iri(GRAPH + key)
        doc, text_iri, run = node("doc", key), node("text", key), node("run", f"{key}-curation")
        contents = [
            self.casualty,
            self.share,
            self.attack,
            self.veto,
            self.relation,
            self.displacement,
        ]
        picked = [self.rng.choice(contents) for _ in range(self.rng.randint(4, 8))]
        need = self.BREAKS[broken % len(self.BREAKS)][0] if broken is not None else None
        if need is not None:
            picked[0] = getattr(self, need)
        sentences = [self.sentence(self.rng.randint(2, 900)) for _ in picked]
        text = " ".join(sentences)
        quads: list[Quad] = [
            (doc, A, term("skg:SourceDocument"), g),
            (doc, A, term("schema:Article"), g),
            (doc, term("rdfs:label"), lit(f"generated document {key}", "en"), g),
            (doc, term("dcterms:language"), lit("ar"), g),
            (doc, term("schema:datePublished"), lit(self.date()[:7], dtype="xsd:gYearMonth"), g),
            (doc, term("skg:hasText"), text_iri, g),
            (doc, term("skg:perspective"), term("skg:Independent"), g),
            (text_iri, A, term("nif:Context"), g),
            (text_iri, term("nif:isString"), lit(text, "ar"), g),
            (text_iri, term("skg:normalisation"), lit("NFC"), g),
            (
                text_iri,
                term("skg:textSha256"),
                lit(hashlib.sha256(text.encode("utf-8")).hexdigest()),
                g,
            ),
            (run, A, term("prov:Activity"), g),
            (run, term("prov:wasAssociatedWith"), node("agent", "gen-curators"), g),
        ]
        start = 0
        for i, (content, quote) in enumerate(zip(picked, sentences, strict=True)):
            claim_key = f"{key}-c{i}"
            claim = node("claim", claim_key)
            span = self.span(quads, g, key, text_iri, text, start, start + len(quote))
            start += len(quote) + 1
            cls, triples = content(claim, claim_key)
            quads += [
                (claim, A, term(cls), g),
                (claim, term("skg:statedIn"), doc, g),
                (claim, term("skg:hasEvidence"), span, g),
                (claim, term("prov:wasGeneratedBy"), run, g),
                (claim, term("skg:attitude"), term("skg:Asserts"), g),
                (claim, term("skg:quoteTranslation"), lit(f"generated quote {claim_key}", "en"), g),
                (claim, term("rdfs:label"), lit(f"claim {claim_key}", "en"), g),
            ]
            quads += [(s, p, o, g) for s, p, o in triples]
        return self.break_document(broken, key, g, quads) if broken is not None else quads

    def span(
        self, quads: list[Quad], g: str, key: str, text_iri: str, text: str, start: int, end: int
    ) -> str:
        span = node("span", f"{key}-{start}-{end}")
        pos, quote = (
            node("span", f"{key}-{start}-{end}-position"),
            node("span", f"{key}-{start}-{end}-quote"),
        )
        quads += [
            (span, A, term("oa:SpecificResource"), g),
            (span, term("oa:hasSource"), text_iri, g),
            (span, term("oa:hasSelector"), pos, g),
            (span, term("oa:hasSelector"), quote, g),
            (pos, A, term("oa:TextPositionSelector"), g),
            (pos, term("oa:start"), lit(str(start), dtype="xsd:nonNegativeInteger"), g),
            (pos, term("oa:end"), lit(str(end), dtype="xsd:nonNegativeInteger"), g),
            (quote, A, term("oa:TextQuoteSelector"), g),
            (quote, term("oa:exact"), lit(text[start:end]), g),
            (quote, term("oa:prefix"), lit(text[max(0, start - 32) : start]), g),
            (quote, term("oa:suffix"), lit(text[end : end + 32]), g),
        ]
        return span

    # ------------------------------------------------------------------ controlled violations

    # Each way of breaking a document: the claim content it needs first (None: any) and the shape
    # that must then report it.
    BREAKS: list[tuple[str | None, str]] = [
        (None, "ClaimSourceShape"),
        (None, "SpanTextShape"),
        (None, "TextHashMatchShape"),
        (None, "ClaimAttitudeShape"),
        (None, "ClaimTranslationShape"),
        ("veto", "VetoPermanentMemberShape"),
        ("casualty", "CasualtyOutcomeShape"),
        ("casualty", "IntervalOrderShape"),
        ("share", "FigurePercentShape"),
    ]

    def break_document(self, n: int, key: str, g: str, quads: list[Quad]) -> list[Quad]:
        """Break the document in the n-th known way and record what a validator must report."""
        claim, other, fig = (
            node("claim", f"{key}-c0"),
            node("claim", f"{key}-c1"),
            node("figure", f"{key}-c0"),
        )
        shape = self.BREAKS[n % len(self.BREAKS)][1]
        focus = claim

        def drop(subject: str, predicate: str) -> list[Quad]:
            return [q for q in quads if not (q[0] == subject and q[1] == term(predicate))]

        def replace(predicate: str, value: str, subject: str | None = None) -> list[Quad]:
            return [
                (q[0], q[1], value, q[3])
                if q[1] == term(predicate) and subject in (None, q[0])
                else q
                for q in quads
            ]

        if shape == "ClaimSourceShape":  # the claim loses its source document
            quads = drop(claim, "skg:statedIn")
        elif shape == "SpanTextShape":  # the quote no longer matches the text at its offsets
            selector, exact = next((q[0], q[2]) for q in quads if q[1] == term("oa:exact"))
            quads = replace("oa:exact", lit("X" + exact[2:-1]), selector)
            focus = next(q[0] for q in quads if q[1] == term("oa:hasSelector") and q[2] == selector)
        elif shape == "TextHashMatchShape":  # the text changed after its checksum was taken
            quads, focus = replace("skg:textSha256", lit("0" * 64)), node("text", key)
        elif shape == "ClaimAttitudeShape":  # two attitudes for one claim
            quads.append((claim, term("skg:attitude"), term("skg:Reports"), g))
        elif shape == "ClaimTranslationShape":  # the English translation is missing
            quads, focus = drop(other, "skg:quoteTranslation"), other
        elif shape == "VetoPermanentMemberShape":  # an elected member cannot veto
            focus = node("vote", f"{key}-c0-v0")
            quads = replace("skg:voter", self.actors["state"][len(PERMANENT)], focus)
        elif shape == "CasualtyOutcomeShape":  # what happened to the people counted is missing
            quads, focus = drop(fig, "skg:outcome"), fig
        elif shape == "IntervalOrderShape":  # the period ends before it begins
            focus = node("time", f"{key}-c0-period")
            quads = replace(
                "time:inXSDDate", lit("2001-01-01", dtype="xsd:date"), focus[:-1] + "-e>"
            )
        else:  # a share of territory above 100 %
            quads, focus = replace("skg:numericValue", lit("140", dtype="xsd:decimal"), fig), fig
        self.expect(focus, shape)
        return quads

    def expect(self, focus: str, shape: str) -> None:
        self.expected.append((focus[1:-1], SKGSH + shape))

    # ------------------------------------------------------------------ the whole file

    def run(self, writer: Writer, violations: int) -> None:
        writer.graph(self.reference())
        per_doc = 190  # measured average; only used to spread the broken documents evenly
        docs = max(1, (self.target - writer.count) // per_doc)
        every = max(1, docs // violations) if violations else 0
        broken = 0
        k = 0
        while writer.count < self.target:
            which = None
            if violations and broken < violations and k % every == every // 2:
                which, broken = broken, broken + 1
            writer.graph(self.document(k, which))
            k += 1


def open_output(path: Path) -> TextIO:
    if path.suffix == ".gz":
        return gzip.open(path, "wt", encoding="utf-8", compresslevel=3)
    return path.open("w", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="about how many triples")
    parser.add_argument("-o", "--output", type=Path, required=True, help=".nq or .nq.gz file")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--violations",
        type=int,
        default=0,
        help="documents to break in known ways (listed in OUTPUT.expected.json)",
    )
    args = parser.parse_args(argv)
    gen = Generator(args.seed, args.triples)
    with open_output(args.output) as out:
        writer = Writer(out)
        gen.run(writer, args.violations)
    if args.violations:
        expected = {"triples": writer.count, "violations": sorted(gen.expected)}
        Path(f"{args.output}.expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"{writer.count} triples -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
