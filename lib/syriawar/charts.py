"""Charts: functions that take tidy measures and return a matplotlib Figure. They know nothing of files."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import chartmarks, style
from .chartdata import attach


def _last_point(s: pd.Series):
    s = s.dropna()
    return (s.index[-1], float(s.iloc[-1])) if len(s) else (None, np.nan)


def _series_style(dataset: str) -> dict:
    return {"color": style.source_colour(dataset), "ls": style.SOURCE_DASHES.get(dataset, "-")}


def timeline(series: dict[str, pd.Series], start, end, key_events: pd.DataFrame | None = None,
             band: tuple[pd.Series, pd.Series] | None = None, band_label: str = "",
             spikes: pd.DataFrame | None = None, title: str = "Deaths per month", caption: str = "",
             ylabel: str = "deaths per month", light_from: dict | None = None, subtitle: str = "",
             source: str = "", notes: str = "", names: dict | None = None, datasets: dict | None = None) -> Figure:
    """Monthly deaths from several sources (gaps where a source has no coverage), a low-high band, key events.

    ``series``: label -> monthly Series (index = month start, NaN = not covered); ``names``: label -> the short
    name written at the line's end (the label itself when not given); ``datasets``: label -> the registry id of
    the series' dataset, which sets its colour and dashes (grey and solid when not given).
    ``spikes``: year-end aggregate records (year, december, excess): drawn as triangles at the top of the plot
    with their values, never stretching the axis, which the lines set.
    ``light_from``: label -> first month drawn in a lighter shade (preliminary data, which may be revised).
    ``caption``: the provenance kept with the figure (style.details), not drawn.
    """
    fig, ax = style.figure(height=3.9)
    ends = []
    for label, s in series.items():
        look = _series_style((datasets or {}).get(label, ""))
        cut = (light_from or {}).get(label)
        firm = s if cut is None else s[s.index < cut]
        lw = 1.6 if look["color"] == style.ACCENT else 1.1
        few = {"marker": "o", "ms": 4} if s.notna().sum() < 3 else {}  # a line needs two points; one day is a dot
        ax.plot(firm.index, firm.values, label=label, lw=lw, zorder=3 if lw > 1.5 else 2, **few, **look)
        if cut is not None:
            light = s[s.index >= pd.Timestamp(cut) - pd.offsets.MonthBegin(1)]  # joined to the last firm month
            ax.plot(light.index, light.values, color=look["color"], lw=lw, alpha=0.45, ls=(0, (2, 1.5)),
                    label=f"{label}, preliminary")
        x, y = _last_point(s)
        if x is not None:
            ends.append((x, y, (names or {}).get(label, label), look["color"]))
    top = max([float(np.nanmax(s.to_numpy(dtype=float))) for s in series.values() if s.notna().any()] + [1.0])
    if band is not None:
        low, high = band
        ax.fill_between(low.index, low.values, high.values, color=style.ACCENT, alpha=0.2,
                        lw=0, label=band_label or "low-high range")
        if high.notna().any():
            top = max(top, float(np.nanmax(high.to_numpy(dtype=float))))
    ax.set_xlim(*chartmarks.time_limits(start, end))
    ymax = chartmarks.nice_top(top * 1.12)
    ax.set_ylim(0, ymax)
    if spikes is not None and len(spikes):
        off = spikes[spikes["december"] > ymax]
        inside = spikes[spikes["december"] <= ymax]
        xs = pd.to_datetime(inside["year"].astype(str) + "-12-01")
        ax.scatter(xs, inside["december"], marker="o", facecolors="none", edgecolors=style.CONTEXT_GREY, s=22, zorder=5,
                   label="December as published")
        xs = pd.to_datetime(off["year"].astype(str) + "-12-01")
        ax.scatter(xs, [ymax] * len(off), marker="^", color=style.CONTEXT_GREY, s=18, zorder=5, clip_on=False,
                   label="December as published, off the scale")
    ax.set_ylabel(ylabel)
    style.thousands(ax)
    style.years(ax)
    chartmarks.direct_labels(ax, ends, outside="end")
    key = chartmarks.key_event_markers(ax, key_events, start, end) if key_events is not None and len(key_events) else ""
    style.frame(fig, title, subtitle, source, details=caption, notes="\n".join(t for t in (notes, key) if t))
    attach(fig, {**series, "low-high range": band, "December as published": spikes}, units=ylabel)
    return fig


def stacked_by(table: pd.DataFrame, x: str, by: str, value: str, colours: dict[str, str], title: str,
               ylabel: str, caption: str = "", partial: dict | None = None, xlabel: str = "", subtitle: str = "",
               source: str = "", notes: str = "", label=None) -> Figure:
    """Stacked bars of ``value`` per ``x`` split by ``by``, each part named beside the last bar; ``partial`` marks
    x values only partly covered ("11 months" above the bar); ``label``: x value -> its tick text (the year of a
    date by default), at most eight of them written."""
    wide = table.pivot_table(index=x, columns=by, values=value, aggfunc="sum", dropna=False)
    fig, ax = style.figure(height=3.1)
    bottom = np.zeros(len(wide))
    label = label or (lambda i: str(i.year) if isinstance(i, pd.Timestamp) else str(i))
    labels = [label(i) for i in wide.index]
    ends = []
    for col in wide.columns:
        vals = wide[col].fillna(0).to_numpy()
        colour = colours.get(col, style.CONTEXT_GREY)
        ax.bar(range(len(labels)), vals, bottom=bottom, label=col, color=colour, width=0.72)
        if len(vals):
            ends.append((len(labels) - 1 + 0.36, bottom[-1] + vals[-1] / 2, str(col), colour))
        bottom += vals
    for i, lab in enumerate(labels):
        if partial and lab in partial:
            ax.annotate(partial[lab], (i, bottom[i]), xytext=(0, 2), textcoords="offset points", ha="center",
                        fontsize=style.SMALLEST_PT, color=style.NOTE_GREY)
    every = int(np.ceil(len(labels) / 8)) or 1
    ax.set_xticks(range(0, len(labels), every), labels[::every])
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_ylim(0, chartmarks.nice_top(float(bottom.max()) * 1.08 if len(bottom) else 1.0))
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", visible=False)
    style.thousands(ax)
    chartmarks.direct_labels(ax, [(e[0], e[1], e[2], chartmarks.darker(e[3])) for e in ends])
    style.frame(fig, title, subtitle, source, details=caption, notes=notes)
    attach(fig, wide, units=ylabel)
    return fig


def _source_name(dataset: str, measure: str) -> str:
    """'ViEWS, one-sided' from a yearly table's dataset id ('views_cm_syria') and measure."""
    name = style.series_name(dataset)
    if name == "UCDP events" or measure in ("all types", ""):
        return name
    return f"{name}, {measure.replace(' (battle deaths)', '')}"


