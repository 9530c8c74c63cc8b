"""The worker plugin of ``--engine dask`` (a module of its own: it imports
dask.distributed, which nothing else of ``analyze`` needs)."""

from __future__ import annotations

from distributed import WorkerPlugin

from provenance.engine import _WORKER, PLUGIN_NAME
from provenance.errors import ProvenanceError


class ProvenancePlugin(WorkerPlugin):
    """Loads the configuration and the parser once per worker process, with
    one torch thread (a dask ``WorkerPlugin``: ``setup`` is called on every
    worker, also on those that join later)."""

    name = PLUGIN_NAME

    def __init__(self, config, threads: int = 1):
        self.config, self.threads = config, threads

    def setup(self, worker=None) -> None:
        from provenance import parsing

        parsing.limit_threads(self.threads)
        _WORKER["config"] = self.config
        try:
            parsing.pipeline(self.config.settings.model)
        except ProvenanceError as exc:  # reported by the first task
            _WORKER["error"] = str(exc)

    def teardown(self, worker=None) -> None:
        _WORKER.clear()
