"""Casualty measures against independent computations on the mirror files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from syriawar import measures, registry
from syriawar.errors import ParameterError


def test_yearly_state_based_best_for_2016_is_40865(events):
    f = measures.fatalities(events, "Y", by="type_of_violence").table
    row = f[(f.period == pd.Timestamp("2016-01-01")) & (f.type_of_violence == "state-based")]
    assert row["best"].item() == pytest.approx(40865)


def test_monthly_series_hold_every_death_of_the_file(events):
    f = measures.fatalities(events, "M").table
    # coverage ends on the last date_end: the event of 28 deaths running 2019-11-30 to 2019-12-01 counts whole
    assert f["best"].sum() == pytest.approx(events["best"].sum())
    y = measures.yearly_totals(events, None, None, None).set_index("year")
    assert y.loc[2019, "deaths"] == pytest.approx(10060) and y.loc[2019, "months"] == 11


def test_months_outside_coverage_are_missing_not_zero(events):
    f = measures.fatalities(events, "M", start="2015-01-01", end="2020-06-30").table.set_index("period")
    assert f.loc["2015-12-01", "best"] != f.loc["2015-12-01", "best"]  # NaN
    assert np.isnan(f.loc["2020-01-01", "best"])
    assert f.loc["2016-01-01", "best"] > 0


def test_an_empty_selection_within_coverage_reads_zero(events):
    none = events.iloc[0:0]
    f = measures.fatalities(none, "M", start="2016-01-01", end="2016-03-31",
                            coverage=registry.coverage("ucdp_ged_syria")).table
    assert list(f["best"]) == [0.0, 0.0, 0.0]


def test_year_long_aggregate_records_are_spread_not_piled_on_a_day(events):
    agg = events[events.event_id == events.loc[events.best.idxmax(), "event_id"]]
    assert measures.is_aggregate(agg).all()
    daily = measures.spread_daily(agg, ["best"])
    assert len(daily) == 366 and daily["best"].max() == pytest.approx(agg["best"].item() / 366)


def test_aggregates_apart_leaves_them_out_of_the_series_and_returns_them(events):
    spread = measures.fatalities(events, "M", aggregates="spread")
    apart = measures.fatalities(events, "M", aggregates="apart")
    assert len(apart.apart) == measures.is_aggregate(events).sum() == (events.date_precision == 5).sum() == 51
    assert spread.table["best"].sum() - apart.table["best"].sum() == pytest.approx(apart.apart["best"].sum(), abs=2)


def test_views_december_spikes_2012_to_2016_are_found(monthly):
    s = measures.monthly_source_series(monthly, "views_cm_syria", "state-based", "2011-03-01", "2024-04-30")
    spikes = measures.year_end_spikes(s)
    assert list(spikes["year"]) == [2012, 2013, 2014, 2015, 2016]
    spread = measures.spread_year_end_spikes(s, spikes)
    assert spread.sum() == pytest.approx(s.sum())
    assert spread["2014-12-01"] < 2 * spread["2014-11-01"]


def test_cumulative_stops_at_a_gap():
    s = pd.Series([1.0, 2.0, np.nan, 4.0])
    assert list(measures.cumulative(s).fillna(-1)) == [1.0, 3.0, -1, 7.0]


def test_civilian_share_uses_the_deaths_columns(events):
    t = measures.death_kinds(events, "Y")
    y2016 = t[t.period == pd.Timestamp("2016-01-01")].iloc[0]
    civ = events.loc[events.date_start.dt.year == 2016, "deaths_civilians"].sum()
    assert y2016["civilians"] == pytest.approx(civ, rel=0.02)  # year-long records spread into the same year


def test_point_maps_leave_off_governorate_and_country_level_events(events):
    pts, left = measures.precise_events(events)
    assert left == int((events.where_precision >= 4).sum()) == 1436
    assert pts["where_precision"].max() == 3


def test_yearly_totals_mark_partial_years(events, monthly):
    y = measures.yearly_totals(events, monthly, None, None)
    ged2019 = y[(y.source == events.source.iloc[0]) & (y.year == 2019)]
    assert ged2019["months"].item() == 11
    views2024 = y[(y.dataset == "views_cm_syria") & (y.measure == "state-based") & (y.year == 2024)]
    assert views2024["months"].item() == 4


def test_unknown_frequency_is_a_parameter_error(events):
    with pytest.raises(ParameterError, match="freq 'Q' is not known"):
        measures.fatalities(events, "Q")


def test_dyads_table_ranks_dyads_by_deaths():
    from syriawar.figures import casualties, records

    sel = casualties.select(start="2016-01-01", end="2016-12-31")
    t = records.dyads(sel)
    assert t.iloc[0]["warring sides (as UCDP names them)"] == "Government of Syria - Syrian insurgents"
    assert t["deaths, best"].is_monotonic_decreasing and t["share of deaths, %"].max() <= 100


def test_the_civilian_share_has_a_range_from_the_low_and_high_estimates(events):
    t = measures.death_kinds(events, "Y").set_index("period").loc["2016-01-01"]
    assert t["combatants"] == pytest.approx(t["side A"] + t["side B"])
    assert t["civilian_share_low"] <= t["civilian_share"] <= t["civilian_share_high"] <= 1
    assert t["civilian_share_low"] == pytest.approx(t["civilians"] / t["high"])


@pytest.mark.parametrize("freq,by", [("M", None), ("Y", "type_of_violence"), ("W", "governorate"), ("D", None)])
def test_period_sums_are_the_sums_of_every_event_day_in_the_window(events, freq, by):
    lo, hi = pd.Timestamp("2016-03-15"), pd.Timestamp("2018-11-02")  # windows that cut through records' spans
    daily = measures.spread_daily(events, ["low", "best", "high"], [by] if by else [])
    daily = daily[(daily["date"] >= lo) & (daily["date"] <= hi) & (daily[by].notna() if by else True)]
    daily["period"] = measures.period_start(daily["date"], freq)
    keys = ["period", by] if by else ["period"]
    expected = daily.groupby(keys)[["low", "best", "high"]].sum().reset_index().astype({by: str} if by else {})
    got = measures.period_sums(events, ["low", "best", "high"], lo, hi, freq, by).astype({by: str} if by else {})
    expected, got = (t.sort_values(keys).reset_index(drop=True) for t in (expected, got))
    pd.testing.assert_frame_equal(got[keys], expected[keys], check_dtype=False)
    assert np.allclose(got[["low", "best", "high"]], expected[["low", "best", "high"]])
