"""Retracting a document: its metadata says so, and the next build leaves it out.

``syriakg retract DOC --reason … --by …`` adds ``retracted: {at, by, reason}`` to
``data/sources/<doc>.yaml`` (comments and order kept). The build's load stage skips a retracted
document with its statements, so its named graph, its says: graph and every assessment of its
claims are gone from the store the build writes, and from a remote store the build pushes to
(the push drops the graphs the previous build had and this one has not). The text and the
statements stay in data/ as the record of what was retracted; deleting the `retracted:` block
brings the document back at the next build (docs/review.md).
"""

from __future__ import annotations

from pathlib import Path

from syriakg.errors import SourceError
from syriakg.review import yamlfile
from syriakg.review.decisions import _flow, now


def retract(root: Path, doc: str, reason: str, by: str) -> Path:
    """Mark ``doc`` retracted; return the metadata file written.

    :raises SourceError: the document has no metadata file, is already retracted, or no reason
        or name is given (nothing is written).
    """
    path = root / "data" / "sources" / f"{doc}.yaml"
    if not path.exists():
        raise SourceError(path, f"no document {doc!r}: its metadata file does not exist")
    meta = yamlfile.read(path)
    if meta.get("retracted"):
        raise SourceError(path, f"document {doc!r} is already retracted "
                                f"({meta['retracted'].get('at', '')})")
    reason, by = " ".join(reason.split()), " ".join(by.split())
    if not reason or not by:
        raise SourceError(path, "a retraction needs --reason (why) and --by (who decides)")
    meta["retracted"] = _flow({"at": now(), "by": by, "reason": reason})
    yamlfile.write(path, meta)
    return path
