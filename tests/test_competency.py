"""Competency questions: every query in queries/cq/ answers its question on the real graph.

Each ``queries/cq/NN-name.rq`` is run over the union of the named graphs of the project's own
build (no mocks) and its SPARQL CSV result, as pyoxigraph writes it, must equal
``NN-name.expected.csv`` row for row; for an ASK query the expected file holds ``true`` or
``false``. The expected files were written by hand from the article and its curated claims, so a
difference means the query, the expectation or the data changed and someone has to look.

The QA questions expect no rows; the mutation tests below break a copy of the graph on purpose
to show that those queries do find what they look for and are not empty by construction.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from syriakg.pipeline import BuildReport
from syriakg.settings import Settings
from syriakg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CQ_DIR = ROOT / "queries" / "cq"
QUERIES = sorted(CQ_DIR.glob("*.rq"))
NAME = re.compile(r"^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.rq$")

SKG = "https://w3id.org/syria-kg/ontology#"
ID = "https://w3id.org/syria-kg/id/"
OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _expected(rq: Path) -> Path:
    return rq.with_name(rq.name[: -len(".rq")] + ".expected.csv")


@pytest.fixture(scope="session")
def cq_store(built: tuple[Settings, BuildReport]) -> ox.Store:
    """The real graph, built once per session by the shared ``built`` fixture, held in memory."""
    settings, _ = built
    return open_store(settings.store_path)


def answer(store: ox.Store, query: str) -> list[list[str]]:
    """Rows of the SPARQL CSV result (header first), or ``[["true"]]``/``[["false"]]`` for ASK."""
    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return [[str(bool(result)).lower()]]
    assert isinstance(result, ox.QuerySolutions), "a competency question must be SELECT or ASK"
    text = result.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def read_expected(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f) if row]


def copy_of(store: ox.Store) -> ox.Store:
    """A writable in-memory copy of the graph, to be broken on purpose."""
    copy = ox.Store()
    copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return copy


def only_quad(store: ox.Store, s: object, p: object, o: object = None) -> ox.Quad:
    quads = list(store.quads_for_pattern(s, p, o, None))
    assert len(quads) == 1, f"expected one quad for {s} {p} {o}, found {len(quads)}"
    return quads[0]


def query_text(name: str) -> str:
    (path,) = CQ_DIR.glob(f"{name}.rq")
    return path.read_text(encoding="utf-8")


# --- the files themselves ------------------------------------------------------------------------


def test_there_are_at_least_twenty_questions() -> None:
    assert len(QUERIES) >= 20, [q.name for q in QUERIES]


@pytest.mark.parametrize("rq", QUERIES, ids=lambda p: p.stem)
def test_question_is_documented_and_has_an_expected_answer(rq: Path) -> None:
    assert NAME.match(rq.name), f"{rq.name} is not named NN-short-name.rq"
    lines = rq.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# title: ") and lines[0][len("# title: ") :].strip()
    assert any(line.startswith("# description: ") for line in lines[:5])
    assert _expected(rq).is_file(), f"{_expected(rq).name} is missing"


def test_numbers_are_unique() -> None:
    numbers = [q.name[:2] for q in QUERIES]
    assert len(numbers) == len(set(numbers)), numbers


def test_every_expected_answer_has_its_query() -> None:
    orphans = [
        p.name
        for p in CQ_DIR.glob("*.expected.csv")
        if not p.with_name(p.name[: -len(".expected.csv")] + ".rq").exists()
    ]
    assert not orphans


@pytest.mark.parametrize("rq", QUERIES, ids=lambda p: p.stem)
def test_question_is_plain_sparql_11(rq: Path) -> None:
    """rdflib parses it with no prefixes of ours prepended: every PREFIX is declared."""
    prepareQuery(rq.read_text(encoding="utf-8"))


# --- the answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rq", QUERIES, ids=lambda p: p.stem)
def test_question_gives_the_expected_answer(cq_store: ox.Store, rq: Path) -> None:
    got = answer(cq_store, rq.read_text(encoding="utf-8"))
    expected = read_expected(_expected(rq))
    assert got[0] == expected[0], "header (variables) differ"
    assert len(got) == len(expected), (
        f"{len(got) - 1} rows, expected {len(expected) - 1}:\n" + "\n".join(map(str, got[1:]))
    )
    for number, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert g == e, f"row {number} differs"


def test_answers_are_in_a_deterministic_order() -> None:
    """Every SELECT orders its rows, so the row-for-row comparison means something."""
    for rq in QUERIES:
        text = rq.read_text(encoding="utf-8")
        if re.search(r"^\s*SELECT\b", text, re.MULTILINE | re.IGNORECASE):
            assert re.search(r"\bORDER BY\b", text), f"{rq.name} has no ORDER BY"


# --- the QA questions find what they look for ----------------------------------------------------


def test_quote_span_check_finds_a_changed_quote(cq_store: ox.Store) -> None:
    broken = copy_of(cq_store)
    sel = ox.NamedNode(ID + "span/d0001-1722-1814-quote")
    quad = only_quad(broken, sel, ox.NamedNode(OA + "exact"))
    broken.remove(quad)
    broken.add(ox.Quad(sel, quad.predicate, ox.Literal(quad.object.value + "x"), quad.graph_name))
    rows = answer(broken, query_text("*-qa-quote-span-mismatch"))
    assert [r[0] for r in rows[1:]] == [ID + "claim/d0001-toll-total"]
    assert rows[1][2] == "quote differs from the text at its span"


def test_quote_span_check_finds_a_shifted_span(cq_store: ox.Store) -> None:
    broken = copy_of(cq_store)
    sel = ox.NamedNode(ID + "span/d0001-916-999-position")
    quad = only_quad(broken, sel, ox.NamedNode(OA + "start"))
    broken.remove(quad)
    shifted = ox.Literal("917", datatype=quad.object.datatype)
    broken.add(ox.Quad(sel, quad.predicate, shifted, quad.graph_name))
    rows = answer(broken, query_text("*-qa-quote-span-mismatch"))
    assert [r[0] for r in rows[1:]] == [ID + "claim/d0001-announced-scope"]


def test_unit_check_finds_a_figure_without_unit(cq_store: ox.Store) -> None:
    broken = copy_of(cq_store)
    figure = ox.NamedNode(ID + "figure/d0001-toll-children")
    broken.remove(only_quad(broken, figure, ox.NamedNode(SKG + "unit")))
    rows = answer(broken, query_text("*-qa-figures-without-unit"))
    assert rows[1:] == [[figure.value]]


def test_claim_check_finds_a_claim_without_translation(cq_store: ox.Store) -> None:
    broken = copy_of(cq_store)
    claim = ox.NamedNode(ID + "claim/d0001-siege")
    broken.remove(only_quad(broken, claim, ox.NamedNode(SKG + "quoteTranslation")))
    rows = answer(broken, query_text("*-qa-incomplete-claims"))
    assert rows[1:] == [[claim.value, "no English translation"]]


def test_claim_check_finds_a_shared_content_node(cq_store: ox.Store) -> None:
    broken = copy_of(cq_store)
    claim = ox.NamedNode(ID + "claim/d0001-toll-women")
    quad = only_quad(broken, claim, ox.NamedNode(SKG + "reportsFigure"))
    broken.remove(quad)
    children = ox.NamedNode(ID + "figure/d0001-toll-children")
    broken.add(ox.Quad(claim, quad.predicate, children, quad.graph_name))
    rows = answer(broken, query_text("*-qa-incomplete-claims"))
    assert rows[1:] == [
        [ID + "claim/d0001-toll-children", "content node shared with another claim"],
        [claim.value, "content node shared with another claim"],
    ]


def test_label_check_finds_an_actor_without_arabic_label(cq_store: ox.Store) -> None:
    broken = copy_of(cq_store)
    russia = ox.NamedNode(ID + "actor/russia")
    for quad in list(broken.quads_for_pattern(russia, ox.NamedNode(SKOS + "prefLabel"), None)):
        if quad.object.language == "ar":
            broken.remove(quad)
    rows = answer(broken, query_text("*-qa-entities-without-labels"))
    assert rows[1:] == [[russia.value, "ar"]]


def test_veto_check_finds_a_veto_by_a_non_permanent_member(cq_store: ox.Store) -> None:
    broken = copy_of(cq_store)
    vote = ox.NamedNode(ID + "vote/d0001-crossborder-veto-china")
    quad = only_quad(broken, vote, ox.NamedNode(SKG + "voter"))
    broken.remove(quad)
    turkey = ox.NamedNode(ID + "actor/turkey")
    broken.add(ox.Quad(vote, quad.predicate, turkey, quad.graph_name))
    assert answer(broken, query_text("*-vetoes-by-permanent-members")) == [["false"]]
