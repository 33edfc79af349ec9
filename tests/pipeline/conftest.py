"""The links are checked in the built store (tests/realgraph.py)."""

from tests.realgraph import ld_settings, store

__all__ = ["ld_settings", "store"]
