"""The build at corpus scale, full and incremental, beside the curated build as it is at a peer
commit: ``python bench/corpus_build.py [--documents 1000] [--peer main] [--peer-documents 50]``.

Generates the corpus (bench/generate_corpus.py) once into ``--dir``, then runs, each as a user
runs it (a new ``syriakg build`` process, wall time):

1. the full build at corpus scale (an empty build directory: every document compiled);
2. an incremental build after one document changed (one claim's English rendering and one
   relation's predicate), and a check that its store holds the quads of a full build of the same
   inputs (the third run);
3. the peer: ``syriakg build`` of the peer commit (a git worktree with this checkout's virtual
   environment) on the first ``--peer-documents`` documents, its wall time per document, and the
   extrapolation to the whole corpus (the peer's stages grow at least linearly with it).

Prints one table (seconds, and the ratio to the targets: 60 s full, 5 s incremental).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate_corpus import generate  # noqa: E402

SYRIAKG = Path(sys.executable).parent / "syriakg"


def build(root: Path, build_dir: str, env: dict[str, str] | None = None,
          program: list[str] | None = None) -> float:
    """One ``syriakg build`` of the project at ``root``; its wall time."""
    started = time.perf_counter()
    command = [*(program or [str(SYRIAKG)]), "build", "--store", f"{build_dir}/store"]
    subprocess.run(command, cwd=root, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "SYRIAKG_BUILD_DIR": build_dir, **(env or {})})
    return time.perf_counter() - started


def quads(store: Path) -> set[str]:
    s = ox.Store.read_only(str(store))
    return {str(q) for q in s if not isinstance(q.subject, ox.BlankNode)
            and not isinstance(q.object, ox.BlankNode)}


def change_one(root: Path, documents: int) -> None:
    path = root / f"data/statements/c{documents // 2:04d}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("en: and massive destruction of infrastructure",
                        "en: and massive destruction of the infrastructure", 1)
    path.write_text(text.replace("predicate: skg:benefited", "predicate: skg:supports", 1),
                    encoding="utf-8")


def peer_build(commit: str, corpus: Path, documents: int) -> float:
    """The curated build of ``commit`` on the first ``documents`` documents of ``corpus``."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "peer"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            small = Path(tmp) / "corpus"
            for name in ("ontology", "shapes", "data/reference", "data/links"):
                shutil.copytree(corpus / name, small / name)
            for name in ("data/sources", "data/statements"):
                (small / name).mkdir(parents=True)
            stems = sorted(p.stem for p in (corpus / "data/sources").glob("*.yaml"))[:documents]
            for stem in stems:
                shutil.copy(corpus / f"data/sources/{stem}.yaml", small / "data/sources")
                shutil.copy(corpus / f"data/sources/{stem}.ar.txt", small / "data/sources")
                shutil.copy(corpus / f"data/statements/{stem}.yaml", small / "data/statements")
            program = [sys.executable, "-c",
                       "import sys; from syriakg.cli import main; sys.exit(main())"]
            env = {"PYTHONPATH": str(tree / "src")}
            return build(small, str(Path(tmp) / "build"), env, program)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/syriakg-bench/corpus"))
    parser.add_argument("--peer", default="main", help="commit of the curated build to compare")
    parser.add_argument("--peer-documents", type=int, default=50)
    args = parser.parse_args()
    corpus = args.dir / f"corpus-{args.documents}"
    generate(corpus, args.documents)  # deterministic: the same bytes every run
    for name in ("build-a", "build-b"):
        shutil.rmtree(corpus / name, ignore_errors=True)
    full = build(corpus, "build-a")
    change_one(corpus, args.documents)
    incremental = build(corpus, "build-a")
    again = build(corpus, "build-b")  # a full build of the changed corpus
    same = quads(corpus / "build-a/store") == quads(corpus / "build-b/store")
    peer = peer_build(args.peer, corpus, args.peer_documents)
    per_doc = peer / args.peer_documents
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=True).stdout.strip()
    print(f"corpus of {args.documents} documents, commit {commit}, peer {args.peer}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average at the end {os.getloadavg()[0]:.1f}")
    print("| build | wall s | target | result ÷ target |")
    print("|---|---:|---:|---:|")
    print(f"| full, corpus scale | {full:.1f} | 60 | {full / 60:.2f} |")
    print(f"| full again, after the change | {again:.1f} | 60 | {again / 60:.2f} |")
    print(f"| incremental, one document changed | {incremental:.1f} | 5 | {incremental / 5:.2f} |")
    print(f"| peer ({args.peer}), {args.peer_documents} documents | {peer:.1f} | | |")
    print(f"| peer, extrapolated to {args.documents} | {per_doc * args.documents:.0f} | 60 | "
          f"{per_doc * args.documents / 60:.2f} |")
    print(f"incremental store == full store: {same}; full ÷ peer (extrapolated): "
          f"{full / (per_doc * args.documents):.2f}")


if __name__ == "__main__":
    main()
