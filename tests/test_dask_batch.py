"""A batch runs on a Dask cluster as it runs on the local pool: the same files, the same figures, a report that
kills its worker fails alone, and reports/latest moves only to a run where every report succeeded."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from projectfactory import code_notebook, project_copy
from syriawar.errors import ParameterError
from syriawar.report.batch import Job
from syriawar.report.executors import check_spec, dask_executor
from syriawar.report.runner import run_batch

ROOT = Path(__file__).resolve().parents[1]
JOBS = [Job("governorate-quneitra", "governorate", {"governorate": "Quneitra"}),
        Job("brief-fall-of-assad", "period_brief", {"start": "2024-11-27", "end": "2024-12-08"})]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = project_copy(tmp_path_factory.mktemp("dask-project"))
    # the Dask worker is the nearest ancestor started by multiprocessing's spawn (the kernel's parent is the
    # worker's zygote, or the worker itself when kernels are not forked)
    code_notebook(root / "notebooks" / "killer.ipynb",
                  "import psutil, signal\n"
                  "worker = next(p for p in psutil.Process().parents() if 'spawn_main' in ' '.join(p.cmdline()))\n"
                  "worker.send_signal(signal.SIGKILL)", "Kills its worker")
    return root


@pytest.fixture(scope="module")
def runs(project):
    env = {"SYRIAWAR_ROOT": str(project), "SYRIAWAR_CACHE_DIR": str(ROOT / "data" / "cache")}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        local_dir, local = run_batch(JOBS, out=project / "reports", workers=2, progress=False, moves_latest=True)
        with dask_executor("dask-local", 2) as executor:
            dask_dir, dask = run_batch(JOBS + [Job("killer", "killer", {})], out=project / "reports",
                                       progress=False, executor=executor, moves_latest=True)
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return (local_dir, {r["name"]: r for r in local}), (dask_dir, {r["name"]: r for r in dask})


def _figures(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [out["data"]["image/svg+xml"] for cell in nb.cells for out in cell.get("outputs", [])
            if "image/svg+xml" in out.get("data", {})]


def test_the_same_reports_and_files_on_dask_as_on_the_local_pool(runs):
    (local_dir, local), (dask_dir, dask) = runs
    assert all(local[j.name]["status"] == "ok" and dask[j.name]["status"] == "ok" for j in JOBS)
    for j in JOBS:
        assert {p.name for p in dask_dir.glob(f"{j.name}.*")} == {p.name for p in local_dir.glob(f"{j.name}.*")} \
            == {f"{j.name}.ipynb", f"{j.name}.html", f"{j.name}.pdf"}
        assert dask[j.name]["key_figure"] == local[j.name]["key_figure"]
        assert dask[j.name]["title"] == local[j.name]["title"]


def test_the_same_figures_on_dask_as_on_the_local_pool(runs):
    (local_dir, _), (dask_dir, _) = runs
    for j in JOBS:
        figures = _figures(dask_dir / f"{j.name}.ipynb")
        assert len(figures) >= 2
        assert figures == _figures(local_dir / f"{j.name}.ipynb")


def test_a_report_that_kills_its_worker_fails_alone_and_latest_stays(runs, project):
    (local_dir, _), (dask_dir, dask) = runs
    assert dask["killer"]["status"] == "failed" and "worker died" in dask["killer"]["error"]
    assert [r["name"] for r in json.loads((dask_dir / "summary.json").read_text())["reports"]] == \
        [j.name for j in JOBS] + ["killer"]
    assert (dask_dir / "index.html").is_file()
    assert os.readlink(project / "reports" / "latest") == local_dir.name  # the run with a failure never becomes latest


@pytest.mark.parametrize("spec", ["dask:/host", "dask://host", "ray://x:1", "threads"])
def test_an_executor_that_is_not_one_is_named_with_what_is_expected(spec):
    with pytest.raises(ParameterError, match=r"--executor .* expected local, dask-local or dask://HOST:PORT"):
        check_spec(spec)


def test_a_scheduler_that_does_not_answer_is_one_clear_error():
    with pytest.raises(ParameterError, match="no Dask scheduler answers there"):
        with dask_executor("dask://127.0.0.1:1", 1):
            pass


def test_the_large_batch_file_holds_every_governorate_for_every_year():
    from syriawar.report.batch import load_batch

    jobs = load_batch(ROOT / "reports" / "governorates-by-year.yml")
    assert len(jobs) == 14 * 14
    assert jobs[0].parameters == {"governorate": "Damascus", "start": "2011-01-01", "end": "2011-12-31"}
    assert len({j.name for j in jobs}) == len(jobs)
