"""Every figure and table of the default reports has a CSV of exactly the numbers it draws: the frame its chart
function attached, written with units, source and span in '#' header rows, which pandas reads back equal; and every
number a line or bar of the chart draws is in it."""

from __future__ import annotations

import io
import math

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D

from syriawar import chartdata, notebook
from syriawar.paths import project_root

# the five kinds of report of the default batch, with the parameters it gives them (one governorate stands for 14)
REPORTS = [("overview", {}), ("casualties", {"start": "2011-03-01", "end": "2024-12-31"}), ("foreign_involvement", {}),
           ("period_brief", {"start": "2024-11-27", "end": "2024-12-08"}), ("governorate", {"governorate": "Idleb"})]


def _shown(name: str, parameters: dict, monkeypatch) -> list[tuple]:
    """The report's notebook run in this process: each figure it shows, with the CSV bundle show() would hand on
    and the numbers its artists draw; each table, with its bundle and frame."""
    seen: list[tuple] = []

    def show(fig) -> None:
        seen.append(("figure", notebook._title(fig), notebook._chart_data(fig), _drawn(fig)))
        plt.close(fig)

    def table(frame, caption="", *args, **kwargs) -> None:
        if len(frame.columns):
            seen.append(("table", caption, chartdata.bundle(frame, notebook._table_title(caption, frame), source=caption),
                         frame))

    monkeypatch.setattr(notebook, "show", show)
    monkeypatch.setattr(notebook, "table", table)
    monkeypatch.setattr(notebook, "md", lambda text: None)
    monkeypatch.setattr(notebook, "title", lambda text: None)
    monkeypatch.setattr(notebook, "sources_used", lambda: None)
    monkeypatch.setattr(notebook, "key_figures", lambda frame: table(frame, "Key figures"))
    monkeypatch.chdir(project_root() / "notebooks")
    nb = nbformat.read(project_root() / "notebooks" / f"{name}.ipynb", as_version=4)
    scope: dict = {"display": lambda *a, **k: None}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        exec(compile(cell.source, f"{name}.ipynb", "exec"), scope)  # noqa: S102 - the project's own notebook
        if "parameters" in cell.metadata.get("tags", []):
            scope.update(parameters)
    return seen


def _drawn(fig) -> list[float]:
    """The data values a figure's lines and bars draw (finite y values; bar heights)."""
    values: list[float] = []
    for ax in fig.axes:
        for line in ax.get_lines():
            in_axes_coordinates = line.get_transform() != ax.transData  # rules at key events (axvline), not data
            if isinstance(line, Line2D) and line.get_linestyle() not in ("--", "dashed") and len(line.get_xdata()) > 1 \
                    and not in_axes_coordinates:
                values += [float(v) for v in np.asarray(line.get_ydata(), dtype=float) if np.isfinite(v)]
        for container in ax.containers:
            if isinstance(container, BarContainer) and container.orientation == "vertical":  # not spans of dates
                values += [float(p.get_height()) for p in container.patches if np.isfinite(p.get_height())]
    return values


def _numbers(frame: pd.DataFrame) -> set[float]:
    numeric = frame.select_dtypes("number").to_numpy(dtype=float).ravel()
    return {round(float(v), 6) for v in numeric if np.isfinite(v)}


@pytest.mark.parametrize(("name", "parameters"), REPORTS, ids=[r[0] for r in REPORTS])
def test_every_figure_and_table_has_a_csv_pandas_reads_back_equal_to_what_it_draws(name, parameters, monkeypatch, tmp_path):
    shown = _shown(name, parameters, monkeypatch)
    figures = [s for s in shown if s[0] == "figure"]
    assert figures, f"{name} showed no figure"
    for kind, title, bundle, drawn in shown:
        if kind == "figure" and bundle is None:
            assert not drawn, f"{name}: figure {title!r} draws data but attached none (chartdata.attach)"
            continue
        path = tmp_path / bundle["file"]
        path.parent.mkdir(exist_ok=True)
        path.write_text(bundle["csv"], encoding="utf-8")
        header = [line for line in bundle["csv"].splitlines() if line.startswith("#")]
        assert any(line.startswith("# source and span: ") for line in header) or kind == "table" and not title
        back = chartdata.read_csv(path)
        assert len(back) == bundle["rows"] > 0, f"{name}: {title!r}"
        if kind == "table":
            expected = drawn.reset_index(drop=True)
            assert list(back.columns) == [str(c) for c in expected.columns]
            for col in expected.select_dtypes("number").columns:
                np.testing.assert_allclose(back[str(col)].to_numpy(dtype=float), expected[col].to_numpy(dtype=float),
                                           rtol=1e-9, equal_nan=True, err_msg=f"{name}: {title!r} column {col}")
            continue
        in_csv = _numbers(back)
        missing = [v for v in drawn if round(v, 6) not in in_csv and not math.isclose(v, 0.0)]
        assert not missing, f"{name}: {title!r} draws {missing[:5]} not in its CSV"


def test_a_charts_csv_names_title_units_and_source_and_reads_back_with_pandas(tmp_path):
    fig = plt.figure()
    fig.suptitle("Deaths rose in 2013")
    fig.supxlabel("Sources: a test file, v1, 2016-01 to 2019-11. Gaps: months not covered.")
    series = pd.Series([1.5, np.nan, 3.0], index=pd.date_range("2016-01-01", periods=3, freq="MS"), name="deaths")
    chartdata.attach(fig, {"UCDP # one": series, "band": (series - 1, series + 1)}, units="deaths per month")
    bundle = notebook._chart_data(fig)
    plt.close(fig)
    text = bundle["csv"]
    assert "# title: Deaths rose in 2013" in text and "# units: deaths per month" in text
    assert "# source and span: Sources: a test file, v1, 2016-01 to 2019-11." in text
    (tmp_path / "c.csv").write_text(text, encoding="utf-8")
    back = chartdata.read_csv(tmp_path / "c.csv")
    assert list(back["series"].unique()) == ["UCDP # one", "band"]  # a '#' in a value is data, not a comment
    assert back.loc[back["series"] == "UCDP # one", "value"].tolist()[::2] == [1.5, 3.0]
    assert back["low"].dropna().tolist() == [0.5, 2.0] and back["date"].iloc[0] == "2016-01-01"
    assert bundle["file"].startswith("data/deaths-rose-in-2013-") and bundle["rows"] == 6


def test_a_figure_without_attached_data_has_no_download():
    fig = plt.figure()
    assert notebook._chart_data(fig) is None
    plt.close(fig)


def test_a_table_has_a_caption_scoped_headers_and_a_link_to_its_csv(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda bundle, raw=False: shown.append(bundle))
    notebook.table(pd.DataFrame({"year": [2016, 2017], "deaths": [40865, 33000]}), "Deaths per year. UCDP GED.")
    page = shown[0]["text/html"]
    assert '<caption class="table-caption">Deaths per year. UCDP GED.' in page
    assert page.count('<th scope="col">') == 2
    assert f'href="{shown[0][chartdata.MIME]["file"]}"' in page and "Download the data" in page
    assert pd.read_csv(io.StringIO(shown[0][chartdata.MIME]["csv"]), comment="#")["deaths"].tolist() == [40865, 33000]
