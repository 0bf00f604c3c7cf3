"""Every notebook runs with its defaults and with other parameter sets (papermill, on the mirror data);
bad parameters stop a run with one clear message before or in its first cell."""

from __future__ import annotations

import html as html_module
import io
import json
import re

import nbformat
import pandas as pd
import papermill
import pytest

from syriawar import chartdata
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


# What each parameter of a set changes in the numbers the charts draw (their CSVs, kept with each figure in the
# executed notebook): (parameter, test on the charts and the raw GED file). Each test holds for the set's run and
# not for its notebook's default run, so a parameter the notebook ignored fails here.
def _frames(charts, *columns):
    return [f for _, f in charts if set(columns) <= set(f.columns)]


def _window(start, end):
    """A chart whose dates run from ``start`` (or its month) to the month of ``end``, none outside the window."""
    start, last = pd.Timestamp(start), pd.Timestamp(end)

    def test(charts, raw):
        for _, f in charts:
            for col in {"date", "period", "month"} & set(f.columns):
                values = f[col].dropna()
                dates = pd.to_datetime(values, errors="coerce", format="ISO8601")
                if len(values) and dates.notna().all() and dates.min() in (start, start.to_period("M").start_time) \
                        and dates.max() <= last and dates.max().to_period("M") == last.to_period("M"):
                    return True
        return False
    return test


def _heatmap_rows(*governorates):
    return lambda charts, raw: any(set(f["governorate"]) == set(governorates) for f in _frames(charts, "governorate")
                                   if any(str(c).startswith(("20", "19")) for c in f.columns))


def _heatmap_source(line):
    return lambda charts, raw: any(h.get("source and span") == line and any(str(c).startswith("20") for c in f.columns)
                                   for h, f in charts if "governorate" in f.columns)


def _units_end(estimate):
    return lambda charts, raw: any(h.get("units", "").endswith(f"({estimate})") for h, _ in charts)


def _kinds(*kinds):
    every = {"non-state", "one-sided", "state-based"}
    return lambda charts, raw: any(list(f.columns) == ["period", *kinds] for _, f in charts
                                   if set(f.columns[1:]) <= every)


def _map_points(kind: int, precision: int):
    """The event map holds every event of the file of that kind located to ``precision`` or better."""
    def test(charts, raw):
        located = int(((raw["type_of_violence"] == kind) & (raw["where_prec"] <= precision)).sum())
        return any(len(f) == located for f in _frames(charts, "longitude", "latitude", "type_of_violence"))
    return test


def _aggregates_apart(kind: int):
    """The timeline's UCDP line holds only the file's records of ``kind`` that span under 32 days at a precision
    finer than a year: the aggregate records are set apart."""
    def test(charts, raw):
        days = (pd.to_datetime(raw["date_end"]) - pd.to_datetime(raw["date_start"])).dt.days + 1
        short = raw[(raw["type_of_violence"] == kind) & (raw["date_prec"] < 5) & (days < 32)]["best"].sum()
        return any(f.loc[f["series"] == "UCDP GED events: best", "value"].sum() == pytest.approx(short)
                   for f in _frames(charts, "series", "value"))
    return test


def _titles_name(governorate):
    return lambda charts, raw: any(h["title"].endswith(f"deaths in {governorate}") for h, _ in charts)


def _groups_only(*groups):
    return lambda charts, raw: bool(_frames(charts, "group")) and all(set(f["group"].dropna()) <= set(groups)
                                                                     for f in _frames(charts, "group"))


def _no_ucdp_source():
    return lambda charts, raw: not any("UCDP" in h.get("source and span", "") for h, _ in charts) and \
        any("Airwars" in h.get("source and span", "") for h, _ in charts)


EVIDENCE = {
    "overview-1": [("start, end", _window("2016-01-01", "2019-11-30")), ("estimate", _units_end("high"))],
    "casualties-1": [("start, end", _window("2015-09-30", "2016-12-31")), ("governorates", _heatmap_rows("Aleppo", "Idleb")),
                     ("estimate", _units_end("low"))],
    "casualties-2": [("types", _kinds("one-sided")), ("aggregates", _aggregates_apart(3)), ("map_precision", _map_points(3, 1))],
    "casualties-3": [("start, end", _window("2024-11-27", "2024-12-08"))],
    "casualties-4": [("start, end", _window("2011-03-01", "2018-08-31")), ("governorates", _heatmap_rows("Homs", "Hama")),
                     ("heatmap_source", _heatmap_source("Source: VDC"))],
    "governorate-1": [("governorate", _titles_name("Idleb"))],
    "governorate-2": [("governorate", _titles_name("Tartous"))],
    "governorate-3": [("governorate", _titles_name("Deir-ez-Zor")), ("start, end", _window("2017-01-01", "2017-12-31"))],
    "foreign_involvement-1": [("actors", _groups_only("Russia", "Turkey", "all incidents"))],
    "foreign_involvement-2": [("start, end", _window("2024-01-01", "2024-12-31"))],
    "foreign_involvement-3": [("sources", _no_ucdp_source())],
    "period_brief-1": [("start, end", _window("2016-12-01", "2016-12-22"))],
    "period_brief-2": [("start, end", _window("2019-10-09", "2019-10-20")), ("actors", _groups_only("Turkey", "all incidents"))],
}


def _charts(path) -> list[tuple[dict, pd.DataFrame]]:
    """(header, numbers) of each chart and table in an executed notebook: the CSV kept with it (chartdata)."""
    out = []
    for cell in nbformat.read(path, as_version=4).cells:
        for o in cell.get("outputs", []):
            if chartdata.MIME in o.get("data", {}):
                text = o["data"][chartdata.MIME]["csv"]
                head = dict(line[2:].split(": ", 1) for line in text.splitlines() if line.startswith("# ") and ": " in line)
                out.append((head, pd.read_csv(io.StringIO(text), comment="#")))
    return out


@pytest.fixture(scope="module")
def raw(mirror):
    """The GED Syria release as the file holds it, read with pandas alone."""
    return pd.read_csv(mirror / "ucdp-ged-syria-2016-2019" / "ged_syria_2016_2019.csv.gz")


def test_every_parameter_set_but_the_defaults_has_evidence():
    assert set(EVIDENCE) == {f"{nb}-{i}" for nb, sets in PARAMETER_SETS.items() for i in range(1, len(sets))}
    for name, checks in EVIDENCE.items():
        nb, i = name.rsplit("-", 1)
        named = {p.strip() for p, _ in checks for p in p.split(",")}
        assert named == set(PARAMETER_SETS[nb][int(i)]), name


@pytest.mark.parametrize("name", sorted(EVIDENCE))
def test_each_parameter_changes_what_the_charts_draw(executed, raw, name):
    run_dir, _ = executed
    nb, i = name.rsplit("-", 1)
    charts, default = _charts(run_dir / f"{name}.ipynb"), _charts(run_dir / f"{nb}-0.ipynb")
    for parameter, shows in EVIDENCE[name]:
        assert shows(charts, raw), f"{name}: the charts do not show {parameter} of {PARAMETER_SETS[nb][int(i)]}"
        assert not shows(default, raw), f"{name}: the default run's charts already show what {parameter} should change"


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
