"""Governorates: one canonical name and OCHA pcode for every spelling the sources use (boundaries: ``boundaries``).

The reference table ``data/reference/governorates.csv`` maps each spelling to
- ``governorate``: one of the 14 (``kind`` governorate, or ``town`` for a town named where a governorate belongs),
- several governorates separated by ``;`` (``kind`` multi: the row's coordinates decide),
- nothing (``kind`` region: coordinates decide), or ``outside Syria`` (``kind`` outside).
Lookups ignore case, surrounding space and a trailing "Governorate".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .boundaries import OUTSIDE_SYRIA  # noqa: F401  (re-exported: readers name places outside Syria so)
from .errors import DataError
from .reference import read_reference

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


def in_syria_bbox(lon: pd.Series, lat: pd.Series) -> pd.Series:
    return lon.between(*SYRIA_BBOX["lon"]) & lat.between(*SYRIA_BBOX["lat"])
