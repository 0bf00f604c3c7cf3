"""Revisions: how a source's counts for the same months changed from one release or build to the next, as a
figure (each vintage's monthly deaths, the latest over the earlier) and a table (yearly totals that changed)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from .. import revisions as rv
from .. import style
from ..chartdata import attach

# The registry id of each source whose vintages are compared (``revisions.vintages`` names them so)
VINTAGE_DATASETS = {"PaCE": "pace_ucdp_cm", "UCDP GED": "ucdp_ged_global", "UCDP Candidate": "ucdp_ged_candidate"}


def _window(table: pd.DataFrame, start=None, end=None, months: int = 36) -> pd.DataFrame:
    """The compared months to draw: those around [start, end] (six months either side), else the last ``months``."""
    if start is not None and end is not None:
        lo = pd.Timestamp(start).to_period("M").to_timestamp() - pd.DateOffset(months=6)
        hi = pd.Timestamp(end).to_period("M").to_timestamp() + pd.DateOffset(months=6)
        return table[(table["month"] >= lo) & (table["month"] <= hi)]
    last = table.groupby(["source", "earlier", "later"])["month"].transform("max")
    return table[table["month"] > last - pd.DateOffset(months=months)]


def headline(table: pd.DataFrame) -> str:
    """The title: the largest change to one month, said with both counts (computed from ``table``)."""
    top = rv.largest(table)
    if top is None or top["change"] == 0:
        return "No month's count changed between the releases in hand"
    return (f"{top['source']}'s {top['later']} {'raised' if top['change'] > 0 else 'lowered'} "
            f"{top['month']:%B %Y} from {top['before']:,.0f} to {top['after']:,.0f} deaths, "
            f"the largest revision of a month both vintages hold")


def revisions_figure(found: dict | None = None, start=None, end=None, months: int = 36) -> Figure:
    """One panel per compared pair of vintages: the earlier vintage's monthly deaths in grey, the later one in the
    source's colour, over the compared months around [start, end] or the last ``months`` of them."""
    found = rv.vintages() if found is None else found
    table = rv.revisions(found)
    if table.empty:
        fig, ax = style.figure(height=1.6)
        ax.axis("off")
        ax.text(0, 0.5, "Only one release or build of each source is in hand, so no revision can be shown.", fontsize=9)
        return fig
    shown = _window(table, start, end, months)
    shown = shown if len(shown) else table
    pairs = list(shown.groupby(["source", "earlier", "later"], sort=False))
    fig, axes = style.figure(height=2.3 * len(pairs) + 1.1, nrows=len(pairs), squeeze=False)
    for ax, ((source, earlier, later), part) in zip(axes[:, 0], pairs):
        colour = style.source_colour(VINTAGE_DATASETS.get(source, ""))
        ax.plot(part["month"], part["before"], color=style.EARLIER_GREY, lw=1.4, marker="o", ms=2.5)
        ax.plot(part["month"], part["after"], color=colour, lw=1.6, marker="o", ms=2.5)
        last = part.iloc[-1]  # lines named at their ends, not in a legend
        ax.annotate(f" {earlier}", (last["month"], last["before"]), color=style.TEXT_GREY, fontsize=style.SMALLEST_PT, va="top")
        ax.annotate(f" {later}", (last["month"], last["after"]), color=colour, fontsize=style.SMALLEST_PT, va="bottom")
        top = part.loc[part["change"].abs().idxmax()]
        if top["change"] != 0:
            ax.annotate(f"{top['month']:%b %Y}: {top['before']:,.0f} to {top['after']:,.0f}", (top["month"], top["after"]),
                        xytext=(-8, 2), textcoords="offset points", ha="right", fontsize=style.SMALLEST_PT)
        ax.set_ylim(bottom=0, top=max(part["before"].max(), part["after"].max()) * 1.25 or 1)
        ax.set_ylabel("deaths per month")
        ax.set_title(f"{source}: {earlier} and {later}" if len(pairs) > 1 else "", loc="left", fontsize=8.5,
                     fontweight="normal")
        style.thousands(ax)
        style.years(ax)
    span = f"{shown['month'].min():%b %Y} - {shown['month'].max():%b %Y}"
    style.frame(fig, headline(shown),
                f"Deaths per month in Syria as each release or build gave them, UCDP best estimate, {span}; the earlier in grey",
                source="Source: " + "; ".join(found), details="Vintages compared: " + "; ".join(
                    f"{s} ({', '.join(v.label for v in vs)})" for s, vs in found.items()))
    attach(fig, shown, units="deaths per month")
    return fig


def revisions_table(found: dict | None = None) -> pd.DataFrame:
    """Yearly totals that changed between consecutive vintages, with counts as whole numbers."""
    found = rv.vintages() if found is None else found
    y = rv.by_year(rv.revisions(found))
    return y.assign(year=y["year"].astype(str),  # a year, not a count: no thousands separator
                    **{c: y[c].round().astype("Int64") for c in ("before", "after", "change")})


def reading_revisions(found: dict | None = None) -> str:
    """One or two sentences: which sources have several vintages, and how much their shared months moved."""
    found = rv.vintages() if found is None else found
    table = rv.revisions(found)
    if table.empty:
        return "Only one release or build of each source is in hand; revisions cannot be shown."
    parts = []
    for (source, earlier, later), t in table.groupby(["source", "earlier", "later"], sort=False):
        changed = int((t["change"] != 0).sum())
        parts.append(f"{source}'s {later} changed {changed:,} of the {len(t):,} months it shares with its {earlier} "
                     f"(in all {t['before'].sum():,.0f} to {t['after'].sum():,.0f} deaths)")
    return "; ".join(parts) + ". Counts of recent months move most: preliminary Candidate events are recoded when UCDP's final release comes out."
