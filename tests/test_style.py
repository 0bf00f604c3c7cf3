"""The house style is seaborn's theme without seaborn in the kernel."""

import subprocess
import sys

import matplotlib
import numpy as np
from matplotlib.colors import to_rgba

from syriawar import dateaxis, style


def _settings_after(apply) -> dict:
    matplotlib.rcdefaults()
    apply()
    out = dict(matplotlib.rcParams)
    matplotlib.rcdefaults()
    return out


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return np.isclose(float(a), float(b))
    if isinstance(a, str) and isinstance(b, str):
        try:
            return to_rgba(a) == to_rgba(b)
        except ValueError:
            return a == b
    return str(a) == str(b)


def test_the_theme_is_seaborn_whitegrid_in_the_paper_context_with_our_palette_and_sizes():
    import seaborn as sns

    ours = _settings_after(style.apply)
    seaborns = _settings_after(lambda: (sns.set_theme(context="paper", style="whitegrid",
                                                      palette=list(style.OKABE_ITO.values())), style.apply()))
    assert ours.keys() == seaborns.keys()
    different = [k for k in ours if k != "axes.prop_cycle" and not _same(ours[k], seaborns[k])]
    assert different == []
    # seaborn settings the house style overrides are still seaborn's where it does not
    bare = _settings_after(lambda: sns.set_theme(context="paper", style="whitegrid"))
    for key, value in style.SEABORN_WHITEGRID_PAPER.items():
        assert _same(value, bare[key]), key
    assert [to_rgba(c["color"]) for c in ours["axes.prop_cycle"]] == [to_rgba(c) for c in style.OKABE_ITO.values()]


def test_rocket_is_seaborns_rocket():
    import seaborn as sns

    style.register_colormaps()
    ours = matplotlib.colormaps["rocket_r"]
    assert np.allclose(ours(np.linspace(0, 1, 256)), sns.color_palette("rocket_r", as_cmap=True)(np.linspace(0, 1, 256)))


def test_a_kernel_drawing_a_report_never_imports_seaborn_or_scipy():
    code = ("import sys, matplotlib; matplotlib.use('Agg')\n"
            "from syriawar.figures import casualties, foreign, governorate, brief\n"
            "from syriawar import charts, heatmaps, maps, notebook, explorer\n"
            "import pandas as pd\n"
            "heatmaps.heatmap(pd.DataFrame({pd.Timestamp('2016-01-01'): [1.0, None]}, index=['Aleppo', 'Idleb']), 't')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('seaborn', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_svg_text_is_measured_once_per_string_and_font_and_the_svg_does_not_change_by_a_byte(monkeypatch):
    import io

    import matplotlib.pyplot as plt
    from matplotlib.backends import backend_svg

    from syriawar import textmetrics

    def drawn() -> str:
        fig, ax = style.figure(height=2.5)
        ax.plot([2016, 2017, 2018], [40865, 21243, 11974], label="state-based")
        ax.set_title(r"Deaths per year, $\pm$ the low-high range", loc="left")
        style.legend_beside(ax)
        style.thousands(ax)
        style.add_caption(fig, "Sources: UCDP GED Syria 652.1601.1911 (events 2016-01-01 to 2019-12-01). " * 3)  # lines
        out = io.StringIO()
        with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "syriawar"}):
            fig.savefig(out, format="svg", metadata={"Date": None})
        plt.close(fig)
        return out.getvalue()

    monkeypatch.setattr(backend_svg.RendererSVG, "get_text_width_height_descent",
                        backend_svg.RendererSVG.__dict__["get_text_width_height_descent"])  # restored afterwards
    monkeypatch.delattr(backend_svg.RendererSVG, "_get_font_height_metrics", raising=False)  # matplotlib's own
    measured_each_time = drawn()
    textmetrics.install()
    first = drawn()
    before = textmetrics.cache_info()
    second = drawn()
    after = textmetrics.cache_info()
    assert first == second == measured_each_time
    assert after.misses == before.misses and after.hits > before.hits  # the second figure measured nothing anew


def _visible_ticks(locator, start, end):
    import matplotlib.dates as mdates
    import pandas as pd

    lo, hi = mdates.date2num([pd.Timestamp(start), pd.Timestamp(end)])
    # matplotlib's date locators take datetimes; ours, the date numbers its axis holds
    ticks = np.asarray(locator.tick_values(*(mdates.num2date([lo, hi]) if isinstance(locator, mdates.DateLocator)
                                             else (lo, hi))))
    return ticks[(ticks >= lo) & (ticks <= hi)]


def test_year_ticks_fall_where_matplotlibs_year_locator_shows_them():
    import matplotlib.dates as mdates

    windows = [("2011-03-01", "2024-12-31"), ("2016-01-01", "2019-12-01"), ("2013-07-15", "2016-02-01"),
               ("2011-03-15", "2024-12-08"), ("2009-12-31", "2030-01-02")]
    for start, end in windows:
        for base in (1, 2, 5):
            ours = _visible_ticks(dateaxis.YearTicks(base), start, end)
            theirs = _visible_ticks(mdates.YearLocator(base), start, end)
            if len(theirs) >= 2:
                assert np.array_equal(ours, theirs), (start, end, base)
    labels = dateaxis.YearLabels().format_ticks(_visible_ticks(dateaxis.YearTicks(), "2011-03-01", "2024-12-31"))
    assert labels == [str(y) for y in range(2012, 2025)]


def test_a_shorter_window_is_ticked_by_month_and_a_fortnight_by_day_never_left_without_ticks():
    labels = {w: dateaxis.YearLabels().format_ticks(_visible_ticks(dateaxis.YearTicks(), *w))
              for w in [("2017-03-10", "2017-09-01"), ("2016-01-01", "2016-12-31"), ("2024-11-27", "2024-12-08")]}
    assert labels[("2017-03-10", "2017-09-01")] == ["Apr 2017", "May 2017", "Jun 2017", "Jul 2017", "Aug 2017", "Sep 2017"]
    assert labels[("2016-01-01", "2016-12-31")][:2] == ["Jan 2016", "Mar 2016"]  # YearLocator: one tick, "2016"
    assert labels[("2024-11-27", "2024-12-08")][0] == "27 Nov 2024" and len(labels[("2024-11-27", "2024-12-08")]) >= 3
    # every two years where the axis asks for it, and every year where two would leave fewer than two ticks
    assert len(_visible_ticks(dateaxis.YearTicks(5), "2017-06-01", "2020-05-01")) == 3
