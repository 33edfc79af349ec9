"""A second SPARQL endpoint for the federation tests: pyoxigraph over a small fixture file.

Run as ``python -m tests.web.sparql.federation.sparql_stub FIXTURE.ttl``: it listens on a free
loopback port and prints ``listening <port>`` once it accepts connections. It answers the SPARQL
1.1 Protocol's query operation (GET ``?query=``, POST form or ``application/sparql-query``) in
SPARQL JSON or XML, and logs every query it receives to stderr, so a test can see that SERVICE
really called it.
"""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

STORE = ox.Store()


class Handler(BaseHTTPRequestHandler):
    def _answer(self, query: str | None) -> None:
        if not query:
            self.send_error(400, "no query")
            return
        sys.stderr.write(f"QUERY {query!r}\n")
        try:
            result = STORE.query(query)
        except SyntaxError as exc:
            self.send_error(400, str(exc))
            return
        xml = "sparql-results+xml" in (self.headers.get("Accept") or "") and "json" not in (
            self.headers.get("Accept") or "")
        fmt = ox.QueryResultsFormat.XML if xml else ox.QueryResultsFormat.JSON
        assert isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
        body = result.serialize(format=fmt)
        assert body is not None
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+xml" if xml
                         else "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        self._answer(parse_qs(urlsplit(self.path).query).get("query", [None])[0])

    def do_POST(self) -> None:  # noqa: N802
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        if (self.headers.get("Content-Type") or "").startswith("application/sparql-query"):
            self._answer(data)
        else:
            self._answer(parse_qs(data).get("query", [None])[0])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> None:
    STORE.load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
