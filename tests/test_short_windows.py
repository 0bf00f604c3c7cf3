"""Specification: a report of a short window (one day, one week, one year) draws its data where a reader sees it.

A chart of one day's deaths must show that day (a mark inside an axis that spans days, not years), and a
chart of deaths by kind of violence over one year must not be a single bar as wide as the page."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from syriawar import style
from syriawar.figures import casualties

ONE_DAY = ("2016-06-04", "2016-06-04")
ONE_WEEK = ("2016-06-01", "2016-06-07")


def _marks_inside(ax) -> int:
    """Data drawn inside the axis' x-limits: points of lines with a marker or a neighbour, and bars of height > 0."""
    lo, hi = ax.get_xlim()
    n = 0
    for line in ax.get_lines():
        x = np.asarray(mdates.date2num(line.get_xdata()) if len(line.get_xdata()) and not isinstance(
            line.get_xdata()[0], (float, int, np.floating, np.integer)) else line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        ok = np.isfinite(x) & np.isfinite(y) & (x >= lo) & (x <= hi)
        visible_alone = line.get_marker() not in (None, "None", "", " ")
        if ok.sum() >= 2 or (ok.sum() == 1 and visible_alone):
            n += int(ok.sum())
    for p in ax.patches:
        if isinstance(p, Rectangle) and p.get_height() > 0 and lo <= p.get_x() + p.get_width() / 2 <= hi:
            n += 1
    return n


@pytest.fixture(scope="module")
def one_day():
    return casualties.select(*ONE_DAY)


@pytest.mark.parametrize("draw", ["war_timeline", "civilian_share"])
def test_a_one_day_window_is_drawn_on_an_axis_of_days_with_the_day_visible(one_day, draw):
    fig = getattr(casualties, draw)(one_day)
    ax = fig.axes[0]
    lo, hi = (mdates.num2date(v).replace(tzinfo=None) for v in ax.get_xlim())
    assert hi - lo <= pd.Timedelta(days=10), f"{draw}: x axis spans {lo:%d %b %Y} to {hi:%d %b %Y} for one day"
    assert lo <= pd.Timestamp(ONE_DAY[0]) <= hi
    assert _marks_inside(ax) >= 1, f"{draw}: nothing drawn for the day"
    plt.close(fig)


def test_a_one_week_timeline_draws_each_day():
    fig = casualties.war_timeline(casualties.select(*ONE_WEEK))
    assert _marks_inside(fig.axes[0]) >= 7
    plt.close(fig)


def test_deaths_by_kind_over_one_year_are_drawn_by_month_not_as_one_bar():
    fig = casualties.yearly_by_type(casualties.select("2016-01-01", "2016-12-31"))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert len({round(p.get_x(), 3) for p in ax.patches if isinstance(p, Rectangle) and p.get_height() > 0}) == 12
    assert labels and labels != ["2016"]
    assert "per month" in style.words(fig)["subtitle"]
    plt.close(fig)


def test_deaths_by_kind_over_the_whole_war_stay_yearly():
    fig = casualties.yearly_by_type(casualties.select())
    assert "per year" in style.words(fig)["subtitle"]
    plt.close(fig)
