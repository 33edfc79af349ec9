"""A deterministic corpus of curated documents, for the build at corpus scale.

    python bench/generate_corpus.py --documents 1000 -o /tmp/corpus [--seed 7]

Writes a project directory the build reads as it reads this one: ``ontology/``, ``shapes/``,
``data/reference/`` and ``data/links/`` copied from this checkout, the real document d0001, and
``--documents - 1`` generated documents in the curated format (``data/sources/cNNNN.yaml`` with
its text ``cNNNN.ar.txt``, and ``data/statements/cNNNN.yaml``).

A generated document is the real article d0001 as another report of the same kind would tell it:
the same sentences and claims (43, with quotes, spans, figures, events, relations, time
descriptions, curators' inferences and the reference layer's actors and places), with its own
figures (the toll, its breakdown, the shares, the counts), written into the text, the quotes,
the English renderings and the figures' values alike, so that every quote is still found in its
text and every figure still reads as its sentence says. Each builds to about 1,250 triples. The
same seed and count always give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("ontology", "shapes", "data/reference", "data/links")


def _number(value: str) -> re.Pattern[str]:
    """``value`` as a whole number: not part of a longer one (Arabic letters may touch it)."""
    return re.compile(rf"(?<!\d)(?<!\d\.){re.escape(value)}(?!\d|\.\d)")


def variant_numbers(rng: random.Random) -> dict[str, str]:
    """The figures of one report: each number of d0001 that a document may report otherwise."""
    total = rng.randint(12_000, 29_000)
    thousands = rng.randint(12, 30)
    return {
        "20187": str(total),
        "2098": str(rng.randint(900, total // 8)),
        "1317": str(rng.randint(500, total // 10)),
        "71.7": f"{rng.uniform(55, 80):.1f}",
        "190": str(rng.randint(40, 400)),
        # "more than 20 thousand": the words in the text, the bound in the figure
        "20": str(thousands),
        "20000": str(thousands * 1000),
    }


def rewrite(text: str, numbers: dict[str, str], statements: bool) -> str:
    for old, new in numbers.items():
        if old == "20":  # only where it is the thousands of the preliminary toll
            text = text.replace("أكثر 20 ألف", f"أكثر {new} ألف")
            text = text.replace("more than 20 thousand", f"more than {new} thousand")
        elif old == "20000":
            if statements:
                text = re.sub(r"lowerBound: 20000\n", f"lowerBound: {new}\n", text)
        else:
            text = _number(old).sub(new, text)
    return text


def document(
    key: str, number: int, meta: str, text: bytes, statements: str, rng: random.Random
) -> tuple[str, bytes, str]:
    """Metadata, text and statements of one generated document."""
    numbers = variant_numbers(rng)
    new_text = rewrite(text.decode("utf-8"), numbers, statements=False).encode("utf-8")
    new_statements = rewrite(statements, numbers, statements=True)
    new_statements = new_statements.replace("document: d0001", f"document: {key}")
    new_meta = (
        meta.replace("id: d0001", f"id: {key}")
        .replace("file: d0001.ar.txt", f"file: {key}.ar.txt")
        .replace("received_as: russian-intervention-five-years.ar.txt\n", "")
    )
    new_meta = re.sub(r"sha256: [0-9a-f]{64}", f"sha256: {hashlib.sha256(new_text).hexdigest()}",
                      new_meta)
    new_meta = new_meta.replace(
        '[Untitled Arabic article on five years of Russian military intervention in Syria]',
        f'[Generated report {number} on five years of Russian military intervention in Syria]',
    )
    new_meta = new_meta.replace(
        "[مقال عربي بلا عنوان عن خمس سنوات على التدخل العسكري الروسي في سوريا]",
        f"[تقرير مولَّد رقم {number} عن خمس سنوات على التدخل العسكري الروسي في سوريا]",
    )
    return new_meta, new_text, new_statements


def generate(output: Path, documents: int, seed: int = 7) -> list[str]:
    """Write the corpus at ``output`` (replacing what the generator wrote there before);
    return the document ids, d0001 first."""
    for name in COPIED:
        target = output / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(ROOT / name, target)
    sources, statements_dir = output / "data/sources", output / "data/statements"
    for directory in (sources, statements_dir):
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
    meta = (ROOT / "data/sources/d0001.yaml").read_text(encoding="utf-8")
    text = (ROOT / "data/sources/d0001.ar.txt").read_bytes()
    statements = (ROOT / "data/statements/d0001.yaml").read_text(encoding="utf-8")
    shutil.copy(ROOT / "data/sources/d0001.yaml", sources)
    shutil.copy(ROOT / "data/sources/d0001.ar.txt", sources)
    shutil.copy(ROOT / "data/statements/d0001.yaml", statements_dir)
    rng = random.Random(seed)
    ids = ["d0001"]
    for number in range(1, documents):
        key = f"c{number:04d}"
        new_meta, new_text, new_statements = document(key, number, meta, text, statements, rng)
        (sources / f"{key}.yaml").write_text(new_meta, encoding="utf-8")
        (sources / f"{key}.ar.txt").write_bytes(new_text)
        (statements_dir / f"{key}.yaml").write_text(new_statements, encoding="utf-8")
        ids.append(key)
    return ids


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000, help="documents, d0001 included")
    parser.add_argument("-o", "--output", type=Path, required=True, help="project directory")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    ids = generate(args.output, args.documents, args.seed)
    print(f"{len(ids)} documents -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
