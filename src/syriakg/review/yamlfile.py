"""Round-trip YAML: read a curated file and write it back with its comments, order and style.

A decision changes a few lines of a statements file; the rest stays byte for byte as it was, so
that its diff under version control shows only the decision (docs/review.md).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from syriakg.errors import SourceError


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long quote onto new lines
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.allow_unicode = True
    return yaml


def read(path: Path) -> Any:
    """The file's data as ruamel's commented mappings and lists.

    :raises SourceError: naming the file and line when it is missing or not valid YAML.
    """
    try:
        with path.open(encoding="utf-8") as fh:
            return _yaml().load(fh)
    except FileNotFoundError as exc:
        raise SourceError(path, "the file does not exist") from exc
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise SourceError(
            path, f"not valid YAML: {exc.problem}", line=mark.line + 1 if mark else None
        ) from exc
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def write(path: Path, data: Any) -> None:
    """Write ``data`` to ``path`` in one rename: a reader sees the old file or the new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            _yaml().dump(data, fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dumps(data: Any) -> str:
    """A YAML fragment as text (the content of a claim, for the reviewer to edit)."""
    import io

    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def loads(text: str) -> Any:
    """Parse a YAML fragment typed by the reviewer.

    :raises ValueError: saying where the fragment is not valid YAML.
    """
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" on line {mark.line + 1}" if mark else ""
        raise ValueError(f"the content is not valid YAML{where}: {exc.problem}") from exc
