"""The SHACL shapes (shapes/*.ttl), checked with the real pySHACL.

- every fixture in shapes/fixtures/valid/ conforms;
- every fixture in shapes/fixtures/invalid/ fails, and only for its reason: the set of shapes
  it trips equals the set named on its first line (``# expect: skgsh:SomeShape ...``);
- ``syriakg validate`` reports node, property and the plain-words message, with exit codes 1 and 0;
- the project's own data (asserted + inferred) conforms;
- every shape that can report has a message, and every node of the data is the target of a shape.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from syriakg import check
from syriakg.check import validate_files
from syriakg.cli import main
from syriakg.namespaces import compact, graph_iri
from syriakg.pipeline import BuildReport
from syriakg.pipeline.load import load_shapes
from syriakg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "shapes" / "fixtures"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
EXPECT = re.compile(r"# expect:((?:\s+skgsh:[A-Za-z]+)+)\s*")

# Constraint parameters: a shape with one of these can produce a validation result.
CONSTRAINTS = {
    SH[name]
    for name in (
        "class datatype nodeKind minCount maxCount minExclusive minInclusive maxExclusive "
        "maxInclusive minLength maxLength pattern languageIn uniqueLang equals disjoint lessThan "
        "lessThanOrEquals not and or xone node qualifiedValueShape closed hasValue in sparql"
    ).split()
}


def _name(path: Path) -> str:
    return path.name


def expected_shapes(path: Path) -> set[str]:
    """The shapes an invalid fixture must trip, from its first line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = EXPECT.fullmatch(first)
    assert match, f"{path.name}: the first line must be '# expect: skgsh:SomeShape ...'"
    return set(match.group(1).split())


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.load(root=ROOT)


@pytest.fixture(scope="module")
def shapes(settings: Settings) -> Graph:
    return load_shapes(settings)


def test_there_are_enough_fixtures() -> None:
    assert len(VALID) >= 3
    assert len(INVALID) >= 20


@pytest.mark.parametrize("path", VALID, ids=_name)
def test_valid_fixture_conforms(settings: Settings, path: Path) -> None:
    report = validate_files(settings, [path])
    assert report.conforms, report.text()
    assert report.violations == []


@pytest.mark.parametrize("path", INVALID, ids=_name)
def test_invalid_fixture_fails_for_its_reason_only(settings: Settings, path: Path) -> None:
    expected = expected_shapes(path)
    report = validate_files(settings, [path])
    assert not report.conforms
    assert {v.shape for v in report.violations} == expected, report.text()
    for violation in report.violations:
        assert violation.severity == "Violation"
        # pySHACL's stand-in for a missing sh:message looks like "<MinCountConstraintComponent ...>"
        assert not violation.message.startswith("<"), violation
        assert len(violation.message.split()) >= 8, violation


@pytest.mark.parametrize("path", INVALID[:8] + VALID, ids=_name)
def test_large_files_are_checked_in_a_store_with_the_same_report(
    settings: Settings, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = validate_files(settings, [path])
    monkeypatch.setattr(check, "BULK_FROM_BYTES", 0)  # the path of files past a megabyte
    large = validate_files(settings, [path])
    assert large.conforms == small.conforms
    assert {(v.shape, v.focus) for v in large.violations} == {
        (v.shape, v.focus) for v in small.violations}


def test_fifty_thousand_triples_are_checked_in_a_store(settings: Settings,
                                                       tmp_path: Path) -> None:
    data = tmp_path / "many.nt"
    with data.open("w", encoding="utf-8") as out:
        for i in range(25_000):
            out.write(f'<https://example.org/thing/{i}> '
                      f'<http://www.w3.org/2000/01/rdf-schema#label> "thing {i}"@en .\n'
                      f'<https://example.org/thing/{i}> <https://example.org/next> '
                      f'<https://example.org/thing/{i + 1}> .\n')
    assert data.stat().st_size > check.BULK_FROM_BYTES
    report = validate_files(settings, [data])
    assert report.conforms, report.text()


def test_expected_shapes_exist(shapes: Graph) -> None:
    """A misspelt name on an '# expect:' line would make its fixture fail; say which."""
    known = {compact(str(s)) for s in shapes.subjects() if isinstance(s, URIRef)}
    for path in INVALID:
        missing = expected_shapes(path) - known
        assert not missing, f"{path.name} expects shapes that do not exist: {missing}"


def test_cli_reports_node_property_and_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    fixture = FIXTURES / "invalid" / "percentage-over-100.ttl"
    result = CliRunner().invoke(main, ["validate", str(fixture)])
    assert result.exit_code == 1, result.output
    assert "fig:fx-control" in result.output
    assert "skgsh:FigurePercentShape" in result.output
    assert "must lie between 0 and 100" in result.output

    fixture = FIXTURES / "invalid" / "request-without-addressee.ttl"
    result = CliRunner().invoke(main, ["validate", str(fixture)])
    assert result.exit_code == 1, result.output
    assert "node:     event:fx-request" in result.output
    assert "property: skg:addressee" in result.output
    assert "A request must say whom it was addressed to" in result.output
    assert "sentence: وطلب الأسد من روسيا التدخل" in result.output


def test_cli_accepts_a_valid_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["validate", str(FIXTURES / "valid" / "veto.ttl")])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_real_data_conforms(built: tuple[Settings, BuildReport]) -> None:
    """The build raises ShapeViolationError (with the report) if it does not conform."""
    _, report = built
    assert report.validation is not None
    assert report.validation.conforms, report.validation.text()


def test_every_reporting_shape_has_a_message(shapes: Graph) -> None:
    """Shapes with a target, and their property shapes, report; each says what to fix."""
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
    roots = {s for p in targets for s in shapes.subjects(p, None)}
    reporting = roots | {p for root in roots for p in shapes.objects(root, SH.property)}
    for shape in reporting:
        if not any((shape, p, None) in shapes for p in CONSTRAINTS):
            continue
        messages = list(shapes.objects(shape, SH.message))
        for constraint in shapes.objects(shape, SH.sparql):
            messages += list(shapes.objects(constraint, SH.message))
        name = compact(str(shape)) if isinstance(shape, URIRef) else f"a property shape of {shape}"
        assert any(isinstance(m, Literal) and m.language == "en" for m in messages), (
            f"{name} has no English sh:message"
        )
        assert shapes.value(shape, SH.severity) in (None, SH.Violation), name


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own TriG parser
def test_every_node_of_the_data_is_the_target_of_a_shape(
    built: tuple[Settings, BuildReport], shapes: Graph
) -> None:
    """A class the shapes do not know slips through unchecked; name the classes that would."""
    settings, _ = built
    build = settings.path(settings.build_dir)
    dataset = Dataset()
    dataset.parse(build / "1-asserted.trig", format="trig")
    everything = Graph()
    for graph in dataset.graphs():
        everything += graph
    everything.parse(build / "2-inferred.ttl", format="turtle")
    target_classes = set(shapes.objects(None, SH.targetClass))
    subjects_of = set(shapes.objects(None, SH.targetSubjectsOf))
    objects_of = set(shapes.objects(None, SH.targetObjectsOf))
    unchecked: set[str] = set()
    for graph in dataset.graphs():
        if graph.identifier == graph_iri("ontology"):
            continue
        for node, cls in graph.subject_objects(RDF.type):
            covered = (
                set(everything.objects(node, RDF.type)) & target_classes
                or any((node, p, None) in everything for p in subjects_of)
                or any((None, p, node) in everything for p in objects_of)
            )
            if not covered:
                unchecked.add(compact(str(cls)))
    assert not unchecked, f"no shape targets these classes: {sorted(unchecked)}"
