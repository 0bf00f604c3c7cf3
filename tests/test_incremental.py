"""Incremental reruns: a report whose notebook, parameters, data files and workbook code are unchanged since an
earlier run is not run again (its files are linked into the new run and its result says ``reused``); --force runs
everything; a changed notebook or data file reruns exactly the reports that depend on it; a report that failed is
never what a later run reuses."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import nbformat
import pytest

from projectfactory import project_copy
from syriawar.report.batch import Job
from syriawar.report.runner import run_batch

ROOT = Path(__file__).resolve().parents[1]
GOVERNORATE = Job("governorate-quneitra", "governorate", {"governorate": "Quneitra"})  # reads no ViEWS data
BRIEF = Job("brief-fall-of-assad", "period_brief", {"start": "2024-11-27", "end": "2024-12-08"})  # reads ViEWS
JOBS = [GOVERNORATE, BRIEF]


def _edit_notebook(path: Path, source: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(source))
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def history(tmp_path_factory, mirror):
    """The runs of one reports folder, in order, each as (run folder, {name: result}): a first run, an unchanged
    rerun, a forced one, one after the governorate notebook changed, one after the ViEWS file changed, one after
    the governorate notebook broke, and one after it was put back."""
    project = project_copy(tmp_path_factory.mktemp("incremental"))
    env = {"SYRIAWAR_ROOT": str(project), "SYRIAWAR_CACHE_DIR": str(ROOT / "data" / "cache")}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    out = project / "reports"
    notebook = project / "notebooks" / "governorate.ipynb"
    original = notebook.read_bytes()
    runs = {}

    def run(step: str, **options) -> None:
        run_dir, results = run_batch(JOBS, out=out, workers=2, pdf=False, progress=False, **options)
        runs[step] = (run_dir, {r["name"]: r for r in results})

    try:
        run("first")
        run("unchanged")
        run("forced", force=True)
        _edit_notebook(notebook, "print('one more cell')")
        run("notebook changed")
        # the same ViEWS table, gzipped, in data/raw (found before the mirror): another file, other bytes
        views = project / "data" / "raw" / "views_cm_syria" / "views_cm_features_syria.csv.gz"
        views.parent.mkdir(parents=True)
        views.write_bytes(gzip.compress((mirror / "views-cm-syria" / "views_cm_features_syria.csv").read_bytes()))
        run("data changed")
        _edit_notebook(notebook, "raise RuntimeError('broken on purpose')")
        run("notebook broken")
        notebook.write_bytes(original)
        run("notebook restored")
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return runs


def _ran(results: dict) -> set[str]:
    return {name for name, r in results.items() if not r.get("reused")}


def test_the_first_run_runs_every_report_and_records_what_each_read(history):
    _, results = history["first"]
    assert _ran(results) == {j.name for j in JOBS}
    assert all(r["status"] == "ok" for r in results.values())
    assert "views_cm_syria" in results[BRIEF.name]["inputs"]["sources"]
    assert "views_cm_syria" not in results[GOVERNORATE.name]["inputs"]["sources"]


def test_an_unchanged_rerun_runs_nothing_and_links_the_earlier_files(history):
    first_dir, _ = history["first"]
    run_dir, results = history["unchanged"]
    assert _ran(results) == set()
    assert {r["reused"] for r in results.values()} == {first_dir.name}
    for j in JOBS:
        for suffix in (".ipynb", ".html"):
            assert (run_dir / f"{j.name}{suffix}").read_bytes() == (first_dir / f"{j.name}{suffix}").read_bytes()
    assert not list(run_dir.glob("*.pdf"))  # this run asked for no PDFs


def test_the_summary_says_which_reports_were_reused_and_from_which_run(history):
    first_dir, _ = history["first"]
    run_dir, _ = history["unchanged"]
    reports = json.loads((run_dir / "summary.json").read_text())["reports"]
    assert [(r["name"], r["status"], r["reused"]) for r in reports] == [(j.name, "ok", first_dir.name) for j in JOBS]


def test_force_runs_every_report(history):
    _, results = history["forced"]
    assert _ran(results) == {j.name for j in JOBS}


def test_a_changed_notebook_reruns_only_its_reports(history):
    _, results = history["notebook changed"]
    assert _ran(results) == {GOVERNORATE.name}
    assert results[BRIEF.name]["reused"] == history["forced"][0].name


def test_a_changed_data_file_reruns_only_the_reports_that_read_it(history):
    _, results = history["data changed"]
    assert _ran(results) == {BRIEF.name}
    assert results[GOVERNORATE.name]["reused"] == history["notebook changed"][0].name


def test_a_report_that_fails_after_a_change_fails_alone_and_the_good_one_stays(history):
    good_dir, _ = history["notebook changed"]
    run_dir, results = history["notebook broken"]
    assert results[GOVERNORATE.name]["status"] == "failed" and "broken on purpose" in results[GOVERNORATE.name]["error"]
    assert results[BRIEF.name]["reused"] == history["data changed"][0].name
    assert (good_dir / f"{GOVERNORATE.name}.html").is_file()  # the earlier run's report is untouched
    assert not (run_dir / f"{GOVERNORATE.name}.html").exists()


def test_putting_a_notebook_back_reuses_its_last_good_report(history):
    first_dir, _ = history["first"]
    _, results = history["notebook restored"]
    assert _ran(results) == set()
    # the notebook as it was first, run again by --force: the newest run where it succeeded unchanged
    assert results[GOVERNORATE.name]["reused"] == history["forced"][0].name


def _earlier(tmp_path: Path, files: list[str]) -> tuple[Path, dict]:
    run = tmp_path / "20261204-120000-abcdef"
    run.mkdir()
    for name in files:
        (run / name).write_text(name)
    return run, {"name": "r", "notebook": "quick", "parameters": {}, "status": "ok", "html": "r.html",
                 "pdf": "r.pdf" if "r.pdf" in files else "", "inputs": {}}


def test_an_earlier_report_whose_files_are_gone_is_not_reused_and_leaves_nothing(tmp_path):
    from syriawar.report.reuse import reuse

    earlier = _earlier(tmp_path, ["r.ipynb"])  # its HTML deleted since
    run_dir = tmp_path / "new"
    run_dir.mkdir()
    assert reuse({"name": "r", "notebook": "quick", "parameters": {}}, earlier, run_dir, pdf=False) is None
    assert list(run_dir.iterdir()) == []


def test_an_earlier_report_without_a_pdf_is_not_reused_by_a_run_that_makes_pdfs(tmp_path):
    from syriawar.report.reuse import reuse

    earlier = _earlier(tmp_path, ["r.ipynb", "r.html"])
    run_dir = tmp_path / "new"
    run_dir.mkdir()
    job = {"name": "r", "notebook": "quick", "parameters": {}}
    assert reuse(job, earlier, run_dir, pdf=True) is None
    assert reuse(job, earlier, run_dir, pdf=False)["reused"] == earlier[0].name
    assert (run_dir / "r.html").stat().st_ino == (earlier[0] / "r.html").stat().st_ino  # linked, not copied


def test_the_printed_summary_says_reused(history):
    from syriawar.report.command import summary_table

    _, results = history["notebook changed"]
    lines = {line.split()[0]: line.split()[1] for line in summary_table(list(results.values())).splitlines()[1:]}
    assert lines == {GOVERNORATE.name: "ok", BRIEF.name: "reused"}


def test_force_is_a_flag_of_the_report_command():
    from syriawar.cli import build_parser

    assert build_parser().parse_args(["report", "--force"]).force is True
    assert build_parser().parse_args(["report"]).force is False
