"""The review app answered in process: what the page shows of a draft, and what it refuses."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from syriakg.review import yamlfile
from syriakg.review.app import create_app

FILE = Path("data/statements/d0001.yaml")


def _client(project: Path) -> FlaskClient:
    return create_app(project, "Rima").test_client()


def test_the_page_shows_each_draft_in_its_sentence(project: Path) -> None:
    html = _client(project).get("/doc/d0001").get_data(as_text=True)
    # The quote is marked inside its sentence, which reads right to left.
    assert '<p class="sentence" lang="ar" dir="rtl">' in html
    assert "سقوط <mark>أكثر 20 ألف ضحية</mark> نصفهم" in html
    # The content in words, the detector and its reason, and a proposed English rendering.
    assert "<dt>attributed perpetrator</dt><dd dir=\"auto\">Russia</dd>" in html
    assert "proposed by detector figures" in html and "version 1" in html
    assert "more than 20,000 people killed by Russia" in html
    assert "3 draft(s), 1 reviewed, 0 rejected" in html


def test_one_document_opens_directly(project: Path) -> None:
    answer = _client(project).get("/")
    assert answer.status_code == 302 and answer.location.endswith("/doc/d0001")
    assert _client(project).get("/doc/d9999").status_code == 404


def test_a_decision_is_written_and_shown(project: Path) -> None:
    client = _client(project)
    answer = client.post("/doc/d0001/decide", json={
        "id": "draft-figure-505", "decision": "accepted", "en": "more than 20 thousand victims"})
    assert answer.status_code == 200 and answer.json == {"id": "draft-figure-505",
                                                         "status": "reviewed"}
    assert yamlfile.read(project / FILE)["claims"][1]["review"]["by"] == "Rima"
    html = create_app(project, "Other").test_client().get("/doc/d0001").get_data(as_text=True)
    assert "2 draft(s), 2 reviewed, 0 rejected" in html
    assert "accepted by Rima at" in html


def test_a_refusal_says_what_to_change(project: Path) -> None:
    answer = _client(project).post("/doc/d0001/decide", json={
        "id": "draft-figure-505", "decision": "accepted", "en": ""})
    assert answer.status_code == 400
    assert "English rendering" in answer.json["error"]
    answer = _client(project).post("/doc/d0001/add", json={"kind": "figure"})
    assert answer.status_code == 400 and "select the words" in answer.json["error"]


def test_proposal_from_typed_content(project: Path) -> None:
    answer = _client(project).post("/propose", json={
        "kind": "figure",
        "content": "type: CasualtyCount\nnumericValue: 8654\napproximation: skg:Exact\n"
                   "populationGroup: skg:Civilians\noutcome: skg:Killed\narea: place:syria\n"})
    assert answer.json == {"en": "8,654 civilians killed in Syria"}


def test_only_this_machine_may_use_it(project: Path) -> None:
    client = _client(project)
    # Another address, a name other than loopback (DNS rebinding), another site's page posting.
    assert client.get("/doc/d0001", environ_base={"REMOTE_ADDR": "10.0.0.5"}).status_code == 403
    assert client.get("/doc/d0001", headers={"Host": "evil.example"}).status_code == 403
    posted = client.post("/doc/d0001/decide", headers={"Origin": "http://evil.example"},
                         json={"id": "draft-event-611", "decision": "rejected"})
    assert posted.status_code == 403
    assert yamlfile.read(project / FILE)["claims"][3]["status"] == "draft"


def test_the_command_refuses_an_unknown_document(project: Path) -> None:
    from click.testing import CliRunner

    from syriakg.cli import main

    result = CliRunner().invoke(main, ["review", "d0042", "--reviewer", "Rima"],
                                env={"SYRIAKG_ROOT": str(project)})
    assert result.exit_code == 2 and "data/statements/d0042.yaml" in result.output
    result = CliRunner().invoke(main, ["review", "d0001"], env={"SYRIAKG_ROOT": str(project),
                                                                 "SYRIAKG_REVIEWER": ""})
    assert result.exit_code == 2 and "--reviewer" in result.output
