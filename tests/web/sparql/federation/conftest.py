"""The federation examples run on the real graph (tests/realgraph.py)."""

from tests.realgraph import ld_settings, store

__all__ = ["ld_settings", "store"]
