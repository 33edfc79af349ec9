"""The one SPARQL lexer: what the text of a query says before any engine reads it.

Both sides that must know a query's shape without evaluating it use this module: the public
endpoint's guard (web.sparql.guard: updates, SERVICE targets, undeclared prefixes) and the
remote store's client (store.remote: the query form, the prefixes it declares, whether it names
its own dataset). The token pattern follows the SPARQL 1.1 grammar's terminals
(docs/architecture.md, "The query guard"), so a keyword can neither hide in nor be faked by a
comment, a string or an IRI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urljoin

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

# One pass of one compiled pattern. The alternatives are the SPARQL grammar's terminals, tried
# in the order a lexer must: long strings before short ones (which cannot span lines), IRIREF
# (plus the \u escapes the engine accepts in it) before a bare '<', prefixed names whose local
# part does not end with '.' (the engine reads that dot as the end of a triple).
_TOKEN = re.compile(
    r"""(?P<ws>\s+)
    |(?P<comment>\#[^\r\n]*)
    |(?P<lstring>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
    |(?P<string>'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
    |(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    |(?P<var>[?$]\w+)
    |(?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)
    |(?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w\-:%]|\\[_~.\-!$&'()*+,;=/?\#@%]|\.(?=[\w\-.:%\\]))*)
    |(?P<word>[^\W\d]\w*)
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESC = re.compile(r"\\(.)")
_SKIPPED = frozenset({"ws", "comment", "lstring", "string", "lang"})
# The prologue as the grammar writes it: comments, PREFIX and BASE declarations.
_PROLOGUE_ITEM = re.compile(
    r"""\s+|\#[^\r\n]*
    |(?i:PREFIX)\s*(?P<prefix>(?:[^\W\d][\w.-]*)?):\s*<(?P<iri>[^<>"{}|^`\\\x00-\x20]*)>
    |(?i:BASE)\s*<(?P<base>[^<>"{}|^`\\\x00-\x20]*)>""",
    re.VERBOSE,
)
_FIRST_WORD = re.compile(r"[A-Za-z]+")


class Token(NamedTuple):
    kind: str  # WORD, IRI, PNAME, VAR, PUNCT
    value: str  # WORD upper-cased; IRI without brackets, escapes resolved; PNAME unescaped


@dataclass(frozen=True)
class Prologue:
    """The PREFIX and BASE declarations at the head of a query, and where they end."""

    declared: Mapping[str, str] = field(default_factory=dict)  # name: IRI resolved against BASE
    base: str | None = None
    end: int = 0  # the offset of the first character after the prologue


def _unescape_iri(text: str) -> str:
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a query that carry meaning; whitespace, strings and comments are dropped.

    >>> [t.value for t in tokens('SELECT * { SERVICE <http://x/> {} } # SERVICE <y>')]
    ['SELECT', '*', '{', 'SERVICE', 'http://x/', '{', '}', '}']
    """
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in _SKIPPED:
            continue
        value = m.group()
        if kind == "iri":
            value = value[1:-1]
            yield Token("IRI", _unescape_iri(value) if "\\" in value else value)
        elif kind == "pname":
            yield Token("PNAME", _LOCAL_ESC.sub(r"\1", value) if "\\" in value else value)
        elif kind == "word":
            yield Token("WORD", value.upper())
        elif kind == "var":
            yield Token("VAR", value)
        else:
            yield Token("PUNCT", value)


def resolve(base: str | None, iri: str) -> str:
    """``iri`` resolved against ``base`` (RFC 3986), as the engine resolves it.

    >>> resolve("http://x.example/a/", "b#")
    'http://x.example/a/b#'
    """
    if not base:
        return iri
    joined = urljoin(base, iri)
    # urljoin drops an empty fragment, and many namespaces end in one ("ontology#").
    return joined + "#" if iri.endswith("#") and not joined.endswith("#") else joined


def read_prologue(text: str) -> Prologue:
    """The declarations at the head of ``text``, each IRI resolved against the BASE before it.

    >>> p = read_prologue("BASE <http://x/> PREFIX a: <a#> # c\\nSELECT * {}")
    >>> dict(p.declared), p.base, p.end
    ({'a': 'http://x/a#'}, 'http://x/', 36)
    """
    pos, declared, base = 0, {}, None
    while (m := _PROLOGUE_ITEM.match(text, pos)) is not None and m.end() > pos:
        if m.group("iri") is not None:
            declared[m.group("prefix")] = resolve(base, m.group("iri"))
        elif m.group("base") is not None:
            base = resolve(base, m.group("base"))
        pos = m.end()
    return Prologue(declared, base, pos)


def query_form(query: str) -> str:
    """The query's form, the first keyword after its prologue, upper-cased.

    >>> query_form("PREFIX a: <http://a/> # SELECT\\n construct WHERE { ?s a:p ?o }")
    'CONSTRUCT'
    """
    word = _FIRST_WORD.match(query, read_prologue(query).end)
    return word[0].upper() if word else ""


def with_prefixes(query: str, prefixes: Mapping[str, str] | None) -> str:
    """``query`` with a PREFIX for each of ``prefixes`` it does not declare itself.

    They go on its first line, so that the line numbers in the store's messages stay right.

    >>> with_prefixes("PREFIX a: <x:a>\\nASK {}", {"a": "y:a", "b": "y:b"})
    'PREFIX b: <y:b> PREFIX a: <x:a>\\nASK {}'
    """
    if not prefixes:
        return query
    declared = read_prologue(query).declared
    head = "".join(f"PREFIX {p}: <{iri}> " for p, iri in prefixes.items() if p not in declared)
    return head + query


def has_dataset_clause(query: str) -> bool:
    """Whether ``query`` has its own FROM or FROM NAMED.

    >>> has_dataset_clause('SELECT * FROM <http://g> { ?s ?p "from" } # FROM')
    True
    >>> has_dataset_clause('SELECT ?from { ?from ex:from "FROM" } # FROM')
    False
    """
    return any(t.kind == "WORD" and t.value == "FROM" for t in tokens(query))