def source_comparison(yearly: pd.DataFrame, title: str = "Yearly deaths in Syria by source",
                      caption: str = "", subtitle: str = "", source: str = "") -> Figure:
    """Yearly totals of each source (a yearly table with a ``dataset`` id column, see
    ``figures.sources.yearly_sources``) as a dot plot: one row of dots per source joined by a thin line, the UCDP
    events in the accent colour and the others in greys; years a source covers only in part drawn hollow,
    whiskers for a low-high range; each source named at its last dot."""
    series = yearly.copy()
    series["label"] = [_source_name(d, m) for d, m in zip(series["dataset"], series["measure"])]
    labels = list(dict.fromkeys(series["label"]))
    fig, ax = style.figure(height=3.4)
    markers = ["o", "s", "D", "^", "v", "P", "X"]
    greys = [style.SOURCE_GREYS[0], style.SOURCE_GREYS[1]]
    ends, n_grey = [], 0
    for i, lab in enumerate(labels):
        s = series[series["label"] == lab].sort_values("year")
        s = s[s["deaths"].notna()]
        if s.empty:
            continue
        events = lab == "UCDP events"
        colour = style.ACCENT if events else greys[n_grey % 2]
        n_grey += 0 if events else 1
        ax.plot(s["year"], s["deaths"], color=colour, lw=0.8, alpha=0.7, zorder=2)
        full = s["months"] >= 12
        ax.scatter(s.loc[full, "year"], s.loc[full, "deaths"], marker=markers[i % len(markers)], color=colour, s=22,
                   zorder=3, label=lab)
        ax.scatter(s.loc[~full, "year"], s.loc[~full, "deaths"], marker=markers[i % len(markers)], facecolors="white",
                   edgecolors=colour, s=22, zorder=3)
        if s["low"].notna().any():
            err = np.vstack([(s["deaths"] - s["low"]).clip(lower=0), (s["high"] - s["deaths"]).clip(lower=0)])
            ax.errorbar(s["year"], s["deaths"], yerr=err, fmt="none", ecolor=colour, elinewidth=0.8, capsize=0)
        ends.append((s["year"].iloc[-1] + 0.15, float(s["deaths"].iloc[-1]), lab, colour))
    years = sorted(series["year"].unique())
    ends = [(x if x < years[-1] else years[-1] + 0.5, y, t, c) for x, y, t, c in ends]
    ax.set_xticks(years[::2] if len(years) > 10 else years, [str(y) for y in (years[::2] if len(years) > 10 else years)])
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.set_ylim(0, chartmarks.nice_top(float(series[["deaths", "high"]].max().max()) * 1.05))
    ax.set_ylabel("deaths per year")
    style.thousands(ax)
    chartmarks.direct_labels(ax, ends, outside="end")
    style.frame(fig, title, subtitle, source, details=caption,
                notes="Hollow: years a source covers only in part. Whiskers: UCDP's low-high range.")
    attach(fig, yearly.drop(columns="dataset"), units="deaths per year")  # the id is the code's key, not data
    return fig


