"""OS errors and interrupts around a batch: a folder in the way, a read-only cache, a disk that fills while the
index is written, Ctrl-C at any moment. Each ends in one line naming the path and what to do (or how many reports
finished), a non-zero exit, an index of what finished, and nothing half-written; ``reports/latest`` moves only to a
complete default batch. Disk-full and read-only are simulated by a write that fails (no mount is possible here)."""

from __future__ import annotations

import errno
import json
import os
import pathlib
import signal

import pytest

from projectfactory import code_notebook, project_copy
from syriawar.errors import WorkbookError
from syriawar.report.batch import Job

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture()
def project(tmp_path, monkeypatch):
    root = project_copy(tmp_path / "project", notebooks=False)
    code_notebook(root / "notebooks" / "quick.ipynb", "print(x)", "Quick")
    (root / "reports").mkdir()
    (root / "reports" / "batch.yml").write_text("reports:\n  - notebook: quick\n  - notebook: quick\n    name: quick-2\n")
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(ROOT / "data" / "cache"))
    return root


def _runs(base: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.is_symlink())


def _failing_write(monkeypatch, name: str, err: int):
    """Writes of files called ``name`` write half their text and then fail with ``err``."""
    real = pathlib.Path.write_text

    def write_text(self, data, *args, **kwargs):
        if self.name == name:
            real(self, data[: len(data) // 2], *args, **kwargs)
            raise OSError(err, os.strerror(err), str(self))
        return real(self, data, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", write_text)


def test_reports_latest_being_a_folder_is_one_line_before_any_report_runs(project, capsys):
    from syriawar.cli import main

    (project / "reports" / "latest").mkdir()
    assert main(["report", "--no-pdf"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {project / 'reports' / 'latest'} is a folder, not a link to a run; move it away (e.g. "
                   f"`mv {project / 'reports' / 'latest'} {project / 'reports' / 'latest'}.old`) so that the batch can "
                   "point it at its run"]
    assert _runs(project / "reports") == [project / "reports" / "latest"]


def test_a_folder_that_takes_the_place_of_latest_during_a_run_is_named_and_leaves_no_stray_link(tmp_path):
    from syriawar.report.runfolder import point_latest

    run_dir = tmp_path / "20260101-000000-abcdef"
    run_dir.mkdir()
    (tmp_path / "latest").mkdir()
    with pytest.raises(WorkbookError, match=r"latest is a folder, not a link to a run; move it away"):
        point_latest(tmp_path, run_dir)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["20260101-000000-abcdef", "latest"]


def test_a_link_that_cannot_be_made_leaves_no_stray_link(tmp_path, monkeypatch):
    from syriawar.report.runfolder import point_latest

    run_dir = tmp_path / "20260101-000000-abcdef"
    run_dir.mkdir()

    def read_only(src, dst):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dst))

    monkeypatch.setattr(os, "replace", read_only)
    with pytest.raises(WorkbookError, match=r"cannot point .*latest at 20260101-000000-abcdef \(Read-only file system\)"
                                            r"; the reports are in .*; make .* writable"):
        point_latest(tmp_path, run_dir)
    assert [p.name for p in tmp_path.iterdir()] == ["20260101-000000-abcdef"]


def test_latest_never_moves_back_to_an_older_run(tmp_path):
    from syriawar.report.runfolder import point_latest

    older, newer = tmp_path / "20260101-000000-aaaaaa", tmp_path / "20260102-000000-bbbbbb"
    older.mkdir()
    newer.mkdir()
    assert point_latest(tmp_path, newer)
    assert not point_latest(tmp_path, older), "an older batch finishing last leaves latest on the newer one"
    assert os.readlink(tmp_path / "latest") == newer.name


def test_a_read_only_cache_folder_is_one_line_before_any_report_runs(project, monkeypatch, capsys):
    from syriawar.cli import main

    cache = project / "cache"
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(cache))
    real = pathlib.Path.write_bytes

    def write_bytes(self, data):
        if self.parent == cache:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    assert main(["report", "--no-pdf"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: cache folder {cache} is not writable (Read-only file system); reports build and keep their "
                   "tables there: make it writable, or set SYRIAWAR_CACHE_DIR to a folder that is"]
    assert _runs(project / "reports") == []


def test_a_disk_that_fills_as_the_index_is_written_is_one_line_and_leaves_no_empty_index(project, monkeypatch, capsys):
    from syriawar.cli import main

    _failing_write(monkeypatch, "index.html", errno.ENOSPC)
    assert main(["report", "--no-pdf", "--workers", "1"]) == 2
    err = [ln for ln in capsys.readouterr().err.strip().splitlines() if not ln.startswith("reports (")]
    [run_dir] = _runs(project / "reports")
    assert err == [f"error: cannot write the index of {run_dir} (No space left on device); the reports written are "
                   "there; free some space or make the folder writable, and run the batch again"]
    assert (run_dir / "quick.html").is_file()
    assert not (run_dir / "index.html").exists() and not (run_dir / "summary.json").exists()
    assert not (project / "reports" / "latest").exists()


def test_an_os_error_no_check_foresaw_is_one_line_naming_the_path(monkeypatch, capsys):
    from syriawar.cli import main
    from syriawar.report import command

    def fails(args):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/some/where")

    monkeypatch.setattr(command, "run_from_cli", fails)
    assert main(["report"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: /some/where: Permission denied; free some space, or check that the folder exists and is writable, and "
        "run the command again"]


def test_ctrl_c_before_the_batch_starts_is_one_line(project, monkeypatch, capsys):
    from syriawar.cli import main
    from syriawar.report import command

    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "load_batch", interrupted)
    assert main(["report", "--no-pdf"]) == 130
    assert capsys.readouterr().err.strip().splitlines() == ["interrupted"]


def _interrupt_after(monkeypatch, module, name: str):
    """``module.name`` sends SIGINT to this process once it has run."""
    real = getattr(module, name)

    def then_interrupt(*args, **kwargs):
        out = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
        return out

    monkeypatch.setattr(module, name, then_interrupt)


def test_ctrl_c_just_as_every_report_has_finished_indexes_them_all(project, monkeypatch):
    from syriawar.report import runner
    from syriawar.report.lifecycle import interrupts

    # the last report is in; the pool's workers are being shut down
    _interrupt_after(monkeypatch, runner.ProcessPoolExecutor, "shutdown")
    jobs = [Job("quick", "quick", {}), Job("quick-2", "quick", {})]
    with interrupts(), pytest.raises(runner.BatchInterrupted) as info:
        runner.run_batch(jobs, out=project / "reports", workers=1, progress=False, pdf=False, moves_latest=True)
    assert str(info.value).startswith("interrupted: 2 of 2 reports finished, in ")
    summary = json.loads((info.value.run_dir / "summary.json").read_text())
    assert [(r["name"], r["status"]) for r in summary["reports"]] == [("quick", "ok"), ("quick-2", "ok")]
    assert "2 of 2 reports succeeded" in (info.value.run_dir / "index.html").read_text()
    assert not (project / "reports" / "latest").exists()


def test_ctrl_c_while_the_index_is_written_lets_it_be_written_whole(project, monkeypatch):
    from syriawar.report import runner
    from syriawar.report.lifecycle import interrupts

    real = pathlib.Path.write_text

    def write_text(self, data, *args, **kwargs):
        out = real(self, data, *args, **kwargs)
        if self.name == "index.html":  # a signal in the middle of writing the index: summary.json comes next
            os.kill(os.getpid(), signal.SIGINT)
        return out

    monkeypatch.setattr(pathlib.Path, "write_text", write_text)
    with interrupts(), pytest.raises(runner.BatchInterrupted) as info:
        runner.run_batch([Job("quick", "quick", {})], out=project / "reports", workers=1, progress=False, pdf=False,
                         moves_latest=True)
    assert str(info.value).startswith("interrupted: 1 of 1 reports finished")
    assert json.loads((info.value.run_dir / "summary.json").read_text())["reports"][0]["status"] == "ok"
    assert "</html>" in (info.value.run_dir / "index.html").read_text()
    assert not (project / "reports" / "latest").exists()


def test_a_second_ctrl_c_while_the_batch_stops_does_not_cut_the_stopping_short():
    from syriawar.report.lifecycle import Interrupted, held_interrupts, interrupts

    with interrupts():
        with pytest.raises(Interrupted):
            os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)  # noted, not raised
        with held_interrupts() as pending:
            assert pending == [signal.SIGINT]


def test_a_disk_that_fills_while_a_report_is_written_fails_that_report_with_no_half_page(project, tmp_path, monkeypatch):
    from syriawar.report.runner import run_job

    real = pathlib.Path.write_bytes

    def half_then_full(self, data):
        real(self, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(pathlib.Path, "write_bytes", half_then_full)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    job = {"name": "quick", "notebook": "quick", "parameters": {}}
    result = run_job(job, str(run_dir), "run", "now", "abc", 120, pdf=False)
    assert result["status"] == "failed"
    assert result["error"] == (f"cannot write the report into {run_dir} (No space left on device); free some space or "
                               "make the folder writable, and run it again")
    assert sorted(p.name for p in run_dir.iterdir()) == ["quick.ipynb"], "no half-written page, no temporary file"
