"""OCHA's boundaries (COD-AB v02) as GeoDataFrames, and which governorate or district a point lies in.

``governorates()`` and ``districts()`` return GeoDataFrames (WGS 84) for the maps and for users who want
them; ``locate_points`` and ``locate_districts`` answer point-in-polygon with geopandas' spatial join.
geopandas is imported when a boundary is first needed, so reading a table that needs none stays light.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pandas as pd

from . import catalog
from .errors import DataError

OUTSIDE_SYRIA = "outside Syria"
GOVERNORATE_COLUMNS = {"adm1_name": "governorate", "adm1_pcode": "pcode", "adm1_name1": "name_ar",
                       "center_lon": "centroid_lon", "center_lat": "centroid_lat"}
DISTRICT_COLUMNS = {"adm2_name": "district", "adm2_pcode": "district_pcode", "adm1_name": "governorate",
                    "adm1_pcode": "pcode", "center_lon": "centroid_lon", "center_lat": "centroid_lat"}


@lru_cache(maxsize=8)
def _read_layer(path: str, columns: tuple[tuple[str, str], ...], expected: int):
    try:
        layer = _read_polygons(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{path}: cannot read the boundaries ({exc}); expected OCHA COD-AB polygons") from exc
    names = dict(columns)
    missing = [c for c in names if c not in layer.columns]
    if missing:
        raise DataError(f"{path}: missing field(s) {', '.join(missing)}; found {', '.join(map(str, layer.columns))}")
    if len(layer) != expected:
        raise DataError(f"{path}: expected {expected} polygons, found {len(layer)}")
    out = layer[[*names, "geometry"]].rename(columns=names)
    for col in ("centroid_lon", "centroid_lat"):
        out[col] = pd.to_numeric(out[col], errors="coerce")
    return out.set_crs("EPSG:4326", allow_override=True)


def _read_polygons(path: str):
    """A GeoJSON file through json and shapely (geopandas' from_features); any other format through GDAL (geopandas'
    read_file). GDAL's reader costs a kernel 29 MB and is not needed for OCHA's GeoJSON."""
    import geopandas as gpd

    if path.lower().endswith((".geojson", ".json")):
        from shapely.errors import ShapelyError

        try:
            with open(path, encoding="utf-8") as fh:
                return gpd.GeoDataFrame.from_features(json.load(fh)["features"])
        except ShapelyError as exc:
            raise ValueError(str(exc)) from exc
    from pyogrio.errors import DataSourceError

    try:
        return gpd.read_file(path)
    except DataSourceError as exc:
        raise ValueError(str(exc)) from exc


def governorates():
    """The 14 governorates: governorate, pcode, name_ar, centroid_lon, centroid_lat, geometry (pcode order)."""
    path = catalog.resolve("ocha_admin1").path
    return _read_layer(str(path), tuple(GOVERNORATE_COLUMNS.items()), 14).sort_values("pcode").reset_index(drop=True)


def districts():
    """The 62 districts: district, district_pcode, governorate, pcode, centroid_lon, centroid_lat, geometry."""
    path = catalog.resolve("ocha_admin2").path
    return _read_layer(str(path), tuple(DISTRICT_COLUMNS.items()), 62).sort_values("district_pcode").reset_index(drop=True)


# Outlines for drawing, simplified once per process: OCHA's polygons hold 29,000 (governorates) and 76,000
# (districts) vertices, far finer than a printed page shows, and every vertex costs in the SVG and the PDF (the
# PDF writer parses each one in Python). The tolerance follows the area shown: a map about 375 pt across its
# larger side shows a 1500th of that side per quarter point, so vertices closer than that cannot be seen. All
# Syria (7 degrees wide) is simplified to 0.003 degrees (about 300 m); Aleppo zoomed to about 0.0018; Damascus to
# about 0.0002. The exact polygons stay for locating points.
COUNTRY_TOLERANCE = 0.003
ZOOMED_SPAN_PARTS = 1500

LAYERS = {"governorates": "ocha_admin1", "districts": "ocha_admin2"}


def drawn(level: str, view: tuple[float, float, float, float] | None = None):
    """``governorates()`` or ``districts()`` (``level``) with outlines simplified for drawing: for a map of all
    Syria, or, given ``view`` (x0, y0, x1, y1, the area a zoomed map shows), for that view and cut to it with one
    span to spare on each side (an equal-aspect axes may show more than its limits). The source is resolved on
    every call, so that each report names the boundaries it drew."""
    found = catalog.resolve(LAYERS[level])
    if view is None:
        return _simplified(found.sha256, level, COUNTRY_TOLERANCE, None)
    x0, y0, x1, y1 = view
    w, h = x1 - x0, y1 - y0
    return _simplified(found.sha256, level, max(w, h) / ZOOMED_SPAN_PARTS, (x0 - w, y0 - h, x1 + w, y1 + h))


# the version of the simplification below: a change to it must change this, so that no cached outline is reused
OUTLINES_VERSION = "1"


@lru_cache(maxsize=64)
def _simplified(sha256: str, level: str, tolerance: float, box):
    """The simplified (and cut) layer, from the project's cache of tables, keyed by the source's checksum, the
    level, the tolerance and the box: simplifying a layer with its topology kept took 37 ms a layer, two layers in
    each governorate report, every time. Geometries are kept as WKB, which gives back the same coordinates."""
    import hashlib

    import geopandas as gpd
    import shapely

    from .cache import cached_table

    def build() -> pd.DataFrame:
        layer = {"governorates": governorates, "districts": districts}[level]().copy()
        layer["geometry"] = layer.geometry.simplify(tolerance, preserve_topology=True)
        if box is not None:
            layer = layer.clip(box)  # a zoomed map draws only what it shows
            layer = layer[~layer.geometry.is_empty]
        return pd.DataFrame(layer.to_wkb())

    key = hashlib.sha256(repr((level, tolerance, box)).encode()).hexdigest()[:12]
    frame = cached_table(f"outlines-{level}-{key}", sha256, OUTLINES_VERSION, build)
    return gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=shapely.from_wkb(frame["geometry"]),
                            crs="EPSG:4326")


UTM_37N = "EPSG:32637"  # metres, for distances across Syria


def _locate(lon, lat, layer, column: str, outside, nearest_m: float = 0.0) -> np.ndarray:
    """``column`` of the polygon holding each point; with ``nearest_m``, points in no polygon take the nearest
    one within that many metres (events UCDP places on the coastline fall just offshore)."""
    import geopandas as gpd

    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    out = np.full(lon.shape, None, dtype=object)
    has = ~(np.isnan(lon) | np.isnan(lat))
    out[has] = outside
    if has.any():
        pts = gpd.GeoDataFrame({"i": np.flatnonzero(has)}, geometry=gpd.points_from_xy(lon[has], lat[has]), crs="EPSG:4326")
        hit = gpd.sjoin(pts, layer[[column, "geometry"]], predicate="within", how="inner").drop_duplicates("i")
        out[hit["i"].to_numpy()] = hit[column].to_numpy()
        missed = pts[~pts["i"].isin(hit["i"])]
        if nearest_m and len(missed):
            near = gpd.sjoin_nearest(missed.to_crs(UTM_37N), layer[[column, "geometry"]].to_crs(UTM_37N),
                                     max_distance=nearest_m, how="inner").drop_duplicates("i")
            out[near["i"].to_numpy()] = near[column].to_numpy()
    return out


def locate_points(lon, lat) -> np.ndarray:
    """Governorate (canonical name) holding each point; ``outside Syria`` where none does, None without coordinates."""
    return _locate(lon, lat, governorates(), "governorate", OUTSIDE_SYRIA)


def locate_districts(lon, lat, nearest_m: float = 5000.0) -> np.ndarray:
    """District (OCHA name) holding each point, or the nearest within ``nearest_m`` metres (a point on the
    coastline may fall just offshore); None beyond that or without coordinates."""
    return _locate(lon, lat, districts(), "district", None, nearest_m)
