"""UN WPP population: the reader for UN World Population Prospects 2024 population by age and sex, as shipped in ``population.csv.gz``
of the bokeh-sampledata package (medium variant, persons on 1 July of every fifth year, 1950 to 2100; years after
2023 are WPP's projections).

Layout: ``LocID, Location, Year, Sex, AgeGrp, AgeGrpStart, Value``; one row per country, year, sex (Male/Female)
and five-year age group, ``Value`` in persons. Rows are filtered to one country by UN ``LocID`` (Syria: 760,
the UN M49 code, not the Gleditsch-Ward 652 UCDP uses) and summed over age groups. Checks: numbers where numbers
are expected, values of 0 or more, the two sexes only, one total per year and sex (the contract).

Dataset: ``un_wpp_population``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from .. import catalog, rowchecks
from ..cache import cached_table
from ..codebook import SYRIA
from ..errors import DataError
from ..fileio import read_csv_text, to_number
from .contract import non_negative, pandera, validate
from .dataset import Dataset

READER_VERSION = "1"
SEXES = ("Male", "Female")


@cache
def contract():
    """The population table's pandera schema: persons by year and sex (the two sexes and their sum, 'Both')."""
    pa = pandera()
    return pa.DataFrameSchema(
        {
            "source": pa.Column(str),
            "year": pa.Column("Int64"),
            "sex": pa.Column(str, pa.Check.isin([*SEXES, "Both"])),
            "population": pa.Column(float, non_negative()),
        },
        unique=["year", "sex"],
        strict=True,
        coerce=True,
    )


def read_wpp(path: Path, source_label: str, loc_id: int = SYRIA.un_m49) -> pd.DataFrame:
    """One row per year and sex for the country ``loc_id``: ``source, year, sex, population`` (persons, summed
    over age groups), plus a row per year with sex 'Both'."""
    raw, label = read_csv_text(path, ["LocID", "Location", "Year", "Sex", "AgeGrp", "Value"])
    raw = raw[to_number(raw, "LocID", label, integer=True) == loc_id]
    if raw.empty:
        raise DataError(f"{label}: no rows with LocID {loc_id}; expected WPP's population of that UN location")
    year = to_number(raw, "Year", label, integer=True)
    value = to_number(raw, "Value", label)
    frame = pd.DataFrame({"year": year, "sex": raw["Sex"].str.strip(), "value": value})
    rowchecks.non_negative(frame.rename(columns={"value": "Value"}), ["Value"], label, raw, ["Year", "AgeGrp"], what="persons")
    rowchecks.fail(label, ~frame["sex"].isin(SEXES), "an unknown Sex", f"one of {', '.join(SEXES)}", raw, ["Year", "Sex"])
    by_sex = frame.groupby(["year", "sex"], as_index=False)["value"].sum()
    both = by_sex.groupby("year", as_index=False)["value"].sum().assign(sex="Both")
    out = pd.concat([by_sex, both], ignore_index=True).rename(columns={"value": "population"})
    out.insert(0, "source", source_label)
    out = out.sort_values(["sex", "year"]).reset_index(drop=True)[["source", "year", "sex", "population"]]
    return validate(out, contract, label)


def wpp_population(use_cache: bool = True) -> pd.DataFrame:
    """Syria's population by year (every fifth) and sex, UN WPP 2024 medium variant."""
    p = catalog.resolve("un_wpp_population", download=False)
    return cached_table("population-wpp", p.sha256, READER_VERSION, lambda: read_wpp(p.path, "UN WPP 2024"), use_cache)


DATASETS = (
    Dataset("un_wpp_population", "UN WPP 2024", "population", "people living in Syria on 1 July (persons), by sex",
            "country-year (every fifth year)", "country", ("year", "year"), "year", wpp_population),
)
