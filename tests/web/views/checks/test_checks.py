"""/checks and claim pages show the same assessments as `syriakg check`."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from click.testing import CliRunner
from flask.testing import FlaskClient

from syriakg.cli import main
from syriakg.settings import Settings


class _Rows(HTMLParser):
    """Collects (claim link, verdict text) from the /checks table."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr" and any(k == "class" and (v or "").startswith("verdict-") for k, v in attrs):
            self.rows.append([])
        if tag == "td" and self.rows:
            self._cell = ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join(self._cell.split()))
            self._cell = None


def test_page_and_cli_show_the_same_table(client: FlaskClient, ld_settings: Settings) -> None:
    cli = CliRunner().invoke(
        main, ["check", "--store", str(ld_settings.store_path), "--format", "json"]
    )
    assert cli.exit_code == 0, cli.output
    from_cli = json.loads(cli.output)
    from_web = client.get("/checks.json").get_json()
    assert from_web == from_cli
    assert len(from_cli) >= 10

    parser = _Rows()
    html = client.get("/checks").get_data(as_text=True)
    parser.feed(html)
    claims = re.findall(r'<tr class="verdict-\w+"[^>]*>.*?<a href="/id/claim/([^"]+)"', html, re.S)
    shown = list(zip(claims, [row[1] for row in parser.rows], strict=True))
    expected = [(r["claim"].rsplit("/", 1)[1], r["verdict"]) for r in from_cli]
    words = {
        "Agrees": "agrees",
        "PartlyAgrees": "partly agrees",
        "Disagrees": "disagrees",
        "CannotBeTested": "cannot be tested",
        "Revision": "revision",
    }
    assert shown == [(c, words[v]) for c, v in expected]


def test_checks_page_names_every_source_by_its_citation(client: FlaskClient) -> None:
    rows = {r["claim"].rsplit("/", 1)[1]: r for r in client.get("/checks.json").get_json()}
    article = rows["d0001-russia-vetoes-syria"]
    assert article["source_en"].startswith("[Untitled Arabic article")
    assert {e["source"] for e in article["evidence"]} >= {
        "[UN press release SC/12609]. United Nations.",
        "Security Council Rejects 2 Draft Resolutions Authorizing Cross-Border, Cross-Line "
        "Humanitarian Access in Syria. United Nations.",
    }
    us_mission = rows["us-mission-2023-07-19-last-week"]
    assert us_mission["source_en"].endswith("United States, 2023-07-19.")
    html = client.get("/checks").get_data(as_text=True)
    assert "(UN General Assembly Meeting Remarks" not in html  # its own source, not evidence
    assert "[UN press release SC/12609]. United Nations.)" in html
    assert "Source: <bdi>[Untitled Arabic article" in html


def test_checks_page_in_arabic(client: FlaskClient) -> None:
    html = client.get("/checks?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in html and "لا يتفق" in html


def test_a_claim_page_shows_its_verdict(client: FlaskClient) -> None:
    html = client.get("/id/claim/d0001-russia-vetoes-syria", headers={"Accept": "text/html"})
    text = html.get_data(as_text=True)
    assert html.status_code == 200
    assert "Checked against the records" in text and "disagrees" in text


def test_checks_counts_filter_sort_and_quotes(client: FlaskClient) -> None:
    rows = client.get("/checks.json").get_json()
    html = client.get("/checks").get_data(as_text=True)
    for verdict in {r["verdict"] for r in rows}:
        n = sum(r["verdict"] == verdict for r in rows)
        assert re.search(rf'data-verdict="{verdict}"[^>]*>[^<]*<span class="count">{n}</span>',
                         html), verdict
        only = client.get(f"/checks?verdict={verdict}").get_data(as_text=True)
        assert only.count("<tr class=") == n
    by_verdict = client.get("/checks?sort=verdict").get_data(as_text=True)
    order = re.findall(r'<tr class="verdict-(\w+)"', by_verdict)
    ranks = ["Agrees", "PartlyAgrees", "Disagrees", "CannotBeTested"]
    assert order == sorted(order, key=ranks.index) and len(order) == len(rows)
    # The Arabic quote beside the English rendering, and the record matched.
    (row,) = [r for r in html.split("<tr class=")
              if 'href="/id/claim/d0001-joint-veto-crossborder"' in r]
    assert "لحق الفيتو" in row and "right of veto" in row
    assert "S/2020/654" in row
