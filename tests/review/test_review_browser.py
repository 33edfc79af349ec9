"""The review page in Debian's chromium, served by the real `syriakg review` command: accept a
draft after correcting its proposed English, reject one, add a claim by selecting its words,
then restart the command and find every decision still there (they are in the YAML)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from syriakg.review import yamlfile
from tests.browser import chromium
from tests.web.conftest import free_port, stop_group, wait_until_responds

pytestmark = [pytest.mark.browser, pytest.mark.server]

FILE = Path("data/statements/d0001.yaml")


@contextmanager
def reviewing(root: Path) -> Iterator[str]:
    """`syriakg review d0001` on a free loopback port, stopped when the block ends."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYRIAKG_")}
    env["SYRIAKG_ROOT"] = str(root)
    log = root / "review.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "syriakg", "review", "d0001", "--reviewer", "Rima Haddad",
             "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(url + "/doc/d0001", proc, timeout=30)
        yield url
    finally:
        stop_group(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def _draft(page: object, record_id: str) -> object:
    return page.locator(f'#drafts article[data-id="{record_id}"]')  # type: ignore[attr-defined]


def test_review_in_the_browser(browser: object, project: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with reviewing(project) as url:
        page.goto(url + "/doc/d0001")
        figure = _draft(page, "draft-figure-505")
        # The quote is highlighted inside its sentence, which reads right to left.
        assert figure.locator("mark").inner_text() == "أكثر 20 ألف ضحية"
        sentence = figure.locator("p.sentence")
        assert sentence.evaluate("el => el.matches(':dir(rtl)')")
        assert "نصفهم من المدنيين" in sentence.inner_text()
        assert "Russia" in figure.locator("dl.content").inner_text()
        # The English is proposed from the content; the reviewer corrects it and accepts.
        en = figure.locator("textarea[name=en]")
        assert en.input_value() == "more than 20,000 people killed by Russia"
        en.fill("more than 20 thousand victims")
        figure.locator("button[data-decision=accepted]").click()
        page.wait_for_selector('#reviewed article[data-id="draft-figure-505"]')
        # The page says what was done once it has reloaded and its script has run.
        page.wait_for_function(
            "document.getElementById('message').textContent === 'draft-figure-505: accepted'")

        _draft(page, "draft-event-611").locator("button[data-decision=rejected]").click()
        page.wait_for_selector('#rejected article[data-id="draft-event-611"]')

        # Select "نصفهم من المدنيين" in the text, describe it, have the English proposed.
        page.evaluate("""() => {
            const node = document.getElementById('text').firstChild;
            const at = node.textContent.indexOf('نصفهم من المدنيين');
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + 'نصفهم من المدنيين'.length);
            const sel = document.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        }""")
        page.wait_for_selector("#add-form:not([hidden])")
        assert page.inner_text("#add-span") == "(characters 522–539)"
        page.fill("#add-form textarea[name=content]",
                  "type: CasualtyCount\napproximation: skg:Half\npopulationGroup: skg:Civilians\n"
                  "outcome: skg:Killed\n")
        page.click("#add-propose")
        page.wait_for_function(
            "document.querySelector('#add-form textarea[name=en]').value !== ''")
        assert page.input_value("#add-form textarea[name=en]") == "half civilians killed"
        page.fill("#add-form textarea[name=en]", "half of them civilians")
        page.fill("#add-form input[name=id]", "toll-half-civilians")
        page.click("#add-form button[type=submit]")
        page.wait_for_selector('#reviewed article[data-id="toll-half-civilians"]')

        # A refusal is said on the page and writes nothing.
        before = (project / FILE).read_bytes()
        remaining = _draft(page, "draft-figure-766")
        remaining.locator("textarea[name=en]").fill("")
        remaining.locator("button[data-decision=accepted]").click()
        page.wait_for_selector("#message.error")
        assert "English rendering" in page.inner_text("#message")
        assert (project / FILE).read_bytes() == before

    records = {r["id"]: r for r in yamlfile.read(project / FILE)["claims"]}
    assert records["draft-figure-505"]["en"] == "more than 20 thousand victims"
    assert records["draft-figure-505"]["review"]["by"] == "Rima Haddad"
    assert records["draft-event-611"]["status"] == "rejected"
    assert records["toll-half-civilians"]["span"] == [522, 539]

    with reviewing(project) as url:  # a restart reads the decisions back from the file
        page.goto(url + "/doc/d0001")
        assert page.locator("#drafts article").count() == 1
        assert page.locator("#reviewed article").count() == 3
        assert page.locator("#rejected article").count() == 1
        assert "accepted by Rima Haddad" in page.inner_text(
            '#reviewed article[data-id="draft-figure-505"]')
    assert errors == []
