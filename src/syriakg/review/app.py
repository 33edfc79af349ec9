"""The local review page: a small Flask app of its own, served on 127.0.0.1 only.

It is never registered in the public server (which is read-only and may not import this
package: pyproject.toml's import contracts). Every page reads the files anew, so what it shows
is what the YAML says, across restarts; every decision is a POST that writes the YAML at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response as Redirect

from syriakg.errors import KGError
from syriakg.review import words, yamlfile
from syriakg.review.decisions import DecisionError, ReviewFile

LOCAL_HOSTS = ("127.0.0.1", "localhost")


def documents(root: Path) -> list[str]:
    """The documents that have a statements file, in order."""
    return sorted(p.stem for p in (root / "data" / "statements").glob("*.yaml"))


def create_app(root: Path, reviewer: str) -> Flask:
    """The review app over the data files under ``root``; decisions are signed ``reviewer``."""
    app = Flask(__name__)
    names = words.labels(root)

    @app.before_request
    def local_only() -> None:
        # Bound to loopback by the command; this also refuses another site's page posting here
        # through the browser (a DNS name pointed at 127.0.0.1, or a cross-site form).
        host = (request.host or "").rsplit(":", 1)[0].strip("[]")
        if request.remote_addr not in ("127.0.0.1", "::1") or host not in (*LOCAL_HOSTS, "::1"):
            abort(403)
        origin = request.headers.get("Origin")
        if request.method == "POST" and origin and origin != request.host_url.rstrip("/"):
            abort(403)

    def review_file(doc: str) -> ReviewFile:
        if doc not in documents(root):
            abort(404)
        return ReviewFile(root, doc)

    @app.route("/")
    def index() -> str | Redirect:
        docs = documents(root)
        if len(docs) == 1:
            return redirect(url_for("page", doc=docs[0]))
        return render_template("review/index.html", docs=docs)

    @app.route("/doc/<doc>")
    def page(doc: str) -> str:
        rf = review_file(doc)
        items = rf.items()
        shown = [_shown(item, names) for item in items]
        return render_template(
            "review/page.html", doc=doc, meta=rf.meta, text=rf.text, lang=rf.language,
            reviewer=reviewer, items=shown,
            counts={s: sum(1 for i in items if i.status == s)
                    for s in ("draft", "reviewed", "rejected")},
        )

    @app.post("/doc/<doc>/decide")
    def decide(doc: str) -> Response:
        form = request.get_json(silent=True) or {}
        rf = review_file(doc)
        record = rf.decide(str(form.get("id", "")), str(form.get("decision", "")), reviewer,
                           en=form.get("en"), content=form.get("content"))
        return jsonify({"id": record["id"], "status": record["status"]})

    @app.post("/doc/<doc>/add")
    def add(doc: str) -> Response:
        form = request.get_json(silent=True) or {}
        rf = review_file(doc)
        try:
            start, end = int(form["start"]), int(form["end"])
        except (KeyError, TypeError, ValueError):
            raise DecisionError("select the words of the claim in the text first") from None
        record = rf.add(start, end, str(form.get("kind", "")), str(form.get("content", "")),
                        str(form.get("en", "")), reviewer, form.get("id") or None)
        return jsonify({"id": record["id"], "status": record["status"]})

    @app.post("/propose")
    def propose() -> Response:
        """An English rendering proposed from content typed on the page."""
        form = request.get_json(silent=True) or {}
        kind = str(form.get("kind", "figure"))
        try:
            content = yamlfile.loads(str(form.get("content", ""))) or {}
        except ValueError as exc:
            raise DecisionError(str(exc)) from exc
        record = {"kind": kind, kind: content} if kind != "relation" else {"kind": kind, **content}
        return jsonify({"en": words.propose(record, names)})

    @app.errorhandler(DecisionError)
    def refused(exc: DecisionError) -> tuple[Response, int]:
        return jsonify({"error": str(exc)}), 400

    @app.errorhandler(KGError)
    def broken(exc: KGError) -> tuple[Response, int]:
        return jsonify({"error": str(exc)}), 500

    return app


def _shown(item: Any, names: dict[str, str]) -> dict[str, Any]:
    record = item.record
    return {
        "id": str(record.get("id", "")), "kind": str(record.get("kind", "")),
        "status": item.status, "before": item.before, "quote": item.sentence,
        "after": item.after, "span": [item.start, item.end],
        "en": str(record.get("en") or ""), "proposed": words.propose(record, names),
        "described": words.described(record, names),
        "content": yamlfile.dumps(words.content_of(record)),
        "detector": dict(record.get("detector") or {}),
        "review": dict(record.get("review") or {}),
    }


def serve(root: Path, reviewer: str, doc: str | None, port: int) -> None:
    """Run the review page on http://127.0.0.1:PORT until interrupted."""
    from werkzeug.serving import run_simple

    app = create_app(root, reviewer)
    path = f"/doc/{doc}" if doc else "/"
    print(f"review page: http://127.0.0.1:{port}{path}  (Ctrl-C to stop)", flush=True)
    run_simple("127.0.0.1", port, app, threaded=False)
