"""The explorer's pictures: persistent figures whose data change on each update, rendered as PNG for widgets.

Figures, axes and artists are made once and only their data change on update: making axes and ticks anew
costs more than drawing them.
"""

from __future__ import annotations

import io

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import boundaries, maps, style
from .cube import Cube, View, describe

MONTH_TICKS = 8  # at most this many month labels under the heatmap, written "Jun 2016", never rotated


def month_ticks(months: list) -> tuple[list[int], list[str]]:
    """Positions and 'Jun 2016' labels of at most MONTH_TICKS of ``months`` (Timestamps), evenly spaced; with more
    than a year of months, on January, April, July or October when the step allows it."""
    step = max(1, -(-len(months) // MONTH_TICKS))
    if step > 3:
        step = -(-step // 3) * 3  # whole quarters
        first = next((i for i, m in enumerate(months) if (m.month - 1) % 3 == 0), 0)
    else:
        first = 0
    at = list(range(first, len(months), step))
    return at, [months[i].strftime("%b %Y") for i in at]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 x 10^k at or above ``value`` (at least 1)."""
    value = max(float(value), 1.0)
    exp = 10 ** np.floor(np.log10(value))
    return float(next(m * exp for m in (1, 2, 5, 10) if m * exp >= value))


def size_key(largest: float) -> list[float]:
    """Round values for the map's size key: the nice ceiling of ``largest``, a tenth and a hundredth of it (>= 1)."""
    top = nice_ceiling(largest)
    return sorted({v for v in (top, top / 10, top / 100) if v >= 1})


def zoom_box(governorates: list[str], margin: float = 0.08) -> tuple[tuple[float, float], tuple[float, float]]:
    """x and y limits around ``governorates`` (all of Syria when none is chosen)."""
    if not governorates:
        return tuple(maps.SYRIA_LIMITS["x"]), tuple(maps.SYRIA_LIMITS["y"])
    gov = boundaries.drawn("governorates")
    x0, y0, x1, y1 = gov.loc[gov["governorate"].isin(governorates)].total_bounds
    dx, dy = (x1 - x0) * margin + 0.05, (y1 - y0) * margin + 0.05
    return (x0 - dx, x1 + dx), (y0 - dy, y1 + dy)


def _png(fig: Figure, dpi: int) -> bytes:
    buf = io.BytesIO()
    # fast zlib level: the PNG goes to the browser once, encoding time is what the user waits for
    fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def _canvas_png(canvas) -> bytes:
    from PIL import Image

    w, h = canvas.get_width_height()
    buf = io.BytesIO()
    Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def kind_colours(kinds: list[str]) -> dict[str, str]:
    """UCDP's three types in their house colours; other kinds (ACLED's event types) from the same palette."""
    if set(kinds) <= set(style.TYPE_COLOURS):
        return dict(style.TYPE_COLOURS)
    palette = [style.OKABE_ITO[k] for k in ("blue", "orange", "purple", "green", "vermillion", "sky", "black", "grey")]
    return {k: palette[i % len(palette)] for i, k in enumerate(kinds)}


SCREEN_WIDTH_IN = 9.0  # the explorer's figures are laid out for a screen, not for the printed column


class Explorer:
    """Holds the cube; ``update(view)`` returns PNGs of the timeline, heatmap and map, and a table.

    The PNGs are drawn as many pixels wide as the page shows them (``set_width``: the image's width on screen times
    the device pixel ratio), so that the browser never stretches them.
    """

    def __init__(self, events: pd.DataFrame, dpi: int = 100):
        self.data = Cube(events)
        self.dpi = dpi
        style.apply()
        self._figures: dict | None = None

    # the cube's tables, for callers that knew the explorer before the cube had a module of its own
    @property
    def events(self) -> pd.DataFrame:
        return self.data.events

    @property
    def cube(self) -> pd.DataFrame:
        return self.data.cube

    @property
    def coverage(self):
        return self.data.coverage

    @property
    def label(self) -> str:
        return self.data.label

    def compute(self, view: View) -> dict:
        return self.data.compute(view)

    @property
    def width_px(self) -> int:
        return round(SCREEN_WIDTH_IN * self.dpi)

    def set_width(self, pixels: int) -> bool:
        """Draw the figures ``pixels`` wide from now on; whether that changed anything."""
        dpi = max(40.0, min(float(pixels), 4000.0)) / SCREEN_WIDTH_IN
        if abs(dpi - self.dpi) < 0.5:
            return False
        self.dpi, self._figures = dpi, None  # made again at the new resolution on the next update
        return True

    # -- figures made once -----------------------------------------------------------------------------
    def _setup_timeline(self) -> dict:
        cov = self.data.coverage
        cap = f"{self.data.label} (events cover {cov.text}); gaps: not covered."
        fig = Figure(figsize=(SCREEN_WIDTH_IN, 3.0), dpi=self.dpi)
        ax = fig.add_axes([0.09, 0.2, 0.88, 0.62])
        line, = ax.plot([], [], color="black", lw=1.2, label="estimate")
        ax.fill_between([], [], [], color=style.BAND_GREY, alpha=0.35, lw=0, label="low-high")
        ax.set_ylabel("deaths per month")
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        title = ax.set_title("", loc="left", fontsize=9, linespacing=1.3)
        fig.text(0.01, 0.02, cap, fontsize=6.5, color=style.NOTE_GREY)
        return {"fig": fig, "ax": ax, "line": line, "band": None, "title": title}

    def _setup_heat(self) -> dict:
        fig = Figure(figsize=(SCREEN_WIDTH_IN, 3.2), dpi=self.dpi)
        ax = fig.add_axes([0.16, 0.2, 0.74, 0.63])
        cax = fig.add_axes([0.92, 0.2, 0.015, 0.63])
        ax.set_facecolor(style.NO_DATA_FACE)
        ax.grid(False)
        im = ax.imshow(np.zeros((1, 1)), aspect="auto", cmap="rocket_r", interpolation="nearest")
        fig.colorbar(im, cax=cax)
        title = ax.set_title("", loc="left", fontsize=9, linespacing=1.3)
        return {"fig": fig, "ax": ax, "im": im, "title": title, "rows": None, "cols": None}

    def _setup_map(self) -> dict:
        fig = Figure(figsize=(SCREEN_WIDTH_IN, 4.2), dpi=self.dpi)
        ax = fig.add_axes([0.02, 0.08, 0.96, 0.8])
        maps.outline(ax)
        colours = kind_colours(self.data.kinds)
        scat = {t: ax.scatter(np.empty(0), np.empty(0), alpha=0.45, lw=0, color=c) for t, c in colours.items()}
        # the keys sit in the figure's margins, not on the map: a map zoomed to a governorate changes shape
        fig.legend([Line2D([], [], marker="o", ls="", color=c, alpha=0.6) for c in colours.values()],
                   list(colours), loc="lower right", fontsize=7, bbox_to_anchor=(0.98, 0.08))
        title = ax.set_title("", loc="left", fontsize=9, linespacing=1.3)
        fig.text(0.01, 0.01, f"Of the whole table, {len(self.data.events) - len(self.data.points):,} events located "
                 "only by governorate or country are not mapped. Dot area: deaths of the event.", fontsize=6.5,
                 color=style.NOTE_GREY)
        # the size key: three grey dots and their values, in the left margin, redrawn on each update
        key_dots = [ax.scatter([0.04], [0.78 - 0.07 * i], s=[1], color=style.KEY_GREY, alpha=0.5, lw=0,
                               transform=fig.transFigure, clip_on=False) for i in range(3)]
        key_text = [fig.text(0.07, 0.78 - 0.07 * i, "", va="center", fontsize=7) for i in range(3)]
        key_head = fig.text(0.02, 0.85, "deaths per event", va="center", fontsize=7, color=style.NOTE_GREY)
        canvas = FigureCanvasAgg(fig)
        return {"fig": fig, "ax": ax, "scatter": scat, "title": title, "canvas": canvas, "backgrounds": {},
                "key": (key_dots, key_text, key_head)}

    def _background(self, m: dict, governorates: list[str]):
        """The map's unchanging pixels (outlines, legend, caption) zoomed to ``governorates``, drawn once per zoom."""
        key = tuple(sorted(governorates))
        if key not in m["backgrounds"]:
            (x0, x1), (y0, y1) = zoom_box(list(key))
            m["ax"].set_xlim(x0, x1)
            m["ax"].set_ylim(y0, y1)
            for artist in [*m["scatter"].values(), m["title"], *m["key"][0], *m["key"][1], m["key"][2]]:
                artist.set_visible(False)
            m["canvas"].draw()
            for artist in [*m["scatter"].values(), m["title"], *m["key"][0], *m["key"][1], m["key"][2]]:
                artist.set_visible(True)
            m["backgrounds"][key] = (m["canvas"].copy_from_bbox(m["fig"].bbox), ((x0, x1), (y0, y1)))
        background, (xlim, ylim) = m["backgrounds"][key]
        m["ax"].set_xlim(*xlim)
        m["ax"].set_ylim(*ylim)
        return background

    # -- one update ------------------------------------------------------------------------------------
    def _draw_timeline(self, series: pd.DataFrame, v: View) -> bytes:
        t = self._figures["timeline"]
        x = mdates.date2num(series.index.to_pydatetime())
        t["line"].set_data(x, series[v.estimate].to_numpy())
        if t["band"] is not None:
            t["band"].remove()
        t["band"] = t["ax"].fill_between(x, series["low"].to_numpy(), series["high"].to_numpy(), color=style.BAND_GREY,
                                         alpha=0.35, lw=0)
        high = series["high"].to_numpy()
        top = np.nanmax(high) if np.isfinite(high).any() else 1.0
        t["ax"].set_xlim(x[0] - 15, x[-1] + 15)
        t["ax"].set_ylim(0, max(top, 1.0) * 1.08)
        t["title"].set_text(f"Deaths per month ({v.estimate})\n{describe(v)}")
        t["ax"].legend([t["line"], t["band"]], [f"{v.estimate} estimate", "low-high range"], loc="upper right", fontsize=7)
        return _png(t["fig"], self.dpi)

    def _draw_heat(self, heat: pd.DataFrame, v: View) -> bytes:
        h = self._figures["heat"]
        arr = heat.to_numpy(dtype=float)
        h["im"].set_data(np.ma.masked_invalid(arr))
        h["im"].set_extent((-0.5, arr.shape[1] - 0.5, arr.shape[0] - 0.5, -0.5))
        h["im"].set_clim(0, max(np.nanpercentile(arr, 99) if np.isfinite(arr).any() else 1.0, 1.0))
        rows, cols = list(heat.index), list(heat.columns)
        if rows != h["rows"]:
            h["ax"].set_yticks(range(len(rows)), rows, fontsize=6.5)
            h["rows"] = rows
        if cols != h["cols"]:
            h["ax"].set_xticks(*month_ticks(cols), fontsize=6.5, rotation=0)
            h["cols"] = cols
        h["ax"].set_xlim(-0.5, len(cols) - 0.5)
        h["ax"].set_ylim(len(rows) - 0.5, -0.5)
        h["title"].set_text(f"Deaths per month by governorate ({v.estimate})\n{describe(v)}")
        return _png(h["fig"], self.dpi)

    def _draw_map(self, pts: pd.DataFrame, n_points: int, v: View) -> bytes:
        m = self._figures["map"]
        background = self._background(m, v.governorates)
        largest = float(pts[v.estimate].max()) if len(pts) else 1.0
        ref = nice_ceiling(largest)  # sizes scale to a round value, so that the key reads in round numbers
        for typ, sc in m["scatter"].items():
            grp = pts[pts["type_of_violence"] == typ]
            sc.set_offsets(np.column_stack([grp["longitude"].to_numpy(), grp["latitude"].to_numpy()]) if len(grp) else np.empty((0, 2)))
            sc.set_sizes((3 + 150 * grp[v.estimate] / ref).to_numpy())
        dots, texts, head = m["key"]
        values = size_key(largest)[::-1]
        for i, (dot, text) in enumerate(zip(dots, texts)):
            shown = i < len(values) and len(pts) > 0
            dot.set_visible(shown)
            text.set_visible(shown)
            if shown:
                dot.set_sizes([3 + 150 * values[i] / ref])
                text.set_text(f"{values[i]:,.0f}")
        head.set_visible(len(pts) > 0)
        shown = f"the {len(pts):,} deadliest of {n_points:,}" if n_points > len(pts) else f"{len(pts):,}"
        m["title"].set_text(f"Events with a precise location: {shown}\n{describe(v)}")
        m["canvas"].restore_region(background)
        for artist in [*m["scatter"].values(), *dots, *texts, head, m["title"]]:
            if artist.get_visible():
                m["ax"].draw_artist(artist)
        return _canvas_png(m["canvas"])

    def parts(self, data: dict):
        """(name, PNG) of the timeline, the heatmap and the map, each drawn when asked for: a page can show the
        first while the next is drawn."""
        if self._figures is None:
            self._figures = {"timeline": self._setup_timeline(), "heat": self._setup_heat(), "map": self._setup_map()}
        v: View = data["view"]
        yield "timeline", self._draw_timeline(data["series"], v)
        yield "heatmap", self._draw_heat(data["heat"], v)
        yield "map", self._draw_map(data["points"], data["n_points"], v)

    def render(self, data: dict) -> dict:
        return {**dict(self.parts(data)), "table": data["table"]}

    def update(self, view: View) -> dict:
        return self.render(self.data.compute(view))
