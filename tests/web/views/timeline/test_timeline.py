"""/timeline and /timeline.json on the real graph: each figure by claimant, each point a link to
its claim, whose page shows the quote."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def test_json_and_page_show_the_same_points(client: FlaskClient) -> None:
    series = client.get("/timeline.json").get_json()
    toll = next(s for s in series if s["group"].endswith("#AllPersons")
                and s["outcome"].endswith("#Killed"))
    assert toll["begin"] == "2015-09-30"
    points = {p["claim"].rsplit("/", 1)[1]: p for c in toll["claimants"] for p in c["points"]}
    assert points["sohr-2020-08-30-total"]["value"] == "20187"
    assert points["sohr-2020-08-30-total"]["url"] == "https://www.syriahr.com/en/181930/"
    article = points["d0001-toll-total"]
    assert article["quote"].endswith("بلغت حصيلة الخسائر البشرية 20187 شخصا")

    html = client.get("/timeline").get_data(as_text=True)
    linked = set(re.findall(r'<a href="(/id/claim/[^"]+)" class="point"', html))
    every = {p["claim"].replace("https://w3id.org/syria-kg", "")
             for s in series for c in s["claimants"] for p in c["points"]}
    assert linked == every and "/id/claim/d0001-toll-total" in linked
    assert "<svg" in html and "Syrian Observatory for Human Rights" in html
    # Each point's link leads to the claim's page, which shows the quote.
    claim_page = client.get("/id/claim/d0001-toll-total",
                            headers={"Accept": "text/html"}).get_data(as_text=True)
    assert article["quote"] in claim_page


def test_page_in_arabic(client: FlaskClient) -> None:
    html = client.get("/timeline?lang=ar").get_data(as_text=True)
    assert "الأرقام عبر الزمن" in html and "المرصد السوري لحقوق الإنسان" in html
    assert 'dir="rtl"' in html
