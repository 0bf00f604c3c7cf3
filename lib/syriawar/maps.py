"""Maps on OCHA's boundaries (geopandas): governorate choropleths, point maps of Syria, and maps zoomed to
one governorate with its districts. Functions take tidy data and return a Figure; they know nothing of files
beyond the boundaries."""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.patheffects as pe
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from . import boundaries, style
from .chartdata import attach
from .mapframes import ASPECT, SYRIA_LIMITS, beyond_syria, bounds_around, country_limits, height_for, points_limits, zoom_limits

# governorates too small to hold their name and figure at a readable size: labelled in the margin west of the
# border (longitude, latitude of the label), with a leader line
CALLOUTS = {"Tartous": (34.75, 34.95), "Damascus": (34.75, 33.75), "Quneitra": (34.75, 33.1)}
CHOROPLETH_X = (33.75, SYRIA_LIMITS["x"][1])  # room west of the coast for the callouts
NO_DATA = (0.9, 0.9, 0.9, 1.0)
# a thin halo keeps a place name readable on any fill, dark or light
HALO_LIGHT = [pe.withStroke(linewidth=2.2, foreground="white")]
HALO_DARK = [pe.withStroke(linewidth=2.2, foreground=style.INK_GREY)]


def _layer(frame, ax, **kwargs) -> None:
    """``frame.plot(ax=ax, ...)`` without the full redraw geopandas asks of the canvas after every layer (an Agg
    render of the whole figure, constrained layout included, each time): the figure is drawn once, when saved."""
    canvas = ax.figure.canvas
    canvas.draw_idle = lambda *args, **kw: None  # an attribute of this canvas only, removed below
    try:
        frame.plot(ax=ax, **kwargs)
    finally:
        del canvas.draw_idle


def _bare(ax) -> None:
    ax.set_aspect(ASPECT)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for sp in ax.spines.values():
        sp.set_visible(False)


def outline(ax, facecolors=None, edgecolor=style.EDGE_GREY) -> list:
    """The 14 governorates on ``ax`` (filled with ``facecolors`` in pcode order); returns their names."""
    gov = boundaries.drawn("governorates")
    _layer(gov, ax, color=facecolors if facecolors is not None else style.LAND, edgecolor=edgecolor, linewidth=0.5)
    ax.set_xlim(*SYRIA_LIMITS["x"])
    ax.set_ylim(*SYRIA_LIMITS["y"])
    _bare(ax)
    return gov["governorate"].tolist()


def choropleth(values: pd.Series, title: str, caption: str = "", label: str = "deaths (best estimate)",
               cmap: str = "rocket_r", subtitle: str = "", source: str = "") -> Figure:
    """Governorates coloured by ``values`` (index = canonical governorate names); missing = grey. ``caption``:
    provenance kept with the figure (style.details), not drawn."""
    fig, ax = style.figure(height=4.9)
    gov = boundaries.drawn("governorates")
    vmax = float(values.max()) if len(values) and values.max() > 0 else 1.0
    norm = mpl.colors.Normalize(vmin=0, vmax=vmax)
    cm = mpl.colormaps[cmap]
    faces = [cm(norm(values[g])) if g in values.index and pd.notna(values[g]) else NO_DATA for g in gov["governorate"]]
    outline(ax, facecolors=faces)
    for row in gov.itertuples():
        v = values.get(row.governorate, np.nan)
        txt = f"{row.governorate}\n{v:,.0f}" if pd.notna(v) else row.governorate
        if row.governorate in CALLOUTS:
            ax.annotate(txt, xy=(row.centroid_lon, row.centroid_lat), xytext=CALLOUTS[row.governorate], ha="right",
                        va="center", fontsize=style.SMALLEST_PT, color=style.INK_GREY,
                        arrowprops={"arrowstyle": "-", "color": style.LEADER_GREY, "lw": 0.6, "shrinkA": 2, "shrinkB": 0})
            continue
        dark = pd.notna(v) and norm(v) > 0.6
        ax.text(row.centroid_lon, row.centroid_lat, txt, ha="center", va="center", fontsize=7.5,
                color="white" if dark else style.INK_GREY, path_effects=HALO_DARK if dark else HALO_LIGHT)
    ax.set_xlim(*CHOROPLETH_X)
    fig.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cm), ax=ax, shrink=0.7, label=label,
                 format=style.thousands_formatter())
    style.frame(fig, title, subtitle, source, details=caption)
    attach(fig, values.rename_axis("governorate"), units=label)
    return fig


