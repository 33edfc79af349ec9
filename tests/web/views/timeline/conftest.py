"""The timeline is tested on the real graph (tests/realgraph.py)."""

from tests.realgraph import client, ld_app, ld_settings, store

__all__ = ["client", "ld_app", "ld_settings", "store"]
