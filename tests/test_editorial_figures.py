"""Every figure of every report as a graphics desk would print it (../shared/EDITORIAL.md): what a machine can
check. No two texts overlap; tick labels are level and free of raw codes; titles, subtitles and one-line source
lines are set; the data set the axes (clipped markers do not stretch them, x axes span the data drawn, small
multiples share their scale); maps zoom to their subject and key sizes are round."""

from __future__ import annotations

import re
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from syriawar import maps, style
from syriawar.figures import brief, casualties, foreign, governorate, sources
from test_figure_text import SELECTIONS, figure_functions

RAW_CODES = [
    (r"\b\d{4}-\d{2}(-\d{2})?\b", "a date as a code (2016-01)"),
    (r"\b[a-z]+_[a-z_]+\b", "a column name (deaths_a, where_prec)"),
    (r"\b\d+\.\d+\.\d+", "a version string (652.1601.1911)"),
    (r"\b0\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", "a day with a leading zero (01 Dec)"),
]


@lru_cache(maxsize=None)
def _drawn(module_name: str, fn_name: str):
    """The figure ``fn_name`` of the figure module draws for its report's default selection, laid out and drawn
    once: (figure, renderer)."""
    module = {m.__name__.rsplit(".", 1)[1]: m for m in SELECTIONS}[module_name]
    fig = getattr(module, fn_name)(SELECTIONS[module]())
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    return fig, renderer


def _params():
    return [pytest.param(m.__name__.rsplit(".", 1)[1], fn.__name__, id=f"{m.__name__.rsplit('.', 1)[1]}.{fn.__name__}")
            for p in figure_functions() for m, fn in [p.values]]


def _tick_labels(ax):
    """The tick labels an axes draws (those of ticks in view), x and y."""
    out = []
    for axis in (ax.xaxis, ax.yaxis):
        for tick in axis._update_ticks():  # the ticks in view, as drawing them does
            out += [lab for lab in (tick.label1, tick.label2) if lab.get_visible() and lab.get_text().strip()]
    return out


def _texts(fig):
    """Every visible text the figure draws: its own, its axes' (titles, labels, annotations, legends) and the
    tick labels in view; the tick labels of axes not shown are left out."""
    texts = [t for t in fig.findobj(lambda a: isinstance(a, Text) and a.get_visible() and a.get_text().strip())
             if not _is_tick_label(t, fig)]
    for ax in fig.axes:
        if ax.get_visible() and ax.axison:
            texts += _tick_labels(ax)
    return texts


def _is_tick_label(text, fig) -> bool:
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if any(text is t.label1 or text is t.label2 for t in axis.majorTicks + axis.minorTicks):
                return True
    return False


def _overlaps(fig, renderer, tolerance_px: float = 1.0) -> list:
    boxes = [(t.get_text()[:30], t.get_window_extent(renderer)) for t in _texts(fig)]
    found = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
            h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
            if w > tolerance_px and h > tolerance_px:
                found.append((a, b))
    return found


@pytest.mark.parametrize("module_name, fn_name", _params())
def test_no_two_texts_of_a_figure_overlap(module_name, fn_name):
    fig, renderer = _drawn(module_name, fn_name)
    assert _overlaps(fig, renderer) == []


@pytest.mark.parametrize("module_name, fn_name", _params())
def test_tick_labels_are_level(module_name, fn_name):
    fig, _ = _drawn(module_name, fn_name)
    turned = [(t.get_text(), t.get_rotation()) for ax in fig.axes for t in _tick_labels(ax) if t.get_rotation() % 360]
    assert turned == []


@pytest.mark.parametrize("module_name, fn_name", _params())
def test_no_text_in_a_figure_is_a_raw_code(module_name, fn_name):
    fig, _ = _drawn(module_name, fn_name)
    found = [(t.get_text()[:60], why) for t in _texts(fig) for pattern, why in RAW_CODES
             if re.search(pattern, t.get_text())]
    assert found == []


@pytest.mark.parametrize("module_name, fn_name", _params())
def test_a_figure_has_a_title_a_one_line_subtitle_and_a_one_line_source(module_name, fn_name):
    fig, _ = _drawn(module_name, fn_name)
    words = style.words(fig)
    assert words["title"] and words["source"].startswith("Source")
    assert "\n" not in fig.get_supxlabel(), "the source line is one line"
    if not fn_name.startswith("no_"):
        assert words["subtitle"], "a subtitle says what is counted, in what unit, over what span"
        assert len(words["subtitle"]) <= 125, "a subtitle is one line, two at most"