def _points(ax, points: pd.DataFrame, size_col: str, colour_col: str | None, colours: dict | None,
            size_label: str, scale: float = 220, legend_outside: bool = False) -> None:
    """Points sized by ``size_col`` (area proportional), coloured by ``colour_col``, with a size legend."""
    # only the arrays a point needs: a copy of the table, or of each group of it, would double a large map's memory
    lon, lat = points["longitude"].to_numpy(dtype=float), points["latitude"].to_numpy(dtype=float)
    vals = points[size_col].fillna(0).to_numpy(dtype=float)
    ref = max(float(np.nanmax(vals)) if len(vals) else 1.0, 1.0)
    sizes = 4 + scale * vals / ref
    if colour_col:
        # the largest group is drawn first, so that a few points of another colour stay on top (ties: the group met
        # first); each point is filled lightly and edged in its full colour, so that black (Syrian government)
        # never reads as grey
        codes, keys = pd.factorize(points[colour_col], sort=False)
        for k in np.argsort(-np.bincount(codes[codes >= 0], minlength=len(keys)), kind="stable"):
            sel = codes == k
            colour = (colours or {}).get(keys[k], style.OKABE_ITO["grey"])
            ax.scatter(lon[sel], lat[sel], s=sizes[sel], lw=0.5, edgecolor=colour,
                       facecolor=mpl.colors.to_rgba(colour, 0.45), label=f"{keys[k]} ({int(sel.sum()):,})")
    else:
        ax.scatter(lon, lat, s=sizes, lw=0.5, edgecolor=style.ACCENT, facecolor=mpl.colors.to_rgba(style.ACCENT, 0.45))
    for v in size_key(ref):
        ax.scatter([], [], s=4 + scale * v / ref, color=style.KEY_GREY, alpha=0.5, label=f"{v:,.0f} {size_label}")
    handles, labels = ax.get_legend_handles_labels()
    if legend_outside:  # a zoomed map has data to its edges
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    else:
        ax.legend(handles, labels, loc="lower right", fontsize=7, frameon=True)


