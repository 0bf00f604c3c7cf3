"""The explore notebook's engine: filtering the in-memory cube matches the measures; a view becomes a report."""

from __future__ import annotations

import pandas as pd
import pytest

from syriawar import measures, paths, registry
from syriawar.errors import ParameterError
from syriawar.explorer import Explorer, View, report_for_view
from syriawar.explorer.cube import describe, readable_table
from syriawar.explorer.drawing import MONTH_TICKS, month_ticks, size_key
from syriawar.explorer.widgets import FILTERS_EXPLAINED, _controls, _outside, _report_link, chooser, coverage_message, empty_message, month_options


@pytest.fixture(scope="module")
def explorer(events):
    return Explorer(events)


@pytest.fixture(scope="module")
def raw(mirror):
    """The GED Syria release as the file holds it, read here with pandas alone: what the explorer must agree with."""
    return pd.read_csv(mirror / "ucdp-ged-syria-2016-2019" / "ged_syria_2016_2019.csv.gz")


def test_the_cube_holds_every_death_of_the_file_in_its_governorate(explorer, raw):
    cube = explorer.cube.groupby("governorate")["best"].sum()
    assert raw["best"].sum() > 100_000 and cube.sum() == pytest.approx(raw["best"].sum())
    assert cube["Idleb"] == pytest.approx(raw.loc[raw["adm_1"] == "Idlib Governorate", "best"].sum())
    assert cube["(country level)"] == pytest.approx(raw.loc[raw["adm_1"].isna(), "best"].sum())


def test_a_governorate_view_matches_the_measures(explorer, events):
    view = View(governorates=["Idleb"], estimate="high")
    series = explorer.compute(view)["series"]
    expected = measures.fatalities(events[events.governorate == "Idleb"], "M", start="2016-01-01", end="2019-11-30",
                                   coverage=registry.span(events, "date_start", "date_end", "day")).table
    expected = measures.mask_partial(expected, ["high"]).set_index("period")["high"]
    pd.testing.assert_series_equal(series["high"], expected, check_names=False, check_freq=False)


def test_a_foreign_party_view_lists_that_partys_ten_deadliest_events(explorer, raw):
    turkey = raw[raw["side_a"].str.contains("Turkey") | raw["side_b"].str.contains("Turkey")]
    deadliest = turkey.sort_values("best", ascending=False, kind="stable").head(10)
    table = explorer.compute(View(actors=["Turkey"]))["table"]
    assert len(deadliest) == 10
    assert list(zip(table["date_start"].dt.strftime("%Y-%m-%d"), table["best"])) == \
        list(zip(deadliest["date_start"].str[:10], deadliest["best"]))


def test_months_outside_coverage_are_gaps_in_the_view(explorer):
    series = explorer.compute(View(start="2015-06-01", end="2016-03-31"))["series"]
    assert series.loc["2015-12-01", "best"] != series.loc["2015-12-01", "best"]
    assert series.loc["2016-02-01", "best"] > 0


def test_every_update_returns_three_pngs_and_a_table(explorer):
    out = explorer.update(View(types=["one-sided"]))
    assert all(out[k].startswith(b"\x89PNG") for k in ("timeline", "heatmap", "map"))
    assert len(out["table"]) == 10


def test_a_bad_view_is_refused():
    with pytest.raises(ParameterError, match="'Atlantis' is not a governorate"):
        View(governorates=["Atlantis"]).checked()


def test_the_report_button_turns_the_view_into_html_and_pdf(tmp_path):
    run_dir, result = report_for_view(View(start="2017-01-01", end="2017-06-30", governorates=["Idleb"]), out=tmp_path)
    assert result["status"] == "ok", result["error"]
    assert (run_dir / result["html"]).is_file() and (run_dir / result["pdf"]).is_file()
    assert "Idleb" in (run_dir / result["html"]).read_text()


def test_chart_titles_name_the_selection():
    view = View(start="2016-06-01", end="2017-03-31", governorates=["Idleb", "Hama"], types=["one-sided"], actors=["Turkey"])
    assert describe(view) == "Idleb, Hama; one-sided; with Turkey; Jun 2016 to Mar 2017"
    assert describe(View()) == "all governorates; all types; Jan 2016 to Nov 2019"


def test_the_timeline_title_names_the_chosen_governorates(explorer):
    explorer.update(View(governorates=["Idleb"]))
    assert "Idleb" in explorer._figures["timeline"]["title"].get_text()


