"""What the text of a SPARQL query says before any parser reads it: its form, the prefixes it
declares, whether it names its own dataset. Used to send a query to a remote store as asked."""

from __future__ import annotations

import re
from collections.abc import Mapping

_PROLOGUE = re.compile(
    r"""(?:\s+|\#[^\r\n]*
    |(?i:PREFIX)\s*(?P<prefix>[^\s:]*):\s*<[^>]*>
    |(?i:BASE)\s*<[^>]*>)*""",
    re.VERBOSE,
)
_DECLARED = re.compile(r"(?i:PREFIX)\s*([^\s:#]*):")
_FORM = re.compile(r"[A-Za-z]+")
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
# Strings, IRIs and comments are matched whole so that a FROM inside them is skipped.
_LEXEME = re.compile(
    r"""'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*"
    |<[^<>"{}|^`\\\s]*>|\#[^\r\n]*
    |(?<![\w?$:])(?P<from>FROM)(?![\w:])""",
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)


def query_form(query: str) -> str:
    """The query's form, the first keyword after its prologue, upper-cased.

    >>> query_form("PREFIX a: <http://a/> # SELECT\\n construct WHERE { ?s a:p ?o }")
    'CONSTRUCT'
    """
    start = _PROLOGUE.match(query)
    word = _FORM.match(query, start.end() if start else 0)
    return word[0].upper() if word else ""


def with_prefixes(query: str, prefixes: Mapping[str, str] | None) -> str:
    """``query`` with a PREFIX for each of ``prefixes`` it does not declare itself.

    They go on its first line, so that the line numbers in the store's messages stay right.

    >>> with_prefixes("PREFIX a: <x:a>\\nASK {}", {"a": "y:a", "b": "y:b"})
    'PREFIX b: <y:b> PREFIX a: <x:a>\\nASK {}'
    """
    if not prefixes:
        return query
    prologue = _PROLOGUE.match(query)
    declared = set(_DECLARED.findall(prologue[0] if prologue else ""))
    head = "".join(f"PREFIX {p}: <{iri}> " for p, iri in prefixes.items() if p not in declared)
    return head + query


def has_dataset_clause(query: str) -> bool:
    """Whether ``query`` has its own FROM or FROM NAMED.

    >>> has_dataset_clause('SELECT * FROM <http://g> { ?s ?p "from" } # FROM')
    True
    >>> has_dataset_clause('SELECT ?from { ?from ex:from "FROM" } # FROM')
    False
    """
    return any(m["from"] for m in _LEXEME.finditer(query))
