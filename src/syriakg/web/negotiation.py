"""Content negotiation: the one table of formats, and the one Accept parser.

Clients break on endpoints that answer in an unexpected format, so the rules
are explicit: a ``format=`` (or ``output=``) parameter wins; otherwise the ``Accept`` header is
parsed with q-values and specificity; with no ``Accept`` header SELECT/ASK get SPARQL JSON and
CONSTRUCT/DESCRIBE get Turtle — never HTML. HTML is only chosen when a client names it
explicitly (a browser), never through ``*/*``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

HTML = "text/html"


@dataclass(frozen=True)
class Format:
    """One serialisation: its ``format=`` names, media types (canonical first), and kind."""

    name: str
    kind: str  # "results" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE)
    media_types: tuple[str, ...]
    names: tuple[str, ...]
    text: bool = False  # a text/* type that gets "; charset=utf-8"

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.text else "")


# Server preference order: the first entry of each table is the default for its kind.
RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "results", ("application/sparql-results+json", "application/json"),
           ("json", "srj")),
    Format("xml", "results",
           ("application/sparql-results+xml", "application/xml", "text/xml"), ("xml", "srx")),
    Format("csv", "results", ("text/csv",), ("csv",), text=True),
    Format("tsv", "results", ("text/tab-separated-values",), ("tsv",), text=True),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    # SPARQLWrapper asks for N3 as `format=n3`: Turtle is N3.
    Format("turtle", "graph", ("text/turtle", "application/x-turtle"), ("turtle", "ttl", "n3"),
           text=True),
    Format("ntriples", "graph", ("application/n-triples", "text/plain"),
           ("ntriples", "nt", "n-triples"), text=True),
    Format("rdfxml", "graph", ("application/rdf+xml", "application/xml", "text/xml"),
           ("rdfxml", "rdf", "xml", "rdf+xml")),
    Format("jsonld", "graph", ("application/ld+json", "application/json"),
           ("jsonld", "json-ld", "json")),
    Format("trig", "graph", ("application/trig",), ("trig",)),
    Format("nquads", "graph", ("application/n-quads",), ("nquads", "nq", "n-quads")),
)
FORMATS_BY_NAME: dict[str, Format] = {f.name: f for f in RESULT_FORMATS + GRAPH_FORMATS}


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header."""

    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """3 for an exact match, 2 for ``type/*``, 1 for ``*/*``, 0 when it does not match."""
        main, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == main and self.subtype == "*":
            return 2
        if self.type == main and self.subtype == sub:
            return 3
        return 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; malformed entries are skipped, not fatal.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/csv;q=0.5, application/json")]
    [('text', 'csv', 0.5), ('application', 'json', 1.0)]
    """
    ranges: list[MediaRange] = []
    for part in (header or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        main, slash, sub = media.lower().partition("/")
        if not slash or not main or not sub:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(main, sub, q))
    return ranges


def _quality(ranges: Sequence[MediaRange], media_type: str) -> tuple[float, int]:
    """The q-value the most specific matching range gives ``media_type``, and its specificity."""
    best_spec, best_q = 0, 0.0
    for r in ranges:
        spec = r.specificity(media_type)
        if spec > best_spec or (spec == best_spec and spec and r.q > best_q):
            best_spec, best_q = spec, r.q
    return best_q, best_spec


def choose(header: str | None, offers: Sequence[str], explicit_only: Sequence[str] = ()) -> (
    str | None
):
    """Pick the offered media type the client prefers, or ``None`` if none is acceptable.

    Ties in q are broken by specificity, then by the order of ``offers`` (server preference).
    Types in ``explicit_only`` (HTML) are only chosen when named, not through a wildcard.

    >>> choose("text/csv;q=0.5, */*;q=0.1", ["application/sparql-results+json", "text/csv"])
    'text/csv'
    >>> choose("text/html,*/*;q=0.8", ["text/turtle", "text/html"], explicit_only=["text/html"])
    'text/html'
    >>> choose("*/*", ["text/turtle", "text/html"], explicit_only=["text/html"])
    'text/turtle'
    >>> choose("image/png", ["text/turtle"]) is None
    True
    """
    if not header or not header.strip():
        return offers[0] if offers else None
    return _choose(header, tuple(offers), tuple(explicit_only))


@lru_cache(maxsize=512)
def _choose(header: str, offers: tuple[str, ...], explicit_only: tuple[str, ...]) -> str | None:
    # Cached: a client sends the same Accept header on every request, and parsing it per
    # request cost more than the rest of the negotiation.
    ranges = parse_accept(header)
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for index, offer in enumerate(offers):
        q, spec = _quality(ranges, offer)
        if offer in explicit_only and spec < 3:
            continue
        if q <= 0:
            continue
        key = (q, spec, -index)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen


def _offers(formats: Sequence[Format]) -> list[str]:
    return [m for f in formats for m in f.media_types]


def _by_media_type(formats: Sequence[Format], media_type: str) -> Format:
    return next(f for f in formats if media_type in f.media_types)


def negotiate(header: str | None, formats: Sequence[Format]) -> Format | None:
    """The format of ``formats`` the Accept header prefers; the first one if there is no header."""
    chosen = choose(header, _offers(formats))
    return None if chosen is None else _by_media_type(formats, chosen)


def by_name(value: str, formats: Sequence[Format]) -> Format | None:
    """Resolve a ``format=`` value: a short name (``csv``) or a media type (``text/csv``)."""
    value = value.strip().lower()
    for f in formats:
        if value in f.names or value in f.media_types:
            return f
    return None


def known_format_names() -> list[str]:
    """Every ``format=`` short name, for error messages."""
    return sorted({n for f in RESULT_FORMATS + GRAPH_FORMATS for n in f.names})


def prefers_html(header: str | None, data_types: Sequence[str]) -> bool:
    """True when the client names HTML and prefers it to every data type we offer (a browser)."""
    return choose(header, [*data_types, HTML], explicit_only=[HTML]) == HTML
