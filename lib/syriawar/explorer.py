"""Interactive exploration: a precomputed month x governorate x type x foreign-party cube of the events, so a
control change filters and redraws without re-reading files; persistent figures redrawn as PNG for widgets.

``Explorer.update(view)`` is what a control change costs (benchmarks/bench_explorer.py measures it).
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import actors, geography, maps, measures, parameters, style
from .schemas import TYPE_OF_VIOLENCE

MAX_POINTS = 3000  # the event map draws the deadliest precise events up to this number
NONE = "(none)"


@dataclass
class View:
    start: str = "2016-01-01"
    end: str = "2019-11-30"
    governorates: list = field(default_factory=list)
    types: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    estimate: str = "best"

    def checked(self) -> "View":
        s, e = parameters.check_window(self.start, self.end)
        return View(f"{s:%Y-%m-%d}", f"{e:%Y-%m-%d}", parameters.check_governorates(self.governorates),
                    parameters.check_types(self.types), actors.check_actor_names(self.actors),
                    parameters.check_estimate(self.estimate))


def foreign_party_column(events: pd.DataFrame) -> pd.Series:
    """'Russia|Turkey'-style key of the coded foreign parties of each event; NONE where there is none."""
    groups = {n: set(actors.foreign_groups_of(n)) for n in pd.unique(pd.concat([events["side_a"], events["side_b"]]))}
    keys = {}
    out = []
    for a, b in zip(events["side_a"], events["side_b"]):
        if (a, b) not in keys:
            keys[(a, b)] = "|".join(sorted(groups[a] | groups[b])) or NONE
        out.append(keys[(a, b)])
    return pd.Series(out, index=events.index)


def build_cube(events: pd.DataFrame) -> pd.DataFrame:
    """Deaths spread over each event's days, summed by month, governorate, type and coded foreign party."""
    ev = events if "foreign_party" in events else events.assign(foreign_party=foreign_party_column(events))
    daily = measures.spread_daily(ev, ["low", "best", "high"], ["governorate", "type_of_violence", "foreign_party"])
    daily["month"] = daily["date"].dt.to_period("M").dt.start_time
    daily["governorate"] = daily["governorate"].fillna("(country level)")
    return daily.groupby(["month", "governorate", "type_of_violence", "foreign_party"], observed=True)[
        ["low", "best", "high"]].sum().reset_index()


