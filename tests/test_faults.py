"""A batch stops cleanly: Ctrl-C (SIGINT to the process group) and SIGTERM end it with one line, without waiting
for the reports still running, and nothing it started outlives it, not even when the runner is killed with SIGKILL.
How long a stop takes is measured in benchmarks, not asserted here."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from projectfactory import code_notebook, project_copy

ROOT = Path(__file__).resolve().parents[1]
# how long each report of the interrupted batch would run: far longer than any stop, however busy the machine
SLOW_REPORT_S = 600


@pytest.fixture()
def batch(tmp_path):
    root = project_copy(tmp_path / "project", notebooks=False)
    code_notebook(root / "notebooks" / "slow.ipynb", f"import time\ntime.sleep({SLOW_REPORT_S})", "Slow")
    (root / "batch.yml").write_text("reports:\n" + "".join(f"  - notebook: slow\n    name: slow-{i}\n" for i in range(4)))
    env = {**os.environ, "SYRIAWAR_ROOT": str(root), "SYRIAWAR_CACHE_DIR": str(ROOT / "data" / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "syriawar", "report", "--batch", str(root / "batch.yml"), "--workers", "2",
                             "--no-pdf", "--out", str(root / "reports")], cwd=root, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    deadline = time.time() + 90
    while time.time() < deadline:  # wait until two kernels run (forked from the zygote: their launchers show)
        if sum("forkkernel" in _cmdline(p) for p in parent.children(recursive=True)) >= 2:
            break
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("the batch never started two kernels")
    time.sleep(1.0)
    pids = [p.pid for p in parent.children(recursive=True)]
    yield proc, pids, root
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)


def _cmdline(p: psutil.Process) -> str:
    try:
        return " ".join(p.cmdline())
    except psutil.Error:  # it ended between being listed and being asked
        return ""


def _alive(pids: list[int]) -> list[str]:
    out = []
    for pid in pids:
        try:
            p = psutil.Process(pid)
            if p.status() != psutil.STATUS_ZOMBIE:
                out.append(f"{pid} {' '.join(p.cmdline())[:80]}")
        except psutil.Error:
            pass
    return out


def _wait_gone(pids: list[int], seconds: float) -> list[str]:
    deadline = time.time() + seconds
    while _alive(pids) and time.time() < deadline:
        time.sleep(0.1)
    return _alive(pids)


@pytest.mark.parametrize("sig, code, to_group", [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False)])
def test_a_signal_stops_the_batch_with_one_line_and_no_process_left(batch, sig, code, to_group):
    proc, pids, root = batch
    os.killpg(proc.pid, sig) if to_group else os.kill(proc.pid, sig)
    try:
        # the reports sleep for SLOW_REPORT_S: a batch that waited for them, or ignored the signal, is still running
        _, err = proc.communicate(timeout=SLOW_REPORT_S / 10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the batch was still running after {SLOW_REPORT_S / 10:.0f} s: it did not stop on {sig.name}")
    assert proc.returncode == code
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("reports (")]  # the progress bar aside
    assert len(lines) == 1 and lines[0].startswith("interrupted: 0 of 4 reports finished"), err
    assert "reports/latest unchanged" in lines[0] and "Traceback" not in err
    assert _wait_gone(pids, 2.0) == []
    assert not (root / "reports" / "latest").exists()


def test_sigkill_of_the_runner_leaves_no_child_alive(batch):
    proc, pids, _ = batch
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=5)
    assert _wait_gone(pids, 5.0) == []


def test_a_broken_optional_source_fails_only_the_reports_that_use_it(tmp_path, monkeypatch):
    """A malformed GED global release in data/raw: reports on the Syria release run; reports asking for the
    global release fail fast with the DataError naming the file, not with a kernel timeout."""
    from gedfactory import good_rows, write_ged
    from syriawar.report.batch import Job, check_parameters
    from syriawar.report.runner import run_batch

    root = project_copy(tmp_path / "project")
    rows = good_rows()
    rows[1]["best"] = ""
    (root / "data" / "raw" / "ucdp_ged_global").mkdir(parents=True)
    write_ged(root / "data" / "raw" / "ucdp_ged_global" / "GEDEvent_v25_1.csv", rows)
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(tmp_path / "cache"))
    jobs = [Job(f"casualties-{s}", "casualties", check_parameters("casualties", {"source": s, "start": "2016-01-01", "end": "2016-12-31"}))
            for s in ("ucdp_ged_syria", "ucdp_ged_global")]
    run_dir, results = run_batch(jobs, out=root / "reports", workers=2, progress=False, pdf=False)
    ok, broken = results
    assert ok["status"] == "ok", ok["error"]
    # the notebook's own cell raised the reader's error (a kernel timeout would say CellTimeoutError, a dead kernel
    # DeadKernelError), and the run stopped there: no cell after it ran
    assert broken["status"] == "failed" and broken["error"].startswith("DataError: ")
    assert "GEDEvent_v25_1.csv: column 'best' is empty at line 3" in broken["error"]
    code = [c for c in nbformat.read(run_dir / "casualties-ucdp_ged_global.ipynb", as_version=4).cells
            if c.cell_type == "code"]
    failed = [i for i, c in enumerate(code) if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert len(failed) == 1 and all(not c.get("outputs") for c in code[failed[0] + 1:])


def _small_project(tmp_path) -> Path:
    root = project_copy(tmp_path / "project", notebooks=False)
    code_notebook(root / "notebooks" / "quick.ipynb", "print(x)", "Quick")
    return root


def test_a_run_without_pdfs_never_becomes_latest(tmp_path, monkeypatch):
    from syriawar.report.batch import Job
    from syriawar.report.runner import run_batch

    root = _small_project(tmp_path)
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    run_dir, results = run_batch([Job("quick", "quick", {})], out=root / "reports", workers=1, progress=False, pdf=False,
                                 moves_latest=True)
    assert results[0]["status"] == "ok" and (run_dir / "quick.html").is_file()
    assert not (root / "reports" / "latest").exists()
    run_dir, _ = run_batch([Job("quick", "quick", {})], out=root / "reports", workers=1, progress=False, pdf=True,
                           moves_latest=True)
    assert (root / "reports" / "latest").resolve() == run_dir.resolve()


def test_a_full_reports_folder_is_one_clear_error_before_any_notebook_runs(tmp_path, monkeypatch):
    from collections import namedtuple

    from syriawar.errors import WorkbookError
    from syriawar.report import runner
    from syriawar.report.batch import Job

    root = _small_project(tmp_path)
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage(10**9, 10**9 - 5 * 2**20, 5 * 2**20))
    with pytest.raises(WorkbookError, match=r"has 5 MB free; a batch needs at least 200 MB"):
        runner.run_batch([Job("quick", "quick", {})], out=root / "reports", workers=1, progress=False)
    assert list((root / "reports").iterdir()) == []


def test_a_reports_folder_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    from syriawar.errors import WorkbookError
    from syriawar.report.batch import Job
    from syriawar.report.runner import run_batch

    root = _small_project(tmp_path)
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    (root / "taken").write_text("a file where the reports folder should be")
    with pytest.raises(WorkbookError, match=r"reports folder .*taken is not writable"):
        run_batch([Job("quick", "quick", {})], out=root / "taken", workers=1, progress=False)


def test_a_gzipped_csv_is_accepted_where_a_csv_is(tmp_path, monkeypatch):
    import gzip

    from gedfactory import write_ged
    from syriawar.datasets import ucdp_ged

    root = _small_project(tmp_path)
    target = root / "data" / "raw" / "ucdp_ged_global"
    target.mkdir(parents=True)
    plain = write_ged(tmp_path / "GEDEvent_v25_1.csv")
    (target / "GEDEvent_v25_1.csv.gz").write_bytes(gzip.compress(plain.read_bytes()))
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(tmp_path / "cache"))
    ev = ucdp_ged.events("ucdp_ged_global")
    assert len(ev) == 3 and set(ev["source"]) == {"UCDP GED 25.1"}


def test_status_names_a_file_whose_span_disagrees_with_the_catalog():
    import pandas as pd

    from syriawar.coverage import Coverage
    from syriawar.status import span_disagreement

    late = Coverage(pd.Timestamp("2016-01-01"), pd.Timestamp("2031-01-01"))
    assert span_disagreement("2016-01 to 2019-12", late) == "the file holds 2016-01-01 to 2031-01-01; the catalog says 2016-01 to 2019-12"
    assert span_disagreement("1946 to 2024", Coverage(pd.Timestamp("1948-01-01"), pd.Timestamp("2024-12-31"))) == ""
