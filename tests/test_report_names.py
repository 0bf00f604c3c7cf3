"""Report names and notebooks are checked where a batch is read: a name is one plain file name in the run folder,
a notebook is one in notebooks/. Anything else is one clear error before any kernel starts or any folder is made,
so a batch file can write nothing outside its run folder."""

from __future__ import annotations

import pytest

from projectfactory import code_notebook, project_copy
from syriawar.errors import ParameterError


@pytest.fixture()
def project(tmp_path, monkeypatch):
    root = project_copy(tmp_path / "project", notebooks=False)
    code_notebook(root / "notebooks" / "quick.ipynb", "print(x)", "Quick")
    code_notebook(root / "notebooks" / "explore.ipynb", "print(x)", "Explore")
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    return root


def _batch(root, text: str):
    path = root / "batch.yml"
    path.write_text("reports:\n" + text)
    return path


def test_a_report_name_that_climbs_out_of_the_run_folder_is_refused(project):
    from syriawar.report.batch import load_batch

    path = _batch(project, "  - notebook: quick\n    name: ../../notebooks/quick\n")
    with pytest.raises(ParameterError, match=r"batch\.yml: entry 1: report name '\.\./\.\./notebooks/quick' is not "
                                             r"a plain file name; expected letters, digits"):
        load_batch(path)


def test_an_absolute_report_name_is_refused(project, tmp_path):
    from syriawar.report.batch import load_batch

    path = _batch(project, f"  - notebook: quick\n    name: {tmp_path / 'elsewhere'}\n")
    with pytest.raises(ParameterError, match="entry 1: report name '/.*elsewhere' is not a plain file name"):
        load_batch(path)


@pytest.mark.parametrize("name", [".hidden", "..", "a/b", "a\\b", "index", ""])
def test_names_that_are_not_plain_file_names_of_a_report_are_refused(project, name):
    from syriawar.report.batch import load_batch

    with pytest.raises(ParameterError, match=r"entry 1: report name .* (is not a plain file name|is taken by the run's "
                                             r"own index)"):
        load_batch(_batch(project, f"  - notebook: quick\n    name: {name!r}\n"))


def test_a_notebook_outside_notebooks_is_refused(project):
    from syriawar.report.batch import load_batch

    (project / "x.ipynb").write_bytes((project / "notebooks" / "quick.ipynb").read_bytes())
    with pytest.raises(ParameterError, match=r"entry 1: notebook '\.\./x' is not a plain file name"):
        load_batch(_batch(project, "  - notebook: ../x\n"))


def test_a_link_in_notebooks_that_leads_outside_is_refused(project, tmp_path):
    from syriawar.report.batch import load_batch

    outside = tmp_path / "outside.ipynb"
    outside.write_bytes((project / "notebooks" / "quick.ipynb").read_bytes())
    (project / "notebooks" / "sneaky.ipynb").symlink_to(outside)
    with pytest.raises(ParameterError, match=r"notebook 'sneaky' resolves to .*outside\.ipynb, outside notebooks/"):
        load_batch(_batch(project, "  - notebook: sneaky\n"))


def test_an_absolute_notebook_on_the_command_line_is_one_error_and_writes_nothing(project, tmp_path, capsys):
    from syriawar.cli import main

    target = tmp_path / "mine.ipynb"
    target.write_bytes((project / "notebooks" / "quick.ipynb").read_bytes())
    before = target.read_bytes()
    code = main(["report", "-n", str(tmp_path / "mine"), "--no-pdf", "--out", str(project / "reports")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"error: notebook '{tmp_path / 'mine'}' is not a plain file name")
    assert target.read_bytes() == before
    assert not (project / "reports").exists(), "nothing is made before the names are checked"


def test_a_batch_file_that_names_a_project_notebook_as_its_report_leaves_the_notebook_alone(project, capsys):
    from syriawar.cli import main

    notebook = project / "notebooks" / "quick.ipynb"
    before = notebook.read_bytes()
    path = _batch(project, "  - notebook: quick\n    name: ../../notebooks/quick\n")
    assert main(["report", "--batch", str(path), "--no-pdf", "--out", str(project / "reports")]) == 2
    assert "is not a plain file name" in capsys.readouterr().err
    assert notebook.read_bytes() == before and not (project / "reports").exists()


def test_the_explorer_notebook_is_refused_as_a_report_with_a_pointer_to_make_lab(project, capsys):
    from syriawar.cli import main

    assert main(["report", "-n", "explore", "--no-pdf", "--out", str(project / "reports")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: notebook 'explore': explore is the interactive explorer, not a report: open it with "
                   "`make lab`"]
    assert not (project / "reports").exists()


def test_jobs_made_in_python_are_checked_before_a_run_folder_is_made(project):
    from syriawar.report.batch import Job
    from syriawar.report.runner import run_batch

    with pytest.raises(ParameterError, match="report name '../escape' is not a plain file name"):
        run_batch([Job("../escape", "quick", {})], out=project / "reports", workers=1, progress=False, pdf=False)
    assert not (project / "reports").exists()


def test_the_default_batch_names_are_all_plain():
    from pathlib import Path

    from syriawar.report.batch import check_name, load_batch

    for job in load_batch(Path(__file__).resolve().parents[1] / "reports" / "batch.yml"):
        assert check_name(job.name) == job.name
