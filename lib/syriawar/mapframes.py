"""Where a map looks: the view of all Syria, a governorate's frame, and a frame zoomed to a set of points that
holds every located one. Pure geometry on OCHA's outlines; the drawing is in maps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import boundaries
from .style import A4_WIDTH_IN

SYRIA_LIMITS = {"x": (35.5, 42.5), "y": (32.2, 37.45)}
ASPECT = 1 / np.cos(np.deg2rad(35))  # degrees of longitude are shorter than degrees of latitude at 35 N


def points_per_governorate(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """How many of the points each governorate holds (pcode order), by its outline as drawn."""
    import shapely

    gov = boundaries.drawn("governorates")
    return np.array([int(shapely.contains_xy(g, lon, lat).sum()) for g in gov.geometry])


def bounds_around(lon, lat, x=(np.inf, -np.inf), y=(np.inf, -np.inf)) -> tuple[tuple, tuple]:
    """The limits ``x``, ``y`` widened to hold every finite point of ``lon``, ``lat``."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return tuple(x), tuple(y)
    return ((min(x[0], lon[ok].min()), max(x[1], lon[ok].max())), (min(y[0], lat[ok].min()), max(y[1], lat[ok].max())))


def points_limits(points: pd.DataFrame, margin: float = 0.03, min_span: float = 1.2, share: float = 0.1,
                  most: float = 0.75):
    """x and y limits of a map zoomed to ``points``: the bounds of every located point together with those of each
    governorate that holds at least ``share`` of them, plus ``margin`` of that size on each side (and 0.12 degree),
    at least ``min_span`` degrees tall and never narrower than tall. Every located point lies inside. A governorate
    holding fewer (one strike near Homs city, one in the far north-east) frames only its points: all of Homs would
    widen the map to the desert on the Iraqi border. Returns (x, y), or None when the frame would cover ``most`` of
    Syria both ways (then the whole country is drawn, see ``country_limits``) or no point is located."""
    lon, lat = points["longitude"].to_numpy(dtype=float), points["latitude"].to_numpy(dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return None
    lon, lat = lon[ok], lat[ok]
    (x0, x1), (y0, y1) = bounds_around(lon, lat)
    gov = boundaries.drawn("governorates")
    for g, held in zip(gov.geometry, points_per_governorate(lon, lat)):
        if held and held >= share * len(lon):
            gx0, gy0, gx1, gy1 = g.bounds
            x0, x1, y0, y1 = min(x0, gx0), max(x1, gx1), min(y0, gy0), max(y1, gy1)
    dx, dy = (x1 - x0) * margin + 0.12, (y1 - y0) * margin + 0.12
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_y = max((y1 - y0) / 2 + dy, min_span / 2)
    half_x = max((x1 - x0) / 2 + dx, half_y * ASPECT)  # never narrower than the map is tall
    (sx0, sx1), (sy0, sy1) = SYRIA_LIMITS["x"], SYRIA_LIMITS["y"]
    if 2 * half_x >= most * (sx1 - sx0) and 2 * half_y >= most * (sy1 - sy0):
        return None
    return (cx - half_x, cx + half_x), (cy - half_y, cy + half_y)


BORDER_AREA = 0.5  # degrees beyond Syria's view where a map of Syria still draws a point (strikes near its borders)


def beyond_syria(points: pd.DataFrame) -> np.ndarray:
    """Which points lie more than BORDER_AREA degrees beyond Syria's view: not the subject of a map of Syria."""
    lon, lat = points["longitude"].to_numpy(dtype=float), points["latitude"].to_numpy(dtype=float)
    (sx0, sx1), (sy0, sy1) = SYRIA_LIMITS["x"], SYRIA_LIMITS["y"]
    with np.errstate(invalid="ignore"):
        return ((lon < sx0 - BORDER_AREA) | (lon > sx1 + BORDER_AREA) | (lat < sy0 - BORDER_AREA)
                | (lat > sy1 + BORDER_AREA))


def country_limits(points: pd.DataFrame) -> tuple[tuple, tuple]:
    """The limits of a map of all Syria, widened (with a tenth of a degree to spare) to any point beyond them: a
    strike or an event just across the border is drawn, not cut off."""
    (x0, x1), (y0, y1) = bounds_around(points["longitude"], points["latitude"])
    (sx0, sx1), (sy0, sy1) = SYRIA_LIMITS["x"], SYRIA_LIMITS["y"]
    return (min(sx0, x0 - 0.1), max(sx1, x1 + 0.1)), (min(sy0, y0 - 0.1), max(sy1, y1 + 0.1))


def zoom_limits(governorate: str, margin: float = 0.12) -> tuple[tuple[float, float], tuple[float, float]]:
    """x and y limits of a map of ``governorate``: its bounds plus ``margin`` of their size on each side."""
    gov = boundaries.drawn("governorates")
    x0, y0, x1, y1 = gov.loc[gov["governorate"] == governorate].total_bounds
    dx, dy = (x1 - x0) * margin + 0.05, (y1 - y0) * margin + 0.05
    return (x0 - dx, x1 + dx), (y0 - dy, y1 + dy)


def height_for(limits, room_beside: float = 1.6, least: float = 2.4, most: float = 4.4) -> float:
    """A map's figure height in inches for its ``limits`` ((x0, x1), (y0, y1)): the page's width less
    ``room_beside`` (a key or colour bar) drawn at the map's shape, plus the room style.frame's title and caption
    need beyond 0.45 in; between ``least`` and ``most`` (a band across the north needs less than a square, and a
    fixed height left wide governorates such as Hama between two empty bands)."""
    (x0, x1), (y0, y1) = limits
    return float(np.clip(0.55 + (A4_WIDTH_IN - room_beside) * (y1 - y0) * ASPECT / (x1 - x0), least, most))
