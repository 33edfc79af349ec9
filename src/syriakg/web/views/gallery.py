"""The example-query gallery: named ``.rq`` files under ``queries/``, shown on the index page.

Queries are files, grouped by role in folders of queries/; the gallery shows every
``queries/**/*.rq`` whose first comment lines carry ``# title: ...`` (and optionally
``# description: ...``), so adding an example is adding a file. QC checks (``*-violation.rq``)
are left out: they return no rows by design. Files are re-read on each request (there are a
handful and they are small), so an edited example shows up without a restart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Example:
    """One gallery entry."""

    id: str  # path under queries/ without .rq, e.g. "cq/01-vetoes"
    group: str  # the folder under queries/, e.g. "cq"
    title: str
    description: str
    query: str
    file: str  # path relative to the project root, for people who want the source

    def as_json(self) -> dict[str, str]:
        return asdict(self)


def parse_header(text: str) -> dict[str, str]:
    """Read the ``# key: value`` lines at the top of a query file.

    A ``#`` line without a key continues the previous value.

    >>> parse_header("# title: Vetoes\\n# description: Who vetoed\\n#   and when\\nSELECT")
    {'title': 'Vetoes', 'description': 'Who vetoed and when'}
    """
    header: dict[str, str] = {}
    last: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        body = stripped.lstrip("#").strip()
        key, sep, value = body.partition(":")
        if sep and key.strip().isidentifier():
            last = key.strip().lower()
            header[last] = value.strip()
        elif last and body:
            header[last] = f"{header[last]} {body}"
    return header


GROUP_TITLES = {
    "start": "Start here: what the graph says about …",
    "cq": "Competency questions",
    "checks": "Checks against the records",
    "federation": "Federated queries (SERVICE)",
    "graph": "Actor graph extraction",
    "says": "A source says: plain triples, attributed",
    "": "Other examples",
}


def group_title(group: str) -> str:
    """A heading for a folder of examples."""
    return GROUP_TITLES.get(group, group.replace("-", " ").capitalize())


def load_examples(queries_dir: Path, root: Path) -> list[Example]:
    """Every titled example under ``queries_dir``: ``start/`` first, then the competency
    questions, then by path."""
    if not queries_dir.is_dir():
        return []
    examples = []
    # The questions a newcomer starts from, then the competency questions, then the rest.
    paths = sorted(queries_dir.rglob("*.rq"),
                   key=lambda p: (p.parent.name != "start", p.parent.name != "cq", p))
    for path in paths:
        if path.name.endswith("-violation.rq"):
            continue
        text = path.read_text(encoding="utf-8")
        header = parse_header(text)
        if "title" not in header:
            continue
        relative = path.relative_to(queries_dir).with_suffix("")
        try:
            shown = str(path.relative_to(root))
        except ValueError:
            shown = str(path)
        examples.append(
            Example(
                id=relative.as_posix(),
                group=relative.parts[0] if len(relative.parts) > 1 else "",
                title=header["title"],
                description=header.get("description", ""),
                query=text,
                file=shown,
            )
        )
    return examples
