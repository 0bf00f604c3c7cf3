"""Readers for yearly UCDP datasets (ACD conflict-years, BRD dyad-years) and the OWID yearly series.

- ACD may come as UCDP's comma-separated file with ISO dates, or re-saved by a spreadsheet with ';'
  separators and day-month-year dates (the mirror's copy). In the mirror's copy one record (China,
  conflict 11349, 2008) is broken over two lines: such lines are reported by line number and skipped with
  one warning that counts them.
- BRD counts a dyad's deaths over all its battle locations (``battle_location`` lists them): a dyad fought in
  Iraq and Syria carries both. Rows are kept when Syria is the location or among the battle locations.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..fileio import read_csv_text, to_number
from ..schemas import validate

READER_VERSION = "3"
SYRIA = "Syria"
SYRIA_GWNO = "652"

ACD_COLUMNS = ["conflict_id", "location", "side_a", "side_a_2nd", "side_b", "side_b_2nd", "year",
               "intensity_level", "type_of_conflict", "gwno_loc", "version"]
BRD_COLUMNS = ["conflict_id", "dyad_id", "side_a", "side_a_2nd", "side_b", "side_b_2nd", "year", "bd_best",
               "bd_low", "bd_high", "type_of_conflict", "battle_location", "gwno_loc", "version"]


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
    loc = frame["gwno_loc"].fillna("").str.split(r",\s*").map(lambda xs: SYRIA_GWNO in xs)
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
    return out.reset_index(drop=True)


def read_brd(path: Path, source_label: str) -> pd.DataFrame:
    raw, label = read_csv_text(path, BRD_COLUMNS, member_pattern=r"(BattleDeaths|brd).*\.csv$")
    raw = _drop_broken(raw, label)
    keep = _syria_rows(raw) | raw["battle_location"].fillna("").str.split(r",\s*").map(lambda xs: SYRIA in xs)
    out = raw[keep].copy()
    for col in ("conflict_id", "dyad_id", "year", "type_of_conflict"):
        out[col] = to_number(out, col, label, integer=True)
    for col in ("bd_best", "bd_low", "bd_high"):
        out[col] = to_number(out, col, label)
    bad = (out["bd_low"] > out["bd_best"]) | (out["bd_best"] > out["bd_high"])
    if bad.any():
        raise DataError(f"{label}: bd_low <= bd_best <= bd_high fails at line {bad.idxmax()}")
    for col in ("side_a_2nd", "side_b_2nd"):
        out[col] = out[col].fillna("")
    out["syria_is_location"] = _syria_rows(out)
    out.insert(0, "source", source_label)
    return out.reset_index(drop=True)


def read_owid(path: Path, source_label: str, entity: str = SYRIA) -> pd.DataFrame:
    raw, label = read_csv_text(path, ["Entity", "Year", "Deaths"])
    raw = raw[raw["Entity"] == entity]
    if raw.empty:
        raise DataError(f"{label}: no rows for {entity!r} in column Entity")
    out = pd.DataFrame({"source": source_label, "year": to_number(raw, "Year", label, integer=True),
                        "deaths": to_number(raw, "Deaths", label), "deaths_low": float("nan"),
                        "deaths_high": float("nan")})
    return validate(out.reset_index(drop=True), "YEARLY", label)
