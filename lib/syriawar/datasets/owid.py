"""OWID yearly deaths: the reader for Our World in Data's deaths in armed conflicts (UCDP best, all types), one
country's rows (Syria by default), kept as a cross-check of the yearly sums. Each row carries
the dataset id (``dataset``) beside its display label (``source``).

Dataset: ``owid_deaths``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from .. import catalog
from ..cache import cached_table
from ..codebook import SYRIA
from ..errors import DataError
from ..fileio import read_csv_text, to_number
from .contract import non_negative, pandera, validate
from .dataset import Dataset

READER_VERSION = "4"
DATASET = "owid_deaths"


@cache
def contract():
    """The yearly deaths table's pandera schema: one row per dataset (its id) and year."""
    pa, nonneg = pandera(), non_negative()
    return pa.DataFrameSchema(
        {
            "dataset": pa.Column(str),
            "source": pa.Column(str),
            "year": pa.Column(int),
            "deaths": pa.Column(float, nonneg),
            "deaths_low": pa.Column(float, nonneg, nullable=True),
            "deaths_high": pa.Column(float, nonneg, nullable=True),
        },
        unique=["dataset", "year"],
        strict=True,
        coerce=True,
    )


def read_owid(path: Path, source_label: str, entity: str = SYRIA.name) -> pd.DataFrame:
    raw, label = read_csv_text(path, ["Entity", "Year", "Deaths"])
    raw = raw[raw["Entity"] == entity]
    if raw.empty:
        raise DataError(f"{label}: no rows for {entity!r} in column Entity")
    out = pd.DataFrame({"dataset": DATASET, "source": source_label, "year": to_number(raw, "Year", label, integer=True),
                        "deaths": to_number(raw, "Deaths", label), "deaths_low": float("nan"),
                        "deaths_high": float("nan")})
    return validate(out.reset_index(drop=True), contract, label)


def yearly_deaths(use_cache: bool = True) -> pd.DataFrame:
    f = catalog.resolve(DATASET)
    return cached_table("owid", f.sha256, READER_VERSION, lambda: read_owid(f.path, "OWID (UCDP)"), use_cache)


DATASETS = (
    Dataset(DATASET, "OWID", "yearly_deaths", "deaths in armed conflicts, all types (UCDP best), country-year",
            "country-year", "country", ("year", "year"), "year", yearly_deaths),
)
