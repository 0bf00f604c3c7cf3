"""The canonical tables built from the real mirror files hold the figures computed independently from those files."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from syriawar.datasets import airwars, owid, ucdp_ged, ucdp_yearly
from syriawar.datasets.ucdp_yearly import SkippedRowsWarning, read_acd


def test_ged_syria_release_has_16566_events(events):
    assert len(events) == 16566
    assert events["event_id"].is_unique


def test_ged_syria_best_sums_to_48710_in_2016(events):
    assert events.loc[events.date_start.dt.year == 2016, "best"].sum() == 48710


def test_ged_syria_state_based_best_is_40865_in_2016(events):
    e = events[(events.date_start.dt.year == 2016) & (events.type_of_violence == "state-based")]
    assert e["best"].sum() == 40865


def test_ged_syria_keeps_its_101_out_of_order_estimates_flagged(events):
    assert events["estimate_inconsistent"].sum() == 101
    assert (events["low"] <= events["best"]).all() and (events["best"] <= events["high"]).all()


def test_ged_events_without_adm1_have_no_governorate_and_stay_in_totals(events):
    assert events["governorate"].isna().sum() == 339
    assert events["best"].sum() == 48710 + 33316 + 20251 + 10060


def test_views_state_based_deaths_sum_to_66062_in_2014(monthly):
    v = monthly[(monthly.source.str.startswith("ViEWS")) & (monthly.measure == "state-based")]
    assert v.loc[v.month.dt.year == 2014, "deaths"].sum() == 66062


def test_views_one_sided_deaths_come_from_the_next_months_lag(monthly):
    v = monthly[(monthly.source.str.startswith("ViEWS")) & (monthly.measure == "one-sided")]
    assert v.loc[v.month.dt.year == 2012, "deaths"].sum() == 3104
    assert v["month"].max() == pd.Timestamp("2024-03-01"), "the last month has no one-sided value"


def test_views_months_outside_coverage_are_absent(monthly):
    v = monthly[(monthly.source.str.startswith("ViEWS")) & (monthly.measure == "state-based")]
    assert v["month"].min() == pd.Timestamp("1990-01-01") and v["month"].max() == pd.Timestamp("2024-04-01")
    assert len(v) == 412


def test_pace_covers_the_fall_of_assad(monthly):
    p = monthly[monthly.source.str.startswith("PaCE")].set_index("month")["deaths"]
    assert p[pd.Timestamp("2024-11-01")] == 638 and p[pd.Timestamp("2024-12-01")] == 954


def test_airwars_sets_aside_three_rows_with_bad_dates():
    rej = airwars.strike_rejects()
    assert len(rej) == 3
    assert sorted(rej["reason"].str.split(" ").str[0]) == ["date", "date", "placeholder"]


def test_airwars_keeps_every_other_incident_with_belligerents_as_lists(strikes):
    assert len(strikes) == 8114 - 3
    assert (strikes["belligerents"].map(len) == 0).sum() == 35, "35 incidents name no belligerent"
    assert (strikes["belligerents"].map(lambda b: "Russian Military" in b)).sum() == 4960


def test_airwars_russian_incidents_1475_in_2016_and_82_in_2024(strikes):
    russian = strikes[strikes["belligerents"].map(lambda b: "Russian Military" in b)]
    by_year = russian.groupby(russian.date.dt.year).size()
    assert by_year[2016] == 1475 and by_year[2024] == 82


def test_acd_broken_record_is_reported_by_line_and_skipped(mirror):
    with pytest.warns(SkippedRowsWarning, match=r"skipped 2 broken line\(s\) .* at line\(s\) 42, 43"):
        acd = read_acd(mirror / "ucdp-acd-v25.1" / "UcdpPrioConflict_v25_1.csv", "ACD")
    c299 = acd[acd.conflict_id == 299].set_index("year")
    assert "Government of Russia (Soviet Union)" in c299.loc[2015, "side_a_2nd"]
    assert c299.loc[2020, "side_b_2nd"] == "Government of Turkey"


def test_brd_keeps_dyads_fought_partly_in_syria():
    brd = ucdp_yearly.dyad_years()
    assert len(brd) == 57
    syria_loc = brd[brd.syria_is_location]
    assert syria_loc.groupby("year")["bd_best"].sum()[2013] == 72013


def test_owid_yearly_deaths_for_syria():
    deaths = owid.yearly_deaths().set_index("year")["deaths"]
    assert deaths[2013] == 76363 and deaths.index.max() == 2023


def test_warm_load_returns_the_same_table_as_a_cold_build(events):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cold = ucdp_ged.events("ucdp_ged_syria", use_cache=False)
    pd.testing.assert_frame_equal(cold.reset_index(drop=True), events.reset_index(drop=True), check_dtype=False)


def test_a_warm_load_still_reports_the_rows_its_build_skipped(private_cache):
    for _ in range(2):  # cold build, then warm load from the cache
        with pytest.warns(SkippedRowsWarning, match=r"skipped 2 broken line\(s\)"):
            ucdp_yearly.conflict_years()
    assert any(p.name.endswith(".warnings.json") for p in private_cache.iterdir())


def test_names_that_repeat_are_stored_once_and_shown_as_text(events):
    from syriawar import measures

    for col in ("source", "governorate", "district", "type_of_violence", "side_a", "side_b", "dyad", "conflict"):
        assert isinstance(events[col].dtype, pd.CategoricalDtype), col
    assert events["dyad"].cat.categories.size < 500 < len(events)
    top = measures.deadliest_events(events, 5)
    assert not any(isinstance(top[c].dtype, pd.CategoricalDtype) for c in top.columns)
    assert (top["governorate"].fillna("Syria") + ", x").str.endswith(", x").all()  # text joins work on shown rows


def test_a_warm_load_maps_the_cached_file_and_never_writes_to_it(private_cache):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cold = ucdp_ged.events("ucdp_ged_syria")  # builds the cache
        warm = ucdp_ged.events("ucdp_ged_syria")
    pd.testing.assert_frame_equal(cold, warm)  # dtypes included
    # the numbers are the cache file's own pages, mapped into memory, not a decoded copy
    cache_file = next(p for p in private_cache.iterdir() if p.name.startswith("events-") and p.suffix == ".arrow")
    address = warm["best"].to_numpy().__array_interface__["data"][0]
    assert any(lo <= address < hi for lo, hi in _mapped(cache_file))
    warm.loc[warm.index[:10], "best"] = -1.0  # a change a user makes is made to a copy of theirs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = ucdp_ged.events("ucdp_ged_syria")
    pd.testing.assert_frame_equal(cold, again)


def _mapped(path) -> list[tuple[int, int]]:
    """Address ranges where this process has ``path`` mapped into memory (Linux)."""
    ranges = []
    for line in open("/proc/self/maps"):
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[5].strip() == str(path):
            lo, hi = (int(x, 16) for x in fields[0].split("-"))
            ranges.append((lo, hi))
    return ranges
