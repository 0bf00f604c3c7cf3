"""The governorate profile covers 2011-2024 in every sub-national source, with maps zoomed to the governorate."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from syriawar import boundaries, geography, reference
from syriawar.figures import governorate as G


@pytest.mark.parametrize("name", ["Aleppo", "Idleb", "Ar-Raqqa", "Tartous", "Quneitra"])
def test_the_maps_are_zoomed_to_the_governorate(name):
    sel = G.select(governorate=name)
    gov = boundaries.governorates()
    x0, y0, x1, y1 = gov.loc[gov.governorate == name].total_bounds
    for fig in (G.events_map(sel), G.district_map(sel)):
        ax = fig.axes[0]
        (a, b), (c, d) = ax.get_xlim(), ax.get_ylim()
        margin_x, margin_y = 0.3 * (x1 - x0) + 0.1, 0.3 * (y1 - y0) + 0.1
        assert x0 - margin_x <= a <= x0 and x1 <= b <= x1 + margin_x
        assert y0 - margin_y <= c <= y0 and y1 <= d <= y1 + margin_y
        plt.close(fig)


def test_every_governorate_profile_draws_all_three_sources():
    for name in geography.governorate_names():
        sel = G.select(governorate=name)
        fig = G.timeline(sel)
        lines = [ax.get_lines()[0] for ax in fig.axes]
        assert len(lines) == 3
        vdc, ucdp, airwars = (np.asarray(ln.get_ydata(), dtype=float) for ln in lines)
        assert np.nansum(vdc) > 0, name
        assert np.isnan(airwars[:12]).all(), f"{name}: Airwars does not cover 2011"  # gaps, never zeros
        assert np.isnan(ucdp[:12]).all(), f"{name}: the Syria release does not cover 2011"
        plt.close(fig)


def test_the_title_names_the_governorate_the_years_and_a_finding_from_the_data():
    # VDC's documented deaths in Idleb, by year: most in 2012 (computed from the file in the data mirror)
    assert G.title(G.select(governorate="Idlib Governorate")) == "Idleb governorate, 2011-2024: VDC documented the most deaths in 2012"
    # no source in hand counts deaths in Hama in the offensive's days: the title names the window only
    assert G.title(G.select(governorate="Hama", start="2024-11-27", end="2024-12-08")) == "Hama governorate, 27 Nov - 8 Dec 2024"


def test_key_figures_come_from_each_source_for_its_span():
    t = G.key_figures(G.select(governorate="Rural Damascus")).set_index("figure")
    assert t.loc["Deaths documented by VDC in Rural Damascus (a list of names, not an estimate)", "value"] == "28,496"
    assert t.loc["Deaths documented by VDC in Rural Damascus (a list of names, not an estimate)", "source and span"] == \
        "VDC, 1 Mar 2011 - 13 Aug 2018"
    assert "1 Jan 2016 - 1 Dec 2019" in t.loc["Deaths in UCDP GED events in Rural Damascus, best estimate (low-high)",
                                               "source and span"]


def test_the_district_table_counts_every_located_event_once():
    sel = G.select(governorate="Idleb")
    t = G.district_table(sel)
    located = sel.events[sel.events.where_precision <= 3]
    elsewhere = int(G.district_note(sel).split("; ")[1].split(" events")[0].replace(",", ""))
    assert t["UCDP events"].sum() + elsewhere == len(located) and len(t) == 5  # Idleb has five districts


def test_key_events_name_canonical_governorates():
    names = set(geography.governorate_names())
    for gs in reference.key_events()["governorates"]:
        assert all(g in names for g in gs.split(";") if g), gs
    assert "Khan Shaykhun sarin attack" in set(reference.key_events("Idleb")["short_label"])


def test_strikes_are_placed_by_their_coordinates():
    """Airwars' region names put most Eastern Ghouta strikes in Damascus; their coordinates put them in Rural Damascus."""
    damascus = G.strikes_here(G.select(governorate="Damascus"))
    rural = G.strikes_here(G.select(governorate="Rural Damascus"))
    assert len(rural) > 10 * len(damascus)
    t = G.district_table(G.select(governorate="Damascus"))
    assert t["Airwars incidents"].sum() == damascus["latitude"].notna().sum()


