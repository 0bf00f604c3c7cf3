"""Governorates: one canonical name and OCHA pcode for every spelling the sources use, and the OCHA boundaries.

The reference table ``data/reference/governorates.csv`` maps each spelling to
- ``governorate``: one of the 14 (``kind`` governorate, or ``town`` for a town named where a governorate belongs),
- several governorates separated by ``;`` (``kind`` multi: the row's coordinates decide),
- nothing (``kind`` region: coordinates decide), or ``outside Syria`` (``kind`` outside).
Lookups ignore case, surrounding space and a trailing "Governorate".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.path import Path as MplPath

from . import catalog
from .errors import DataError
from .reference import read_reference

OUTSIDE_SYRIA = "outside Syria"
# Syria's bounding box (OCHA admin0: 35.61-42.39 E, 32.32-37.32 N) with a small margin.
SYRIA_BBOX = {"lon": (35.5, 42.5), "lat": (32.2, 37.4)}


def normalise(name: str) -> str:
    text = re.sub(r"\s+", " ", str(name)).strip().casefold()
    text = re.sub(r"\s+governorate$", "", text)
    return text


@lru_cache(maxsize=1)
def reference_table() -> pd.DataFrame:
    table = read_reference("governorates", ["spelling", "governorate", "pcode", "kind"])
    table["key"] = table["spelling"].map(normalise)
    clash = table.groupby("key")["governorate"].nunique()
    if (clash > 1).any():
        raise DataError(f"data/reference/governorates.csv: spellings that read alike map to different governorates: {', '.join(clash[clash > 1].index)}")
    return table


def governorate_names() -> list[str]:
    """The 14 canonical (OCHA) governorate names, in pcode order."""
    ref = reference_table()
    gov = ref[ref.kind == "governorate"].drop_duplicates("pcode").sort_values("pcode")
    return gov["governorate"].tolist()


def pcode_of() -> dict[str, str]:
    ref = reference_table()
    gov = ref[ref.kind == "governorate"].drop_duplicates("pcode")
    return dict(zip(gov.governorate, gov.pcode))


@dataclass(frozen=True)
class PlaceMatch:
    spelling: str
    kind: str  # governorate, town, multi, region, outside
    governorates: tuple[str, ...]


def match_place(name: str) -> PlaceMatch | None:
    """What a place string stands for, or None when the reference table does not know it."""
    ref = reference_table()
    hit = ref[ref["key"] == normalise(name)]
    if hit.empty:
        return None
    row = hit.iloc[0]
    govs = tuple(g for g in row.governorate.split(";") if g) if row.kind != "outside" else ()
    return PlaceMatch(row.spelling, row.kind, govs)


def canonical_governorate(name: str) -> str | None:
    """The canonical governorate for a spelling that names exactly one; None for others."""
    m = match_place(name)
    if m and m.kind in ("governorate", "town"):
        return m.governorates[0]
    return None


@lru_cache(maxsize=1)
def governorate_shapes() -> list[dict]:
    """The 14 OCHA governorates as plain polygons: [{governorate, pcode, name_ar, rings: [ndarray (n, 2) lon/lat], centroid}]."""
    resolved = catalog.resolve("ocha_admin1")
    try:
        data = json.loads(resolved.path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{resolved.path}: not valid GeoJSON ({exc})") from exc
    out = []
    for feat in data.get("features", []):
        props, geom = feat["properties"], feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = [np.asarray(poly[0], dtype=float) for poly in polys]  # outer rings; governorates have no holes here
        out.append({
            "governorate": props["adm1_name"], "pcode": props["adm1_pcode"], "name_ar": props.get("adm1_name1"),
            "rings": rings, "centroid": (float(props["center_lon"]), float(props["center_lat"])),
        })
    if len(out) != 14:
        raise DataError(f"{resolved.path}: expected 14 governorate polygons, found {len(out)}")
    return out


def locate_points(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Governorate (canonical name) containing each point; ``outside Syria`` where none does, NA where no coordinates."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    out = np.full(lon.shape, None, dtype=object)
    has = ~(np.isnan(lon) | np.isnan(lat))
    out[has] = OUTSIDE_SYRIA
    pts = np.column_stack([lon[has], lat[has]])
    idx = np.flatnonzero(has)
    found = np.zeros(len(idx), dtype=bool)
    for shape in governorate_shapes():
        for ring in shape["rings"]:
            inside = MplPath(ring).contains_points(pts) & ~found
            out[idx[inside]] = shape["governorate"]
            found |= inside
    return out


def in_syria_bbox(lon: pd.Series, lat: pd.Series) -> pd.Series:
    return lon.between(*SYRIA_BBOX["lon"]) & lat.between(*SYRIA_BBOX["lat"])
