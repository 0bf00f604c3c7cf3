"""Grids of colour: deaths per governorate and month, and foreign states by year as warring parties."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import style
from .chartdata import attach


def _month_ticks(columns: list) -> tuple[list, list]:
    """Tick positions and labels for a row of months: each January as "2016" when there are two to twenty, else
    at most eight months as "Jan 2016"."""
    stamps = [pd.Timestamp(c) for c in columns]
    januaries = [i for i, c in enumerate(stamps) if c.month == 1]
    if 2 <= len(januaries) <= 20:
        step = 1 if len(januaries) <= 10 else 2
        ticks = januaries[::step]
        return ticks, [str(stamps[i].year) for i in ticks]
    step = max(1, int(np.ceil(len(stamps) / 8)))
    ticks = list(range(0, len(stamps), step))
    return ticks, [style.month(stamps[i]) for i in ticks]


def heatmap(table: pd.DataFrame, title: str, caption: str = "", cbar_label: str = "deaths (best estimate)",
            subtitle: str = "", source: str = "", notes: str = "") -> Figure:
    """Rows x months heatmap; NaN (not covered) drawn grey, not as zero; the colour scale capped at the 99th
    percentile (the colour bar says so); year ticks level."""
    # never so short that the colour bar's label runs off the figure (two governorates)
    fig, ax = style.figure(height=max(0.24 * len(table) + 1.0, 2.4))
    ax.set_facecolor(style.NO_DATA_FACE)
    values = table.to_numpy(dtype=float)
    vmax = float(np.nanpercentile(values, 99)) if np.isfinite(values).any() else 1
    # drawn as seaborn's heatmap draws it, without the whole drawing of the figure that seaborn makes to see
    # whether tick labels overlap (row labels are set level, as they fit)
    mesh = ax.pcolormesh(np.ma.masked_invalid(values), cmap="rocket_r", vmin=0, vmax=max(vmax, 1), linewidths=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set(xlim=(0, values.shape[1]), ylim=(0, values.shape[0]))
    ax.invert_yaxis()
    bar = fig.colorbar(mesh, ax=ax, label=cbar_label, shrink=0.85, format=style.thousands_formatter(),
                       extend="max" if np.nanmax(values) > vmax else "neither")
    bar.outline.set_linewidth(0)
    bar.ax.tick_params(labelsize=style.SMALLEST_PT)
    ax.set_yticks(np.arange(len(table)) + 0.5, [str(r) for r in table.index], rotation="horizontal", va="center",
                  fontsize=style.SMALLEST_PT)
    ticks, labels = _month_ticks(list(table.columns))
    ax.set_xticks(np.array(ticks) + 0.5, labels, fontsize=style.SMALLEST_PT)
    ax.grid(False)
    ax.set_ylabel("")
    ax.set_xlabel("")
    style.frame(fig, title, subtitle, source, details=caption,
                notes=notes or "Grey: months outside the source's coverage. Darkest: the top 1 % of cells and above.")
    attach(fig, table, units=cbar_label)
    return fig


def participation_heatmap(matrix: pd.DataFrame, title: str, caption: str = "", subtitle: str = "",
                          source: str = "") -> Figure:
    """state x year cells: dark = primary warring party, light = secondary (supporting) party (greys: these are
    roles, not actors, and take no actor's colour)."""
    from matplotlib.colors import ListedColormap

    fig, ax = style.figure(height=0.2 * len(matrix) + 0.9)
    cmap = ListedColormap([style.EMPTY_CELL, style.PALE_GREY, style.SOURCE_GREYS[0]])
    ax.imshow(matrix.to_numpy(), cmap=cmap, vmin=0, vmax=2, aspect="auto", interpolation="nearest")
    cols = [str(c) for c in matrix.columns]
    every = 2 if len(cols) > 10 else 1
    ax.set_xticks(range(0, len(cols), every), cols[::every], fontsize=style.SMALLEST_PT)
    ax.set_yticks(range(len(matrix.index)), matrix.index, fontsize=style.SMALLEST_PT)
    ax.set_xticks(np.arange(-0.5, len(matrix.columns)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(matrix.index)), minor=True)
    ax.grid(which="minor", color="white", lw=1)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="minor", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    style.frame(fig, title, subtitle, source, details=caption,
                notes="Dark: a primary warring party. Light: a secondary (supporting) party.")
    attach(fig, matrix, units="2 = primary warring party, 1 = secondary (supporting) party, 0 = neither")
    return fig