@pytest.mark.parametrize("module_name, fn_name", _params())
def test_numbers_on_axes_and_colour_bars_carry_thousands_separators(module_name, fn_name):
    fig, _ = _drawn(module_name, fn_name)
    bare = [t.get_text() for ax in fig.axes for t in _tick_labels(ax) if re.fullmatch(r"-?\d{5,}", t.get_text())
            or re.fullmatch(r"[1-9]\d{3}", t.get_text()) and not 1900 < int(t.get_text()) < 2100]
    assert bare == []


TITLES_THAT_ARE_LABELS = {"Deaths per month in Syria's war", "Deaths per year by type of violence (best estimate)",
                          "Yearly deaths in Syria by source", "Which source covers which months",
                          "Foreign share of deaths (UCDP events)", "Battle deaths in dyads involving a foreign state"}


@pytest.mark.parametrize("module_name, fn_name", _params())
def test_a_title_states_a_point_not_a_label(module_name, fn_name):
    fig, _ = _drawn(module_name, fn_name)
    title = style.words(fig)["title"]
    assert title not in TITLES_THAT_ARE_LABELS
    assert re.search(r"\d", title), f"a point computed from the data names a number, a year or a share: {title!r}"


def test_the_provenance_is_kept_with_the_figure_for_the_reports_about_the_data():
    fig, _ = _drawn("casualties", "war_timeline")
    assert "652.1601.1911" in style.details(fig)  # the version, off the chart
    assert "652.1601.1911" not in fig.get_supxlabel()
    assert fig.get_supxlabel() == "Sources: UCDP GED (Syria release); VDC; ViEWS; PaCE"


def test_the_year_end_records_do_not_stretch_the_timelines_y_axis():
    fig, _ = _drawn("casualties", "war_timeline")
    ax = fig.axes[0]
    drawn = np.concatenate([np.asarray(line.get_ydata(), dtype=float) for line in ax.get_lines()
                            if not line.get_label().startswith("_")])
    top = np.nanmax(drawn)
    assert ax.get_ylim()[1] <= 1.5 * top  # set by the lines, not by the Decembers of about 19,000
    # the clipped Decembers are said in the note under the chart, with their values (labels side by side ran together)
    from syriawar import style
    said = re.search(r"off the scale, at ([\d,]+) to ([\d,]+) deaths", style.words(fig)["notes"].replace("\n", " "))
    assert said and all(float(v.replace(",", "")) > ax.get_ylim()[1] for v in said.groups())


def test_key_events_are_numbered_markers_keyed_under_the_chart():
    fig, _ = _drawn("casualties", "war_timeline")
    ax = fig.axes[0]
    markers = [t.get_text() for t in ax.texts if re.fullmatch(r"\d+(-\d+)?", t.get_text())]
    assert len(markers) >= 8
    numbers = {int(n) for m in markers for n in range(int(m.split("-")[0]), int(m.split("-")[-1]) + 1)}
    key = style.words(fig)["notes"]
    assert all(f"{n}\u00a0" in key for n in numbers)  # each number kept on its name's line
    assert "Uprising begins, 15 Mar 2011" in " ".join(key.split())
    above = [t.get_text() for t in ax.texts if t.get_position()[1] >= 1.0 and t.get_text() not in markers]
    assert above == []  # no event named above the plot


def test_small_multiples_share_their_scale():
    for fn in ("strikes_small_multiples", "mentions_figure"):
        fig, _ = _drawn("foreign", fn)
        tops = {ax.get_ylim() for ax in fig.axes if ax.get_visible()}
        assert len(tops) == 1, fn


def test_the_foreign_share_chart_spans_the_months_it_draws():
    fig, _ = _drawn("foreign", "foreign_share_figure")
    import matplotlib.dates as mdates

    lo, hi = (mdates.num2date(v).replace(tzinfo=None) for v in fig.axes[0].get_xlim())
    assert pd.Timestamp("2015-12-01") <= lo <= pd.Timestamp("2016-01-01")  # events of 2016-2019, not 2012-2024
    assert pd.Timestamp("2019-11-01") <= hi <= pd.Timestamp("2020-01-01")


def test_the_foreign_battle_deaths_chart_shows_syrias_war_not_iraqs():
    fig, _ = _drawn("foreign", "brd_foreign_figure")
    ax = fig.axes[0]
    drawn = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert drawn and not any("Iraq" in d for d in drawn)
    assert "Iraq's government v. IS" in style.words(fig)["notes"]  # left out, and said so
    assert "Syria alone" in style.words(fig)["subtitle"]


