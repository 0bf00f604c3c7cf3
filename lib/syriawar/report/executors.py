"""Where a batch's reports run: the local process pool (the default), a Dask cluster on this machine, or a Dask
scheduler elsewhere. Every one is a ``concurrent.futures.Executor``; the runner submits one job per report.

``--executor local``            a process pool on this machine (kernels forked from a warm zygote)
``--executor dask-local``       a ``distributed.LocalCluster`` with one single-threaded worker process per slot
``--executor dask://HOST:PORT`` a running Dask scheduler (``dask scheduler`` and ``dask worker HOST:PORT``)

A Dask worker runs a report in a folder of its own and sends the files back, so the run folder needs to be
reachable from this machine only. Each worker needs the package installed and the data catalog's files (in its
``data/raw`` or a mirror named by ``SYRIAWAR_DATA_MIRROR``).

A worker that dies (its machine, or a notebook that kills it) costs only the report it was running: the scheduler
runs that report once more, on whichever worker is free (``dask worker`` restarts a dead worker process); if it
dies again, the report fails by name (``KilledWorker``) and the batch goes on. For that, each worker takes one
report at a time (worker-saturation 1.0: no report waits on a worker that may die under another one) and a report
may be involved in one worker death (allowed-failures 1): set on the scheduler when the batch connects.
"""

from __future__ import annotations

import contextlib
import re
from concurrent.futures import Executor
from typing import Iterator

from ..errors import ParameterError

SPEC_HELP = "local, dask-local or dask://HOST:PORT"
ALLOWED_FAILURES = 1  # worker deaths a report may be involved in: it is retried once, then fails by name
WORKER_SATURATION = 1.0  # reports a worker holds per thread: one, so a worker's death touches only its own


def check_spec(spec: str | None) -> str:
    """The executor spec as given, or one clear error naming what is expected."""
    spec = spec or "local"
    if spec in ("local", "dask-local") or re.fullmatch(r"dask://[A-Za-z0-9_.\-\[\]:]+:\d+", spec):
        return spec
    raise ParameterError(f"--executor {spec!r} is not an executor; expected {SPEC_HELP}")


def is_remote(spec: str) -> bool:
    return spec != "local"


@contextlib.contextmanager
def dask_executor(spec: str, workers: int) -> Iterator[Executor]:
    """A Dask ``Client.get_executor()`` for ``spec``; the cluster it starts (dask-local) stops on exit."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - distributed is a dependency
        raise ParameterError(f"--executor {spec}: the 'distributed' package is not installed ({exc})") from exc
    import dask

    settings = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                "distributed.scheduler.worker-saturation": WORKER_SATURATION,
                "distributed.worker.daemon": False, "distributed.logging.distributed": "error"}
    with dask.config.set(settings):
        if spec == "dask-local":
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            cluster = None
            try:
                client = Client(spec.removeprefix("dask://"), timeout="10s")
            except OSError as exc:
                raise ParameterError(f"--executor {spec}: no Dask scheduler answers there ({exc}); start one with "
                                     "`dask scheduler` and workers with `dask worker HOST:PORT`") from exc

            def batch_settings(allowed_failures, saturation, dask_scheduler=None):  # pickled by value: runs there
                dask_scheduler.allowed_failures = allowed_failures
                dask_scheduler.WORKER_SATURATION = saturation

            # a scheduler started elsewhere read its own configuration: the batch's rules are set on it
            client.run_on_scheduler(batch_settings, ALLOWED_FAILURES, WORKER_SATURATION)
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
