"""The actor-graph view is tested on the real graph and its extraction (tests/analysis)."""

from tests.analysis.conftest import extraction, settings, store, two_sources

__all__ = ["extraction", "settings", "store", "two_sources"]
