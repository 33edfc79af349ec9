"""What a remote store's answers need before pyoxigraph reads them (Virtuoso 7.2.5).

Its blank node labels (``nodeID://b10000``) are not valid labels, and it keeps a duration as a
number, months (an integer) or seconds (a decimal), giving it back under the duration datatype:
"24"^^xsd:duration for P2Y, "86400.0" for P1D.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

_XML_BNODE = re.compile(rb"<bnode>([^<]*)</bnode>")
_LABEL = re.compile(rb"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def bnode_label(label: bytes) -> bytes:
    """A valid blank node label for a store's label (Virtuoso: ``nodeID://b10000`` -> b10000).

    >>> bnode_label(b"nodeID://b10000"), bnode_label(b"b0"), bnode_label(b"a:b")
    (b'b10000', b'b0', b'x613a62')
    """
    if label.startswith(b"nodeID://"):
        label = label[len(b"nodeID://"):]
    return label if _LABEL.fullmatch(label) else b"x" + label.hex().encode("ascii")


# Virtuoso keeps a duration as a number, months (an integer) or seconds (a decimal), and gives
# it back as such under the duration datatype: "24"^^xsd:duration for P2Y, "86400.0" for P1D.
_DURATIONS = rb"http://www\.w3\.org/2001/XMLSchema#(?:duration|yearMonthDuration|dayTimeDuration)"
_NUMBER = rb"-?[0-9]+(?:\.[0-9]*)?"
_XML_DURATION = re.compile(rb'(<literal datatype="(' + _DURATIONS + rb')">)(' + _NUMBER + rb")<")
_NT_DURATION = re.compile(rb'"(' + _NUMBER + rb')"\^\^<(' + _DURATIONS + rb")>")


def duration(number: bytes) -> bytes:
    """The canonical xsd:duration for Virtuoso's number: months if whole, seconds if decimal.

    >>> duration(b"24"), duration(b"18"), duration(b"86400.0"), duration(b"0.0")
    (b'P2Y', b'P1Y6M', b'P1D', b'PT0S')
    >>> duration(b"-90061.5")
    b'-P1DT1H1M1.5S'
    """
    sign, digits = ("-", number[1:]) if number.startswith(b"-") else ("", number)
    if b"." not in digits:
        years, months = divmod(int(digits), 12)
        text = (f"{years}Y" if years else "") + (f"{months}M" if months else "")
        return f"{sign}P{text}".encode("ascii") if text else b"PT0S"
    days, rest = divmod(Decimal(digits.decode("ascii")), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = "".join(f"{int(v)}{u}" for v, u in ((hours, "H"), (minutes, "M")) if v)
    if seconds:
        clock += f"{seconds.normalize():f}S"
    text = (f"{int(days)}D" if days else "") + (f"T{clock}" if clock else "")
    return f"{sign}P{text}".encode("ascii") if text else b"PT0S"


def repaired_xml(body: bytes) -> bytes:
    """SPARQL XML results with blank node labels and durations a results parser accepts."""
    body = _XML_BNODE.sub(lambda m: b"<bnode>" + bnode_label(m[1]) + b"</bnode>", body)
    return _XML_DURATION.sub(lambda m: m[1] + duration(m[3]) + b"<", body)


def repaired_ntriples(body: bytes) -> bytes:
    """N-Triples with Virtuoso's numbers under a duration datatype written as durations."""
    return _NT_DURATION.sub(lambda m: b'"' + duration(m[1]) + b'"^^<' + m[2] + b">", body)


def repaired_json(body: bytes) -> bytes:
    """SPARQL JSON results with blank node labels and durations a results parser accepts."""
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = bnode_label(term["value"].encode("utf-8")).decode("ascii")
            elif re.fullmatch(_DURATIONS.decode(), term.get("datatype", "")) and re.fullmatch(
                _NUMBER.decode(), term.get("value", "")
            ):
                term["value"] = duration(term["value"].encode("ascii")).decode("ascii")
    return json.dumps(data).encode("utf-8")
