"""Where a batch's reports run: the local process pool (the default), a Dask cluster on this machine, or a Dask
scheduler elsewhere. Every one is a ``concurrent.futures.Executor``; the runner submits one job per report.

``--executor local``            a process pool on this machine (kernels forked from a warm zygote)
``--executor dask-local``       a ``distributed.LocalCluster`` with one single-threaded worker process per slot
``--executor dask://HOST:PORT`` a running Dask scheduler (``dask scheduler`` and ``dask worker HOST:PORT``)

A Dask worker runs a report in a folder of its own and sends the files back, so the run folder needs to be
reachable from this machine only. Each worker needs the package installed and the data catalog's files (in its
``data/raw`` or a mirror named by ``SYRIAWAR_DATA_MIRROR``).
"""

from __future__ import annotations

import contextlib
import re
from concurrent.futures import Executor
from typing import Iterator

from ..errors import ParameterError

SPEC_HELP = "local, dask-local or dask://HOST:PORT"


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

    # a report that kills its worker fails once, instead of being tried again on every worker in turn
    with dask.config.set({"distributed.scheduler.allowed-failures": 0, "distributed.worker.daemon": False,
                          "distributed.logging.distributed": "error"}):
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
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