def test_a_moved_district_name_keeps_a_line_to_its_centroid_from_the_edge_of_its_box():
    from syriawar.maps import LeaderLines

    fig, ax = plt.subplots(figsize=(4, 4), dpi=100)
    ax.set(xlim=(0, 10), ylim=(0, 10))
    moved = ax.text(8, 5, "Moved", ha="center", va="center")
    still = ax.text(2, 2, "Still", ha="center", va="center")
    lines = LeaderLines([moved, still], [(3, 5), (2, 2)], shrink_pt=2.0)
    ax.add_collection(lines, autolim=False)
    renderer = fig.canvas.get_renderer()
    (segment,) = lines.segments(renderer)  # a name over its own point has no line
    start, end = ax.transData.transform(segment)
    box = moved.get_window_extent(renderer)
    shrink = renderer.points_to_pixels(2.0)
    assert start[0] == pytest.approx(box.x0 - shrink) and start[1] == pytest.approx((box.y0 + box.y1) / 2)
    assert end == pytest.approx(ax.transData.transform((3, 5)) + [shrink, 0])
    fig.savefig(__import__("io").BytesIO(), format="svg")  # drawn at save, with the layout of that moment
    assert len(lines.get_segments()) == 1
    plt.close(fig)


def test_a_crowded_governorate_map_draws_its_leader_lines_as_one_collection():
    from syriawar.maps import LeaderLines

    fig = G.district_map(G.select(governorate="Rural Damascus"))
    ax = fig.axes[0]
    assert not ax.patches  # no arrow patch per label
    (lines,) = [c for c in ax.collections if isinstance(c, LeaderLines)]
    assert lines.segments(fig.canvas.get_renderer())  # Damascus' suburbs: some names moved off their centroid
    plt.close(fig)


def test_placing_a_maps_names_lays_it_out_without_drawing_it_and_puts_them_where_a_drawing_would(monkeypatch):
    from contextlib import nullcontext

    from matplotlib.figure import Figure

    from syriawar import maps

    sel = G.select(governorate="Rural Damascus")
    drawn, real = [], Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: drawn.append(1) or real(self, renderer))
    fig = G.district_map(sel)
    placed = [t.get_position() for t in fig.axes[0].texts]
    assert drawn == []  # adjustText alone would draw the whole figure once before it measures the names
    monkeypatch.setattr(maps, "_laid_out_not_drawn", nullcontext)
    drawn_fig = G.district_map(sel)
    assert drawn and [t.get_position() for t in drawn_fig.axes[0].texts] == placed
    plt.close(fig)
    plt.close(drawn_fig)


def test_simplified_outlines_are_built_once_and_read_back_from_the_cache_unchanged(private_cache):
    view = (36.0, 35.7, 38.5, 36.8)  # about Aleppo
    boundaries._simplified.cache_clear()
    built = boundaries.drawn("districts", view=view)
    files = sorted(p.name for p in private_cache.glob("outlines-districts-*.arrow"))
    assert len(files) == 1
    boundaries._simplified.cache_clear()
    read = boundaries.drawn("districts", view=view)
    assert sorted(p.name for p in private_cache.glob("outlines-*.arrow")) == files  # nothing built again
    assert read.crs == built.crs and list(read.columns) == list(built.columns)
    assert read["district"].tolist() == built["district"].tolist()
    assert all(a.equals_exact(b, 0) for a, b in zip(read.geometry, built.geometry))
    boundaries.drawn("districts", view=(36.0, 35.7, 38.5, 36.9))  # another view is another entry
    assert len(list(private_cache.glob("outlines-districts-*.arrow"))) == 2
    boundaries._simplified.cache_clear()


def test_the_narrow_timeline_panels_label_every_second_year_over_the_whole_war_and_every_year_over_four():
    def labels(start, end):
        fig = G.timeline(G.select(governorate="Idleb", start=start, end=end))
        fig.canvas.draw()
        ax = fig.axes[-1]
        lo, hi = ax.get_xlim()
        shown = [t.get_text() for t, x in zip(ax.get_xticklabels(), ax.get_xticks()) if lo <= x <= hi]
        plt.close(fig)
        return shown

    assert labels("2011-03-01", "2024-12-31") == ["2012", "2014", "2016", "2018", "2020", "2022", "2024"]
    assert labels("2016-01-01", "2019-12-31")[:4] == ["2016", "2017", "2018", "2019"]


@pytest.mark.parametrize("window", [("2011-03-01", "2024-12-31"), ("2019-01-01", "2019-06-30")])
def test_the_vdc_chart_draws_the_months_the_comparison_table_sums_whatever_the_window(window):
    """The section compares the sources over every month both cover; a window after VDC's list ends (2019) must
    still draw those months, and its title quote the table's correlation, never 'correlation nan'."""
    from syriawar import style
    sel = G.select("Quneitra", *window)
    row = G.comparison(sel).iloc[0]
    fig = G.comparison_figure(sel)
    drawn = fig.axes[0].get_lines()
    vdc = next(line for line in drawn if line.get_label() == "VDC, documented")
    assert len(vdc.get_xdata()) == row["months"]
    assert np.nansum(vdc.get_ydata()) == pytest.approx(float(row["VDC documented"]), abs=1)
    assert f"correlation {row['monthly correlation']:.2f}" in style.words(fig)["title"]
    plt.close(fig)