def size_key(largest: float) -> list[int]:
    """Round values for a size key up to ``largest``: a 1, 2 or 5 times a power of ten at or below it, and one a
    tenth of that (10 and 100, 20 and 200, not 96 and 960)."""
    if largest < 1:
        return [1]
    power = 10 ** int(np.floor(np.log10(largest)))
    top = max(m * power for m in (1, 2, 5) if m * power <= largest)
    return sorted({max(int(top // 10), 1), int(top)})


def point_map(points: pd.DataFrame, size_col: str, title: str, caption: str = "", colour_col: str | None = None,
              colours: dict[str, str] | None = None, left_off: int = 0,
              left_off_what: str = "events without a precise location (governorate or country only)",
              size_label: str = "deaths", subtitle: str = "", source: str = "", zoom: bool = True) -> Figure:
    """Points on Syria's governorates, zoomed to the points and the governorates most of them fall in (see
    ``points_limits``) when they lie in a part of the country (``zoom``); every located point is inside the map,
    and the notes say how many had no location. Points more than BORDER_AREA degrees beyond Syria's view (Airwars
    places a few strikes deep in Iraq) are left off a map of Syria, and the notes count them."""
    far = beyond_syria(points)
    points = points[~far]
    limits = points_limits(points) if zoom and len(points) else None
    if limits:
        (x0, x1), (y0, y1) = limits
        height = height_for(limits)  # the size key stands beside it
    else:
        height = 4.9
    fig, ax = style.figure(height=height)
    outline(ax)
    if limits:
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        inset_x, inset_y = 0.06 * (x1 - x0), 0.04 * (y1 - y0)  # a name at the edge would be cut in half
        for row in boundaries.drawn("governorates").itertuples():
            if x0 + inset_x < row.centroid_lon < x1 - inset_x and y0 + inset_y < row.centroid_lat < y1 - inset_y:
                ax.text(row.centroid_lon, row.centroid_lat, row.governorate, ha="center", va="center",
                        fontsize=style.SMALLEST_PT, color=style.KEY_GREY, style="italic", clip_on=True, zorder=3)
    elif len(points):
        x, y = country_limits(points)
        ax.set_xlim(*x)
        ax.set_ylim(*y)
    _points(ax, points, size_col, colour_col, colours, size_label, legend_outside=bool(limits))
    note = f"{left_off:,} {left_off_what} are left off the map." if left_off else ""
    if far.any():
        n = int(far.sum())
        note = " ".join(t for t in (note, f"{n:,} {'point' if n == 1 else 'points'} located well beyond Syria's "
                                          f"borders {'is' if n == 1 else 'are'} left off the map.") if t)
    style.frame(fig, title, subtitle, source or style.source_line("ocha_admin1"), details=caption, notes=note)
    attach(fig, points[[c for c in ("longitude", "latitude", size_col, colour_col) if c]], units=size_label)
    return fig


def _zoomed(governorate: str, points: pd.DataFrame | None = None):
    """The limits of a map zoomed to ``governorate`` (widened, with a margin, to hold every located point of
    ``points`` when given), and the governorates' and districts' outlines it draws."""
    (x0, x1), (y0, y1) = limits = zoom_limits(governorate)
    view = (x0, y0, x1, y1)
    if points is not None and len(points):
        (px0, px1), (py0, py1) = bounds_around(points["longitude"], points["latitude"])
        if px0 < x0 or px1 > x1 or py0 < y0 or py1 > y1:  # a point beyond the governorate's frame
            pad = 0.05 * max(x1 - x0, y1 - y0)
            (x0, x1), (y0, y1) = limits = bounds_around([px0 - pad, px1 + pad], [py0 - pad, py1 + pad], (x0, x1), (y0, y1))
            w, h = view[2] - view[0], view[3] - view[1]
            if x0 < view[0] - w or x1 > view[2] + w or y0 < view[1] - h or y1 > view[3] + h:
                view = (x0, y0, x1, y1)  # beyond the outlines drawn around the governorate's own frame
    return limits, boundaries.drawn("governorates", view=view), boundaries.drawn("districts", view=view)


def warm_outlines(governorates: list[str]) -> None:
    """Build the cached outlines that maps zoomed to each of ``governorates`` draw (else built on first use)."""
    for name in governorates:
        _zoomed(name)


def governorate_base(ax, governorate: str, district_values: pd.Series | None = None, cmap: str = "rocket_r",
                     label: str = "", points: pd.DataFrame | None = None) -> None:
    """``governorate`` with its districts (coloured by ``district_values`` when given), its neighbours faint,
    axes zoomed to it and widened to hold every located point of ``points`` (longitude, latitude) when given."""
    ((x0, x1), (y0, y1)), gov, dist = _zoomed(governorate, points)
    _layer(gov, ax, color=style.LAND_AROUND, edgecolor=style.FRAME_GREY, linewidth=0.4)
    mine = dist[dist["governorate"] == governorate]
    dark = set()
    if district_values is not None:
        vmax = max(float(district_values.max()) if len(district_values) else 1.0, 1.0)
        norm = mpl.colors.Normalize(vmin=0, vmax=vmax)
        cm = mpl.colormaps[cmap]
        faces = [cm(norm(district_values.get(d, 0.0))) for d in mine["district"]]
        if vmax < 10:  # a colour bar of a few deaths reads in whole numbers
            ax.figure.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cm), ax=ax, shrink=0.7, label=label,
                               ticks=range(0, int(vmax) + 1), format=style.thousands_formatter())
            label = None
        _layer(mine, ax, color=faces, edgecolor=style.LEADER_GREY, linewidth=0.5)
        dark = {d for d in mine["district"] if norm(district_values.get(d, 0.0)) > 0.6}
        if label is not None:
            ax.figure.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cm), ax=ax, shrink=0.7, label=label,
                               format=style.thousands_formatter())
    else:
        _layer(mine, ax, color="white", edgecolor=style.RULE_GREY, linewidth=0.5)
    _layer(gov[gov["governorate"] == governorate].boundary, ax, color=style.INK_GREY, linewidth=1.0)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    _bare(ax)
    labels = []
    for row in mine.itertuples():
        labels.append(ax.text(row.centroid_lon, row.centroid_lat, row.district, ha="center", va="center", fontsize=style.SMALLEST_PT, clip_on=True,
                color="white" if row.district in dark else style.DARK_GREY,
                path_effects=HALO_DARK if row.district in dark else HALO_LIGHT))
    for row in gov[gov["governorate"] != governorate].itertuples():
        if x0 < row.centroid_lon < x1 and y0 < row.centroid_lat < y1:
            labels.append(ax.text(row.centroid_lon, row.centroid_lat, row.governorate, ha="center", va="center", fontsize=style.SMALLEST_PT,
                    color=style.FAINT_GREY, style="italic", clip_on=True))
    # district names at their centroids overlap where districts are small (Damascus' suburbs): adjustText moves
    # the names apart, and a moved name keeps a leader line to its centroid (imported here: it imports scipy,
    # about 24 MB that only governorate maps need)
    from adjustText import adjust_text

    targets = [label.get_position() for label in labels]
    with _laid_out_not_drawn():
        adjust_text(labels, ax=ax, ensure_inside_axes=True, expand=(1.1, 1.2), iter_lim=150)
    ax.add_collection(LeaderLines(labels, targets, color=style.LEADER_GREY, linewidth=0.5), autolim=False)


