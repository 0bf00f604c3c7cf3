"""A batch on a real Dask cluster: `dask scheduler` and two `dask worker` processes started as a user would start
them on other machines (here on 127.0.0.1), the batch run with ``--executor dask://127.0.0.1:PORT``. The same files
and figures as on the local pool; a worker killed in the middle of a report costs only that report, which runs once
more, and a report that kills every worker it runs on fails by name while the others succeed.

Bounded in time: the cluster is stopped after WATCHDOG_S seconds whatever happens (the batch then fails instead of
waiting), and every process started here is stopped at the end, pass or fail."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from projectfactory import code_notebook, project_copy

ROOT = Path(__file__).resolve().parents[1]
WATCHDOG_S = 420
GOVERNORATES = ["Quneitra", "Tartous", "As-Sweida"]
NAMES = [f"governorate-{g.lower()}" for g in GOVERNORATES]
# the worker process is the nearest ancestor of the kernel started by multiprocessing's spawn (by the nanny)
FIND_WORKER = ("import psutil, signal, pathlib\n"
               "worker = next(p for p in psutil.Process().parents() if 'spawn_main' in ' '.join(p.cmdline()))\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(procs: list[subprocess.Popen]) -> None:
    """Each process's group terminated, then killed if still there after 5 s (each was started in a session of
    its own, so its workers, nannies, zygotes and kernels go with it)."""
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 5
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait(timeout=5)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = project_copy(tmp_path_factory.mktemp("cluster-project"))
    code_notebook(root / "notebooks" / "killed_once.ipynb",
                  FIND_WORKER + "marker = pathlib.Path('killed-once.marker')\n"
                  "if marker.exists():\n    print('second attempt')\n"
                  "else:\n    marker.write_text('')\n    worker.send_signal(signal.SIGKILL)", "Killed once")
    code_notebook(root / "notebooks" / "killer.ipynb", FIND_WORKER + "worker.send_signal(signal.SIGKILL)",
                  "Kills every worker it runs on")
    batch = "reports:\n  - notebook: governorate\n    for_each: {governorate: [%s]}\n" % ", ".join(GOVERNORATES)
    (root / "governorates.yml").write_text(batch)
    (root / "with-kills.yml").write_text(batch + "  - notebook: killed_once\n  - notebook: killer\n")
    return root


@pytest.fixture(scope="module")
def env(project):
    values = {"SYRIAWAR_ROOT": str(project), "SYRIAWAR_CACHE_DIR": str(ROOT / "data" / "cache")}
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    yield
    for k, v in saved.items():
        os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


@pytest.fixture(scope="module")
def cluster(env, tmp_path_factory):
    """The scheduler's address, with two single-threaded workers connected; all stopped at the end."""
    from distributed import Client

    port = _free_port()
    address = f"127.0.0.1:{port}"
    dask = str(Path(sys.executable).with_name("dask"))
    logs = tmp_path_factory.mktemp("cluster-logs")
    procs: list[subprocess.Popen] = []

    def start(name: str, args: list[str]) -> None:
        with open(logs / f"{name}.log", "w") as log:
            procs.append(subprocess.Popen([dask, *args], stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy(),
                                          start_new_session=True))

    watchdog = threading.Timer(WATCHDOG_S, _stop, [procs])
    watchdog.daemon = True
    try:
        start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])
        for i in (1, 2):
            start(f"worker-{i}", ["worker", f"tcp://{address}", "--nthreads", "1", "--nworkers", "1",
                                  "--no-dashboard", "--name", f"worker-{i}", "--death-timeout", "60"])
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        watchdog.start()
        yield address
    finally:
        watchdog.cancel()
        _stop(procs)


def _run(out: Path, *args: str) -> tuple[int, Path, dict]:
    """`syriawar report` into ``out``: its exit code, run folder and {name: result}."""
    from syriawar.cli import main

    code = main(["report", "--no-pdf", "--timeout", "180", "--out", str(out), *args])
    [run_dir] = [p for p in out.iterdir() if p.is_dir() and not p.is_symlink()]
    reports = json.loads((run_dir / "summary.json").read_text())["reports"]
    return code, run_dir, {r["name"]: r for r in reports}


@pytest.fixture(scope="module")
def runs(project, cluster):
    local = _run(project / "local", "--batch", str(project / "governorates.yml"), "--workers", "2")
    dask = _run(project / "dask", "--batch", str(project / "with-kills.yml"), "--executor", f"dask://{cluster}")
    return local, dask


def _figures(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [out["data"]["image/svg+xml"] for cell in nb.cells for out in cell.get("outputs", [])
            if "image/svg+xml" in out.get("data", {})]


def test_a_batch_on_a_real_cluster_makes_the_same_files_as_the_local_pool(runs):
    (local_code, local_dir, local), (_, dask_dir, dask) = runs
    assert local_code == 0
    for name in NAMES:
        assert local[name]["status"] == dask[name]["status"] == "ok"
        assert {p.name for p in dask_dir.glob(f"{name}.*")} == {p.name for p in local_dir.glob(f"{name}.*")} \
            == {f"{name}.ipynb", f"{name}.html"}
        assert (dask[name]["title"], dask[name]["key_figure"]) == (local[name]["title"], local[name]["key_figure"])


def test_a_batch_on_a_real_cluster_draws_the_same_figures_as_the_local_pool(runs):
    (_, local_dir, _), (_, dask_dir, _) = runs
    for name in NAMES:
        figures = _figures(dask_dir / f"{name}.ipynb")
        assert len(figures) >= 2
        assert figures == _figures(local_dir / f"{name}.ipynb")


def test_a_report_whose_worker_is_killed_runs_once_more_and_succeeds(runs):
    _, (_, dask_dir, dask) = runs
    assert dask["killed_once"]["status"] == "ok"
    assert "second attempt" in (dask_dir / "killed_once.html").read_text()


def test_a_report_that_kills_every_worker_it_runs_on_fails_by_name_and_alone(runs):
    _, (code, dask_dir, dask) = runs
    assert dask["killer"]["status"] == "failed" and "worker died" in dask["killer"]["error"]
    assert "KilledWorker" in dask["killer"]["error"]
    assert [n for n, r in dask.items() if r["status"] != "ok"] == ["killer"]
    assert code == 1
