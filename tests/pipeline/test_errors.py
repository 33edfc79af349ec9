"""Bad input gets a clear error that names the place and the fix, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from syriakg import pipeline
from syriakg.errors import QuoteError, ShapeViolationError, SourceError
from syriakg.settings import Settings
from syriakg.store import graph_sizes, open_store

STATEMENTS = "data/statements/d0001.yaml"


def edit(settings: Settings, relative: str, old: str, new: str) -> None:
    path = settings.path(relative)
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(settings: Settings, relative: str, needle: str) -> int:
    lines = settings.path(relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_missing_quote_names_file_line_and_longest_match(
    project_copy: Callable[[], Settings],
) -> None:
    settings = project_copy()
    edit(settings, STATEMENTS, "quote: و190 مركزاً صحياً", "quote: و191 مركزاً صحياً")
    with pytest.raises(QuoteError) as err:
        pipeline.run(settings, echo=lambda _: None)
    assert err.value.path.name == "d0001.yaml"
    assert err.value.line == line_of(settings, STATEMENTS, "و191 مركزاً صحياً")
    assert "does not occur" in str(err.value) and "مركزاً صحياً" in str(err.value)


def test_ambiguous_quote_is_refused(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    edit(settings, STATEMENTS, "quote: و190 مركزاً صحياً", "quote: التدخل الروسي")
    with pytest.raises(QuoteError, match="occurs .* times"):
        pipeline.run(settings, echo=lambda _: None)


def test_unknown_property_suggests_the_right_one(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    edit(
        settings,
        STATEMENTS,
        "    facilityType: skg:HealthFacility",
        "    facilityTyp: skg:HealthFacility",
    )
    with pytest.raises(SourceError, match="Did you mean facilityType"):
        pipeline.run(settings, echo=lambda _: None)


def test_unknown_actor_names_the_reference_file(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    edit(settings, STATEMENTS, "requester: actor:bashar-al-assad", "requester: actor:assad")
    with pytest.raises(
        SourceError, match="actor:assad is not defined in data/reference/actors.csv"
    ):
        pipeline.run(settings, echo=lambda _: None)


def test_a_count_that_is_not_whole_is_refused(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    edit(settings, STATEMENTS, "    numericValue: 190\n", "    numericValue: 190.5\n")
    with pytest.raises(SourceError, match="must be a whole number") as err:
        pipeline.run(settings, echo=lambda _: None)
    assert err.value.line == line_of(settings, STATEMENTS, "numericValue: 190.5")


def test_a_changed_source_text_is_refused(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    edit(settings, "data/sources/d0001.ar.txt", "و190 مركزاً صحياً", "و191 مركزاً صحياً")
    with pytest.raises(SourceError, match="is not the file recorded here") as err:
        pipeline.run(settings, echo=lambda _: None)
    assert err.value.path.name == "d0001.yaml"
    assert err.value.line == line_of(settings, "data/sources/d0001.yaml", "sha256:")


def test_malformed_yaml_gives_line_and_column(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    edit(settings, STATEMENTS, "  kind: figure\n", "  kind: [figure\n")
    with pytest.raises(SourceError) as err:
        pipeline.run(settings, echo=lambda _: None)
    assert err.value.line is not None and err.value.column is not None


def test_malformed_turtle_gives_file_and_line(project_copy: Callable[[], Settings]) -> None:
    settings = project_copy()
    path = settings.path("ontology/skg.ttl")
    path.write_text(
        path.read_text(encoding="utf-8") + "\nskg:Broken a owl:Class , .\n", encoding="utf-8"
    )
    with pytest.raises(SourceError) as err:
        pipeline.run(settings, echo=lambda _: None)
    assert err.value.path.name == "skg.ttl"
    assert err.value.line is not None


def test_failed_build_leaves_the_served_store_untouched(
    project_copy: Callable[[], Settings],
) -> None:
    settings = project_copy()
    pipeline.run(settings, echo=lambda _: None)
    before = graph_sizes(open_store(settings.store_path))
    edit(settings, STATEMENTS, "    numericValue: 190\n", "    numericValue: -190\n")
    with pytest.raises(ShapeViolationError) as err:
        pipeline.run(settings, echo=lambda _: None)
    assert "و190 مركزاً صحياً" in err.value.report  # the sentence the bad node came from
    assert graph_sizes(open_store(settings.store_path)) == before
    assert not Path(str(settings.store_path) + ".new").exists()
