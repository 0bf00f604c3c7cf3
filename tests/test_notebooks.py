"""Every notebook runs with its defaults and with other parameter sets (papermill, on the mirror data);
bad parameters stop a run with one clear message before or in its first cell."""

from __future__ import annotations

import html as html_module
import json
import re

import nbformat
import papermill
import pytest

from syriawar.errors import ParameterError
from syriawar.figures import casualties
from syriawar.report.batch import Job, check_parameters, notebooks_dir
from syriawar.report.runner import run_batch

PARAMETER_SETS = {
    "overview": [{}, {"start": "2016-01-01", "end": "2019-11-30", "estimate": "high"}],
    "casualties": [
        {},
        {"start": "2015-09-30", "end": "2016-12-31", "governorates": ["Aleppo", "Idlib Governorate"], "estimate": "low"},
        {"types": ["one-sided"], "aggregates": "apart", "map_precision": 1},
        {"start": "2024-11-27", "end": "2024-12-08"},
        {"start": "2011-03-01", "end": "2018-08-31", "heatmap_source": "vdc", "governorates": ["Homs", "Hama"]},
    ],
    "governorate": [{}, {"governorate": "Idleb"}, {"governorate": "Tartous"}, {"governorate": "Deir-ez-Zor", "start": "2017-01-01", "end": "2017-12-31"}],
    "foreign_involvement": [{}, {"actors": ["Russia", "Turkey"]}, {"start": "2024-01-01", "end": "2024-12-31"}, {"sources": ["airwars"]}],
    "period_brief": [{}, {"start": "2016-12-01", "end": "2016-12-22"}, {"start": "2019-10-09", "end": "2019-10-20", "actors": ["Turkey"]}],
}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    jobs = []
    for nb, sets in PARAMETER_SETS.items():
        for i, params in enumerate(sets):
            jobs.append(Job(f"{nb}-{i}", nb, check_parameters(nb, params)))
    run_dir, results = run_batch(jobs, out=tmp_path_factory.mktemp("reports"), pdf=False, progress=False)
    return run_dir, {r["name"]: r for r in results}


@pytest.mark.parametrize("name", [f"{nb}-{i}" for nb, sets in PARAMETER_SETS.items() for i in range(len(sets))])
def test_notebook_runs_with_parameters(executed, name):
    run_dir, results = executed
    assert results[name]["status"] == "ok", results[name]["error"]
    nb = nbformat.read(run_dir / f"{name}.ipynb", as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/svg+xml" in o.get("data", {})]
    assert images, "every notebook shows at least one chart"


def test_readings_are_computed_from_the_data(executed):
    run_dir, _ = executed
    html = (run_dir / "overview-0.html").read_text()
    assert "The war was deadliest in 2013: UCDP counts 76,363 deaths in all organised violence" in html
    assert "UCDP's event data record 112,337 deaths (best estimate; between 104,833 and 119,182) in 16,566 events" in html


def test_period_brief_says_which_sources_end_before_the_window(executed):
    run_dir, _ = executed
    html = (run_dir / "period_brief-0.html").read_text()
    text = html_module.unescape(re.sub(r"<[^>]+>", "", html))  # dates are kept whole by spans around them
    assert "This report covers 27 Nov - 8 Dec 2024." in text
    assert "UCDP's events end before it (running 1 Jan 2016 - 1 Dec 2019)" in text
    assert "Nov 2024: 638; Dec 2024: 954" in text


def test_notebooks_have_one_parameters_cell_and_no_outputs():
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        nb = json.loads(path.read_text())
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
        assert all(not c.get("outputs") and not c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"), \
            f"{path.name} is committed with outputs"


@pytest.mark.parametrize("notebook, params, message", [
    ("casualties", {"start": "2016-05-01", "end": "2016-01-01"}, "end='2016-01-01' is before start='2016-05-01'"),
    ("casualties", {"governorates": ["Gotham"]}, "'Gotham' is not a governorate; valid: Damascus, Aleppo"),
    ("casualties", {"estimate": "median"}, "estimate='median' is not valid; expected one of low, best, high"),
    ("casualties", {"start": "2016-02-30"}, "start='2016-02-30' is not a date"),
    ("casualties", {"colour": "red"}, "notebook 'casualties' has no parameter colour"),
    ("foreign_involvement", {"actors": ["Narnia"]}, "'Narnia' is not a foreign actor group"),
    ("nonexistent", {}, "notebook 'nonexistent' does not exist"),
])
def test_bad_parameters_are_refused_before_any_kernel_starts(notebook, params, message):
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_parameters(notebook, params)


def test_a_window_no_source_covers_is_refused():
    with pytest.raises(ParameterError, match="covered by no source"):
        casualties.select(start="2026-06-01", end="2026-07-01")


def test_a_partly_covered_window_says_which_part():
    sel = casualties.select(start="2019-06-01", end="2020-06-30")
    # the events' coverage ends on the last date_end (one event runs 2019-11-30 to 2019-12-01)
    assert "2019-06-01 to 2019-12-01 only" in sel.note.text


def test_a_bad_parameter_stops_the_notebook_in_its_first_cell(tmp_path):
    out = tmp_path / "bad.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as info:
        papermill.execute_notebook(str(notebooks_dir() / "casualties.ipynb"), str(out),
                                   parameters={"start": "2016-05-01", "end": "2016-01-01"}, progress_bar=False,
                                   kernel_name="python3", cwd=str(notebooks_dir()))
    assert info.value.ename == "ParameterError"
    nb = nbformat.read(out, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    first_after_params = next(i for i, c in enumerate(code) if "injected-parameters" in c.metadata.get("tags", [])) + 1
    assert code[first_after_params].outputs[-1]["output_type"] == "error"
    assert all(not c.outputs for c in code[first_after_params + 1:]), "nothing runs after the failing cell"