def coverage_chart(coverage: pd.DataFrame, start, end, title: str = "Which source covers which months",
                   caption: str = "", subtitle: str = "", source: str = "", notes: str = "") -> Figure:
    """Horizontal bars: for each source (rows: source, first, last, unit, dataset: its id, name: the reader's name
    each bar is labelled with) the span it covers; the UCDP events in the accent colour, the other sources grey."""
    fig, ax = style.figure(height=0.36 * len(coverage) + 0.9)
    for i, row in enumerate(coverage.itertuples()):
        a, b = max(pd.Timestamp(row.first), pd.Timestamp(start)), min(pd.Timestamp(row.last), pd.Timestamp(end))
        if a <= b:
            colour = style.ACCENT if style.source_colour(row.dataset) == style.ACCENT else style.SOURCE_GREYS[1]
            ax.barh(i, mdates.date2num(b) - mdates.date2num(a), left=mdates.date2num(a), height=0.55, color=colour)
            if pd.Timestamp(row.last) < pd.Timestamp(end):
                ax.text(mdates.date2num(b), i, f" to {style.month(row.last)}", va="center", fontsize=style.SMALLEST_PT,
                        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    ax.set_yticks(range(len(coverage)), list(coverage["name"]), fontsize=style.SMALLEST_PT)
    ax.invert_yaxis()
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    ax.grid(axis="y", visible=False)
    style.years(ax, 2 if pd.Timestamp(end).year - pd.Timestamp(start).year > 8 else 1)
    style.frame(fig, title, subtitle, source, details=caption, notes=notes)
    attach(fig, coverage.drop(columns=["dataset", "name"]))  # the id is the code's key and the name a label, not data
    return fig


def share_over_time(table: pd.DataFrame, x: str, kinds: list[str], title: str, caption: str = "",
                    share_col: str = "civilian_share", subtitle: str = "", source: str = "", notes: str = "",
                    per: str = "month") -> Figure:
    """Stacked areas of deaths by kind (upper panel, each kind named at its right end) and the civilian share
    (lower panel, with its range as a light band); gaps stay gaps. ``per``: the period of a row (day, week, month)."""
    fig, (ax1, ax2) = style.figure(height=4.0, nrows=2, sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    t = table.set_index(x)
    base = np.zeros(len(t))
    ends = []
    valid = t[kinds].notna().all(axis=1).to_numpy()
    last = np.flatnonzero(valid)[-1] if valid.any() else None
    width = pd.Timedelta(days={"day": 0.8, "week": 5.6}.get(per, 24))
    for k in kinds:
        vals = t[k].to_numpy(dtype=float)
        colour = style.KIND_COLOURS.get(k, style.CONTEXT_GREY)
        if len(t) < 3:  # an area needs two periods: one or two are drawn as bars
            ax1.bar(t.index, np.nan_to_num(vals), bottom=base, width=width, color=colour, label=k, lw=0)
        else:
            ax1.fill_between(t.index, base, base + vals, step="mid", color=colour, label=k, lw=0)
        if last is not None:
            ends.append((t.index[last], base[last] + vals[last] / 2, k, chartmarks.darker(colour)))
        base = base + np.nan_to_num(vals)
    ax1.set_ylabel(f"deaths per {per}")
    ax1.set_ylim(0, chartmarks.nice_top(float(np.nanmax(base)) * 1.05 if len(base) else 1.0))
    style.thousands(ax1)
    chartmarks.direct_labels(ax1, ends, outside=True)
    share_colour = style.KIND_COLOURS["civilians"]
    ax2.plot(t.index, t[share_col] * 100, color=share_colour, lw=1.3, marker="o", ms=2)
    if f"{share_col}_low" in t:  # the share's range when all deaths are at UCDP's high or low estimate
        ax2.fill_between(t.index, t[f"{share_col}_low"] * 100, t[f"{share_col}_high"] * 100,
                         color=share_colour, alpha=0.2, lw=0, step="mid")
    ax2.set_ylabel("civilian share, %")
    ax2.set_ylim(0, 100)
    first, last = chartmarks.data_span(table, x, kinds[0])
    pad = pd.Timedelta(days={"day": 1, "week": 4}.get(per, 20))  # half a period each side
    ax2.set_xlim(pd.Timestamp(first) - pad, pd.Timestamp(last) + pad)
    style.years(ax2)
    fig.align_ylabels([ax1, ax2])
    style.frame(fig, title, subtitle, source, details=caption, notes=notes)
    attach(fig, table[[x, *kinds]].join(table.filter(like=share_col) * 100), units=f"deaths per {per}; civilian share in %")
    return fig


def lines_by(table: pd.DataFrame, x: str, by: str, value: str, colours: dict[str, str], title: str, ylabel: str,
             caption: str = "", band: tuple[str, str] | None = None, start=None, end=None, subtitle: str = "",
             source: str = "", notes: str = "", highlight: str | None = None) -> Figure:
    """One line per group over time with an optional min-max band per group; NaN stays a gap. The x axis spans
    the data drawn (within ``start``-``end``); five groups or fewer are named at their lines' ends, more in a
    legend; ``highlight``: the group the title is about, drawn thicker."""
    fig, ax = style.figure(height=3.3)
    groups = list(dict.fromkeys(table[by]))
    ends = []
    for key in groups:
        grp = table[table[by] == key].sort_values(x)
        colour = colours.get(key, style.CONTEXT_GREY)
        lw = 1.7 if key == highlight else 1.1
        ax.plot(grp[x], grp[value], label=key, color=colour, lw=lw)
        if band:
            ax.fill_between(grp[x], grp[band[0]], grp[band[1]], color=colour, alpha=0.15, lw=0)
        lx, ly = _last_point(grp.set_index(x)[value])
        if lx is not None:
            ends.append((lx, ly, key, colour))
    first, last = chartmarks.data_span(table, x, value, start, end)
    if pd.api.types.is_datetime64_any_dtype(table[x]):
        ax.set_xlim(pd.Timestamp(first) - pd.Timedelta(days=15), pd.Timestamp(last) + pd.Timedelta(days=15))
        years = pd.Timestamp(last).year - pd.Timestamp(first).year
        style.years(ax, 2 if years > 8 else 1)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(ylabel)
    style.thousands(ax)
    if len(groups) <= 5:
        chartmarks.direct_labels(ax, ends, outside=True)
    else:
        style.legend_beside(ax)
    style.frame(fig, title, subtitle, source, details=caption, notes=notes)
    attach(fig, table[[x, by, value, *(band or ())]], units=ylabel)
    return fig


def small_multiples(table: pd.DataFrame, x: str, by: str, value: str, colours: dict[str, str], title: str,
                    ylabel: str, caption: str = "", band: tuple[str, str] | None = None, ncols: int = 3,
                    start=None, end=None, sharey: bool = True, subtitle: str = "", source: str = "",
                    notes: str = "", context: str | None = None) -> Figure:
    """One small panel per group, shared x axis spanning the data drawn, and one y scale for all (``sharey``);
    with ``sharey=False`` each panel has its own scale, which the subtitle must say. ``context``: a group (such as
    "all incidents") drawn light grey behind every panel's own line instead of in a panel of its own. NaN stays
    a gap."""
    groups = [g for g in dict.fromkeys(table[by]) if g != context]
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    fig, axes = style.figure(height=1.35 * nrows + 0.5, nrows=nrows, ncols=ncols, sharex=True, sharey=sharey,
                             squeeze=False)
    first, last = chartmarks.data_span(table, x, value, start, end)
    behind = table[table[by] == context].sort_values(x) if context else None
    for ax, key in zip(axes.flat, groups):
        g = table[table[by] == key].sort_values(x)
        colour = colours.get(key, style.CONTEXT_GREY)
        if behind is not None and len(behind):
            ax.plot(behind[x], behind[value], color=style.BEHIND_GREY, lw=0.9, zorder=1)
        ax.plot(g[x], g[value], color=colour, lw=1.1, zorder=2)
        if band:
            ax.fill_between(g[x], g[band[0]], g[band[1]], color=colour, alpha=0.2, lw=0)
        ax.set_title(key, fontsize=8, loc="left", color=chartmarks.darker(colour))
        style.thousands(ax)
        ax.tick_params(labelsize=style.SMALLEST_PT)
        if not sharey:
            ax.set_ylim(0, chartmarks.nice_top(float(g[value].max()) * 1.05 if g[value].notna().any() else 1.0))
    if sharey:  # one scale, set by the largest value drawn in any panel
        drawn = table[table[by].isin(groups + ([context] if context else []))][value]
        axes.flat[0].set_ylim(0, chartmarks.nice_top(float(drawn.max()) * 1.05 if drawn.notna().any() else 1.0))
    top = axes.flat[0]
    top.set_xlim(pd.Timestamp(first), pd.Timestamp(last))
    style.years(top, 2 if pd.Timestamp(last).year - pd.Timestamp(first).year > 4 else 1)
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    fig.supylabel(ylabel, fontsize=8)
    style.frame(fig, title, subtitle, source, details=caption, notes=notes)
    attach(fig, table[[x, by, value, *(band or ())]], units=ylabel)
    return fig


def dyad_bars(table: pd.DataFrame, title: str, caption: str = "", colours: dict | None = None, subtitle: str = "",
              source: str = "", notes: str = "") -> Figure:
    """Battle deaths per year for each dyad as dots joined by a thin line, with low-high whiskers, each dyad in
    its colour and named at its last dot (a legend under the plot when there are more than five)."""
    labels = list(dict.fromkeys(table["label"]))
    years = list(range(int(table["year"].min()), int(table["year"].max()) + 1))
    fig, ax = style.figure(height=3.0)
    ends = []
    for i, lab in enumerate(labels):
        s = table[table["label"] == lab].set_index("year").reindex(years)
        colour = (colours or {}).get(lab, style.CONTEXT_GREY)
        xs = np.array(years, dtype=float)
        ax.plot(xs, s["bd_best"], color=colour, lw=0.9, marker="o", ms=3.5, label=lab)
        err = np.vstack([(s["bd_best"] - s["bd_low"]).clip(lower=0), (s["bd_high"] - s["bd_best"]).clip(lower=0)])
        ax.errorbar(xs, s["bd_best"], yerr=err, fmt="none", ecolor=colour, elinewidth=0.7, capsize=0, alpha=0.8)
        lx, ly = _last_point(s["bd_best"])
        if lx is not None:
            ends.append((lx + 0.15, ly, lab, colour))
    every = 2 if len(years) > 10 else 1
    ax.set_xticks(years[::every], [str(y) for y in years[::every]])
    ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    ax.set_ylim(0, chartmarks.nice_top(float(table["bd_high"].max()) * 1.05))
    ax.set_ylabel("battle deaths per year")
    style.thousands(ax)
    if len(labels) <= 5:
        chartmarks.direct_labels(ax, ends, outside=True)
    else:
        ax.legend(fontsize=style.SMALLEST_PT, loc="upper left", bbox_to_anchor=(0, -0.1), ncols=1, frameon=False)
    style.frame(fig, title, subtitle, source, details=caption, notes=notes)
    attach(fig, table[["label", "year", "bd_best", "bd_low", "bd_high"]], units="battle deaths per year")
    return fig


def panels(rows: list[dict], start, end, title: str, caption: str = "", key_events: pd.DataFrame | None = None,
           subtitle: str = "", source: str = "", notes: str = "") -> Figure:
    """Stacked panels sharing the time axis, one per source (each its own unit and scale; NaN stays a gap), each
    named in its own corner; key events as numbered markers over the top panel with quiet rules through all.

    ``rows``: dicts with ``series`` (Series indexed by period start), ``label``, ``ylabel``, ``colour`` and
    optionally ``band`` (low, high Series).
    """
    fig, axes = style.figure(height=0.85 * len(rows) + 0.5, nrows=len(rows), sharex=True, squeeze=False)
    for ax, row in zip(axes[:, 0], rows):
        s = row["series"]
        few = {"marker": "o", "ms": 4} if s.notna().sum() < 3 else {}  # a line needs two points; one day is a dot
        ax.plot(s.index, s.to_numpy(dtype=float), color=row["colour"], lw=1.2, label=row["label"], **few)
        if row.get("band") is not None:
            lo, hi = row["band"]
            ax.fill_between(lo.index, lo.to_numpy(dtype=float), hi.to_numpy(dtype=float), color=row["colour"],
                            alpha=0.22, lw=0)
        ax.set_ylabel(row["ylabel"], fontsize=style.SMALLEST_PT)
        ax.set_ylim(bottom=0)
        style.thousands(ax)
        ax.text(0.005, 0.97, row["label"], transform=ax.transAxes, ha="left", va="top", fontsize=style.SMALLEST_PT,
                color=chartmarks.darker(row["colour"]), bbox={"boxstyle": "square,pad=0.15", "facecolor": "white",
                                                    "edgecolor": "none", "alpha": 0.85})
        if key_events is not None:
            inside = key_events[(key_events["date"] >= pd.Timestamp(start)) & (key_events["date"] <= pd.Timestamp(end))]
            for ke in inside.itertuples():
                ax.axvline(ke.date, color=style.EVENT_GREY, lw=0.6, zorder=0.5)
    top = axes[0, 0]
    top.set_xlim(*chartmarks.time_limits(start, end))
    style.years(top, 2 if pd.Timestamp(end).year - pd.Timestamp(start).year > 8 else 1)
    fig.align_ylabels(axes[:, 0])
    key = chartmarks.key_event_markers(top, key_events, start, end, rules=False) if key_events is not None and len(key_events) else ""
    style.frame(fig, title, subtitle, source, details=caption, notes="\n".join(t for t in (notes, key) if t))
    attach(fig, {r["label"]: (r["series"], *(r.get("band") or ())) for r in rows}, units="; ".join(f"{r['label']}: {r['ylabel']}" for r in rows))
    return fig


def no_data(title: str, message: str, caption: str = "", source: str = "") -> Figure:
    """A small figure that says plainly that the source has nothing for this selection."""
    fig, ax = style.figure(height=1.2)
    ax.axis("off")
    ax.text(0.5, 0.5, style.wrapped(fig, message, 9), ha="center", va="center", fontsize=9, color=style.NOTE_GREY)
    if not source and caption.startswith("Sources: "):
        head = caption.split(". ", 1)[0][len("Sources: "):]
        source = style.source_line(*[part.strip().split(" (")[0].split(",")[0] for part in head.split(";")])
    style.frame(fig, title, source=source, details=caption)
    return fig
