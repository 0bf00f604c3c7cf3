"""Readers for country-month series: ViEWS cm features and the PaCE aggregation of UCDP GED + Candidate.

- ViEWS: ``month_id`` 1 = January 1980. ``ged_sb`` is state-based deaths (UCDP best) in the month. There is no
  plain one-sided column: one-sided deaths of month m are recovered from ``ged_os_tlag_1`` of month m+1, so the
  last month of the file has no one-sided value (it is absent, not zero).
- PaCE: all types of violence, UCDP best, booked on the month of date_start; events spanning two months were
  dropped by its builder, so 2012-2017 read 16-30 % low (see its PROVENANCE.md). Good for the 2024 shape.
Months outside a source's coverage are absent from the table, never zero.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..fileio import read_csv_text, to_date, to_number
from ..schemas import validate

READER_VERSION = "2"
VIEWS_SYRIA_GWNO = 652


def month_from_views_id(month_id: pd.Series) -> pd.Series:
    """ViEWS month_id (1 = 1980-01) -> first day of that month."""
    base = pd.Period("1980-01", freq="M")
    return pd.Series([(base + int(m) - 1).to_timestamp() for m in month_id], index=month_id.index)


def read_views(path: Path, source_label: str) -> pd.DataFrame:
    raw, label = read_csv_text(path, ["month_id", "ged_sb", "ged_os_tlag_1"], optional=["gleditsch_ward"])
    if "gleditsch_ward" in raw:
        raw = raw[to_number(raw, "gleditsch_ward", label, integer=True) == VIEWS_SYRIA_GWNO]
    month_id = to_number(raw, "month_id", label, integer=True)
    if month_id.duplicated().any():
        line = month_id.duplicated().idxmax()
        raise DataError(f"{label}: month_id {month_id[line]} appears twice (line {line}); expected one row per month")
    months = month_from_views_id(month_id)
    sb = pd.DataFrame({"month": months, "measure": "state-based", "deaths": to_number(raw, "ged_sb", label)})
    lag = to_number(raw, "ged_os_tlag_1", label, required=False)
    os_ = pd.DataFrame({"month": months - pd.DateOffset(months=1), "measure": "one-sided", "deaths": lag})
    # The lag of the first month speaks of a month before coverage; keep only months the file covers.
    os_ = os_[os_["month"].isin(set(months)) & os_["deaths"].notna()]
    out = pd.concat([sb, os_], ignore_index=True)
    out.insert(0, "source", source_label)
    return validate(out.sort_values(["measure", "month"]).reset_index(drop=True), "MONTHLY", label)


def read_pace(path: Path, source_label: str, country: str = "Syria") -> pd.DataFrame:
    # the first column is the unnamed month-end date index
    raw, label = read_csv_text(path, ["Unnamed: 0", country])
    months = to_date(raw, "Unnamed: 0", label).dt.to_period("M").dt.to_timestamp()
    out = pd.DataFrame({"source": source_label, "month": months, "measure": "all types",
                        "deaths": to_number(raw, country, label)})
    return validate(out.reset_index(drop=True), "MONTHLY", label)