class Explorer:
    """Holds the tables in memory; ``update(view)`` returns PNGs of the timeline, heatmap and map, and a table."""

    def __init__(self, events: pd.DataFrame, strikes: pd.DataFrame | None = None, dpi: int = 80):
        self.events = events.assign(foreign_party=foreign_party_column(events))
        self.coverage = measures.event_coverage(events)
        self.cube = build_cube(self.events)
        precise, self.imprecise = measures.precise_events(self.events)
        self.points = precise[["date_start", "date_end", "governorate", "type_of_violence", "latitude", "longitude",
                               "low", "best", "high", "foreign_party"]].copy()
        self.strikes = strikes
        self.dpi = dpi
        self.label = str(events["source"].iloc[0])
        style.apply()
        self._figs = {}

    # -- filtering -------------------------------------------------------------------------------------
    def _mask(self, frame: pd.DataFrame, view: View, month_col: str | None) -> np.ndarray:
        m = np.ones(len(frame), dtype=bool)
        if view.governorates:
            m &= frame["governorate"].isin(view.governorates).to_numpy()
        if view.types:
            m &= frame["type_of_violence"].isin(view.types).to_numpy()
        if view.actors:
            wanted = set(view.actors)
            fp = frame["foreign_party"]
            keys = {k: bool(wanted & set(k.split("|"))) for k in fp.unique()}
            m &= fp.map(keys).to_numpy(dtype=bool)
        return m

    def compute(self, view: View) -> dict:
        s, e = pd.Timestamp(view.start), pd.Timestamp(view.end)
        c = self.cube[self._mask(self.cube, view, "month")]
        c = c[(c["month"] >= s.to_period("M").start_time) & (c["month"] <= e)]
        months = pd.date_range(s.to_period("M").start_time, e, freq="MS")
        series = c.groupby("month")[["low", "best", "high"]].sum().reindex(months, fill_value=0.0)
        outside = (series.index < self.coverage[0].to_period("M").start_time) | (series.index > self.coverage[1])
        series[outside] = np.nan
        rows = view.governorates or geography.governorate_names()
        heat = c.pivot_table(index="governorate", columns="month", values=view.estimate, aggfunc="sum")
        heat = heat.reindex(index=rows, columns=months).fillna(0.0)  # no event in a covered month is 0
        heat.loc[:, outside] = np.nan
        p = self.points[self._mask(self.points, view, None)]
        p = p[(p["date_end"] >= s) & (p["date_start"] <= e)]
        top = p.nlargest(MAX_POINTS, view.estimate)
        ev = measures.select_events(self.events, s, e, view.governorates, view.types)
        if view.actors:
            ev = ev[self._mask(ev, view, None)]
        table = ev.nlargest(10, view.estimate)[["date_start", "governorate", "dyad", "low", "best", "high", "source_headline"]]
        return {"series": series, "heat": heat, "points": top, "n_points": len(p), "table": table, "view": view}

    # -- drawing ---------------------------------------------------------------------------------------
    def _fig(self, key: str, height: float) -> Figure:
        if key not in self._figs:
            self._figs[key] = Figure(figsize=(style.A4_WIDTH_IN, height), dpi=self.dpi)
        fig = self._figs[key]
        fig.clear()
        return fig

    def _png(self, fig: Figure) -> bytes:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=self.dpi)
        return buf.getvalue()

    def render(self, data: dict) -> dict:
        v: View = data["view"]
        cap = f"{self.label} (events cover {self.coverage[0]:%Y-%m-%d} to {self.coverage[1]:%Y-%m-%d}); grey gaps: not covered."
        fig = self._fig("timeline", 3.0)
        ax = fig.add_axes([0.09, 0.2, 0.88, 0.68])
        s = data["series"]
        ax.fill_between(s.index, s["low"], s["high"], color="#999999", alpha=0.35, lw=0, label="low-high")
        ax.plot(s.index, s[v.estimate], color="black", lw=1.2, label=v.estimate)
        ax.set_ylim(bottom=0)
        ax.set_ylabel("deaths per month")
        ax.legend(loc="upper right", fontsize=7)
        ax.set_title(f"Deaths per month ({v.estimate})", loc="left", fontsize=10)
        fig.text(0.01, 0.02, cap, fontsize=6.5, color="#444444")
        timeline = self._png(fig)

        fig = self._fig("heat", 3.2)
        ax = fig.add_axes([0.16, 0.2, 0.78, 0.68])
        heat = data["heat"]
        arr = heat.to_numpy(dtype=float)
        ax.set_facecolor("#e6e6e6")
        im = ax.imshow(np.ma.masked_invalid(arr), aspect="auto", cmap="rocket_r", interpolation="nearest",
                       vmin=0, vmax=max(np.nanpercentile(arr, 99) if np.isfinite(arr).any() else 1, 1))
        ax.set_yticks(range(len(heat.index)), heat.index, fontsize=6.5)
        step = max(1, len(heat.columns) // 10)
        ax.set_xticks(range(0, len(heat.columns), step), [c.strftime("%Y-%m") for c in heat.columns[::step]], fontsize=6.5)
        ax.grid(False)
        fig.colorbar(im, ax=ax, fraction=0.03, pad=0.01)
        ax.set_title(f"Deaths per month by governorate ({v.estimate})", loc="left", fontsize=10)
        heatmap = self._png(fig)

        fig = self._fig("map", 4.2)
        ax = fig.add_axes([0.02, 0.08, 0.96, 0.84])
        maps._outline(ax)
        pts = data["points"]
        ref = max(float(pts[v.estimate].max()) if len(pts) else 1.0, 1.0)
        for t, grp in pts.groupby("type_of_violence"):
            ax.scatter(grp["longitude"], grp["latitude"], s=3 + 150 * grp[v.estimate] / ref, alpha=0.45, lw=0,
                       color=style.TYPE_COLOURS.get(t), label=t)
        if len(pts):
            ax.legend(loc="lower right", fontsize=7)
        shown = f"the {len(pts):,} deadliest of {data['n_points']:,}" if data["n_points"] > len(pts) else f"{len(pts):,}"
        ax.set_title(f"Events with a precise location: {shown}", loc="left", fontsize=10)
        fig.text(0.01, 0.01, f"Of the whole table, {len(self.events) - len(self.points):,} events located only by governorate or country are not mapped.",
                 fontsize=6.5, color="#444444")
        event_map = self._png(fig)
        return {"timeline": timeline, "heatmap": heatmap, "map": event_map, "table": data["table"]}

    def update(self, view: View) -> dict:
        return self.render(self.compute(view))


def explore(events: pd.DataFrame | None = None, strikes: pd.DataFrame | None = None, view: View | None = None):
    """Build the widget interface (for notebooks/explore.ipynb)."""
    import html as html_mod

    import ipywidgets as W
    from IPython.display import display

    from . import tables

    if events is None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            events = tables.events()
    ex = Explorer(events, strikes)
    view = (view or View(start=f"{ex.coverage[0]:%Y-%m-%d}", end=f"{ex.coverage[1]:%Y-%m-%d}")).checked()
    months = pd.date_range("2011-03-01", "2024-12-01", freq="MS")
    labels = [m.strftime("%Y-%m") for m in months]
    date_range = W.SelectionRangeSlider(options=labels, index=(labels.index(view.start[:7]) if view.start[:7] in labels else 0,
                                                               labels.index(view.end[:7]) if view.end[:7] in labels else len(labels) - 1),
                                        description="months", layout=W.Layout(width="95%"))
    govs = W.SelectMultiple(options=geography.governorate_names(), description="governorates", rows=6)
    types = W.SelectMultiple(options=list(TYPE_OF_VIOLENCE.values()), description="violence", rows=3)
    acts = W.SelectMultiple(options=actors.FOREIGN_GROUPS, description="foreign party", rows=6)
    estimate = W.ToggleButtons(options=["low", "best", "high"], value=view.estimate, description="estimate")
    source = W.HTML(f"<b>Source:</b> {html_mod.escape(ex.label)}; events cover {ex.coverage[0]:%Y-%m-%d} to {ex.coverage[1]:%Y-%m-%d}.")
    img_t, img_h, img_m = (W.Image(format="png", layout=W.Layout(width="100%")) for _ in range(3))
    img_t.add_class("explore-timeline")
    table_out, status, links = W.HTML(), W.HTML(), W.HTML()
    button = W.Button(description="Make a report of this view", icon="file", button_style="primary")

    def current() -> View:
        a, b = date_range.value
        end = (pd.Timestamp(b + "-01") + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
        return View(a + "-01", end, list(govs.value), list(types.value), list(acts.value), estimate.value)

    def refresh(_=None):
        t0 = time.perf_counter()
        out = ex.update(current())
        img_t.value, img_h.value, img_m.value = out["timeline"], out["heatmap"], out["map"]
        table_out.value = out["table"].to_html(index=False, escape=True, border=0, float_format=lambda x: f"{x:,.0f}")
        status.value = f"<small>updated in {1000 * (time.perf_counter() - t0):.0f} ms</small>"

    def make_report(_):
        from .report.batch import Job, check_parameters
        from .report.runner import run_batch

        v = current()
        params = {"start": v.start, "end": v.end, "governorates": v.governorates, "types": v.types, "estimate": v.estimate}
        button.disabled = True
        links.value = "running the report..."
        try:
            run_dir, results = run_batch([Job("casualties-view", "casualties", check_parameters("casualties", params))],
                                         workers=1, progress=False)
            r = results[0]
            rel = f"../reports/{run_dir.name}"
            if r["status"] == "ok":
                links.value = (f'Report ready: <a href="{rel}/{r["html"]}" target="_blank">HTML</a> | '
                               f'<a href="{rel}/{r["pdf"]}" target="_blank">PDF</a>')
            else:
                links.value = f"The report failed: {html_mod.escape(r['error'])}"
        finally:
            button.disabled = False

    for w in (date_range, govs, types, acts, estimate):
        w.observe(refresh, names="value")
    button.on_click(make_report)
    refresh()
    ui = W.VBox([source, date_range, W.HBox([govs, types, acts]), estimate, status, img_t, img_h, img_m,
                 W.HTML("<b>Deadliest events in this view</b>"), table_out, W.HBox([button, links])])
    display(ui)
    return ui
