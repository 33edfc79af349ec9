"""A reader in Debian's chromium: from an actor's page, follow a claim, see the source's quote
highlighted in its sentence, then open the source; the Arabic page reads right to left."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.browser import chromium

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("SYRIAKG_SCREENSHOTS", "build/screenshots"))



@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def exact_of(store: ox.Store, claim: str) -> str:
    rows = store.query(
        f"SELECT ?exact WHERE {{ <{claim}> <https://w3id.org/syria-kg/ontology#hasEvidence>/"
        "<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact> ?exact }",
        use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return str(next(iter(rows))["exact"].value)


def test_actor_to_claim_to_source(browser: object, server_url: str, store: ox.Store) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 1400})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server_url + "/id/actor/russia")
    assert page.locator("h1").inner_text() == "Russia"
    assert "CC BY 4.0" in page.inner_text("footer")

    # Follow the first claim listed under "What sources say about it".
    link = page.locator("section.claims article.claim h4 a").first
    claim_href = link.get_attribute("href")
    assert claim_href and claim_href.startswith("/id/claim/")
    link.click()
    page.wait_for_url(f"**{claim_href}")
    claim_iri = "https://w3id.org/syria-kg" + claim_href
    mark = page.locator("section.this-claim mark").first
    assert mark.inner_text() == exact_of(store, claim_iri)
    quote = page.locator("section.this-claim blockquote.quote").first
    assert quote.evaluate("el => el.matches(':dir(rtl)')")
    assert len(quote.inner_text()) >= len(mark.inner_text())  # the sentence around it
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "claim.png"), full_page=False)

    # The source of the claim.
    page.locator("section.this-claim a.doc").first.click()
    page.wait_for_url("**/id/doc/**")
    assert "/id/doc/" in page.url

    # The same claim in Arabic: the whole page reads right to left.
    page.goto(server_url + claim_href + "?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("body").evaluate("el => el.matches(':dir(rtl)')")
    page.screenshot(path=str(SCREENSHOTS / "claim-ar.png"), full_page=False)
    assert not errors, errors
