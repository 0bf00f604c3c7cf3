"""Yearly UCDP datasets: the readers for ACD conflict-years and BRD dyad-years, Syria's rows.

- ACD may come as UCDP's comma-separated file with ISO dates, or re-saved by a spreadsheet with ';'
  separators and day-month-year dates (the mirror's copy). In the mirror's copy one record (China,
  conflict 11349, 2008) is broken over two lines: such lines are reported by line number and skipped with
  one warning that counts them.
- BRD counts a dyad's deaths over all its battle locations (``battle_location`` lists them): a dyad fought in
  Iraq and Syria carries both. Rows are kept when Syria is the location or among the battle locations.
- Syria is ``gwno_loc`` 652 (Gleditsch-Ward; a conflict fought in several countries lists them all).
Each row carries the dataset id (``dataset``) beside its display label (``source``).
Row checks (``rowchecks``): ids, years and codes whole numbers; BRD's ``bd_low <= bd_best <= bd_high``.

Datasets: ``ucdp_acd`` and ``ucdp_brd``.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import pandas as pd

from .. import catalog, rowchecks
from ..cache import cached_table
from ..codebook import SYRIA
from ..fileio import read_csv_text, to_number
from .contract import non_negative, pandera, validate
from .dataset import Dataset

READER_VERSION = "4"
ACD = "ucdp_acd"
BRD = "ucdp_brd"

ACD_COLUMNS = ["conflict_id", "location", "side_a", "side_a_2nd", "side_b", "side_b_2nd", "year",
               "intensity_level", "type_of_conflict", "gwno_loc", "version"]
BRD_COLUMNS = ["conflict_id", "dyad_id", "side_a", "side_a_2nd", "side_b", "side_b_2nd", "year", "bd_best",
               "bd_low", "bd_high", "type_of_conflict", "battle_location", "gwno_loc", "version"]


def _sides(pa, dataset: str) -> dict:
    """The columns ACD and BRD share: the dataset's id and label, conflict, year, the parties and where the
    conflict was fought."""
    return {
        "dataset": pa.Column(str, pa.Check.eq(dataset)),
        "source": pa.Column(str),
        "conflict_id": pa.Column("Int64"),
        "side_a": pa.Column(str),
        "side_a_2nd": pa.Column(str),
        "side_b": pa.Column(str),
        "side_b_2nd": pa.Column(str),
        "year": pa.Column("Int64", pa.Check.ge(1946)),  # UCDP/PRIO's first year
        "type_of_conflict": pa.Column("Int64", pa.Check.isin([1, 2, 3, 4])),
        "gwno_loc": pa.Column(str),
        "version": pa.Column(str),
    }


@cache
def acd_contract():
    """The conflict-years table's pandera schema: one row per conflict and year located in Syria."""
    pa = pandera()
    return pa.DataFrameSchema(
        {**_sides(pa, ACD), "location": pa.Column(str), "intensity_level": pa.Column("Int64", pa.Check.isin([1, 2]))},
        unique=["conflict_id", "year"], strict=True, coerce=True,
    )


@cache
def brd_contract():
    """The dyad-years table's pandera schema: one row per dyad and year with a Syrian battle location."""
    pa, nonneg = pandera(), non_negative()
    return pa.DataFrameSchema(
        {**_sides(pa, BRD), "dyad_id": pa.Column("Int64"), "bd_best": pa.Column(float, nonneg),
         "bd_low": pa.Column(float, nonneg), "bd_high": pa.Column(float, nonneg),
         "battle_location": pa.Column(str), "syria_is_location": pa.Column(bool)},
        checks=[pa.Check(lambda d: (d["bd_low"] <= d["bd_best"]) & (d["bd_best"] <= d["bd_high"]),
                         error="bd_low <= bd_best <= bd_high")],
        unique=["dyad_id", "year"], strict=True, coerce=True,
    )


class SkippedRowsWarning(UserWarning):
    """Rows of a source file were skipped; the message says which and why."""


def _drop_broken(raw: pd.DataFrame, label: str) -> pd.DataFrame:
    """Skip records broken over lines (year or version not a number), with one counted warning."""
    ok = raw["year"].fillna("").str.fullmatch(r"\d{4}") & raw["version"].fillna("").str.fullmatch(r"\d+(\.\d+)?")
    if not ok.all():
        lines = [str(i) for i in raw.index[~ok]]
        warnings.warn(
            f"{label}: skipped {len(lines)} broken line(s) (a record split over lines; year or version is not a number) "
            f"at line(s) {', '.join(lines)}", SkippedRowsWarning, stacklevel=3)
    return raw[ok]


def _syria_rows(frame: pd.DataFrame) -> pd.Series:
    loc = frame["gwno_loc"].fillna("").str.split(r",\s*").map(lambda xs: str(SYRIA.gleditsch_ward) in xs)
    return loc


def read_acd(path: Path, source_label: str) -> pd.DataFrame:
    raw, label = read_csv_text(path, ACD_COLUMNS, member_pattern=r"Conflict.*\.csv$")
    raw = _drop_broken(raw, label)
    out = raw[_syria_rows(raw)].copy()
    for col in ("conflict_id", "year", "intensity_level", "type_of_conflict"):
        out[col] = to_number(out, col, label, integer=True)
    for col in ("side_a_2nd", "side_b_2nd"):
        out[col] = out[col].fillna("")
    out.insert(0, "source", source_label)
    out.insert(0, "dataset", ACD)
    return validate(out.reset_index(drop=True), acd_contract, label)


def read_brd(path: Path, source_label: str) -> pd.DataFrame:
    raw, label = read_csv_text(path, BRD_COLUMNS, member_pattern=r"(BattleDeaths|brd).*\.csv$")
    raw = _drop_broken(raw, label)
    keep = _syria_rows(raw) | raw["battle_location"].fillna("").str.split(r",\s*").map(lambda xs: SYRIA.name in xs)
    out = raw[keep].copy()
    for col in ("conflict_id", "dyad_id", "year", "type_of_conflict"):
        out[col] = to_number(out, col, label, integer=True)
    for col in ("bd_best", "bd_low", "bd_high"):
        out[col] = to_number(out, col, label)
    rowchecks.ordered(out, "bd_low", "bd_best", label, raw, ["dyad_id", "year"])
    rowchecks.ordered(out, "bd_best", "bd_high", label, raw, ["dyad_id", "year"])
    for col in ("side_a_2nd", "side_b_2nd"):
        out[col] = out[col].fillna("")
    out["syria_is_location"] = _syria_rows(out)
    out.insert(0, "source", source_label)
    out.insert(0, "dataset", BRD)
    return validate(out.reset_index(drop=True), brd_contract, label)


def conflict_years(use_cache: bool = True) -> pd.DataFrame:
    f = catalog.resolve(ACD)
    return cached_table("acd", f.sha256, READER_VERSION,
                        lambda: read_acd(f.path, f"UCDP/PRIO ACD {f.source.version}"), use_cache)


def dyad_years(use_cache: bool = True) -> pd.DataFrame:
    f = catalog.resolve(BRD)
    return cached_table("brd", f.sha256, READER_VERSION,
                        lambda: read_brd(f.path, f"UCDP BRD {f.source.version}"), use_cache)


DATASETS = (
    Dataset(ACD, "UCDP ACD", "conflict_years", "conflicts with 25 or more battle deaths a year, and their parties",
            "conflict-year", "country", ("year", "year"), "year", conflict_years),
    Dataset(BRD, "UCDP BRD", "dyad_years", "battle deaths per dyad and year (low, best, high)",
            "dyad-year", "country (battle locations)", ("year", "year"), "year", dyad_years),
)
