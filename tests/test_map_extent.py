"""A map zooms to its subject and draws every point it was given: the frame holds the bounds of every located point
(and of the governorates most of them fall in, or of the governorate a profile is about), with a margin, so that no
note has to say that points lie beyond it. Real Airwars strikes and OCHA boundaries from the data mirror; the rule's
edges on points the tests write."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from syriawar import chartdata, maps, style
from syriawar.figures import brief, foreign
from syriawar.figures import governorate as G


def _outside(fig) -> int:
    """How many of the points a map's CSV holds lie beyond the extent its axes draw."""
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    pts = chartdata.attached(fig).frame
    lon, lat = pts["longitude"].to_numpy(dtype=float), pts["latitude"].to_numpy(dtype=float)
    assert len(lon) and np.isfinite(lon).all() and np.isfinite(lat).all()
    return int((~((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))).sum())


@pytest.fixture(scope="module")
def brief_map():
    fig = foreign.strikes_map(brief.select(start="2024-11-27", end="2024-12-08"))
    yield fig
    plt.close(fig)


def test_every_located_strike_of_the_period_brief_lies_inside_its_map(brief_map):
    assert _outside(brief_map) == 0
    assert "outside this view" not in style.words(brief_map)["notes"]
    # the strike at Al-Malikiyah, in Syria's far north-east, is among the points drawn
    assert (chartdata.attached(brief_map).frame["longitude"] > 42).any()


def test_the_period_briefs_map_still_zooms_to_the_north_where_the_strikes_fell(brief_map):
    y0, y1 = brief_map.axes[0].get_ylim()
    (sy0, sy1) = maps.SYRIA_LIMITS["y"]
    assert y0 > 34.0 and (y1 - y0) < 0.6 * (sy1 - sy0)  # Homs's desert and the south are not drawn for one strike


def test_the_notes_still_say_how_many_incidents_have_no_coordinates(brief_map):
    assert "31 incidents without coordinates are left off the map." in style.words(brief_map)["notes"]


@pytest.mark.parametrize("name", ["Idleb", "Ar-Raqqa", "Deir-ez-Zor", "Damascus"])
def test_every_point_a_governorates_strike_map_draws_lies_inside_it(name):
    fig = G.strikes_map(G.select(governorate=name))
    try:
        assert _outside(fig) == 0
    finally:
        plt.close(fig)


def test_strikes_whose_coordinates_lie_outside_the_governorate_are_left_off_and_counted():
    # five Idleb incidents carry coordinates in the sea (one at 35.7275 N, 35.7275 E) or across the Turkish border
    fig = G.strikes_map(G.select(governorate="Idleb"))
    try:
        assert "5 whose coordinates lie outside Idleb" in " ".join(style.words(fig)["notes"].split())
        (x0, _), (y0, _) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
        (gx0, _), (gy0, _) = maps.zoom_limits("Idleb")
        assert (x0, y0) == (gx0, gy0)  # the map of Idleb is not stretched to the sea for them
    finally:
        plt.close(fig)


def _points(lon, lat) -> pd.DataFrame:
    return pd.DataFrame({"longitude": lon, "latitude": lat, "deaths": np.ones(len(lon))})


def test_a_lone_point_far_from_the_rest_widens_the_frame_to_hold_it():
    # twenty points around Idleb city and one at Al-Malikiyah, 480 km east
    lon = [36.63 + 0.01 * i for i in range(20)] + [42.14]
    lat = [35.93 + 0.005 * i for i in range(20)] + [37.17]
    (x0, x1), (y0, y1) = maps.points_limits(_points(lon, lat))
    assert x0 < min(lon) and x1 > max(lon) and y0 < min(lat) and y1 > max(lat)


def test_the_frame_holds_the_governorates_most_points_fall_in():
    # points in Idleb city only: the frame shows all of Idleb governorate around them
    (x0, x1), (y0, y1) = maps.points_limits(_points([36.62, 36.64], [35.92, 35.94]))
    assert x0 < 36.15 and x1 > 37.2 and y0 < 35.38 and y1 > 36.34  # Idleb's bounds


def test_a_map_of_all_syria_widens_to_a_point_across_the_border():
    # a strike just across the Iraqi border, east of Syria's view (which ends at 42.5 E)
    fig = maps.point_map(_points([36.0, 42.0, 42.85], [32.5, 37.2, 36.5]), "deaths", "Three points")
    try:
        assert _outside(fig) == 0
        assert fig.axes[0].get_xlim()[1] > 42.85
    finally:
        plt.close(fig)


def test_a_map_of_syria_leaves_off_a_point_deep_in_iraq_and_says_so():
    fig = maps.point_map(_points([36.0, 42.0, 45.05], [32.5, 37.2, 36.67]), "deaths", "Three points")
    try:
        assert _outside(fig) == 0 and fig.axes[0].get_xlim()[1] < 43.5
        assert "1 point located well beyond Syria's borders is left off the map." in style.words(fig)["notes"]
    finally:
        plt.close(fig)
