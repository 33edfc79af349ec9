"""Score `syriakg ingest`'s figures against the hand-annotated gold (bench/gold/), per language.

A drafted figure is right when its span is exactly the gold quote's and its number, qualifier,
population group, outcome, period and claimant are all the gold's. Scored on the documents
kept out of tuning (bench/corpus/manifest.yaml, `split: held-out`), and on the tuning documents
for comparison. Also: actor mentions linked right (bench/gold/actors.yaml) and the time to draft
a 2,000-word document.

    .venv/bin/python bench/ingest_eval.py [--split held-out|tuning|all] [--misses]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from syriakg.ingest.analyse import analyse
from syriakg.ingest.arabic import fold, fold_text
from syriakg.ingest.drafting import gazetteer_from, records
from syriakg.settings import Settings

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
GOLD = HERE / "gold"
FIELDS = ("value", "qualifier", "group", "outcome", "period", "claimant")


def load_gold(lang: str) -> dict[str, list[dict[str, Any]]]:
    data = yaml.safe_load((GOLD / f"figures.{lang}.yaml").read_text(encoding="utf-8"))
    out = {}
    for name, items in data.items():
        text = (CORPUS / name).read_text(encoding="utf-8")
        for item in items:
            start = -1
            for _ in range(item.get("n", 1)):
                start = text.index(item["quote"], start + 1)
            item["span"] = (start, start + len(item["quote"]))
        out[name] = items
    return out


def norm(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field == "value":
        return round(float(value), 3)
    if field == "group":
        return "+".join(sorted(str(value).split("+")))
    if field in ("period", "claimant"):
        return " ".join(fold_text(str(value)).lower().split())
    return str(value)


def drafted(name: str, lang: str, gz: Any) -> list[dict[str, Any]]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    analysis = analyse(text, lang, gz, None)
    rows = []
    for f in analysis.figures:
        rows.append({
            "span": (f.start, f.end),
            "quote": text[f.start : f.end],
            "value": f.value,
            "qualifier": f.qualifier,
            "group": f.group,
            "outcome": f.outcome,
            "period": text[f.period[0] : f.period[1]] if f.period else None,
            "claimant": f.claimant.label() if f.claimant is not None else None,  # type: ignore[attr-defined]
        })
    return rows


def claimant_match(gold: Any, got: Any) -> bool:
    if gold == got:
        return True
    if gold and got and gold.startswith(("new:", "says:")) and got.startswith(("new:", "says:")):
        g, d = gold.split(":", 1)[1], got.split(":", 1)[1]
        return g in d or d in g
    return False


def score(lang: str, split: str, show: bool) -> tuple[float, float, int, int]:
    manifest = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    names = [d["file"] for d in manifest["documents"]
             if d["lang"] == lang and (split == "all" or d["split"] == split)]
    gold = load_gold(lang)
    gz = gazetteer_from(Settings.load(root=HERE.parent))
    tp = n_gold = n_drafted = 0
    for name in names:
        got = drafted(name, lang, gz)
        n_drafted += len(got)
        by_span = {g["span"]: g for g in got}
        for item in gold.get(name, []):
            n_gold += 1
            d = by_span.get(item["span"])
            wrong = []
            if d is None:
                wrong = ["span"]
            else:
                for field in FIELDS:
                    if field == "claimant":
                        ok = claimant_match(norm(field, item.get(field)), norm(field, d[field]))
                    else:
                        ok = norm(field, item.get(field)) == norm(field, d[field])
                    if not ok:
                        wrong.append(f"{field}: {d[field]!r} ≠ {item.get(field)!r}")
            if not wrong:
                tp += 1
            elif show:
                print(f"  MISS {name} {item['quote']!r}: {'; '.join(wrong)}")
        if show:
            spans = {i["span"] for i in gold.get(name, [])}
            for g in got:
                if g["span"] not in spans:
                    print(f"  EXTRA {name} {g['quote']!r} "
                          f"({g['value']}, {g['group']}, {g['outcome']})")
    precision = tp / n_drafted if n_drafted else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return precision, recall, n_gold, n_drafted


def occurrences(text: str, words: str) -> list[int]:
    """Starts of ``words`` standing as words (not inside a longer word)."""
    return [m.start() for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text)]


def actor_links(show: bool) -> tuple[float, int]:
    """The share of gold actor mentions of the held-out documents linked right."""
    gold = yaml.safe_load((GOLD / "actors.yaml").read_text(encoding="utf-8"))
    manifest = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    langs = {d["file"]: d["lang"] for d in manifest["documents"]}
    gz = gazetteer_from(Settings.load(root=HERE.parent))
    right = total = known_right = known_total = 0
    for name, items in gold.items():
        text = (CORPUS / name).read_text(encoding="utf-8")
        mentions = gz.find(text, fold(text), langs[name])
        for item in items:
            starts = occurrences(text, item["text"])
            chosen = starts if item.get("all") else [starts[item.get("n", 1) - 1]]
            for start in chosen:
                end = start + len(item["text"])
                total += 1
                found = [m for m in mentions if m.start < end and start < m.end]
                ok = any(
                    (m.key is None) if item["ref"] == "new"
                    else (m.key or "").split(":", 1)[-1] == item["ref"]
                    for m in found
                )
                right += ok
                if item["ref"] != "new":
                    known_total += 1
                    known_right += ok
                if show and not ok:
                    got = ", ".join(f"{m.text!r}→{m.key or 'new'}" for m in found) or "nothing"
                    print(f"  ACTOR MISS {name} {item['text']!r} ({item['ref']}): {got}")
    if known_total:
        print(f"  of them, actors of the reference layer: {known_right}/{known_total} linked right;"
              f" names it lacks: {right - known_right}/{total - known_total} proposed as new")
    return (right / total if total else 0.0), total


def drafting_time(lang: str, words: int = 2000, runs: int = 5) -> tuple[float, int]:
    """Seconds to draft a document of ``words`` words (real corpus text, concatenated), the
    reference layer read included; the median of ``runs``."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob(f"*.{lang}.txt"))]
    parts: list[str] = []
    while sum(len(t.split()) for t in parts) < words:
        parts.append(texts[len(parts) % len(texts)])
    document = "\n\n".join(parts)
    settings = Settings.load(root=HERE.parent)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        gz = gazetteer_from(settings)
        records(analyse(document, lang, gz, None), gz, None)
        times.append(time.perf_counter() - start)
    return sorted(times)[runs // 2], len(document.split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--split", default="test", choices=["test", "held-out", "tuning", "all"]
    )
    parser.add_argument("--misses", action="store_true", help="list every miss and extra draft")
    args = parser.parse_args()
    for lang in ("ar", "en"):
        if args.misses:
            print(f"[{lang}]")
        p, r, g, d = score(lang, args.split, args.misses)
        print(f"{lang} {args.split}: precision {p:.2f}  recall {r:.2f}  ({g} gold, {d} drafted)")
    accuracy, n = actor_links(args.misses)
    print(f"actor mentions linked right (held-out): {accuracy:.2f} of {n}")
    for lang in ("ar", "en"):
        seconds, words = drafting_time(lang)
        print(f"drafting a {words}-word {lang} document: {seconds:.2f} s (median of 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
