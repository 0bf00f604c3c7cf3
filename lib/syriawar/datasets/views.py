"""ViEWS country-month deaths: the reader for ViEWS cm features, Syria's rows.

- ``month_id`` 1 = January 1980. ``ged_sb`` is state-based deaths (UCDP best) in the month. There is no plain
  one-sided column: one-sided deaths of month m are recovered from ``ged_os_tlag_1`` of month m+1, so the last
  month of the file has no one-sided value (it is absent, not zero).
- A file of several countries is filtered to Syria by ``gleditsch_ward`` (652).
Each row carries the dataset id (``dataset``) beside its display label (``source``).
Months outside the source's coverage are absent from the table, never zero. Contract: the country-month series
shared with PaCE (``contract.country_month``). Row checks (``rowchecks``): one row per ``month_id``.

Dataset: ``views_cm_syria``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import catalog, rowchecks
from ..cache import cached_table
from ..codebook import SYRIA
from ..fileio import read_csv_text, to_number
from .contract import country_month, validate
from .dataset import Dataset

READER_VERSION = "3"
DATASET = "views_cm_syria"


def month_from_views_id(month_id: pd.Series) -> pd.Series:
    """ViEWS month_id (1 = 1980-01) -> first day of that month."""
    base = pd.Period("1980-01", freq="M")
    return pd.Series([(base + int(m) - 1).to_timestamp() for m in month_id], index=month_id.index)


def read_views(path: Path, source_label: str) -> pd.DataFrame:
    raw, label = read_csv_text(path, ["month_id", "ged_sb", "ged_os_tlag_1"], optional=["gleditsch_ward"])
    if "gleditsch_ward" in raw:
        raw = raw[to_number(raw, "gleditsch_ward", label, integer=True) == SYRIA.gleditsch_ward]
    month_id = to_number(raw, "month_id", label, integer=True)
    rowchecks.unique_rows(pd.DataFrame({"month_id": month_id}), ["month_id"], label, raw, "month_id")
    months = month_from_views_id(month_id)
    sb = pd.DataFrame({"month": months, "measure": "state-based", "deaths": to_number(raw, "ged_sb", label)})
    lag = to_number(raw, "ged_os_tlag_1", label, required=False)
    os_ = pd.DataFrame({"month": months - pd.DateOffset(months=1), "measure": "one-sided", "deaths": lag})
    # The lag of the first month speaks of a month before coverage; keep only months the file covers.
    os_ = os_[os_["month"].isin(set(months)) & os_["deaths"].notna()]
    out = pd.concat([sb, os_], ignore_index=True)
    out.insert(0, "source", source_label)
    out.insert(0, "dataset", DATASET)
    return validate(out.sort_values(["measure", "month"]).reset_index(drop=True), country_month, label)


def monthly_views(use_cache: bool = True) -> pd.DataFrame:
    v = catalog.resolve(DATASET)
    return cached_table("monthly-views", v.sha256, READER_VERSION,
                        lambda: read_views(v.path, "ViEWS cm (UCDP GED/Candidate)"), use_cache)


DATASETS = (
    Dataset(DATASET, "ViEWS", "monthly", "state-based and one-sided deaths (UCDP best), country-month",
            "country-month", "country", ("month", "month"), "month", monthly_views),
)
