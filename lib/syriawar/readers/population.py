"""Reader for UN World Population Prospects 2024 population by age and sex, as shipped in ``population.csv.gz``
of the bokeh-sampledata package (medium variant, persons on 1 July of every fifth year, 1950 to 2100; years after
2023 are WPP's projections).

Layout: ``LocID, Location, Year, Sex, AgeGrp, AgeGrpStart, Value``; one row per country, year, sex (Male/Female)
and five-year age group, ``Value`` in persons. Rows are filtered to one country by UN ``LocID`` (Syria: 760,
the UN M49 code, not the Gleditsch-Ward 652 UCDP uses) and summed over age groups. Checks: numbers where numbers
are expected, values of 0 or more, the two sexes only, one total per year and sex.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import rowchecks
from ..errors import DataError
from ..fileio import read_csv_text, to_number

READER_VERSION = "1"
SYRIA_M49 = 760
SEXES = ("Male", "Female")


def read_wpp(path: Path, source_label: str, loc_id: int = SYRIA_M49) -> pd.DataFrame:
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
    unknown = ~frame["sex"].isin(SEXES)
    if unknown.any():
        line = frame.index[unknown][0]
        raise DataError(f"{label}: line {line}: Sex {frame.at[line, 'sex']!r}; expected one of {', '.join(SEXES)}")
    by_sex = frame.groupby(["year", "sex"], as_index=False)["value"].sum()
    both = by_sex.groupby("year", as_index=False)["value"].sum().assign(sex="Both")
    out = pd.concat([by_sex, both], ignore_index=True).rename(columns={"value": "population"})
    out.insert(0, "source", source_label)
    return out.sort_values(["sex", "year"]).reset_index(drop=True)[["source", "year", "sex", "population"]]
