"""The gap rule: a period a source does not cover is a gap (NaN), never a zero; a covered period without
records is zero. One test per measure that builds a series, so that no caller can stop masking unseen."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from syriawar import foreign, measures, registry
from syriawar.coverage import Coverage
from syriawar.explorer import Cube, View

# The Syria release covers 2016-01-01 to 2019-12-01: 2015-12 lies before it, 2020-02 after it.
BEFORE, AFTER = pd.Timestamp("2015-12-01"), pd.Timestamp("2020-02-01")


@pytest.fixture(scope="module")
def coverage(events):
    return registry.span(events, "date_start", "date_end", "day")


def test_the_grid_fills_covered_periods_with_zero_and_the_rest_with_gaps():
    sums = pd.DataFrame({"period": [pd.Timestamp("2020-02-01")], "deaths": [5.0]})
    grid = measures.period_grid(sums, ["deaths"], "2020-01-01", "2020-04-30", "M",
                                Coverage(pd.Timestamp("2020-02-01"), pd.Timestamp("2020-03-15")))
    assert grid["deaths"].tolist()[1:3] == [5.0, 0.0]
    assert np.isnan(grid["deaths"].iloc[0]) and np.isnan(grid["deaths"].iloc[3])
    assert grid["covered_share"].round(2).tolist() == [0.0, 1.0, 0.48, 0.0]


def test_fatalities_mask_months_outside_coverage(events, coverage):
    f = measures.fatalities(events[events.governorate == "Quneitra"], "M", start="2015-12-01", end="2020-02-29",
                            coverage=coverage).table.set_index("period")
    assert np.isnan(f.loc[BEFORE, "best"]) and np.isnan(f.loc[AFTER, "best"])
    assert (f.loc["2016-01-01":"2019-11-01", "best"] >= 0).all()


def test_monthly_source_series_mask_months_the_source_does_not_hold(monthly):
    s = measures.monthly_source_series(monthly, "views_cm_syria", "one-sided", "2024-01-01", "2024-06-30")
    assert s.loc["2024-03-01"] >= 0 and np.isnan(s.loc["2024-04-01"]) and np.isnan(s.loc["2024-06-01"])


def test_coded_foreign_events_mask_periods_outside_coverage(events, coverage):
    tagged = foreign.tag_events(events)
    t = foreign.coded_foreign_events(tagged, "M", "best", "2015-12-01", "2020-02-29", coverage).set_index(["period", "group"])
    assert np.isnan(t.loc[(BEFORE, "Turkey"), "events"]) and np.isnan(t.loc[(AFTER, "Turkey"), "all_deaths"])
    assert t.loc[(pd.Timestamp("2016-01-01"), "Turkey"), "events"] == 0  # covered, no Turkish event that month


def test_headline_mentions_mask_periods_outside_coverage(events, coverage):
    t = foreign.headline_mentions(foreign.tag_events(events), "M", "best", "2015-12-01", "2020-02-29", coverage)
    t = t.set_index(["period", "group"])
    assert np.isnan(t.loc[(BEFORE, "Russia"), "events"]) and np.isnan(t.loc[(AFTER, "Russia"), "deaths"])
    assert t.loc[(pd.Timestamp("2016-02-01"), "Russia"), "events"] > 0


def test_foreign_share_masks_periods_outside_coverage(events, coverage):
    per = foreign.foreign_share(foreign.tag_events(events), "M", "best", "2015-12-01", "2020-02-29", coverage)
    per = per.set_index("period")
    assert np.isnan(per.loc[BEFORE, "all"]) and np.isnan(per.loc[AFTER, "share_coded"])
    assert per.loc["2016-01-01", "all"] > 0


def test_strikes_by_belligerent_mask_periods_outside_coverage(strikes):
    cov = registry.span(strikes, "date", "date", "day")
    t = foreign.strikes_by_belligerent(strikes, "M", "2014-01-01", "2014-12-31", cov).set_index(["period", "group"])
    assert np.isnan(t.loc[(pd.Timestamp("2014-08-01"), "Russia"), "incidents"])
    assert t.loc[(pd.Timestamp("2014-10-01"), "Russia"), "incidents"] == 0  # covered; Russia strikes from Sep 2015


def test_the_explorer_masks_months_outside_coverage_in_series_and_heatmap(events):
    out = Cube(events).compute(View(start="2015-10-01", end="2020-03-31"))
    assert np.isnan(out["series"].loc[BEFORE, "best"]) and np.isnan(out["series"].loc[AFTER, "best"])
    assert np.isnan(out["heat"][BEFORE]).all() and np.isnan(out["heat"][AFTER]).all()
    assert (out["heat"][pd.Timestamp("2016-03-01")] >= 0).all()


def test_a_month_covered_for_one_day_is_not_drawn_as_a_month_of_few_deaths(events, coverage):
    f = measures.fatalities(events, "M", start="2019-10-01", end="2019-12-31", coverage=coverage).table
    assert f.set_index("period").loc["2019-12-01", "best"] == pytest.approx(14)  # one event's second day
    drawn = measures.mask_partial(f, ["best"]).set_index("period")
    assert np.isnan(drawn.loc["2019-12-01", "best"]) and drawn.loc["2019-11-01", "best"] > 0
