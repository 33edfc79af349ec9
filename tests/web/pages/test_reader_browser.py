"""A reader in Debian's chromium who knows nothing of the ontology: the journalist's question
("who vetoed the cross-border aid extension, and what did the article say about it?") answered
from the home page in at most three steps — by search, by the actor's page and by the editor's
examples; the header box suggests as one types; every page fits a 390 px wide phone."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from syriakg import web
from tests.browser import chromium

pytestmark = pytest.mark.browser

JOINT_VETO = "/id/claim/d0001-joint-veto-crossborder"
QUOTE_WORDS = "لحق الفيتو"  # in the article's own sentence
SCREENSHOTS = Path(os.environ.get("SYRIAKG_SCREENSHOTS", "build/screenshots"))
VENDOR = Path(web.__file__).parent / "static" / "vendor" / "yasgui" / "yasgui.min.js"



@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium((VENDOR, "no YASGUI in static/vendor: run `make static`")) as b:
        yield b


class Reader:
    """A page and the steps taken on it (a step: one click or one submitted search)."""

    def __init__(self, browser: Any, url: str, width: int = 1200) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(url)
        self.steps = 0

    def search(self, form: str, text: str) -> None:
        self.page.fill(f"{form} input[name=q]", text)
        with self.page.expect_navigation():
            self.page.press(f"{form} input[name=q]", "Enter")
        self.steps += 1

    def click(self, selector: str) -> None:
        self.page.locator(selector).first.click()
        self.page.wait_for_load_state()
        self.steps += 1


def answered(text: str) -> bool:
    """Who vetoed (China and Russia) and what the article said (its words, and the rendering)."""
    return QUOTE_WORDS in text and "China and Russia" in text


def test_by_search(browser: Any, server_url: str) -> None:
    reader = Reader(browser, server_url + "/")
    reader.search("form.home-search", "الفيتو")  # the word of the quote
    assert reader.page.locator(f'ol.hits a[href="{JOINT_VETO}"]').count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reader.page.screenshot(path=str(SCREENSHOTS / "search-alfito.png"))
    reader.click(f'ol.hits a[href="{JOINT_VETO}"]')
    assert reader.page.url.endswith(JOINT_VETO)
    assert answered(reader.page.inner_text("section.this-claim"))
    assert reader.steps <= 3 and not reader.errors, reader.errors


def test_by_search_in_english(browser: Any, server_url: str) -> None:
    reader = Reader(browser, server_url + "/")
    reader.search("form.home-search", "vetoed cross-border aid")
    first = reader.page.locator("ol.hits li.hit").first
    assert answered(first.inner_text() + " China and Russia") and first.locator(
        f'a[href="{JOINT_VETO}"]').count() == 1  # the hit shows the article's words
    reader.click(f'ol.hits a[href="{JOINT_VETO}"]')
    assert answered(reader.page.inner_text("section.this-claim"))
    assert reader.steps <= 3


def test_by_the_actor_page(browser: Any, server_url: str) -> None:
    reader = Reader(browser, server_url + "/")
    reader.search("header form.ld-search", "China")
    reader.click('ol.hits a[href="/id/actor/china"]')
    card = reader.page.locator(f'article.claim:has(a[href="{JOINT_VETO}"])')
    assert answered(card.inner_text())
    assert reader.steps <= 3 and not reader.errors, reader.errors


def test_by_the_examples(browser: Any, server_url: str) -> None:
    reader = Reader(browser, server_url + "/")
    reader.page.wait_for_selector("#yasgui .CodeMirror", timeout=20_000)
    reader.click('button.example[data-id="start/everything-about-an-actor"]')
    reader.page.wait_for_selector("#yasgui .yasr table tbody tr td", timeout=20_000)
    row = reader.page.locator("#yasgui .yasr table tbody tr", has_text=QUOTE_WORDS).first
    assert answered(row.inner_text())
    assert reader.steps <= 3 and not reader.errors, reader.errors


def test_the_header_box_suggests_as_one_types(browser: Any, server_url: str) -> None:
    reader = Reader(browser, server_url + "/id/actor/russia")
    reader.page.locator("header form.ld-search input[name=q]").press_sequentially("باب ال")
    suggestion = reader.page.locator('ul.suggestions a[href="/id/place/bab-al-hawa"]')
    suggestion.wait_for(timeout=5_000)
    reader.click('ul.suggestions a[href="/id/place/bab-al-hawa"]')
    assert reader.page.url.endswith("/id/place/bab-al-hawa") and not reader.errors


@pytest.mark.parametrize("path", [
    "/", "/?lang=ar", "/id/actor/russia", "/id/actor/russia?lang=ar", JOINT_VETO,
    JOINT_VETO + "?lang=ar", "/checks", "/checks?lang=ar", "/search?q=veto",
    "/search?q=الفيتو&lang=ar", "/ontology",
])
def test_pages_fit_a_phone(browser: Any, server_url: str, path: str) -> None:
    reader = Reader(browser, server_url + path, width=390)
    width = reader.page.evaluate("document.documentElement.scrollWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    reader.page.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"))
    assert width <= 390, (path, width)


@pytest.mark.parametrize("path", ["/id/actor/russia", "/id/actor/china", JOINT_VETO])
def test_arabic_pages_name_no_property_or_type_in_english(
    browser: Any, server_url: str, path: str
) -> None:
    reader = Reader(browser, server_url + path + "?lang=ar")
    names = reader.page.evaluate("""() => Array.from(document.querySelectorAll(
        'section.statements th[scope=row], p.types .type a, h3.group, p.roles a, h1, h4 a, '
        + 'table.votes td:nth-child(3), table.votes td:nth-child(4)'))
        .map(el => el.innerText.trim()).filter(t => t)""")
    # A name in English: Latin letters and no Arabic ones (a UN symbol inside Arabic is fine).
    english = [n for n in names if any("a" <= c.lower() <= "z" for c in n)
               and not any("\u0600" <= c <= "\u06ff" for c in n)]
    assert names and english == [], english
    # A Latin-script link inside the right-to-left page is isolated (bdi, or an element with
    # its own dir, which HTML isolates), so it keeps its order.
    isolated = reader.page.evaluate("""() => Array.from(document.querySelectorAll('main a'))
        .filter(a => /[A-Za-z]/.test(a.innerText) && !/[\\u0600-\\u06FF]/.test(a.innerText))
        .every(a => a.closest('bdi, main [dir], code') !== null
                    || a.querySelector('bdi') !== null)""")
    assert isolated


def test_results_link_to_local_pages_and_wrap(browser: Any, server_url: str) -> None:
    reader = Reader(browser, server_url + "/")
    reader.page.wait_for_selector("#yasgui .CodeMirror", timeout=20_000)
    reader.click('button.example[data-id="start/everything-about-an-actor"]')
    reader.page.wait_for_selector("#yasgui .yasr table tbody tr td", timeout=20_000)
    hrefs = reader.page.eval_on_selector_all("#yasgui .yasr td a", "els => els.map(a => a.href)")
    ours = [h for h in hrefs if "/id/claim/" in h]
    assert ours and all(h.startswith(server_url + "/id/") for h in ours), hrefs[:5]
    cell = reader.page.locator("#yasgui .yasr td", has_text=QUOTE_WORDS).first
    box = cell.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1200  # within the page, wrapped
