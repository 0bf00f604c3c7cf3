"""Charts: functions that take tidy measures and return a matplotlib Figure. They know nothing of files."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import style
from .chartdata import attach


def key_event_labels(ax, events: pd.DataFrame, start, end) -> None:
    """Key events as dashed lines with labels in rows above the plot, so that no two labels overlap."""
    lo, hi = (v if isinstance(v, float) else mdates.date2num(pd.Timestamp(v)) for v in (start, end))
    start, end = mdates.num2date(lo).replace(tzinfo=None), mdates.num2date(hi).replace(tzinfo=None)
    fig = ax.figure
    # the axes' width before layout, less a margin for the y labels that layout will add; no draw needed
    axis_px = ax.get_position().width * fig.get_figwidth() * fig.dpi * 0.92
    char_px = style.SMALLEST_PT * style.CHAR_WIDTH_EM * fig.dpi / 72
    rows: list[list[tuple[float, float]]] = []  # the spans (axes fraction) each row of labels holds
    sel = events[(events["date"] >= pd.Timestamp(start)) & (events["date"] <= pd.Timestamp(end))].sort_values("date")
    for ev in sel.itertuples():
        x = (mdates.date2num(ev.date) - lo) / (hi - lo)
        width = (len(ev.short_label) * char_px + 8) / axis_px
        # a label runs right of its line, or left of it; the lowest row where either fits takes it
        sides = [(a, b) for a, b in ((x, x + width), (x - width, x)) if a >= -0.05 and b <= 1.02] or [(x - width, x)]
        row, (left, right) = next(((i, side) for i, spans in enumerate(rows) for side in sides
                                   if all(side[1] < a or side[0] > b for a, b in spans)), (len(rows), sides[0]))
        if row == len(rows):
            rows.append([])
        rows[row].append((left, right))
        ax.axvline(ev.date, color="#555555", lw=0.6, ls="--", zorder=0)
        ax.annotate(ev.short_label, xy=(x, 1.0), xycoords="axes fraction",
                    xytext=(2 if left == x else -2, 3 + 9.5 * row), textcoords="offset points",
                    ha="left" if left == x else "right", va="bottom", fontsize=style.SMALLEST_PT, color="#333333",
                    arrowprops=None, annotation_clip=False)
    ax.set_title(ax.get_title(), pad=8 + 9.5 * max(len(rows), 1))


def timeline(series: dict[str, pd.Series], start, end, key_events: pd.DataFrame | None = None,
             band: tuple[pd.Series, pd.Series] | None = None, band_label: str = "",
             spikes: pd.DataFrame | None = None, title: str = "Deaths per month", caption: str = "",
             ylabel: str = "deaths per month", light_from: dict | None = None) -> Figure:
    """Monthly deaths from several sources (gaps where a source has no coverage), a low-high band, key events.

    ``series``: label -> monthly Series (index = month start, NaN = not covered).
    ``spikes``: year-end aggregate records (year, december, excess) to mark at their Decembers.
    ``light_from``: label -> first month drawn in a lighter shade (preliminary data, which may be revised).
    """
    fig, ax = style.figure(height=4.7)
    for label, s in series.items():
        colour = style.source_colour(label)
        cut = (light_from or {}).get(label)
        firm = s if cut is None else s[s.index < cut]
        ax.plot(firm.index, firm.values, label=label, color=colour, lw=1.3)
        if cut is not None:
            light = s[s.index >= pd.Timestamp(cut) - pd.offsets.MonthBegin(1)]  # joined to the last firm month
            ax.plot(light.index, light.values, color=colour, lw=1.3, alpha=0.4, ls="--", label=f"{label}, preliminary")
    if band is not None:
        low, high = band
        ax.fill_between(low.index, low.values, high.values, color=style.SOURCE_COLOURS["UCDP GED"], alpha=0.18,
                        lw=0, label=band_label or "low-high range")
    if spikes is not None and len(spikes):
        xs = pd.to_datetime(spikes["year"].astype(str) + "-12-01")
        ax.scatter(xs, spikes["december"], marker="o", facecolors="none", edgecolors=style.OKABE_ITO["vermillion"],
                   s=28, zorder=5, label="December as published (year-end aggregate records)")
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(ylabel)
    style.thousands(ax)
    style.years(ax)
    # below the plot, so that it hides neither the lines nor the December records at their tops
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.09), frameon=False, fontsize=style.SMALLEST_PT, ncols=2)
    ax.set_title(style.fit_title(fig, title), loc="left")
    if key_events is not None and len(key_events):
        key_event_labels(ax, key_events, start, end)
    style.add_caption(fig, caption)
    attach(fig, {**series, "low-high range": band, "December as published": spikes}, units=ylabel)
    return fig


def stacked_by(table: pd.DataFrame, x: str, by: str, value: str, colours: dict[str, str], title: str,
               ylabel: str, caption: str = "", partial: dict | None = None, xlabel: str = "") -> Figure:
    """Stacked bars of ``value`` per ``x`` split by ``by``; ``partial`` marks x values only partly covered."""
    wide = table.pivot_table(index=x, columns=by, values=value, aggfunc="sum", dropna=False)
    fig, ax = style.figure(height=3.6)
    bottom = np.zeros(len(wide))
    labels = [str(i.year) if isinstance(i, pd.Timestamp) else str(i) for i in wide.index]
    for col in wide.columns:
        vals = wide[col].fillna(0).to_numpy()
        ax.bar(labels, vals, bottom=bottom, label=col, color=colours.get(col, style.OKABE_ITO["grey"]), width=0.75)
        bottom += vals
    for i, lab in enumerate(labels):
        if partial and lab in partial:
            ax.annotate(partial[lab], (i, bottom[i]), xytext=(0, 2), textcoords="offset points", ha="center",
                        fontsize=style.SMALLEST_PT, color="#444444")
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    style.thousands(ax)
    style.legend_beside(ax, title=by.replace("_", " "))
    ax.set_title(style.fit_title(fig, title), loc="left")
    style.add_caption(fig, caption)
    attach(fig, wide, units=ylabel)
    return fig


def source_comparison(yearly: pd.DataFrame, title: str = "Yearly deaths in Syria by source",
                      caption: str = "") -> Figure:
    """Yearly totals of each source side by side; partial years drawn hollow with their months covered."""
    series = yearly.copy()
    series["label"] = series["source"] + " - " + series["measure"]
    labels = list(dict.fromkeys(series["label"]))
    years = sorted(series["year"].unique())
    fig, ax = style.figure(height=4.0)
    width = 0.8 / len(labels)
    for i, lab in enumerate(labels):
        s = series[series["label"] == lab].set_index("year").reindex(years)
        xs = np.arange(len(years)) + (i - (len(labels) - 1) / 2) * width
        colour = style.source_colour(lab) if not lab.startswith("ViEWS") or "state" in lab else style.OKABE_ITO["sky"]
        full = s["months"] >= 12
        ax.bar(xs[full.to_numpy()], s["deaths"][full], width=width, color=colour, label=lab)
        part = (s["months"] < 12) & s["deaths"].notna()
        if part.any():
            ax.bar(xs[part.to_numpy()], s["deaths"][part], width=width, facecolor="none", edgecolor=colour, hatch="///")
        if s["low"].notna().any():
            err = np.vstack([(s["deaths"] - s["low"]).clip(lower=0), (s["high"] - s["deaths"]).clip(lower=0)])
            ax.errorbar(xs, s["deaths"], yerr=err, fmt="none", ecolor="#333333", elinewidth=0.7, capsize=1.5)
    ax.set_xticks(np.arange(len(years)), [str(y) for y in years])
    ax.set_ylabel("deaths per year")
    style.thousands(ax)
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title(style.fit_title(fig, title), loc="left")
    style.add_caption(fig, caption + " Hatched bars: years the source covers only in part. Whiskers: low-high range.")
    attach(fig, yearly, units="deaths per year")
    return fig


def coverage_chart(coverage: pd.DataFrame, start, end, title: str = "Which source covers which months",
                   caption: str = "") -> Figure:
    """Horizontal bars: for each source (rows: source, first, last, unit) the span it covers."""
    fig, ax = style.figure(height=0.45 * len(coverage) + 1.4)
    for i, row in enumerate(coverage.itertuples()):
        a, b = max(pd.Timestamp(row.first), pd.Timestamp(start)), min(pd.Timestamp(row.last), pd.Timestamp(end))
        if a <= b:
            ax.barh(i, mdates.date2num(b) - mdates.date2num(a), left=mdates.date2num(a), height=0.55,
                    color=style.source_colour(row.source))
            ax.text(mdates.date2num(b), i, f" to {pd.Timestamp(row.last):%b %Y}" if pd.Timestamp(row.last) < pd.Timestamp(end) else "",
                    va="center", fontsize=style.SMALLEST_PT,  # on white, so that no gridline runs through it
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    ax.set_yticks(range(len(coverage)), [f"{r.source}\n({r.unit})" for r in coverage.itertuples()], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    style.years(ax)
    ax.set_xlabel("date")
    ax.set_title(style.fit_title(fig, title), loc="left")
    style.add_caption(fig, caption)
    attach(fig, coverage)
    return fig


def heatmap(table: pd.DataFrame, title: str, caption: str = "", cbar_label: str = "deaths (best estimate)") -> Figure:
    """Rows x months heatmap; NaN (not covered) drawn hatched grey, not as zero."""
    # never so short that the colour bar's label runs off the figure (two governorates)
    fig, ax = style.figure(height=max(0.28 * len(table) + 1.8, 3.0))
    ax.set_facecolor("#e6e6e6")
    data = table.copy()
    data.columns = [c.strftime("%Y-%m") if isinstance(c, pd.Timestamp) else str(c) for c in data.columns]
    vmax = float(np.nanpercentile(data.to_numpy(dtype=float), 99)) if np.isfinite(data.to_numpy(dtype=float)).any() else 1
    # drawn as seaborn's heatmap draws it, without the whole drawing of the figure that seaborn makes to see
    # whether tick labels overlap (row labels are set level, as they fit)
    mesh = ax.pcolormesh(np.ma.masked_invalid(data.to_numpy(dtype=float)), cmap="rocket_r", vmin=0,
                         vmax=max(vmax, 1), linewidths=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set(xlim=(0, data.shape[1]), ylim=(0, data.shape[0]))
    ax.invert_yaxis()
    fig.colorbar(mesh, ax=ax, label=cbar_label, shrink=0.8).outline.set_linewidth(0)
    ax.set_yticks(np.arange(len(data)) + 0.5, [str(r) for r in data.index], rotation="horizontal", va="center")
    januaries = [i for i, c in enumerate(data.columns) if c.endswith("-01")]
    ticks = januaries if 2 <= len(januaries) <= 20 else list(range(0, len(data.columns), max(1, len(data.columns) // 16)))
    ax.set_xticks(np.array(ticks) + 0.5, [data.columns[i] for i in ticks], rotation=90, fontsize=7)
    ax.grid(False)
    ax.set_ylabel("")
    ax.set_xlabel("month")
    ax.set_title(style.fit_title(fig, title), loc="left")
    style.add_caption(fig, caption + " Grey: months outside the source's coverage; colour scale capped at the 99th percentile.")
    attach(fig, data, units=cbar_label)
    return fig


def share_over_time(table: pd.DataFrame, x: str, kinds: list[str], title: str, caption: str = "",
                    share_col: str = "civilian_share") -> Figure:
    """Stacked areas of deaths by kind (upper panel) and the civilian share (lower panel); gaps stay gaps."""
    fig, (ax1, ax2) = style.figure(height=4.6, nrows=2, sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    t = table.set_index(x)
    base = np.zeros(len(t))
    for k in kinds:
        vals = t[k].to_numpy(dtype=float)
        ax1.fill_between(t.index, base, base + vals, step="mid", color=style.KIND_COLOURS.get(k), label=k, lw=0)
        base = base + vals
    ax1.set_ylabel("deaths per month")
    style.thousands(ax1)
    style.legend_beside(ax1)
    ax1.set_title(style.fit_title(fig, title), loc="left")
    ax2.plot(t.index, t[share_col] * 100, color=style.KIND_COLOURS["civilians"], lw=1.3, marker="o", ms=2)
    if f"{share_col}_low" in t:  # the share's range when all deaths are at UCDP's high or low estimate
        ax2.fill_between(t.index, t[f"{share_col}_low"] * 100, t[f"{share_col}_high"] * 100,
                         color=style.KIND_COLOURS["civilians"], alpha=0.25, lw=0, step="mid")
    ax2.set_ylabel("civilian share, %")
    ax2.set_ylim(0, 100)
    style.years(ax2)
    style.add_caption(fig, caption)
    attach(fig, table[[x, *kinds]].join(table.filter(like=share_col) * 100), units="deaths per month; civilian share in %")
    return fig


def lines_by(table: pd.DataFrame, x: str, by: str, value: str, colours: dict[str, str], title: str, ylabel: str,
             caption: str = "", band: tuple[str, str] | None = None, start=None, end=None) -> Figure:
    """One line per group over time with an optional min-max band per group; NaN stays a gap."""
    fig, ax = style.figure(height=3.8)
    for key, grp in table.groupby(by, sort=False):
        grp = grp.sort_values(x)
        colour = colours.get(key, style.OKABE_ITO["grey"])
        ax.plot(grp[x], grp[value], label=key, color=colour, lw=1.2)
        if band:
            ax.fill_between(grp[x], grp[band[0]], grp[band[1]], color=colour, alpha=0.18, lw=0)
    if start is not None:
        ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(ylabel)
    style.thousands(ax)
    if pd.api.types.is_datetime64_any_dtype(table[x]):  # a few dates, short, whatever the span
        locator = mdates.AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    style.legend_beside(ax)
    ax.set_title(style.fit_title(fig, title), loc="left")
    style.add_caption(fig, caption)
    attach(fig, table[[x, by, value, *(band or ())]], units=ylabel)
    return fig


def participation_heatmap(matrix: pd.DataFrame, title: str, caption: str = "") -> Figure:
    """state x year cells: dark = primary warring party, light = secondary (supporting) party."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    fig, ax = style.figure(height=0.26 * len(matrix) + 1.9)
    cmap = ListedColormap(["#f2f2f2", style.OKABE_ITO["sky"], style.OKABE_ITO["blue"]])
    ax.imshow(matrix.to_numpy(), cmap=cmap, vmin=0, vmax=2, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(matrix.columns)), [str(c) for c in matrix.columns], fontsize=7)
    ax.set_yticks(range(len(matrix.index)), matrix.index, fontsize=7)
    ax.set_xticks(np.arange(-0.5, len(matrix.columns)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(matrix.index)), minor=True)
    ax.grid(which="minor", color="white", lw=1)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="minor", length=0)
    ax.legend(handles=[Patch(color=style.OKABE_ITO["blue"], label="primary warring party"),
                       Patch(color=style.OKABE_ITO["sky"], label="secondary (supporting) party")],
              loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    ax.set_title(style.fit_title(fig, title), loc="left")
    style.add_caption(fig, caption)
    attach(fig, matrix, units="2 = primary warring party, 1 = secondary (supporting) party, 0 = neither")
    return fig


def small_multiples(table: pd.DataFrame, x: str, by: str, value: str, colours: dict[str, str], title: str,
                    ylabel: str, caption: str = "", band: tuple[str, str] | None = None, ncols: int = 3,
                    start=None, end=None) -> Figure:
    """One small panel per group, shared x axis, each with its own y scale; NaN stays a gap."""
    groups = list(dict.fromkeys(table[by]))
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    fig, axes = style.figure(height=1.7 * nrows + 0.9, nrows=nrows, ncols=ncols, sharex=True, squeeze=False)
    for ax, key in zip(axes.flat, groups):
        g = table[table[by] == key].sort_values(x)
        colour = colours.get(key, style.OKABE_ITO["grey"])
        ax.plot(g[x], g[value], color=colour, lw=1.1)
        if band:
            ax.fill_between(g[x], g[band[0]], g[band[1]], color=colour, alpha=0.2, lw=0)
        ax.set_title(key, fontsize=8, loc="left")
        ax.set_ylim(bottom=0)
        style.thousands(ax)
        style.years(ax, 2)
        ax.tick_params(labelsize=style.SMALLEST_PT)
        if start is not None:
            ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    fig.supylabel(ylabel, fontsize=8)
    fig.suptitle(style.fit_title(fig, title), x=0.01, ha="left", fontweight="bold", fontsize=11)
    style.add_caption(fig, caption)
    attach(fig, table[[x, by, value, *(band or ())]], units=ylabel)
    return fig


def dyad_bars(table: pd.DataFrame, title: str, caption: str = "", colours: dict | None = None) -> Figure:
    """Battle deaths per year for each foreign dyad, with low-high whiskers and the dyad's battle locations."""
    labels = list(dict.fromkeys(table["label"]))
    years = sorted(table["year"].unique())
    fig, ax = style.figure(height=3.6 + 0.16 * len(labels))
    width = 0.8 / max(len(labels), 1)
    palette = [style.OKABE_ITO[k] for k in ("vermillion", "blue", "orange", "green", "purple", "sky", "yellow", "grey", "black")]
    for i, lab in enumerate(labels):
        s = table[table["label"] == lab].set_index("year").reindex(years)
        xs = np.arange(len(years)) + (i - (len(labels) - 1) / 2) * width
        colour = (colours or {}).get(lab, palette[i % len(palette)])
        same = [k for k in labels[:i] if (colours or {}).get(k) == colour]  # a second dyad of one actor: hatched
        ax.bar(xs, s["bd_best"], width=width, color=colour, label=lab, hatch="///" if same else None,
               edgecolor="white" if same else None)
        err = np.vstack([(s["bd_best"] - s["bd_low"]).clip(lower=0), (s["bd_high"] - s["bd_best"]).clip(lower=0)])
        ax.errorbar(xs, s["bd_best"], yerr=err, fmt="none", ecolor="#333333", elinewidth=0.6, capsize=1.2)
    ax.set_xticks(range(len(years)), [str(y) for y in years], fontsize=7)
    ax.set_ylabel("battle deaths per year (all battle locations)")
    style.thousands(ax)
    ax.legend(fontsize=style.SMALLEST_PT, loc="upper left", bbox_to_anchor=(0, -0.12), ncols=1, frameon=False)
    ax.set_title(style.fit_title(fig, title), loc="left")
    style.add_caption(fig, caption)
    attach(fig, table[["label", "year", "bd_best", "bd_low", "bd_high"]], units="battle deaths per year")
    return fig


def panels(rows: list[dict], start, end, title: str, caption: str = "", key_events: pd.DataFrame | None = None) -> Figure:
    """Stacked panels sharing the time axis, one per source (each its own unit and colour; NaN stays a gap).

    ``rows``: dicts with ``series`` (Series indexed by period start), ``label``, ``ylabel``, ``colour`` and
    optionally ``band`` (low, high Series) and ``band_label``.
    """
    fig, axes = style.figure(height=1.05 * len(rows) + 0.95, nrows=len(rows), sharex=True, squeeze=False)
    for ax, row in zip(axes[:, 0], rows):
        s = row["series"]
        ax.plot(s.index, s.to_numpy(dtype=float), color=row["colour"], lw=1.2, label=row["label"])
        if row.get("band") is not None:
            lo, hi = row["band"]
            ax.fill_between(lo.index, lo.to_numpy(dtype=float), hi.to_numpy(dtype=float), color=row["colour"],
                            alpha=0.22, lw=0, label=row.get("band_label", "low-high range"))
        ax.set_ylabel(row["ylabel"], fontsize=7)
        ax.set_ylim(bottom=0)
        style.thousands(ax)
        style.legend_beside(ax)
        if key_events is not None:
            for ke in key_events.itertuples():
                ax.axvline(ke.date, color="#555555", lw=0.6, ls="--", zorder=0)
    top = axes[0, 0]
    top.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    # beside their legends the panels are narrow: over more than eight years, a label every two years
    style.years(top, 2 if pd.Timestamp(end).year - pd.Timestamp(start).year > 8 else 1)
    top.set_title(style.fit_title(fig, title), loc="left")
    fig.align_ylabels(axes[:, 0])
    if key_events is not None and len(key_events):
        key_event_labels(top, key_events, start, end)
    style.add_caption(fig, caption)
    attach(fig, {r["label"]: (r["series"], *(r.get("band") or ())) for r in rows}, units="; ".join(f"{r['label']}: {r['ylabel']}" for r in rows))
    return fig


def no_data(title: str, message: str, caption: str = "") -> Figure:
    """A small figure that says plainly that the source has nothing for this selection."""
    fig, ax = style.figure(height=1.6)
    ax.axis("off")
    ax.text(0.5, 0.5, style.wrapped(fig, message, 9), ha="center", va="center", fontsize=9, color="#444444")
    ax.set_title(style.fit_title(fig, title), loc="left")
    style.add_caption(fig, caption)
    return fig
