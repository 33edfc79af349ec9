"""The gunicorn worker the server runs: gunicorn's sync worker, with its settings read once.

gunicorn's ``Config`` resolves every setting on every read, through ``__getattr__`` and the
setting object's ``get()``; its sync worker reads about two dozen settings per request (parser
limits, header policy, hooks, TLS), which measured 0.08-0.10 ms of a light query's ~1 ms round
trip here (bench/README.md, "Eighth run"). A worker's settings cannot change while it lives:
on a reload the arbiter forks new workers from its own, unfrozen configuration.
"""

from __future__ import annotations

from typing import Any

from gunicorn.workers.sync import SyncWorker


def freeze_settings(cfg: Any) -> None:
    """Make each setting of gunicorn's ``cfg`` a plain attribute holding its current value.

    Names the ``Config`` class defines itself (``worker_class`` is both a setting and a property
    returning the class) are left alone, so every read answers as it did before.
    """
    cls = type(cfg)
    cfg.__dict__.update(
        {name: setting.get() for name, setting in cfg.settings.items() if not hasattr(cls, name)}
    )


class FrozenSyncWorker(SyncWorker):
    """One request at a time, as gunicorn's sync worker (web.server says why), settings read
    once after the fork. (gunicorn treats a class whose name ends in ``SyncWorker`` as it
    treats ``sync``.)"""

    def init_process(self) -> None:
        freeze_settings(self.cfg)
        super().init_process()


WORKER_CLASS = f"{__name__}.{FrozenSyncWorker.__name__}"
