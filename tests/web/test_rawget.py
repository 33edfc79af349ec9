"""Only a complete, plain ``GET /sparql?…`` is recognised; anything needing judgement is left to
gunicorn's parser."""

from __future__ import annotations

import pytest
from gunicorn.config import Config

from syriakg.web.rawget import PlainGet, read_plain_get, refused_fields

REFUSED = refused_fields(Config().secure_scheme_headers)
CURL = (b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
        b"User-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n")


def read(data: bytes) -> PlainGet | None:
    return read_plain_get(data, REFUSED, max_fields=100, max_field_bytes=8190)


def test_a_plain_get_gives_what_the_environ_needs() -> None:
    request = read(CURL)
    assert request == PlainGet(
        target="/sparql?query=ASK%20%7B%7D",
        query_string="query=ASK%20%7B%7D",
        protocol="HTTP/1.1",
        fields={"HTTP_HOST": "127.0.0.1:8000", "HTTP_USER_AGENT": "curl/8.5.0",
                "HTTP_ACCEPT": "*/*"},
    )


@pytest.mark.parametrize("data", [
    # SPARQLWrapper / urllib
    b"GET /sparql?query=SELECT+%2A+%7B%7D&format=json HTTP/1.1\r\nAccept-Encoding: identity\r\n"
    b"Host: localhost:8000\r\nUser-Agent: sparqlwrapper 2.0.0\r\n"
    b"Accept: application/sparql-results+json,application/json,text/javascript\r\n"
    b"Connection: close\r\n\r\n",
    # HTTP/1.0 needs no Host; spaces around a value are not part of it
    b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\nAccept:   text/csv  \r\n\r\n",
    b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: h\r\nX-Empty:\r\n\r\n",
])
def test_what_clients_send_is_plain(data: bytes) -> None:
    assert read(data) is not None


def test_field_values_are_trimmed_and_names_mapped() -> None:
    request = read(b"GET /sparql?q HTTP/1.0\r\nAccept:   text/csv ; q=1  \r\nX-A-B: 1\r\n\r\n")
    assert request is not None
    assert request.fields == {"HTTP_ACCEPT": "text/csv ; q=1", "HTTP_X_A_B": "1"}
    assert request.protocol == "HTTP/1.0"


@pytest.mark.parametrize(("why", "data"), [
    ("another method", CURL.replace(b"GET", b"POST", 1)),
    ("HEAD", CURL.replace(b"GET", b"HEAD", 1)),
    ("lower-case method", CURL.replace(b"GET", b"get", 1)),
    ("another path", CURL.replace(b"/sparql?", b"/sparqlx?", 1)),
    ("a path escaped", CURL.replace(b"/sparql?", b"/%73parql?", 1)),
    ("no query string", CURL.replace(b"/sparql?query=ASK%20%7B%7D", b"/sparql", 1)),
    ("absolute form", CURL.replace(b"/sparql?", b"http://h/sparql?", 1)),
    ("HTTP/2", CURL.replace(b"HTTP/1.1", b"HTTP/2.0", 1)),
    ("HTTP/0.9 style", b"GET /sparql?query=x\r\n\r\n"),
    ("not all of it yet", CURL[:-2]),
    ("no end of head", CURL[:-4]),
    ("a body after it", CURL + b"x"),
    ("a second request after it", CURL + CURL),
    ("bare LF", CURL.replace(b"\r\n", b"\n")),
    ("a space in the target", CURL.replace(b"ASK%20", b"ASK ", 1)),
    ("a raw byte in the target", CURL.replace(b"ASK", b"A\xc3\xa9", 1)),
    ("a raw byte in a value", CURL.replace(b"curl/8.5.0", b"curl/\xc3\xa9", 1)),
    ("a control byte in a value", CURL.replace(b"curl/8.5.0", b"curl\x01", 1)),
    ("a folded line", CURL.replace(b"Accept: */*", b"Accept: */*\r\n text/csv", 1)),
    ("space before the colon", CURL.replace(b"Accept:", b"Accept :", 1)),
    ("no colon", CURL.replace(b"Accept: */*", b"Accept */*", 1)),
    ("an underscore in a name", CURL.replace(b"User-Agent", b"User_Agent", 1)),
    ("a repeated field", CURL.replace(b"Accept: */*", b"Accept: */*\r\nAccept: text/csv", 1)),
    ("two Hosts", CURL.replace(b"Accept: */*", b"Accept: */*\r\nHost: other", 1)),
    ("no Host in HTTP/1.1", CURL.replace(b"Host: 127.0.0.1:8000\r\n", b"", 1)),
    ("a body's length", CURL.replace(b"Accept: */*", b"Content-Length: 0", 1)),
    ("a body's coding", CURL.replace(b"Accept: */*", b"Transfer-Encoding: chunked", 1)),
    ("a body's type", CURL.replace(b"Accept: */*", b"Content-Type: text/plain", 1)),
    ("Expect", CURL.replace(b"Accept: */*", b"Expect: 100-continue", 1)),
    ("Upgrade", CURL.replace(b"Accept: */*", b"Upgrade: h2c", 1)),
    ("a proxy's Forwarded", CURL.replace(b"Accept: */*", b"Forwarded: for=192.0.2.1", 1)),
    ("a proxy's address", CURL.replace(b"Accept: */*", b"X-Forwarded-For: 192.0.2.1", 1)),
    ("a proxy's scheme", CURL.replace(b"Accept: */*", b"x-forwarded-proto: https", 1)),
    ("secure_scheme_headers", CURL.replace(b"Accept: */*", b"X-Forwarded-Ssl: on", 1)),
])
def test_anything_else_is_left_to_gunicorn(why: str, data: bytes) -> None:
    assert read(data) is None, why


def test_gunicorns_limits_are_kept() -> None:
    many = CURL.replace(b"Accept: */*", b"\r\n".join(b"X-%d: 1" % i for i in range(5)), 1)
    assert read_plain_get(many, REFUSED, max_fields=7, max_field_bytes=8190) is not None
    assert read_plain_get(many, REFUSED, max_fields=6, max_field_bytes=8190) is None
    assert read_plain_get(CURL, REFUSED, max_fields=100, max_field_bytes=22) is not None
    assert read_plain_get(CURL, REFUSED, max_fields=100, max_field_bytes=21) is None


def test_the_configured_scheme_headers_are_refused() -> None:
    refused = refused_fields({"X-Scheme": "https"})
    data = CURL.replace(b"Accept: */*", b"X-Scheme: https", 1)
    assert read_plain_get(data, REFUSED, max_fields=100, max_field_bytes=8190) is not None
    assert read_plain_get(data, refused, max_fields=100, max_field_bytes=8190) is None
