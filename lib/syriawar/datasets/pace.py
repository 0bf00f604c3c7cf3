"""PaCE country-month deaths: the reader for the PaCE aggregation of UCDP GED + Candidate.

All types of violence, UCDP best, booked on the month of date_start; events spanning two months were dropped by
its builder, so 2012-2017 read 16-30 % low (see its PROVENANCE.md). Good for the 2024 shape. Each row carries the id of the build read
(``dataset``) beside its display label (``source``). Months outside the
source's coverage are absent from the table, never zero. Contract: the country-month series shared with ViEWS
(``contract.country_month``).

Datasets: ``pace_ucdp_cm`` and its earlier build ``pace_ucdp_cm_2025_01`` (for comparing vintages).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import catalog
from ..cache import cached_table
from ..codebook import SYRIA
from ..fileio import read_csv_text, to_date, to_number
from .contract import country_month, validate
from .dataset import Dataset

READER_VERSION = "3"
DATASET = "pace_ucdp_cm"
BUILD_2025_01 = "pace_ucdp_cm_2025_01"


def read_pace(path: Path, dataset: str, source_label: str, country: str = SYRIA.name) -> pd.DataFrame:
    """A PaCE file -> the country-month series of ``country``, each row keyed by ``dataset`` (the id of the build
    read) and labelled ``source_label``."""
    # the first column is the unnamed month-end date index
    raw, label = read_csv_text(path, ["Unnamed: 0", country])
    months = to_date(raw, "Unnamed: 0", label).dt.to_period("M").dt.to_timestamp()
    out = pd.DataFrame({"dataset": dataset, "source": source_label, "month": months, "measure": "all types",
                        "deaths": to_number(raw, country, label)})
    return validate(out.reset_index(drop=True), country_month, label)


def monthly_pace(use_cache: bool = True) -> pd.DataFrame:
    p = catalog.resolve(DATASET)
    return cached_table("monthly-pace", p.sha256, READER_VERSION,
                        lambda: read_pace(p.path, DATASET, "PaCE (UCDP GED 25.1 + Candidate)"), use_cache)


def pace_build_2025_01(use_cache: bool = True) -> pd.DataFrame:
    """PaCE's earlier build (January 2025: GED 24.1 + Candidate 24), for comparing vintages."""
    p = catalog.resolve(BUILD_2025_01)
    return cached_table("monthly-pace-2025-01", p.sha256, READER_VERSION,
                        lambda: read_pace(p.path, BUILD_2025_01, "PaCE build 2025-01 (UCDP GED 24.1 + Candidate 24)"), use_cache)


DATASETS = (
    Dataset(DATASET, "PaCE", "monthly", "deaths in all types of organised violence (UCDP best), country-month",
            "country-month", "country", ("month", "month"), "month", monthly_pace),
    Dataset(BUILD_2025_01, "PaCE (build 2025-01)", "monthly",
            "deaths in all types of organised violence (UCDP best), country-month; an earlier build, for revisions",
            "country-month", "country", ("month", "month"), "month", pace_build_2025_01),
)
