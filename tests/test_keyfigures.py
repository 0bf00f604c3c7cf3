"""Every report opens with a box of key figures computed for its parameters, each with source and span."""

from __future__ import annotations

from syriawar.figures import brief, casualties, foreign, governorate
from syriawar.figures import keyfigures as K


def _said(t):
    return dict(zip(t["figure"], t["value"]))


def test_the_overview_opens_with_totals_by_source_the_deadliest_year_and_strikes():
    t = K.overview(casualties.select())
    said = _said(t)
    assert said["Deadliest year"] == "2013: 76,363 deaths"
    assert "UCDP GED Syria" not in t.iloc[0]["source and span"]  # three of fourteen years is no total of the war
    assert said["Strike incidents Airwars attributes to foreign forces (civilians reported killed, Airwars min-max)"].startswith("Russia 4,960")


def test_the_overview_gives_documented_deaths_on_their_own_line_within_the_window():
    # the file holds 137,475 deaths; one of them is dated January 2011, before the overview's window opens
    said = _said(K.overview(casualties.select()))
    assert said["Deaths documented one by one (VDC; a list, so a floor, not an estimate)"] == "137,474"
    later = _said(K.overview(casualties.select(start="2016-01-01", end="2016-12-31")))
    assert later["Deaths documented one by one (VDC; a list, so a floor, not an estimate)"] == "13,587"


def test_a_brief_opens_with_strikes_by_belligerent_and_the_sources_that_cover_it():
    said = _said(K.brief(brief.select(start="2024-11-27", end="2024-12-08")))
    assert said["Strike incidents by belligerent (civilians killed, min-max)"] == "Russia 45 (125-197 killed); Turkey 11 (29-36 killed)"
    assert said["Sources that cover the window"] == "3"


def test_casualties_and_foreign_reports_have_their_boxes():
    assert len(K.casualties(casualties.select(governorates=["Idleb"]))) == 4
    t = K.foreign(foreign.select())
    # the same count as the participation chart: ACD's conflicts in Syria and BRD's dyads fought partly in Syria
    assert t.iloc[0]["value"] == "19" and "Afghanistan" in t.iloc[0]["source and span"]
    assert t.iloc[2]["figure"].endswith("fought in Syria only")
    assert len(governorate.key_figures(governorate.select(governorate="Aleppo"))) == 3
