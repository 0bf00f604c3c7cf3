"""Cross-source sanity checks, as Our World in Data's UCDP steps hold datasets against each other.

Sources built from the same UCDP coding should agree within a stated tolerance:
- UCDP GED state-based deaths per year against UCDP BRD battle deaths of dyads located in Syria. BRD is summed
  from GED events of the same dyads; releases revise their counts, and BRD counts a dyad's deaths over all its
  battle locations, so the two differ by some per cent, not by a factor.
- ViEWS state-based deaths against UCDP GED state-based deaths, summed over the months both cover in a year.
  ViEWS books year-long aggregate records on their last month, so months differ; years should not.
A year beyond the tolerance is a CrossSourceWarning naming both numbers. Only whole years (or the months both
sources cover) are compared.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .coverage import Coverage
from .measures import documented_deaths, fatalities

VIEWS = "views_cm_syria"  # the dataset id of ViEWS' country-month rows
TOLERANCE = {"UCDP BRD": 0.15, "ViEWS": 0.20}  # largest relative difference (|theirs / ours - 1|) accepted
COLUMNS = ["check", "against", "year", "months", "UCDP GED", "other", "difference, %", "tolerance, %", "agrees"]


class CrossSourceWarning(UserWarning):
    """Two sources that should agree differ beyond the stated tolerance; the message gives both numbers."""


def _ged_state_based(events: pd.DataFrame, coverage: Coverage) -> pd.DataFrame:
    sb = events[events["type_of_violence"] == "state-based"]
    f = fatalities(sb, "M", start=coverage.first, end=coverage.last, coverage=coverage).table
    return f[f["covered_share"] >= 1].set_index("period")[["best"]]


def ged_against_brd(events: pd.DataFrame, dyads: pd.DataFrame, coverage: Coverage) -> pd.DataFrame:
    """Per whole year both cover: GED state-based best deaths and BRD best battle deaths (Syria as location)."""
    ged = _ged_state_based(events, coverage)
    per_year = ged.groupby(ged.index.year)["best"].agg(["sum", "size"])
    per_year = per_year[per_year["size"] == 12]
    brd = dyads[dyads["syria_is_location"]].groupby("year")["bd_best"].sum()
    years = per_year.index.intersection(brd.index)
    return _rows("UCDP GED state-based vs UCDP BRD (dyads located in Syria)", "UCDP BRD",
                 per_year.loc[years, "sum"], brd.loc[years], pd.Series(12, index=years))


def views_against_ged(events: pd.DataFrame, monthly: pd.DataFrame, coverage: Coverage) -> pd.DataFrame:
    """Per year: ViEWS and GED state-based deaths summed over the months both cover; ViEWS' rows are those of
    ``monthly`` whose ``dataset`` id is ViEWS' (``VIEWS``)."""
    ged = _ged_state_based(events, coverage)["best"]
    views = monthly[(monthly["dataset"] == VIEWS) & (monthly["measure"] == "state-based")]
    views = views.set_index("month")["deaths"]
    months = ged.index.intersection(views.index)
    ours = ged.loc[months].groupby(months.year).sum()
    theirs = views.loc[months].groupby(months.year).sum()
    return _rows("ViEWS state-based vs UCDP GED state-based (months both cover)", "ViEWS", ours, theirs,
                 pd.Series(months.year).value_counts().sort_index())


def _rows(check: str, other: str, ours: pd.Series, theirs: pd.Series, months: pd.Series) -> pd.DataFrame:
    tol = TOLERANCE[other]
    diff = (theirs / ours.where(ours > 0) - 1).to_numpy(dtype=float)
    return pd.DataFrame({"check": check, "against": other, "year": ours.index.astype(int), "months": months.reindex(ours.index).to_numpy(),
                         "UCDP GED": ours.to_numpy(), "other": theirs.to_numpy(), "difference, %": 100 * diff,
                         "tolerance, %": 100 * tol, "agrees": np.abs(diff) <= tol}, columns=COLUMNS)


def cross_source_checks(events: pd.DataFrame, coverage: Coverage, dyads: pd.DataFrame | None,
                        monthly: pd.DataFrame | None) -> pd.DataFrame:
    """Every check that the given tables allow; warns (CrossSourceWarning) for each year beyond tolerance."""
    parts = []
    if dyads is not None:
        parts.append(ged_against_brd(events, dyads, coverage))
    if monthly is not None:
        parts.append(views_against_ged(events, monthly, coverage))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    for r in out[~out["agrees"].astype(bool)].to_dict(orient="records"):
        warnings.warn(f"{r['check']}, {r['year']}: UCDP GED {r['UCDP GED']:,.0f} against {r['other']:,.0f} "
                      f"({r['difference, %']:+.1f} %), beyond the tolerance of {r['tolerance, %']:.0f} %",
                      CrossSourceWarning, stacklevel=2)
    return out



def documented_against_events(docs: pd.DataFrame, docs_coverage: Coverage, events: pd.DataFrame,
                              events_coverage: Coverage) -> pd.DataFrame:
    """VDC's documented deaths against UCDP GED deaths, by governorate, over the months both cover whole.

    Not a check with a tolerance (the two count different things: a documentation list of mostly civilians and
    opposition fighters, and estimates of all deaths in organised violence), but a comparison a reader needs
    before trusting VDC's earlier years: per governorate, VDC's total against UCDP's (best, and civilians
    only), their ratios, and the correlation of the two monthly series.
    """
    cov = Coverage(max(docs_coverage.first, events_coverage.first), min(docs_coverage.last, events_coverage.last))
    if cov.first > cov.last:
        return pd.DataFrame(columns=["governorate", "months", "VDC documented", "UCDP best", "UCDP civilians",
                                     "VDC / UCDP best", "VDC / UCDP civilians", "monthly correlation"])
    vdc = documented_deaths(docs, "M", by="governorate", start=cov.first, end=cov.last, coverage=cov)
    ged = fatalities(events, "M", by="governorate", start=cov.first, end=cov.last, coverage=cov,
                     values=("best", "deaths_civilians")).table
    both = vdc.merge(ged, on=["period", "governorate", "covered_share"], how="inner")
    both = both[both["covered_share"] >= 1]
    rows = []
    for gov, g in both.groupby("governorate"):
        rows.append({"governorate": gov, "months": len(g), "VDC documented": g["deaths"].sum(),
                     "UCDP best": g["best"].sum(), "UCDP civilians": g["deaths_civilians"].sum(),
                     "monthly correlation": g["deaths"].astype(float).corr(g["best"])})
    out = pd.DataFrame(rows)
    for col in ("VDC documented", "UCDP best", "UCDP civilians"):  # sums of deaths spread over days: whole deaths
        out[col] = out[col].round().astype("Int64")
    out["VDC / UCDP best"] = out["VDC documented"] / out["UCDP best"].where(out["UCDP best"] > 0)
    out["VDC / UCDP civilians"] = out["VDC documented"] / out["UCDP civilians"].where(out["UCDP civilians"] > 0)
    return out[["governorate", "months", "VDC documented", "UCDP best", "UCDP civilians", "VDC / UCDP best",
                "VDC / UCDP civilians", "monthly correlation"]]