def test_heatmap_months_are_written_as_month_and_year_and_few_enough_to_read():
    at, labels = month_ticks(list(pd.date_range("2016-01-01", "2019-12-01", freq="MS")))
    assert labels[0] == "Jan 2016" and len(labels) <= MONTH_TICKS
    assert all(len(lab) == 8 for lab in labels)


def test_the_heatmap_ticks_are_not_rotated(explorer):
    explorer.update(View())
    ticks = explorer._figures["heat"]["ax"].get_xticklabels()
    assert ticks and all(t.get_rotation() == 0 and t.get_text()[:3].isalpha() for t in ticks)


def test_the_table_has_plain_word_headers_and_one_line_cells(explorer):
    table = readable_table(explorer.compute(View())["table"])
    assert len(table) == 10
    assert list(table.columns) == ["Date", "Governorate", "Sides", "Deaths (low)", "Deaths (best)", "Deaths (high)", "Headline"]
    assert table["Headline"].str.len().max() <= 90 and not table["Headline"].str.contains("\n").any()
    assert table["Date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_the_map_zooms_to_the_chosen_governorates(explorer):
    explorer.update(View(governorates=["Dar'a"]))
    (x0, x1), (y0, y1) = explorer._figures["map"]["ax"].get_xlim(), explorer._figures["map"]["ax"].get_ylim()
    assert 35.5 < x0 and x1 < 37.5 and 32.2 < y0 and y1 < 33.5  # Dar'a, in the south-west
    explorer.update(View())
    assert explorer._figures["map"]["ax"].get_xlim() == (35.5, 42.5)


def test_the_map_size_key_reads_in_round_values(explorer):
    assert size_key(347) == [5.0, 50.0, 500.0] and size_key(1) == [1.0]
    explorer.update(View())
    shown = [t.get_text() for t in explorer._figures["map"]["key"][1] if t.get_visible()]
    assert shown and all(s.replace(",", "").rstrip("0") in ("1", "2", "5") for s in shown)


def test_the_month_lists_hold_only_the_months_the_source_covers(explorer):
    months = month_options(explorer.coverage.first, explorer.coverage.last)
    assert months[0] == "2016-01" and months[-1] == "2019-12"


def test_the_coverage_message_names_the_months_and_how_to_get_more(explorer):
    text = coverage_message(explorer.label, explorer.coverage, "ucdp")
    assert "Jan 2016 to Dec 2019" in text and "make data" in text


def test_a_window_asked_for_beyond_the_source_is_said_with_the_months_shown():
    months = month_options(pd.Timestamp("2016-01-01"), pd.Timestamp("2019-12-31"))
    note = _outside(View(start="2012-01-01", end="2013-12-31"), View(start="2016-01-01", end="2019-12-31"), months)
    assert "2012-01-01 to 2013-12-31, reaches beyond the source" in note and "2016-01 to 2019-12" in note
    assert _outside(View(start="2016-02-01", end="2017-01-31"), View(), months) == ""


def test_a_view_without_deaths_says_so_and_a_view_with_deaths_does_not(explorer):
    empty = explorer.compute(View(governorates=["Quneitra"], actors=["Jordan"]))["series"]
    full = explorer.compute(View())["series"]
    assert "No deaths in this view" in empty_message(empty, "best")
    assert empty_message(full, "best") == ""


def test_a_list_control_says_what_is_chosen_and_all_and_clear_set_it():
    box, select = chooser("governorates", ["Idleb", "Hama", "Homs"], "governorates")
    every, clear, said = box.children[1].children
    assert "all 3 governorates (none chosen)" in said.value
    select.value = ("Idleb", "Hama")
    assert "chosen (2): Idleb, Hama" in said.value
    every.click()
    assert select.value == ("Idleb", "Hama", "Homs")
    clear.click()
    assert select.value == () and "none chosen" in said.value


def test_control_labels_are_never_cut(explorer):
    controls, _ = _controls(View(), explorer.data.kinds, ["2016-01", "2016-02"])
    assert all(w.style.description_width == "initial" for w in controls.values())


def test_report_links_are_underlined_and_open_the_html_file_itself(tmp_path):
    run_dir = paths.project_root() / "reports" / "20260101-120000"
    html = _report_link(run_dir, {"status": "ok", "html": "casualties-view.html", "pdf": "casualties-view.pdf"})
    assert 'href="/files/reports/20260101-120000/casualties-view.html"' in html
    assert "text-decoration:underline" in html and "/lab/" not in html


def test_the_filters_are_explained():
    assert "foreign party</i>: events in which a foreign state" in FILTERS_EXPLAINED
