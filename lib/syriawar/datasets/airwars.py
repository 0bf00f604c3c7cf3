"""Airwars strikes: the reader for the Airwars Syria incident table (compact summary of Airwars' civilian-harm assessments).

Quirks handled here:
- ``military_original`` names one or several belligerents separated by commas; kept as a list.
- ``region_ar`` is Arabic and not always a governorate: towns, two governorates, places in Turkey, Iraq and
  Israel; and it puts many Eastern Ghouta strikes in Damascus. An incident's coordinates decide when they fall
  in a governorate (point in polygon against the OCHA boundaries); region_ar, mapped through
  data/reference/governorates.csv, decides for the others.
- Two rows have dates that do not parse and one says 1970-01-01: such rows are set aside as rejected
  rows (reported with their line and reason), never dropped silently.
- Civilians killed and injured are ranges (min, max); empty means not assessed, not zero.
- ``date_end`` (a strike over several days) is sometimes before ``date``: one row in the March 2025 file (RS2053,
  2017-04-03 to 2017-02-04, day and month swapped somewhere). Which date is wrong cannot be told; the incident is
  kept on its ``date`` with ``date_end`` left empty, and a ``DateOrderWarning`` names the line. A ``date_end`` that
  does not parse is an error naming the line.
Row checks (``rowchecks``): ``killed_min``/``killed_max`` and ``injured_min``/``injured_max`` numbers of 0 or more
with min <= max; ``airwars_id``
unique; ``source_count`` a whole number; coordinates inside the region Airwars covers (Syria and the border areas
of its neighbours, where it also records strikes); ``region_ar`` a known place.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import boundaries, catalog, geography, rowchecks
from ..cache import cached_table
from ..fileio import read_csv_text, to_date, to_number
from .contract import non_negative, pandera, validate
from .dataset import Dataset

READER_VERSION = "6"
REQUIRED = ["code", "airwars_id", "date", "military_original", "killed_min", "killed_max", "latitude", "longitude"]
OPTIONAL = ["date_end", "location_original", "region_ar", "strike_type_original", "injured_min", "injured_max",
            "source_count", "airwars_url"]
# Syria and its neighbours' border areas: Airwars' Syria archive names strikes across the borders too
AIRWARS_REGION = {"lon": (34.0, 46.0), "lat": (31.0, 38.5)}
# Airwars' Syria coverage starts with the US-led coalition's strikes (23 Sep 2014); earlier dates are placeholders.
EARLIEST_PLAUSIBLE = pd.Timestamp("2014-01-01")


@cache
def contract():
    """The strikes table's pandera schema: one row per incident, civilians killed and injured as ranges."""
    pa, nonneg = pandera(), non_negative()
    return pa.DataFrameSchema(
        {
            "source": pa.Column(str),
            "incident_id": pa.Column(str, unique=True),
            "incident_code": pa.Column(str),
            "date": pa.Column("datetime64[ns]"),
            "date_end": pa.Column("datetime64[ns]", nullable=True),
            "location": pa.Column(str, nullable=True),
            "region_ar": pa.Column(str, nullable=True),
            "governorate": pa.Column(str, nullable=True),
            "pcode": pa.Column(str, nullable=True),
            "belligerents": pa.Column(object),
            "strike_type": pa.Column(str, nullable=True),
            "civilians_killed_min": pa.Column(float, nonneg, nullable=True),
            "civilians_killed_max": pa.Column(float, nonneg, nullable=True),
            "injured_min": pa.Column(float, nonneg, nullable=True),
            "injured_max": pa.Column(float, nonneg, nullable=True),
            "latitude": pa.Column(float, nullable=True),
            "longitude": pa.Column(float, nullable=True),
            "source_count": pa.Column("Int64", nullable=True),
            "url": pa.Column(str, nullable=True),
        },
        strict=True,
        coerce=True,
    )


class DateOrderWarning(UserWarning):
    """Incidents whose date_end is before their date: kept on their date, with date_end left empty."""


def split_belligerents(text: str | float) -> list[str]:
    if not isinstance(text, str):
        return []
    return [part.strip() for part in text.split(",") if part.strip()]


