"""Inputs for the fuzzer (tests/web/test_fuzz.py): mutated and generated SPARQL queries, and
malformed HTTP requests. Deterministic for a seed, so a failure can be replayed."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

KEYWORDS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS",
    "GRAPH", "SERVICE", "SILENT", "BIND", "AS", "VALUES", "ORDER BY", "GROUP BY", "HAVING",
    "LIMIT", "OFFSET", "FROM", "NAMED", "BASE", "PREFIX", "EXISTS", "NOT", "DISTINCT", "REDUCED",
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "WITH", "a", "UNDEF", "true", "false", "DESC",
    "ASC", "IN", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR",
]
FUNCTIONS = [
    "STR", "LANG", "DATATYPE", "IRI", "BNODE", "STRLEN", "UCASE", "CONCAT", "SUBSTR", "REGEX",
    "REPLACE", "ABS", "ROUND", "NOW", "RAND", "UUID", "MD5", "SHA512", "YEAR", "xsd:int",
    "xsd:integer", "xsd:dateTime", "xsd:decimal", "xsd:byte", "xsd:unsignedLong", "COALESCE",
    "IF", "isIRI", "isLiteral", "langMatches", "ENCODE_FOR_URI", "STRDT", "STRLANG", "TRIPLE",
]
PUNCTUATION = list("{}()[].;,*^|/?+!=<>") + ["&&", "||", "<=", ">=", "!=", "^^", "@"]
TERMS = [
    '"x"', "'y'", '"""z\n"""', "1", "1.5", "1e3", "-0", "0.0", "99999999999999999999999",
    '"a"@ar', '"حلب"@ar', '"2020-01-01"^^xsd:date', '"P1Y"^^xsd:duration', '"NaN"^^xsd:double',
    "<http://example.org/x>", "<>", "<rel>", "<http://127.0.0.1:1/x>", "?x", "?s", "$y", "?o",
    "_:b", "[]", "skg:Actor", "rdfs:label", "ex:nope", ":", "\u202e", "\ufeff", "\\u0041",
    "%00", "\x00", "\ud800", "actor:russia",
]
SEEDS = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10",
    "SELECT ?label WHERE { <https://w3id.org/syria-kg/id/actor/russia> rdfs:label ?label }",
    "ASK { ?s a skg:Actor }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s a skg:Place ; ?p ?o }",
    "DESCRIBE <https://w3id.org/syria-kg/id/actor/china>",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?n)",
    'SELECT ?s WHERE { ?s rdfs:label ?l FILTER(LANG(?l) = "ar" && REGEX(?l, "^ر")) }',
    "SELECT ?v WHERE { VALUES ?v { 1 \"a\" <http://x/> \"2015-01-01\"^^xsd:date } } ORDER BY ?v",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } FILTER NOT EXISTS { ?s a skg:Place } }",
    "SELECT ?x WHERE { BIND(CONCAT(\"a\", \"b\") AS ?x) }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { ?o ?p ?s } MINUS { ?s a skg:Actor } }",
    "SELECT * WHERE { ?s skg:numericValue ?v FILTER(?v > 1000) } ORDER BY ?v OFFSET 1",
    "SELECT * WHERE { ?s (rdfs:label|skg:quote)+ ?o }",
    "SELECT (SUM(?v) AS ?t) WHERE { ?c skg:numericValue ?v } HAVING (?t > 0)",
    "SELECT * FROM <https://w3id.org/syria-kg/graph/reference> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
]
_LEX = re.compile(r'"""[\s\S]*?"""|"[^"\n]*"|\'[^\'\n]*\'|<[^<>\s]*>|[?$]\w+|\w+:\w*|\w+|\S')


def _tokens(query: str) -> list[str]:
    return _LEX.findall(query) or [query]


def _random_token(rng: random.Random) -> str:
    pool = rng.choice([KEYWORDS, FUNCTIONS, PUNCTUATION, TERMS])
    token = rng.choice(pool)
    return token + "(" if pool is FUNCTIONS else token


def mutate(query: str, rng: random.Random) -> str:
    """``query`` with one to six random edits of its tokens or characters."""
    tokens = _tokens(query)
    for _ in range(rng.randint(1, 6)):
        edit = rng.randrange(9)
        at = rng.randrange(len(tokens) + 1)
        if edit == 0 and tokens:
            tokens.pop(min(at, len(tokens) - 1))
        elif edit == 1 and tokens:
            tokens.insert(at, tokens[min(at, len(tokens) - 1)])
        elif edit == 2:
            tokens.insert(at, _random_token(rng))
        elif edit == 3 and len(tokens) > 1:
            i = rng.randrange(len(tokens) - 1)
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
        elif edit == 4:  # glue a token to the next: 1SERVICE, trueFILTER
            tokens.insert(at, _random_token(rng) + rng.choice(["SERVICE", "FILTER", "{", ""]))
        elif edit == 5:  # nesting
            depth = rng.choice([2, 10, 100, 200, 2000])
            tokens.insert(at, rng.choice(["(", "{", "{ OPTIONAL {"]) * depth)
        elif edit == 6 and tokens:  # repeat a span
            span = tokens[at:at + rng.randint(1, 4)]
            tokens[at:at] = span * rng.randint(2, 50)
        elif edit == 7:
            tokens.insert(at, chr(rng.randrange(1, 0x2FFF)))
        else:
            tokens.insert(at, rng.choice(["#", "# SERVICE <http://127.0.0.1:1/>\n", "\n", "\t"]))
    return " ".join(tokens)


def _pattern(rng: random.Random, depth: int = 0) -> str:
    s = rng.choice(["?s", "?a", "<https://w3id.org/syria-kg/id/actor/russia>", "_:b"])
    p = rng.choice(["?p", "rdfs:label", "skg:statedIn", "a", "(rdfs:label|skg:quote)*",
                    "^skg:statedIn"])
    o = rng.choice(["?o", "?v", '"x"', "1", "skg:Actor", "?s"])
    base = f"{s} {p} {o} ."
    if depth < 3 and rng.random() < 0.4:
        inner = _pattern(rng, depth + 1)
        base += rng.choice([f" OPTIONAL {{ {inner} }}", f" {{ {inner} }} UNION {{ {base} }}",
                            f" FILTER EXISTS {{ {inner} }}", f" GRAPH ?g {{ {inner} }}",
                            f" MINUS {{ {inner} }}"])
    if rng.random() < 0.4:
        fn = rng.choice(FUNCTIONS)
        base += f" BIND({fn}(?o) AS ?f{depth})"
    if rng.random() < 0.3:
        base += f" FILTER({rng.choice(['?o', '?v', 'STR(?o)'])} {rng.choice(['>', '=', '!='])}"
        base += f" {rng.choice(TERMS[:12])})"
    return base


def generate(rng: random.Random) -> str:
    """A random query, well formed more often than not."""
    body = " ".join(_pattern(rng) for _ in range(rng.randint(1, 3)))
    head = rng.choice(["SELECT *", "SELECT DISTINCT ?s ?o", "ASK", "CONSTRUCT WHERE",
                       "SELECT (COUNT(*) AS ?n)", "SELECT ?s (SAMPLE(?o) AS ?x)"])
    tail = rng.choice(["", " LIMIT 5", " ORDER BY DESC(?o) LIMIT 3", " ORDER BY ?o ?s",
                       " GROUP BY ?s", " OFFSET 2 LIMIT 2", " VALUES ?o { 1 \"a\" <http://x/> }"])
    if head.startswith("SELECT ?s (SAMPLE"):
        tail = " GROUP BY ?s" + tail.replace(" GROUP BY ?s", "")
    if head == "CONSTRUCT WHERE":
        return f"CONSTRUCT WHERE {{ {body.split(' OPTIONAL')[0].split(' BIND')[0]} }}"
    return f"{head} WHERE {{ {body} }}{tail}"


def queries(count: int, seed: int = 7) -> Iterator[str]:
    """``count`` queries: mutated seeds and generated ones, half and half."""
    rng = random.Random(seed)
    for i in range(count):
        yield mutate(rng.choice(SEEDS), rng) if i % 2 else generate(rng)


METHODS = ["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "CONNECT",
           "G\x00T", "get", "PRI", ""]
PATHS = ["/sparql", "/sparql?query=ASK%7B%7D", "/", "/id/actor/russia", "/graph.json?top=x",
         "/search?q=%FF%FE", "/ontology", "/download", "/checks.json", "/static/../../etc/passwd",
         "/id/../../x", "*", "http://evil.example/", "/sparql?query=" + "A" * 9000, "/%00",
         "/sparql?query=%E0%A4%A", "/id/actor/%ZZ", "//", "/sparql?format=../../x"]


def http_requests(count: int, seed: int = 11) -> Iterator[bytes]:
    """``count`` malformed or unusual HTTP/1.x requests, as bytes on the wire."""
    rng = random.Random(seed)
    for _ in range(count):
        method = rng.choice(METHODS)
        path = rng.choice(PATHS)
        version = rng.choice(["HTTP/1.1", "HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/9.9", "",
                              "HTTP/1.1 extra"])
        eol = rng.choice(["\r\n", "\r\n", "\n", "\r"])
        headers = ["Host: localhost"] if rng.random() < 0.8 else []
        body = b""
        for _ in range(rng.randint(0, 4)):
            headers.append(rng.choice([
                "Content-Length: 5", "Content-Length: -1", "Content-Length: 99999999999",
                "Content-Length: 3, 4", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip",
                "Content-Type: application/sparql-query", "Content-Type: application/x-www-form"
                "-urlencoded; charset=latin-1", "Accept: */*;q=abc", "Accept: " + "a/b," * 500,
                "X-Forwarded-For: 1.2.3.4, <script>", "Bad Header: x", ": empty", "\tfolded",
                "Host: a", "Expect: 100-continue", "Connection: keep-alive, upgrade",
                "Upgrade: h2c", "X: " + "x" * 9000, "Range: bytes=0-1", "Cookie: a=\x00b",
            ]))
        if method in ("POST", "PUT", "PATCH") or rng.random() < 0.2:
            body = rng.choice([b"query=ASK%7B%7D", b"ASK {}", b"zz\r\nabc\r\n0\r\n\r\n",
                               b"5\r\nquery\r\n0\r\n\r\n", bytes(rng.randrange(256)
                                                                for _ in range(64)), b""])
        head = f"{method} {path} {version}".strip() + eol + eol.join(headers) + eol + eol
        yield head.encode("latin-1", "replace") + body
