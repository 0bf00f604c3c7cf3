"""Every report opens with a box of key figures computed for its parameters, each with source and span, and a
label that says exactly what it counts (product, kind of violence, estimate, filter, what the base leaves out)."""

from __future__ import annotations

import pandas as pd
import pytest

from syriawar.figures import brief, casualties, foreign, governorate
from syriawar.figures import keyfigures as K


@pytest.fixture(scope="module")
def ged(mirror):
    """The GED Syria release as the file holds it, read with pandas alone: the values the box must quote."""
    return pd.read_csv(mirror / "ucdp-ged-syria-2016-2019" / "ged_syria_2016_2019.csv.gz")


def _best(rows: pd.DataFrame) -> str:
    """'19,864 (': the best estimate as the box opens its 'best (low-high)' (the reader mends some files' low and
    high, so only the best is summed here from the file as it is)."""
    return f"{rows['best'].sum():,.0f} ("


def _row(t, *words):
    """The one row whose label holds every one of ``words``."""
    hits = t[t["figure"].map(lambda f: all(w in f for w in words))]
    assert len(hits) == 1, (words, t["figure"].tolist())
    return hits.iloc[0]


def test_the_overview_names_what_each_whole_war_total_counts(mirror):
    owid = pd.read_csv(mirror / "owid-ucdp-deaths-by-country" / "deaths-in-armed-conflicts-based-on-where-they-occurred.csv")
    syria = owid[(owid["Entity"] == "Syria") & (owid["Year"] >= 2011)].set_index("Year")["Deaths"]
    t = K.overview(casualties.select())
    assert _row(t, "Deadliest year")["value"] == f"{syria.idxmax()}: {syria.max():,.0f}"
    assert _row(t, "all organised violence", "Our World in Data", "Deaths,")["value"] == "404,659"
    assert _row(t, "battle deaths in state-based conflict", "UCDP BRD")["value"] == "335,796"
    assert not t["figure"].str.contains("PaCE").any()  # PaCE drops events crossing a month's end: no total of the war
    assert _row(t, "Deadliest year")["value"] == "2013: 76,363"
    assert _row(t, "Strike incidents", "alleged belligerent")["value"].startswith("Russia 4,960")


def test_the_overview_says_how_many_airwars_incidents_have_no_assessment_of_deaths():
    row = _row(K.overview(casualties.select()), "Strike incidents")
    assert "1,245 of 7,960 incidents not yet assessed for deaths" in row["source and span"]


def test_the_overview_gives_documented_deaths_on_their_own_line_within_the_window():
    # the file holds 137,475 deaths; one of them is dated January 2011, before the overview's window opens
    assert _row(K.overview(casualties.select()), "VDC", "documented")["value"] == "137,474"
    later = K.overview(casualties.select(start="2016-01-01", end="2016-12-31"))
    assert _row(later, "VDC", "documented")["value"] == "13,587"


def test_a_brief_opens_with_strikes_by_belligerent_and_the_sources_that_cover_it():
    t = K.brief(brief.select(start="2024-11-27", end="2024-12-08"))
    assert _row(t, "Strike incidents by alleged belligerent")["value"] == "Russia 45 (125-197 killed); Turkey 11 (29-36 killed)"
    assert _row(t, "Civilians killed in strikes, all belligerents")["value"] == "154-233 in 56 incidents"
    assert "17 of 56 incidents not yet assessed" in _row(t, "Civilians killed")["source and span"]
    assert _row(t, "Sources that cover the window")["value"] == "2"  # PaCE and Airwars; ACD holds yearly totals only


def test_a_brief_for_one_actor_shows_only_that_actors_incidents_everywhere():
    sel = brief.select(start="2024-12-01", end="2024-12-02", actors=["Turkey"])
    t = K.brief(sel)
    assert _row(t, "Strike incidents", "alleged against Turkey")["value"] == "Turkey 2 (6-8 killed)"
    assert _row(t, "Civilians killed in strikes, alleged against Turkey")["value"] == "6-8 in 2 incidents"
    assert not t["figure"].str.contains("all belligerents").any()
    held = brief.window_sources(sel).set_index("source")["in this window"]
    assert held["Airwars"].startswith("2 incidents alleged against Turkey, civilians killed 6-8")


def test_a_filtered_casualties_report_names_its_filter_in_every_ucdp_label():
    t = K.casualties(casualties.select(governorates=["Idleb"], types=["state-based"]))
    ucdp = t[t["figure"].str.contains("UCDP")]
    assert len(ucdp) == 3 and ucdp["figure"].str.contains("in Idleb, state-based violence").all()


def test_a_filtered_casualties_report_quotes_the_deaths_of_its_filter(ged):
    idleb = ged[(ged["adm_1"] == "Idlib Governorate") & (ged["type_of_violence"] == 1)]  # 1: state-based
    t = K.casualties(casualties.select(governorates=["Idleb"], types=["state-based"]))
    assert _row(t, "Deaths in UCDP GED events")["value"].startswith(_best(idleb))
    civilians = _row(t, "Civilians among deaths")
    assert civilians["value"] == f"{idleb['deaths_civilians'].sum() / idleb['best'].sum():.0%}"
    assert civilians["source and span"].endswith(f"{idleb['deaths_civilians'].sum():,.0f} of {idleb['best'].sum():,.0f}")
    assert not t["figure"].str.contains("VDC").any()  # VDC records deaths, not kinds of violence


def test_a_window_of_one_month_quotes_deaths_spread_over_days_as_the_charts_do():
    t = K.casualties(casualties.select(start="2016-06-01", end="2016-06-30"))
    assert _row(t, "Deaths in UCDP GED events")["value"] == "4,763 (4,326-4,880)"
    assert _row(t, "Civilians among deaths")["value"] == "22%"
    assert "1,559 of the best estimate" in _row(t, "Deaths in UCDP GED events")["source and span"]
    assert not t["figure"].str.contains("Deadliest month").any()  # one month has no deadliest month to name


def test_foreign_states_count_what_happened_in_syria_and_set_the_coalitions_elsewhere_apart():
    t = K.foreign(foreign.select())
    first = _row(t, "warring parties in Syria")
    assert first["value"] == "5" and "Afghanistan" not in first["source and span"]
    assert first["source and span"].endswith("Iran, Israel, Russia, Turkey, United States")
    apart = _row(t, "Further states")
    assert {"Afghanistan", "Pakistan", "Bahrain", "United Arab Emirates"} <= set(apart["source and span"].split(": ")[1].split(", "))
    assert _row(t, "Battle deaths", "fought in Syria only")["value"] == "575 (545-616)"


def test_a_governorate_profile_labels_each_figure_with_its_governorate():
    t = governorate.key_figures(governorate.select(governorate="Aleppo"))
    assert len(t) == 3 and t["figure"].str.contains("in Aleppo").all()


def test_a_governorate_profile_quotes_the_files_deaths_in_that_governorate(mirror, ged):
    vdc = pd.read_csv(mirror / "vdc-deaths-by-governorate-2011-2018" / "vdc_deaths_by_province_by_day.csv")
    t = governorate.key_figures(governorate.select(governorate="Aleppo"))
    assert _row(t, "UCDP GED")["value"].startswith(_best(ged[ged["adm_1"] == "Aleppo Governorate"]))
    assert _row(t, "VDC")["value"] == f"{vdc.loc[vdc['province'] == 'Aleppo', 'casualties'].sum():,}"