def read_airwars(path: Path, source_label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (strike incidents, rejected rows with line, column, value and reason)."""
    raw, label = read_csv_text(path, REQUIRED, optional=OPTIONAL)
    dates = pd.to_datetime(raw["date"], errors="coerce", format="%Y-%m-%d")
    ends = to_date(raw, "date_end", label, fmt="%Y-%m-%d") if "date_end" in raw else pd.NaT
    today = pd.Timestamp.today().normalize()
    rejects = []
    bad_parse = dates.isna()
    placeholder = dates.notna() & ((dates < EARLIEST_PLAUSIBLE) | (dates > today))
    for line in raw.index[bad_parse]:
        rejects.append((line, "date", raw.at[line, "date"], "date does not parse as YYYY-MM-DD"))
    for line in raw.index[placeholder]:
        rejects.append((line, "date", raw.at[line, "date"], f"placeholder date outside the source's coverage (from {EARLIEST_PLAUSIBLE.date()})"))
    rejected = pd.DataFrame(rejects, columns=["line", "column", "value", "reason"]).astype({"value": str})
    rejected.insert(0, "file", label)
    keep = ~(bad_parse | placeholder)

    st = pd.DataFrame(index=raw.index)
    st["source"] = source_label
    # Airwars codes are reused now and then (TS631, TS633 name two incidents each); airwars_id is the key.
    st["incident_id"] = raw["airwars_id"].str.strip()
    st["incident_code"] = raw["code"]
    st["date"] = dates
    st["date_end"] = ends
    st["location"] = raw.get("location_original")
    st["region_ar"] = raw.get("region_ar")
    st["belligerents"] = raw["military_original"].map(split_belligerents)
    st["strike_type"] = raw.get("strike_type_original")
    st["civilians_killed_min"] = to_number(raw, "killed_min", label, required=False)
    st["civilians_killed_max"] = to_number(raw, "killed_max", label, required=False)
    for col in ("injured_min", "injured_max"):
        st[col] = to_number(raw, col, label, required=False) if col in raw else np.nan
    st["latitude"] = to_number(raw, "latitude", label, required=False)
    st["longitude"] = to_number(raw, "longitude", label, required=False)
    st["source_count"] = to_number(raw, "source_count", label, integer=True, required=False) if "source_count" in raw else pd.NA
    st["url"] = raw.get("airwars_url")
    counts = raw.assign(killed_min=st["civilians_killed_min"], killed_max=st["civilians_killed_max"],
                        injured_min=st["injured_min"], injured_max=st["injured_max"])
    rowchecks.non_negative(counts, ["killed_min", "killed_max"], label, raw, ["code"], what="civilians killed")
    rowchecks.ordered(counts, "killed_min", "killed_max", label, raw, ["code"])
    rowchecks.non_negative(counts, ["injured_min", "injured_max"], label, raw, ["code"], what="civilians injured")
    rowchecks.ordered(counts, "injured_min", "injured_max", label, raw, ["code"])
    st["date_end"] = _end_on_or_after_start(st, raw, keep, label)
    rowchecks.unique_rows(st, ["incident_id"], label, raw, "airwars_id", show_columns=["code", "airwars_id"])
    rowchecks.inside_box(st["longitude"], st["latitude"], AIRWARS_REGION, "the region Airwars covers", label, raw, ["code"])

    st = st[keep]
    _known_places(st, raw, label)
    st["governorate"] = assign_governorates(st)
    pcodes = geography.pcode_of()
    st["pcode"] = st["governorate"].map(pcodes).astype(object).where(st["governorate"].isin(list(pcodes)), None)
    st = st.reset_index(drop=True)[list(contract().columns)]
    return validate(st, contract, label), rejected


def _end_on_or_after_start(st: pd.DataFrame, raw: pd.DataFrame, keep: pd.Series, label: str) -> pd.Series:
    """date_end, left empty (with a DateOrderWarning naming the first line) where it is before the incident's
    date; rows set aside for their date are not counted."""
    before = keep & st["date_end"].notna() & (st["date_end"] < st["date"])
    if before.any():
        line = before.idxmax()
        warnings.warn(f"{label}: {int(before.sum())} incident(s) with date_end before date, first at line {line} "
                      f"(code={raw.at[line, 'code']!r}, date={raw.at[line, 'date']!r}, date_end="
                      f"{raw.at[line, 'date_end']!r}); kept on their date, with date_end left empty",
                      DateOrderWarning, stacklevel=3)
    return st["date_end"].mask(before)


def _known_places(st: pd.DataFrame, raw: pd.DataFrame, label: str) -> None:
    """Every region_ar of the incidents kept is a spelling the reference table knows (one DataError naming the
    first line otherwise)."""
    region = st["region_ar"].fillna("")
    known = {name: geography.match_place(name) is not None for name in region.unique() if name}
    rowchecks.fail(label, region.map(lambda name: bool(name) and not known[name]), "an unknown place in region_ar",
                   "a spelling listed in data/reference/governorates.csv (add it with its governorate and source)",
                   raw, ["code", "region_ar"])


def assign_governorates(st: pd.DataFrame) -> pd.Series:
    """Governorate per incident: from its coordinates when they fall in a governorate (Airwars' region names put
    many Eastern Ghouta strikes in Damascus), else from region_ar; None where neither settles it."""
    located = pd.Series(boundaries.locate_points(st["longitude"].to_numpy(), st["latitude"].to_numpy()), index=st.index)
    in_syria = located.notna() & (located != geography.OUTSIDE_SYRIA)
    return located.where(in_syria, _by_region(st, located))


def _by_region(st: pd.DataFrame, located: pd.Series) -> pd.Series:
    """Governorate per incident from region_ar; where it names several places or none, coordinates decide."""
    out = pd.Series(None, index=st.index, dtype=object)
    for name, idx in st.groupby(st["region_ar"].fillna("")).groups.items():
        match = geography.match_place(name) if name else None
        if match and match.kind in ("governorate", "town"):
            out[idx] = match.governorates[0]
        elif match and match.kind == "outside":
            out[idx] = geography.OUTSIDE_SYRIA
        else:  # multi, region or no name: coordinates decide; for multi only among the named governorates
            loc = located[idx]
            if match and match.kind == "multi":
                loc = loc.where(loc.isin(match.governorates), None)
            out[idx] = loc.where(loc.notna(), None)
    return out


LABEL = "Airwars (compact table, 2026-07)"


def _strikes_pair(use_cache: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    found = catalog.resolve("airwars_syria")
    holder: dict[str, pd.DataFrame] = {}

    def build_strikes() -> pd.DataFrame:
        holder["strikes"], holder["rejects"] = read_airwars(found.path, LABEL)
        return holder["strikes"]

    def build_rejects() -> pd.DataFrame:
        if "rejects" not in holder:
            holder["strikes"], holder["rejects"] = read_airwars(found.path, LABEL)
        return holder["rejects"]

    strikes_ = cached_table("strikes", found.sha256, READER_VERSION, build_strikes, use_cache)
    rejects_ = cached_table("strikes-rejected", found.sha256, READER_VERSION, build_rejects, use_cache)
    return strikes_, rejects_


def strikes(use_cache: bool = True) -> pd.DataFrame:
    """Airwars incidents; rows with unparsable or placeholder dates are set aside (see strike_rejects) with a warning."""
    st, rej = _strikes_pair(use_cache)
    if len(rej):
        warnings.warn(f"Airwars: {len(rej)} incident row(s) set aside for bad dates (lines "
                      f"{', '.join(str(x) for x in rej['line'])})",
                      stacklevel=2)
    st = st.copy()
    st["belligerents"] = st["belligerents"].map(list)
    return st


def strike_rejects(use_cache: bool = True) -> pd.DataFrame:
    """The rows set aside for bad dates: file, line, column, value and reason."""
    return _strikes_pair(use_cache)[1]


DATASETS = (
    Dataset("airwars_syria", "Airwars", "strikes", "strike incidents with alleged civilian harm; civilians killed min-max",
            "incident", "point, governorate", ("date", "date"), "day", strikes),
)
