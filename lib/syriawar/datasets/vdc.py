"""VDC documented deaths: the reader for deaths documented by the Violations Documentation Center (VDC), by governorate and day.

Quirks handled here (see the mirror's PROVENANCE.md):
- A documentation list, not an estimate: individual death records (mostly civilians and opposition fighters;
  government-side and IS deaths largely absent) counted by governorate and day from an incomplete scrape.
- ``province`` is spelled VDC's way ("Damascus Suburbs" is Rural Damascus, "Deir Ezzor", "Hasakeh"); it maps
  through data/reference/governorates.csv. Whether it is the place of death or the victim's home is not
  documented; hold it against UCDP before leaning on it.
- Days without a record are absent: within the file's span that means zero recorded; after its last day
  (2018-08-13) months are gaps. Coverage comes from the content (the dataset's date column).
- One row is dated 2011-01-05, before the uprising (1 death, probably a date-entry error): kept, and counted
  in a warning naming its line.
Row checks (``rowchecks``): ``casualties`` a whole number of 0 or more; ``day`` a date VDC can have documented
(2011 to today); one row per governorate and day; ``province`` a known spelling.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import pandas as pd

from .. import catalog, geography, rowchecks
from ..cache import cached_table
from ..fileio import read_csv_text, to_date, to_number
from .contract import non_negative, pandera, validate
from .dataset import Dataset

READER_VERSION = "1"
REQUIRED = ["province", "day", "casualties"]
FIRST_POSSIBLE = pd.Timestamp("2011-01-01")  # VDC began documenting in 2011
UPRISING = pd.Timestamp("2011-03-15")


@cache
def contract():
    """The documented-deaths table's pandera schema: one row per governorate and day."""
    pa, nonneg = pandera(), non_negative()
    return pa.DataFrameSchema(
        {
            "source": pa.Column(str),
            "date": pa.Column("datetime64[ns]"),
            "governorate": pa.Column(str),
            "pcode": pa.Column(str, pa.Check.str_matches(r"^SY\d{2}$")),
            "deaths": pa.Column("Int64", nonneg),
        },
        unique=["governorate", "date"],
        strict=True,
        coerce=True,
    )


class BeforeUprisingWarning(UserWarning):
    """Records dated before the uprising began (15 March 2011): kept, counted, named by line."""


def _governorates(raw: pd.DataFrame, label: str) -> pd.Series:
    names = {s: geography.canonical_governorate(s) for s in raw["province"].dropna().unique()}
    unknown = raw["province"].isna() | raw["province"].map(lambda s: names.get(s) is None)
    rowchecks.fail(label, unknown, "an unknown governorate in column 'province'",
                   "a spelling listed in data/reference/governorates.csv", raw, ["province"])
    return raw["province"].map(names)


def _check_dates(dates: pd.Series, label: str, raw: pd.DataFrame) -> None:
    rowchecks.possible_dates(dates, "day", FIRST_POSSIBLE, label, raw, "VDC began documenting in 2011")
    early = dates < UPRISING
    if early.any():
        lines = ", ".join(str(i) for i in dates.index[early])
        warnings.warn(f"{label}: {int(early.sum())} record(s) dated before the uprising of 15 March 2011 (line(s) {lines}); "
                      "kept as published, probably a date-entry error", BeforeUprisingWarning, stacklevel=3)


def read_vdc(path: Path, source_label: str) -> pd.DataFrame:
    """Read the governorate-day file into the documented-deaths table: source, date, governorate, pcode, deaths."""
    raw, label = read_csv_text(path, REQUIRED)
    raw["province"] = raw["province"].str.strip()
    out = pd.DataFrame(index=raw.index)
    out["source"] = source_label
    out["date"] = to_date(raw, "day", label, fmt="%Y-%m-%d")
    _check_dates(out["date"], label, raw)
    out["governorate"] = _governorates(raw, label)
    out["pcode"] = out["governorate"].map(geography.pcode_of())
    out["deaths"] = to_number(raw, "casualties", label, integer=True)
    rowchecks.non_negative(out.assign(casualties=out["deaths"]), ["casualties"], label, raw, ["province", "day"],
                           what="deaths")
    rowchecks.unique_rows(out, ["governorate", "date"], label, raw, "governorate and day", show_columns=["province", "day"])
    return validate(out.sort_values(["date", "governorate"]).reset_index(drop=True), contract, label)


def documented_deaths(use_cache: bool = True) -> pd.DataFrame:
    f = catalog.resolve("vdc_governorate_days")
    return cached_table("vdc", f.sha256, READER_VERSION, lambda: read_vdc(f.path, "VDC documented deaths"), use_cache)


DATASETS = (
    Dataset("vdc_governorate_days", "VDC", "documented_deaths",
            "deaths documented by VDC (a documentation list, not an estimate), by governorate and day",
            "governorate-day", "governorate", ("date", "date"), "day", documented_deaths),
)
