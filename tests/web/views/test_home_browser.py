"""The index page in Debian's chromium: the editor loads from our own static folder with no
internet, a gallery example runs, its rows show, and Arabic values read right to left.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from syriakg import web
from tests.browser import chromium
from tests.web.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.server]

VENDOR = Path(web.__file__).parent / "static" / "vendor" / "yasgui" / "yasgui.min.js"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium((VENDOR, "YASGUI is not installed in static/vendor: run `make static`")) as b:
        yield b


def test_gallery_example_runs_and_shows_rows(browser: object, live_server: LiveServer) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    external: list[str] = []

    def offline(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(live_server.url) or url.startswith("data:"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            external.append(url)
            route.abort()  # type: ignore[attr-defined]

    page.route("**/*", offline)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/")
    page.wait_for_selector("#yasgui .CodeMirror", timeout=20_000)
    assert "CC BY 4.0" in page.inner_text("body")

    page.click('button.example[data-id="cq/01-actor-labels"]')
    page.wait_for_selector("#yasgui .yasr table tbody tr td", timeout=20_000)
    table_text = page.inner_text("#yasgui .yasr table tbody")
    for label in ("Russia", "China", "Iran", "روسيا", "الصين", "إيران"):
        assert label in table_text
    rows = page.locator("#yasgui .yasr table tbody tr").count()
    assert rows == 6

    # Arabic literals read right to left; Latin ones left to right.
    arabic = page.locator("#yasgui .yasr td", has_text="روسيا").first
    assert arabic.get_attribute("dir") == "rtl"
    assert arabic.evaluate("el => el.matches(':dir(rtl)')")
    latin = page.locator("#yasgui .yasr td", has_text="Russia").first
    assert latin.evaluate("el => el.matches(':dir(ltr)')")

    assert page.locator("#truncation-note").is_hidden()
    assert not errors, errors
    assert not external, f"the page tried to reach the internet: {external}"
    page.close()


def test_truncated_results_show_a_note(browser: object, live_server: LiveServer) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(live_server.url + "/")
    page.wait_for_selector("#yasgui .CodeMirror", timeout=20_000)
    # max_rows is 1000 on the live server: a cross join of the sample gives more.
    page.evaluate("""() => {
        const tab = window.syriakgYasgui.getTab();
        tab.setQuery('SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }');
        tab.query();
    }""")
    page.wait_for_selector("#truncation-note:not([hidden])", timeout=20_000)
    assert "1000 rows" in page.inner_text("#truncation-note")
    page.close()
