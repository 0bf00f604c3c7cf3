"""Marks that charts share: key events as numbered markers keyed to a list, labels at the ends of lines, a round top
for an axis, a darker shade of a colour, the span a series really draws."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.patheffects as pe
import numpy as np
import pandas as pd

from . import style

HALO = [pe.withStroke(linewidth=2.4, foreground="white")]  # a label over lines stays readable
# the one name a key event goes by in a document, in a chart's key and in a table alike (data/reference/
# key_events.csv keeps a longer description in 'label', which no page prints)
EVENT_NAME = "short_label"


def event_names(events: pd.DataFrame) -> pd.Series:
    """The name each key event of ``events`` goes by on a page: the one a chart's key shows, for tables too."""
    return events[EVENT_NAME]


def axis_width_px(ax) -> float:
    """The axes' width before layout, less a margin for the y labels that layout will add; no draw needed."""
    fig = ax.figure
    return ax.get_position().width * fig.get_figwidth() * fig.dpi * 0.92


def key_event_markers(ax, events: pd.DataFrame, start, end, first: int = 1, rules: bool = True) -> str:
    """Key events inside [start, end] as small numbered markers along the top of the plot, each with a thin
    quiet rule down to the axis; events too close to be told apart share one marker ("3-4"). Returns the key to
    print under the chart ("1 Uprising begins, 15 Mar 2011 · 2 ..."), '' when no event falls in the window."""
    lo, hi = (v if isinstance(v, float) else mdates.date2num(pd.Timestamp(v)) for v in (start, end))
    start, end = mdates.num2date(lo).replace(tzinfo=None), mdates.num2date(hi).replace(tzinfo=None)
    sel = events[(events["date"] >= pd.Timestamp(start)) & (events["date"] <= pd.Timestamp(end))].sort_values("date")
    if sel.empty:
        return ""
    fig = ax.figure
    char_px = style.SMALLEST_PT * style.CHAR_WIDTH_EM * fig.dpi / 72
    axis_px = axis_width_px(ax)
    clusters: list[list] = []  # events whose markers would touch share one
    for n, ev in enumerate(sel.itertuples(), start=first):
        x = (mdates.date2num(ev.date) - lo) / (hi - lo)
        if clusters and (x - clusters[-1][0][1]) * axis_px < 5 * char_px:
            clusters[-1].append((n, x, ev))
        else:
            clusters.append([(n, x, ev)])
    for group in clusters:
        numbers = f"{group[0][0]}" if len(group) == 1 else f"{group[0][0]}-{group[-1][0]}"
        for _, _, ev in group if rules else ():
            ax.axvline(ev.date, color=style.EVENT_GREY, lw=0.6, zorder=0.5)
        ax.annotate(numbers, xy=(group[0][1], 1.0), xycoords="axes fraction", xytext=(0, 4),
                    textcoords="offset points", ha="center", va="bottom", fontsize=style.SMALLEST_PT,
                    color=style.DARK_GREY, annotation_clip=False,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": style.BAND_GREY, "lw": 0.5})
    # a no-break space keeps each number on the line of the name it keys (a key wrapped as '... · 4' / 'US-led
    # strikes begin' reads 4 as the end of the line before)
    return "Key events: " + " · ".join(f"{n}\u00a0{getattr(ev, EVENT_NAME)}, {style.day(ev.date)}" for group in clusters
                                        for n, _, ev in group)


def key_event_labels(ax, events: pd.DataFrame, start, end) -> str:
    """Key events as numbered markers (see ``key_event_markers``), for callers of the former labelled lines."""
    return key_event_markers(ax, events, start, end)


def direct_labels(ax, items: list[tuple], min_gap_pt: float = 8.5, outside: bool | str = False) -> list:
    """Name each series at its end: ``items`` are (x, y, text, colour) in data coordinates. Labels that would
    stand on one another are moved apart vertically (in points, from the axes' size before layout). With
    ``outside``, labels go in the right margin at their y (the layout makes room); with ``outside="end"``, only
    those of series that run to the axis' end do, the others stand at their line's end on a white halo."""
    fig = ax.figure
    items = [it for it in items if np.isfinite(it[1])]
    if not items:
        return []
    y0, y1 = ax.get_ylim()
    height_pt = ax.get_position().height * fig.get_figheight() * 72 * 0.85
    char_pt = style.SMALLEST_PT * style.CHAR_WIDTH_EM
    x0, x1 = ax.get_xlim()
    width_pt = ax.get_position().width * fig.get_figwidth() * 72 * 0.9

    def xpt(x) -> float:
        value = mdates.date2num(x) if isinstance(x, (pd.Timestamp, np.datetime64)) else float(x)
        return (value - x0) / (x1 - x0) * width_pt

    placed = []  # (x from, x to, y) in points
    out = []
    for x, y, text, colour in sorted(items, key=lambda it: it[1]):
        want = (y - y0) / (y1 - y0) * height_pt
        margin = outside is True or (outside == "end" and xpt(x) >= 0.88 * width_pt)
        left = width_pt if margin else xpt(x)
        right = left + 4 + len(text) * char_pt
        pos = want
        for _ in range(len(placed) + 1):
            clash = [p for p in placed if not (right < p[0] or left > p[1]) and abs(p[2] - pos) < min_gap_pt]
            if not clash:
                break
            pos = max(p[2] for p in clash) + min_gap_pt
        placed.append((left, right, pos))
        if margin:
            out.append(ax.annotate(text, xy=(1.0, (y - y0) / (y1 - y0)), xycoords="axes fraction",
                                   xytext=(4, pos - want), textcoords="offset points", ha="left", va="center",
                                   fontsize=style.SMALLEST_PT, color=colour, annotation_clip=False))
        else:
            out.append(ax.annotate(text, xy=(x, y), xytext=(4, pos - want), textcoords="offset points", ha="left",
                                   va="center", fontsize=style.SMALLEST_PT, color=colour, annotation_clip=False,
                                   path_effects=HALO))
    return out


def nice_top(value: float) -> float:
    """A round number just above ``value`` (1, 2, 2.5 or 5 times a power of ten), for an axis' top."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    power = 10 ** np.floor(np.log10(value))
    return float(next(m * power for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * power >= value))


def darker(colour: str) -> str:
    """A label's colour: the series' own, darkened where it is too light to read as text on white."""
    import matplotlib.colors as mcolors

    r, g, b = mcolors.to_rgb(colour)
    light = 0.2126 * r + 0.7152 * g + 0.0722 * b
    if light < 0.55:
        return colour
    k = 0.55 / light
    return mcolors.to_hex((r * k, g * k, b * k))


def data_span(table: pd.DataFrame, x: str, value: str, start=None, end=None) -> tuple:
    """The first and last ``x`` where ``value`` is drawn (not NaN), within [start, end] when given."""
    drawn = table.loc[table[value].notna(), x]
    if start is not None:
        drawn = drawn[(drawn >= pd.Timestamp(start)) & (drawn <= pd.Timestamp(end))]
    if drawn.empty:
        return (pd.Timestamp(start), pd.Timestamp(end)) if start is not None else (table[x].min(), table[x].max())
    return drawn.min(), drawn.max()


def time_limits(start, end, least_days: int = 7) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The x limits of a time axis for the window [start, end]: the window itself, widened evenly to
    ``least_days`` when shorter (matplotlib widens a zero-width date axis to years, with the day lost in it)."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    short = pd.Timedelta(days=least_days) - (hi - lo)
    return (lo - short / 2, hi + short / 2) if short > pd.Timedelta(0) else (lo, hi)
