"""Deaths per 100,000 people: yearly deaths over Syria's population from UN World Population Prospects 2024.

WPP gives the population on 1 July of every fifth year (1950, 1955, ..., 2100; medium variant, projections after
2023). The years between are interpolated log-linearly (a constant growth rate within each five-year step, as
populations grow or shrink by a share of themselves), which for Syria differs from a straight line by less than
1 % (2010-2015, when the population fell by about 3 million). A year's rate is its deaths over its mid-year
population, times 100,000.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import ParameterError

PER = 100_000


def population_by_year(population: pd.DataFrame, years, sex: str = "Both") -> pd.Series:
    """Mid-year population of each of ``years`` (year -> persons) from WPP's five-year steps, interpolated
    log-linearly; ParameterError for a year outside the steps held."""
    steps = population[population["sex"] == sex].set_index("year")["population"].sort_index()
    years = np.asarray(list(years), dtype=int)
    if steps.empty:
        raise ParameterError(f"population: no rows for sex {sex!r}; expected 'Both', 'Male' or 'Female'")
    outside = years[(years < steps.index.min()) | (years > steps.index.max())]
    if len(outside):
        raise ParameterError(f"population: year {outside[0]} is outside WPP's {steps.index.min()}-{steps.index.max()}")
    values = np.exp(np.interp(years, steps.index.to_numpy(), np.log(steps.to_numpy(dtype=float))))
    return pd.Series(values, index=pd.Index(years, name="year"), name="population")


def per_100k(yearly: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Rates for the whole years of ``yearly`` (source, measure, year, deaths, months as from
    ``measures.yearly_totals``): the same columns plus population and per_100k. Partial years are left out: a
    rate of part of a year is no yearly rate."""
    whole = yearly[yearly["months"] >= 12].copy()
    if whole.empty:
        return whole.assign(population=pd.Series(dtype=float), per_100k=pd.Series(dtype=float))
    pop = population_by_year(population, whole["year"].unique())
    whole["population"] = whole["year"].map(pop)
    whole["per_100k"] = PER * whole["deaths"] / whole["population"]
    return whole.reset_index(drop=True)