@contextmanager
def _laid_out_not_drawn():
    """Within the block, adjustText lays a map out instead of drawing it. It draws the whole figure once, with a
    renderer that writes nothing, only so that the axes stand where the layout and the aspect put them before it
    measures its labels: every district's outline was drawn for nothing (under the profiler, the base of a governorate
    map took 125 ms with that drawing, 101 ms without). The labels end where they did; the maps are the same, byte
    for byte."""
    import adjustText

    def lay_out(ax) -> None:
        engine = ax.figure.get_layout_engine()
        if engine is not None:
            engine.execute(ax.figure)
        ax.apply_aspect()

    drawn = adjustText.force_draw
    adjustText.force_draw = lay_out
    try:
        yield
    finally:
        adjustText.force_draw = drawn


class LeaderLines(LineCollection):
    """A line from each label to the point it names, from the edge of the label's box as the figure is finally
    laid out (a label over its point has none). One collection: adjustText's own leader lines are an arrow patch
    per label, each clipped to its label by bisection when added and again when drawn (a third of a governorate
    map's drawing)."""

    def __init__(self, labels: list, targets: list, shrink_pt: float = 2.0, **kwargs):
        super().__init__([], **kwargs)
        self._labels, self._targets, self._shrink_pt = labels, np.asarray(targets, dtype=float), shrink_pt

    def segments(self, renderer) -> list:
        """The lines in data coordinates: from where the line to a label's centre leaves its box, to its point,
        each end shortened by ``shrink_pt`` (as a matplotlib arrow is)."""
        to_display = self.axes.transData
        shrink = renderer.points_to_pixels(self._shrink_pt)
        out = []
        for label, target in zip(self._labels, to_display.transform(self._targets)):
            box = label.get_window_extent(renderer)
            if box.x0 <= target[0] <= box.x1 and box.y0 <= target[1] <= box.y1:
                continue
            centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
            d = target - centre
            with np.errstate(divide="ignore"):
                leaves = np.min(np.array([box.width, box.height]) / 2 / np.abs(d))  # where the line leaves the box
            start = centre + leaves * d
            length = float(np.hypot(*(target - start)))
            if length <= 2 * shrink:
                continue
            step = (target - start) / length * shrink
            out.append(to_display.inverted().transform([start + step, target - step]))
        return out

    def draw(self, renderer) -> None:
        self.set_segments(self.segments(renderer))
        super().draw(renderer)


def governorate_points(governorate: str, points: pd.DataFrame, size_col: str, title: str, caption: str = "",
                       colour_col: str | None = None, colours: dict | None = None, size_label: str = "deaths",
                       subtitle: str = "", source: str = "", notes: str = "") -> Figure:
    """Points in one governorate on a map zoomed to it, with district outlines and neighbours faint."""
    fig, ax = style.figure(height=height_for(zoom_limits(governorate)))
    governorate_base(ax, governorate, points=points)
    _points(ax, points, size_col, colour_col, colours, size_label, scale=160, legend_outside=True)
    style.frame(fig, title, subtitle, source, details=caption, notes=notes)
    attach(fig, points[[c for c in ("longitude", "latitude", size_col, colour_col) if c]], units=size_label)
    return fig


MIN_CHOROPLETH_AREAS = 4  # with fewer areas a choropleth shows a shape, not a pattern: a table or dots instead


def district_count(governorate: str) -> int:
    """How many OCHA districts ``governorate`` has."""
    dist = boundaries.drawn("districts")
    return int((dist["governorate"] == governorate).sum())


def district_choropleth(governorate: str, values: pd.Series, title: str, caption: str = "",
                        label: str = "deaths (best estimate)", subtitle: str = "", source: str = "",
                        notes: str = "", points: pd.DataFrame | None = None, size_col: str = "") -> Figure:
    """The governorate's districts coloured by ``values`` (index = OCHA district names). A governorate of fewer
    than MIN_CHOROPLETH_AREAS districts (Damascus has one, Quneitra two) gets a dot map of ``points`` sized by
    ``size_col`` instead, when given, over its district outlines."""
    fig, ax = style.figure(height=height_for(zoom_limits(governorate), most=4.2))
    if district_count(governorate) < MIN_CHOROPLETH_AREAS and points is not None:
        governorate_base(ax, governorate, points=points)
        _points(ax, points, size_col, None, None, label.split(" (")[0], scale=160, legend_outside=True)
    else:
        governorate_base(ax, governorate, district_values=values, label=label)
    style.frame(fig, title, subtitle, source, details=caption, notes=notes)
    attach(fig, values.rename_axis("district"), units=label)
    return fig