def test_a_period_briefs_strike_map_zooms_to_its_strikes():
    fig, _ = _drawn("brief", "daily_strikes_figure")  # the brief's own selection, drawn once
    plt.close(fig)
    fig = foreign.strikes_map(brief.select())
    x0, x1 = fig.axes[0].get_xlim()
    y0, y1 = fig.axes[0].get_ylim()
    (sx0, sx1), (sy0, sy1) = maps.SYRIA_LIMITS["x"], maps.SYRIA_LIMITS["y"]
    # a band across the north: wide enough for the strike at Al-Malikiyah in the far north-east (every located
    # point is drawn: tests/test_map_extent.py), not the whole country
    assert (x1 - x0) <= (sx1 - sx0) and (y1 - y0) < 0.6 * (sy1 - sy0)
    plt.close(fig)


@pytest.mark.parametrize("name", ["Damascus", "Quneitra"])
def test_a_governorate_of_fewer_than_four_districts_gets_a_dot_map_not_a_choropleth(name):
    fig = governorate.district_map(governorate.select(governorate=name))
    try:
        assert len(fig.axes) == 1, "no colour bar: the districts are not coloured by value"
        assert fig.axes[0].collections, "events drawn as dots"
    finally:
        plt.close(fig)


def test_size_keys_use_round_values():
    assert maps.size_key(960) == [50, 500]
    assert maps.size_key(96) == [5, 50]
    assert maps.size_key(1400) == [100, 1000]
    fig = foreign.strikes_map(foreign.select())
    sizes = [t.get_text() for t in fig.axes[0].get_legend().get_texts() if "killed" in t.get_text()]
    plt.close(fig)
    assert sizes and all(re.match(r"^[125]0*(,000)* ", s.replace(",", ",")) for s in sizes), sizes


def test_a_custom_casualty_report_of_two_governorates_is_framed_like_the_default():
    sel = casualties.select(start="2015-09-01", end="2016-12-31", governorates=["Idleb", "Aleppo"])
    for make in (casualties.war_timeline, casualties.yearly_by_type, casualties.civilian_share,
                 casualties.governorate_heatmap):
        fig = make(sel)
        try:
            renderer = fig.canvas.get_renderer()
            fig.draw(renderer)
            assert _overlaps(fig, renderer) == [], make.__name__
            title = style.words(fig)["title"]
            assert "Idleb and Aleppo" in title or "Aleppo" in title, title
        finally:
            plt.close(fig)


@pytest.mark.parametrize("module_name, fn_name", [("sources", "source_comparison"), ("casualties", "war_timeline")])
def test_the_accent_colour_marks_only_the_ucdp_events(module_name, fn_name):
    fig, _ = _drawn(module_name, fn_name)
    accent = plt.matplotlib.colors.to_rgb(style.ACCENT)
    drawn = [(a.get_label(), a.get_color() if hasattr(a, "get_color") and not hasattr(a, "get_facecolor")
              else a.get_facecolor()) for a in fig.axes[0].get_lines() + fig.axes[0].collections]
    marked = {label for label, colour in drawn if not label.startswith("_") and len(np.atleast_2d(colour))
              and np.allclose(np.atleast_2d(plt.matplotlib.colors.to_rgba_array(colour))[0][:3], accent)}
    assert marked and all(label.startswith("UCDP") for label in marked), marked


def test_the_details_of_every_framed_figure_stay_available_after_it_is_released():
    style.framed_details(clear=True)
    sel = casualties.select()
    plt.close(casualties.yearly_by_type(sel))
    plt.close(sources.coverage_figure(sel))
    kept = style.framed_details()
    assert [title for title, _ in kept][0].startswith("State-based violence caused")
    assert len(kept) == 2 and all(details.startswith("Sources: ") for _, details in kept)


@pytest.mark.parametrize("window", [{}, {"start": "2024-11-27", "end": "2024-12-08"}], ids=["overview", "period-brief"])
def test_no_two_texts_of_the_revisions_figure_overlap(window):
    """The revisions figure takes the versions in hand, not a selection, so the walk above does not find it."""
    from syriawar.figures import revisions

    fig = revisions.revisions_figure(**window)
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    try:
        assert len(_texts(fig)) > 8 and _overlaps(fig, renderer) == []
    finally:
        plt.close(fig)
