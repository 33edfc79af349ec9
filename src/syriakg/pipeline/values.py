"""Typed literals from what a curator wrote, checked against the property's declared range."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import XSD, Literal, URIRef

_DURATION = re.compile(
    r"^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_FORMS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
)


def typed_literal(value: Any, datatype: URIRef) -> Literal:
    """A literal of ``datatype``; raises ValueError with a message a curator can act on.

    >>> typed_literal("P2Y", XSD.duration)
    rdflib.term.Literal('P2Y', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#duration'))
    >>> typed_literal("two", XSD.decimal)
    Traceback (most recent call last):
    ...
    ValueError: must be a number, not 'two'
    """
    text = str(value)
    if datatype == XSD.decimal:
        try:
            return Literal(Decimal(text), datatype=XSD.decimal)
        except InvalidOperation as exc:
            raise ValueError(f"must be a number, not {text!r}") from exc
    if datatype == XSD.duration and not _DURATION.match(text):
        raise ValueError(f"must be an ISO 8601 duration such as P1Y or P2Y6M, not {text!r}")
    if datatype == XSD.date and not _DATE.match(text):
        raise ValueError(f"must be a date YYYY-MM-DD, not {text!r}")
    if datatype == XSD.boolean:
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, not {text!r}")
        return Literal(value, datatype=XSD.boolean)
    return Literal(text, datatype=None if datatype == XSD.string else datatype)


def date_literal(value: Any) -> Literal:
    """A year, year-month or date, typed as gYear, gYearMonth or date."""
    text = str(value)
    for pattern, datatype in DATE_FORMS:
        if pattern.match(text):
            return Literal(text, datatype=datatype)
    raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
