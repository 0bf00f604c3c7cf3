"""The period brief prints the deadliest strike incidents of its window, not all of them: a short table, one line
saying how many there are in all, and every incident in the table's CSV. Real Airwars file of the data mirror."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from syriawar import chartdata, notebook
from syriawar.figures import brief
from syriawar.paths import project_root


@pytest.fixture(scope="module")
def offensive():
    return brief.select(start="2024-11-27", end="2024-12-08")


def test_the_brief_prints_the_ten_deadliest_of_56_incidents_with_exact_ties(offensive):
    shown = brief.deadliest_table(offensive)
    assert len(brief.strikes(offensive)) == 56
    # the tenth and eleventh (Morek, Dar al-Kabira) both killed 6 by Airwars' minimum and maximum
    assert len(shown) == 11 and list(shown["civilians killed"].iloc[-2:]) == ["6", "6"]
    assert shown["Airwars code"].iloc[0] == "RS4933" and shown["civilians killed"].iloc[0] == "18-36"


def test_no_incident_left_off_the_page_killed_more_than_one_shown(offensive):
    st = brief.strikes(offensive)
    shown = brief.deadliest(offensive)
    rest = st[~st["incident_id"].isin(shown["incident_id"])]
    assert rest["civilians_killed_max"].max() <= shown["civilians_killed_max"].min()


def test_the_caption_counts_every_incident_the_daily_chart_draws(offensive):
    fig = brief.daily_strikes_figure(offensive)
    try:
        drawn = chartdata.attached(fig).frame
    finally:
        plt.close(fig)
    every = int(drawn.loc[drawn["group"] == "all incidents", "incidents"].sum())
    caption = brief.incidents_caption(offensive)
    said = re.match(r"Airwars' ([\d,]+) strike incidents in the window\. Shown: the (\d+) ", caption)
    assert said and int(said.group(1).replace(",", "")) == every == len(brief.incidents_table(offensive))
    assert int(said.group(2)) == len(brief.deadliest_table(offensive))
    assert f"all {every} are in this table's data download" in caption


def test_a_window_of_few_incidents_prints_them_all_by_date():
    sel = brief.select(start="2024-12-01", end="2024-12-02", actors=["Turkey"])
    shown = brief.deadliest_table(sel)
    assert len(shown) == len(brief.strikes(sel)) <= brief.MOST_SHOWN
    assert list(shown["date"]) == sorted(shown["date"], key=pd.Timestamp)
    assert brief.incidents_caption(sel).startswith("Every Airwars strike incident alleged against Turkey")


def test_a_table_of_some_rows_writes_every_row_to_its_csv(monkeypatch):
    shown: list[dict] = []
    monkeypatch.setattr("IPython.display.display", lambda bundle, raw=False: shown.append(bundle))
    every = pd.DataFrame({"date": ["1 Dec 2024", "2 Dec 2024", "3 Dec 2024"], "civilians killed": [5, 1, 3]})
    notebook.table(every.iloc[[0, 2]], "Three incidents. Shown: two.", rows=every)
    html, data = shown[0]["text/html"], shown[0][chartdata.MIME]
    assert html.count("<tr") == 3  # a header row and the two shown
    assert data["rows"] == 3 and "2 Dec 2024" in data["csv"] and "2 Dec 2024" not in html
    assert "Download the data</a> (CSV, 3 rows)" in html


def test_the_period_brief_notebook_hands_every_incident_to_the_tables_csv(monkeypatch, offensive):
    tables: list[tuple] = []
    monkeypatch.setattr(notebook, "table", lambda frame, caption="", *a, rows=None, **k: tables.append((frame, caption, rows)))
    for name in ("show", "md", "title", "key_figures"):
        monkeypatch.setattr(notebook, name, lambda *a, **k: plt.close("all"))
    monkeypatch.setattr(notebook, "sources_used", lambda: None)
    monkeypatch.chdir(project_root() / "notebooks")
    nb = nbformat.read(project_root() / "notebooks" / "period_brief.ipynb", as_version=4)
    scope: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and "provenance" not in cell.metadata.get("tags", []):
            exec(compile(cell.source, "period_brief.ipynb", "exec"), scope)  # noqa: S102 - the project's own notebook
    frame, caption, rows = next(t for t in tables if "strike incidents" in t[1])
    assert len(frame) == 11 and rows is not None and len(rows) == 56
    assert set(frame["Airwars code"]) <= set(rows["Airwars code"])

