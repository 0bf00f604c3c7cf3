"""Deaths per 100,000 people in Syria by year, nationally: UCDP's counts (OWID's country series, then PaCE's
GED + Candidate series for the years after it) over UN WPP 2024 population."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from .. import measures, rates, registry, style, wording
from ..chartdata import attach


def yearly_rates(start_year: int = 2011, end_year: int = 2025) -> pd.DataFrame:
    """Per-100,000 rates of OWID (UCDP, all types) and PaCE (UCDP GED + Candidate, all types), whole years, with
    each row's dataset id in ``dataset`` (as its table carries it)."""
    yearly = measures.yearly_totals(None, registry.load("pace_ucdp_cm"), None, registry.load("owid_deaths"),
                                    start_year, end_year)
    return rates.per_100k(yearly, registry.load("un_wpp_population"))


def headline(table: pd.DataFrame) -> str:
    """'At the 2013 peak, 340 in every 100,000 Syrians died ...; in 2025, 24' from the data."""
    main = table[table["dataset"] == "owid_deaths"]
    main = main if len(main) else table
    peak = main.loc[main["per_100k"].idxmax()]
    latest = table.loc[table["year"].idxmax()]
    return (f"Per head, the toll peaked in {int(peak['year'])}: {peak['per_100k']:,.0f} in every 100,000 people in Syria "
            f"died in organised violence; in {int(latest['year'])}, {latest['per_100k']:,.0f} ({style.series_name(latest['dataset'])})")


def rates_figure(start_year: int = 2011, end_year: int = 2025) -> Figure:
    """Deaths per 100,000 by year, one line per source in its own colour, named at its end; OWID (UCDP's country
    series) solid, PaCE (which runs two years further) dashed."""
    table = yearly_rates(start_year, end_year)
    fig, ax = style.figure(height=3.8)
    for dataset, part in table.groupby("dataset", sort=False):
        main = dataset == "owid_deaths"
        colour = style.source_colour(dataset)  # each source keeps its colour across the report
        ax.plot(part["year"], part["per_100k"], color=colour, lw=1.8 if main else 1.2, marker="o", ms=3,
                ls="-" if main else "--")
        last = part.iloc[-1]
        ax.annotate(style.series_name(dataset), (last["year"], last["per_100k"]), xytext=(2, 6 if main else 2), textcoords="offset points",
                    color=colour, fontsize=style.SMALLEST_PT, va="bottom")
    ax.set_ylim(bottom=0)
    ax.set_ylabel("deaths per 100,000 people")
    ax.set_xticks(range(int(table["year"].min()), int(table["year"].max()) + 1, 2))
    span = wording.year_span(table['year'].min(), table['year'].max())
    style.frame(fig, headline(table),
                f"Deaths in organised violence per 100,000 people, UCDP best estimate, whole years {span}; population of "
                "1 July, interpolated between the UN's five-year steps",
                source="Sources: UCDP via OWID; PaCE; UN World Population Prospects 2024",
                details="PaCE drops events spanning a month's end and undercounts 2012-2017. Population: UN WPP 2024, medium "
                        "variant, interpolated at a constant growth rate between its five-year steps.")
    attach(fig, table.drop(columns="dataset"), units="deaths per 100,000 people")  # the id is the code's key, not data
    return fig


def rates_table(start_year: int = 2011, end_year: int = 2025) -> pd.DataFrame:
    """Year, source, deaths, population (millions) and deaths per 100,000, as printed."""
    t = yearly_rates(start_year, end_year)
    return pd.DataFrame({"year": t["year"].astype(str), "source": t["source"], "deaths": t["deaths"].round().astype("Int64"),
                         "population, millions": (t["population"] / 1e6).round(2), "per 100,000": t["per_100k"].round(1)})
