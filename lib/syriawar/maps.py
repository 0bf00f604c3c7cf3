"""Maps on the OCHA governorate boundaries, drawn with plain matplotlib polygons (no GIS stack needed)."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from . import geography, style


def outline(ax, facecolors=None, edgecolor="#666666") -> list:
    """The 14 governorates' outlines on ``ax`` (filled with ``facecolors`` in shape order); returns their owners."""
    shapes = geography.governorate_shapes()
    polys, owners = [], []
    for s in shapes:
        for ring in s["rings"]:
            polys.append(ring)
            owners.append(s["governorate"])
    coll = PolyCollection(polys, facecolors=facecolors if facecolors is not None else "#f4f4f4",
                          edgecolors=edgecolor, linewidths=0.5)
    ax.add_collection(coll)
    ax.set_xlim(35.5, 42.5)
    ax.set_ylim(32.2, 37.45)
    ax.set_aspect(1 / np.cos(np.deg2rad(35)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for sp in ax.spines.values():
        sp.set_visible(False)
    return owners


def choropleth(values: pd.Series, title: str, caption: str = "", label: str = "deaths (best estimate)",
               cmap: str = "rocket_r") -> Figure:
    """Governorates coloured by ``values`` (index = canonical governorate names); missing = hatched grey."""
    fig, ax = style.figure(height=5.2)
    owners_probe = [s["governorate"] for s in geography.governorate_shapes() for _ in s["rings"]]
    vmax = float(values.max()) if len(values) and values.max() > 0 else 1.0
    norm = mpl.colors.Normalize(vmin=0, vmax=vmax)
    cm = mpl.colormaps[cmap]
    faces = [cm(norm(values[g])) if g in values.index and pd.notna(values[g]) else (0.9, 0.9, 0.9, 1) for g in owners_probe]
    outline(ax, facecolors=faces)
    for s in geography.governorate_shapes():
        v = values.get(s["governorate"], np.nan)
        txt = f"{s['governorate']}\n{v:,.0f}" if pd.notna(v) else s["governorate"]
        lon, lat = s["centroid"]
        small = s["governorate"] in ("Damascus", "Quneitra", "Tartous", "Lattakia", "Dar'a")
        ax.text(lon, lat, txt, ha="center", va="center", fontsize=5.0 if small else 6.2,
                color="white" if pd.notna(v) and norm(v) > 0.6 else "#222222")
    fig.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cm), ax=ax, shrink=0.7, label=label)
    ax.set_title(title, loc="left")
    style.add_caption(fig, caption)
    return fig


def point_map(points: pd.DataFrame, size_col: str, title: str, caption: str = "", colour_col: str | None = None,
              colours: dict[str, str] | None = None, left_off: int = 0, left_off_what: str = "events without a precise location (governorate or country only)",
              size_label: str = "deaths") -> Figure:
    """Points sized by ``size_col`` (area proportional), coloured by ``colour_col``; says how many were left off."""
    fig, ax = style.figure(height=5.2)
    outline(ax)
    points = points.reset_index(drop=True)
    vals = points[size_col].fillna(0).to_numpy(dtype=float)
    ref = max(float(np.nanmax(vals)) if len(vals) else 1.0, 1.0)
    sizes = 4 + 220 * vals / ref
    if colour_col:
        for key, grp in points.groupby(colour_col, sort=False):
            sel = points.index.get_indexer(grp.index)
            ax.scatter(grp["longitude"], grp["latitude"], s=sizes[sel], alpha=0.45, lw=0.3, edgecolor="white",
                       color=(colours or {}).get(key, style.OKABE_ITO["grey"]), label=f"{key} ({len(grp):,})")
    else:
        ax.scatter(points["longitude"], points["latitude"], s=sizes, alpha=0.4, lw=0.3, edgecolor="white",
                   color=style.OKABE_ITO["vermillion"])
    for v in (ref / 10, ref):
        ax.scatter([], [], s=4 + 220 * v / ref, color="#888888", alpha=0.5, label=f"{v:,.0f} {size_label}")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="lower right", fontsize=7, frameon=True)
    note = f" {left_off:,} {left_off_what} are left off the map." if left_off else ""
    ax.set_title(title, loc="left")
    style.add_caption(fig, caption + note)
    return fig
