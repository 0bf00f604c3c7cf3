"""``reports/latest`` points at the newest complete default batch: a one-notebook run, another batch file and the
explorer's reports land in run folders of their own and leave it where it was. Reports, PDFs and the index are
written with the user's umask, so a shared reports folder can be read by colleagues."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from projectfactory import code_notebook, project_copy

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project whose default batch is two small reports, run once (with PDFs) under umask 022."""
    root = project_copy(tmp_path_factory.mktemp("project"), notebooks=False)
    code_notebook(root / "notebooks" / "quick.ipynb", "print(x)", "Quick")
    (root / "reports").mkdir()
    (root / "reports" / "batch.yml").write_text("reports:\n  - notebook: quick\n  - notebook: quick\n    name: quick-2\n")
    (root / "other.yml").write_text("reports:\n  - notebook: quick\n")
    env = {"SYRIAWAR_ROOT": str(root), "SYRIAWAR_CACHE_DIR": str(ROOT / "data" / "cache")}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    old_mask = os.umask(0o022)
    try:
        from syriawar.cli import main

        assert main(["report", "--workers", "1"]) == 0
        yield root
    finally:
        os.umask(old_mask)
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


def _runs(root: Path) -> list[Path]:
    return sorted(p for p in (root / "reports").iterdir() if p.is_dir() and not p.is_symlink())


def test_the_default_batch_moves_latest_to_its_run(project):
    [run] = _runs(project)
    assert (project / "reports" / "latest").resolve() == run.resolve()
    assert (run / "quick.pdf").is_file() and (run / "quick-2.pdf").is_file()


@pytest.mark.parametrize("args", [["-n", "quick"], ["--batch", "other.yml"]], ids=["one-notebook", "another-batch"])
def test_other_runs_land_in_their_own_folder_and_leave_latest_where_it_was(project, args):
    from syriawar.cli import main

    before = os.readlink(project / "reports" / "latest")
    runs = _runs(project)
    argv = ["report", "--workers", "1"] + [str(project / a) if a.endswith(".yml") else a for a in args]
    assert main(argv) == 0
    [new] = sorted(set(_runs(project)) - set(runs))
    assert (new / "quick.pdf").is_file(), "a complete run with PDFs, which once moved latest"
    assert os.readlink(project / "reports" / "latest") == before


def test_reports_are_readable_by_group_and_others_under_umask_022(project):
    run = (project / "reports" / "latest").resolve()
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in run.rglob("*") if p.is_file()}
    assert modes == {name: "0o644" for name in ("quick.ipynb", "quick.html", "quick.pdf", "quick-2.ipynb",
                                                  "quick-2.html", "quick-2.pdf", "index.html", "summary.json",
                                                  "citations.bib", "citations.json")}


def test_the_explorers_report_lands_in_its_own_folder_and_leaves_latest_alone(tmp_path, monkeypatch):
    from syriawar.explorer import View, report_for_view

    monkeypatch.setenv("SYRIAWAR_ROOT", str(ROOT))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(ROOT / "data" / "cache"))
    (tmp_path / "20000101-000000-aaaaaa").mkdir()
    (tmp_path / "latest").symlink_to("20000101-000000-aaaaaa")
    run_dir, result = report_for_view(View(start="2017-01-01", end="2017-03-31", governorates=["Idleb"]), out=tmp_path)
    assert result["status"] == "ok" and (run_dir / result["pdf"]).is_file(), result["error"]
    assert os.readlink(tmp_path / "latest") == "20000101-000000-aaaaaa"
