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

from . import actors, foreign, geography, maps, measures, parameters, style
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
    return pd.Series(["|".join(g) or NONE for g in foreign.coded_foreign_parties(events)], index=events.index)


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

    def __init__(self, events: pd.DataFrame, dpi: int = 76):
        self.events = events.assign(foreign_party=foreign_party_column(events))
        self.coverage = measures.event_coverage(events)
        self.cube = build_cube(self.events)
        precise, self.imprecise = measures.precise_events(self.events)
        self.points = precise[["date_start", "date_end", "governorate", "type_of_violence", "latitude", "longitude",
                               "low", "best", "high", "foreign_party"]].copy()
        # sorted once per estimate, so that "the N deadliest" of any selection is its first N rows
        self._points_by = {est: self.points.sort_values(est, ascending=False, kind="stable") for est in ("low", "best", "high")}
        self._events_by = {est: self.events.sort_values(est, ascending=False, kind="stable") for est in ("low", "best", "high")}
        self.dpi = dpi
        self.label = str(events["source"].iloc[0])
        style.apply()
        # matplotlib lays text out at 8x horizontal resolution by default; at screen size 1x reads the same and
        # saves a fifth of an update, most of which is drawing text. This is set for the exploring session.
        matplotlib.rcParams["text.hinting_factor"] = 1

    # -- filtering -------------------------------------------------------------------------------------
    def _mask(self, frame: pd.DataFrame, view: View) -> np.ndarray:
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
        c = self.cube[self._mask(self.cube, view)]
        c = c[(c["month"] >= s.to_period("M").start_time) & (c["month"] <= e)]
        months = pd.date_range(s.to_period("M").start_time, e, freq="MS")
        series = c.groupby("month")[["low", "best", "high"]].sum().reindex(months, fill_value=0.0)
        outside = (series.index < self.coverage[0].to_period("M").start_time) | (series.index > self.coverage[1])
        series[outside] = np.nan
        rows = view.governorates or geography.governorate_names()
        heat = c.pivot_table(index="governorate", columns="month", values=view.estimate, aggfunc="sum")
        heat = heat.reindex(index=rows, columns=months).fillna(0.0)  # no event in a covered month is 0
        heat.loc[:, outside] = np.nan
        pts = self._points_by[view.estimate]
        keep = self._mask(pts, view) & (pts["date_end"] >= s).to_numpy() & (pts["date_start"] <= e).to_numpy()
        n_points = int(keep.sum())
        top = pts[keep].head(MAX_POINTS)
        evs = self._events_by[view.estimate]
        keep = self._mask(evs, view) & (evs["date_end"] >= s).to_numpy() & (evs["date_start"] <= e).to_numpy()
        table = evs[keep].head(10)[["date_start", "governorate", "dyad", "low", "best", "high", "source_headline"]]
        return {"series": series, "heat": heat, "points": top, "n_points": n_points, "table": table, "view": view}

    # -- drawing ---------------------------------------------------------------------------------------
    # Figures, axes and artists are made once and only their data change on update: making axes and ticks
    # anew costs more than drawing them.
    def _png(self, fig: Figure) -> bytes:
        buf = io.BytesIO()
        # fast zlib level: the PNG goes to the browser once, encoding time is what the user waits for
        fig.savefig(buf, format="png", dpi=self.dpi, pil_kwargs={"compress_level": 1})
        return buf.getvalue()

    @staticmethod
    def _canvas_png(canvas) -> bytes:
        from PIL import Image

        w, h = canvas.get_width_height()
        buf = io.BytesIO()
        Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(buf, format="PNG", compress_level=1)
        return buf.getvalue()

    def _setup(self) -> None:
        cap = f"{self.label} (events cover {self.coverage[0]:%Y-%m-%d} to {self.coverage[1]:%Y-%m-%d}); gaps: not covered."
        fig = Figure(figsize=(style.A4_WIDTH_IN, 3.0), dpi=self.dpi)
        ax = fig.add_axes([0.09, 0.2, 0.88, 0.68])
        line, = ax.plot([], [], color="black", lw=1.2, label="estimate")
        ax.fill_between([], [], [], color="#999999", alpha=0.35, lw=0, label="low-high")
        ax.set_ylabel("deaths per month")
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        title = ax.set_title("", loc="left", fontsize=10)
        fig.text(0.01, 0.02, cap, fontsize=6.5, color="#444444")
        self._timeline = {"fig": fig, "ax": ax, "line": line, "band": None, "title": title}

        fig = Figure(figsize=(style.A4_WIDTH_IN, 3.2), dpi=self.dpi)
        ax = fig.add_axes([0.16, 0.2, 0.74, 0.68])
        cax = fig.add_axes([0.92, 0.2, 0.015, 0.68])
        ax.set_facecolor("#e6e6e6")
        ax.grid(False)
        im = ax.imshow(np.zeros((1, 1)), aspect="auto", cmap="rocket_r", interpolation="nearest")
        fig.colorbar(im, cax=cax)
        title = ax.set_title("", loc="left", fontsize=10)
        self._heat = {"fig": fig, "ax": ax, "im": im, "title": title, "rows": None, "cols": None}

        fig = Figure(figsize=(style.A4_WIDTH_IN, 4.2), dpi=self.dpi)
        ax = fig.add_axes([0.02, 0.08, 0.96, 0.84])
        maps._outline(ax)
        scat = {t: ax.scatter(np.empty(0), np.empty(0), alpha=0.45, lw=0, color=c) for t, c in style.TYPE_COLOURS.items()}
        from matplotlib.lines import Line2D

        ax.legend([Line2D([], [], marker="o", ls="", color=c, alpha=0.6) for c in style.TYPE_COLOURS.values()],
                  list(style.TYPE_COLOURS), loc="lower right", fontsize=7)
        title = ax.set_title("", loc="left", fontsize=10)
        fig.text(0.01, 0.01, f"Of the whole table, {len(self.events) - len(self.points):,} events located only by "
                 "governorate or country are not mapped.", fontsize=6.5, color="#444444")
        # the outlines, legend and caption never change: draw them once and keep the pixels
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        self._map = {"fig": fig, "ax": ax, "scatter": scat, "title": title, "canvas": canvas,
                     "background": canvas.copy_from_bbox(fig.bbox)}

    def render(self, data: dict) -> dict:
        if not hasattr(self, "_timeline"):
            self._setup()
        v: View = data["view"]
        t = self._timeline
        s = data["series"]
        x = mdates.date2num(s.index.to_pydatetime())
        t["line"].set_data(x, s[v.estimate].to_numpy())
        t["line"].set_label(v.estimate)
        if t["band"] is not None:
            t["band"].remove()
        t["band"] = t["ax"].fill_between(x, s["low"].to_numpy(), s["high"].to_numpy(), color="#999999", alpha=0.35, lw=0)
        top = np.nanmax(s["high"].to_numpy()) if np.isfinite(s["high"].to_numpy()).any() else 1.0
        t["ax"].set_xlim(x[0] - 15, x[-1] + 15)
        t["ax"].set_ylim(0, max(top, 1.0) * 1.08)
        t["title"].set_text(f"Deaths per month ({v.estimate})")
        t["ax"].legend([t["line"], t["band"]], [f"{v.estimate} estimate", "low-high range"], loc="upper right", fontsize=7)
        timeline = self._png(t["fig"])

        h = self._heat
        heat = data["heat"]
        arr = heat.to_numpy(dtype=float)
        h["im"].set_data(np.ma.masked_invalid(arr))
        h["im"].set_extent((-0.5, arr.shape[1] - 0.5, arr.shape[0] - 0.5, -0.5))
        h["im"].set_clim(0, max(np.nanpercentile(arr, 99) if np.isfinite(arr).any() else 1.0, 1.0))
        rows, cols = list(heat.index), list(heat.columns)
        if rows != h["rows"]:
            h["ax"].set_yticks(range(len(rows)), rows, fontsize=6.5)
            h["rows"] = rows
        if cols != h["cols"]:
            step = max(1, len(cols) // 10)
            h["ax"].set_xticks(range(0, len(cols), step), [c.strftime("%Y-%m") for c in cols[::step]], fontsize=6.5)
            h["cols"] = cols
        h["ax"].set_xlim(-0.5, len(cols) - 0.5)
        h["ax"].set_ylim(len(rows) - 0.5, -0.5)
        h["title"].set_text(f"Deaths per month by governorate ({v.estimate})")
        heatmap = self._png(h["fig"])

        m = self._map
        pts = data["points"]
        ref = max(float(pts[v.estimate].max()) if len(pts) else 1.0, 1.0)
        for typ, sc in m["scatter"].items():
            grp = pts[pts["type_of_violence"] == typ]
            sc.set_offsets(np.column_stack([grp["longitude"].to_numpy(), grp["latitude"].to_numpy()]) if len(grp) else np.empty((0, 2)))
            sc.set_sizes((3 + 150 * grp[v.estimate] / ref).to_numpy())
        shown = f"the {len(pts):,} deadliest of {data['n_points']:,}" if data["n_points"] > len(pts) else f"{len(pts):,}"
        m["title"].set_text(f"Events with a precise location: {shown}")
        m["canvas"].restore_region(m["background"])
        for sc in m["scatter"].values():
            m["ax"].draw_artist(sc)
        m["ax"].draw_artist(m["title"])
        event_map = self._canvas_png(m["canvas"])
        return {"timeline": timeline, "heatmap": heatmap, "map": event_map, "table": data["table"]}

    def update(self, view: View) -> dict:
        return self.render(self.compute(view))


def report_for_view(view: View, out=None) -> tuple:
    """Run the casualties notebook on ``view`` through the batch runner; returns (run folder, result)."""
    from .report.batch import Job, check_parameters
    from .report.runner import run_batch

    params = {"start": view.start, "end": view.end, "governorates": view.governorates, "types": view.types,
              "estimate": view.estimate}
    run_dir, results = run_batch([Job("casualties-view", "casualties", check_parameters("casualties", params))],
                                 workers=1, out=out, progress=False)
    return run_dir, results[0]


def explore(events: pd.DataFrame | None = None, view: View | None = None):
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
    ex = Explorer(events)
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
        button.disabled = True
        links.value = "running the report..."
        try:
            run_dir, r = report_for_view(current())
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
