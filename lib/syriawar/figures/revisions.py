"""Revisions: how a source's counts for the same months changed from one release or build to the next, as a
figure (each vintage's monthly deaths, the latest over the earlier) and a table (yearly totals that changed)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from .. import revisions as rv
from .. import style, wording
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
    """The title: the largest change to one month, said with both counts (computed from ``table``), in a reader's
    words ("PaCE's March 2026 update raised its count for December 2024 from 886 to 954 deaths, ...")."""
    top = rv.largest(table)
    if top is None or top["change"] == 0:
        return "No month's count changed between the versions in hand"
    return (f"{top['source']}'s {top['later']} {'raised' if top['change'] > 0 else 'lowered'} its count for "
            f"{top['month']:%B %Y} from {top['before']:,.0f} to {top['after']:,.0f} deaths, "
            f"the largest change to any month")


PANEL_IN = 2.3  # the height of one compared pair's panel
LABEL_GAP_PT = 9.0  # the least distance between the centres of two line-end labels (7 pt text)


def _end_label_heights(before: float, after: float, top: float, panel_in: float) -> tuple[float, float]:
    """Where the earlier and later lines' end labels go (data units): at their lines' ends, moved apart to at
    least LABEL_GAP_PT when the two ends are close, the later above the earlier when it ends higher. ``top``: the
    y axis' upper limit; ``panel_in``: the panel's height in inches (about)."""
    gap = LABEL_GAP_PT * top / (panel_in * 72)
    if abs(after - before) >= gap:
        return before, after
    middle, half = (before + after) / 2, gap / 2
    return (middle - half, middle + half) if after >= before else (middle + half, middle - half)


def revisions_figure(found: dict | None = None, start=None, end=None, months: int = 36) -> Figure:
    """One panel per compared pair of vintages: the earlier vintage's monthly deaths in grey, the later one in the
    source's colour, over the compared months around [start, end] or the last ``months`` of them."""
    found = rv.vintages() if found is None else found
    table = rv.revisions(found)
    if table.empty:
        fig, ax = style.figure(height=1.6)
        ax.axis("off")
        ax.text(0, 0.5, "Only one version of each source is in hand, so no change between versions can be shown.", fontsize=9)
        return fig
    shown = _window(table, start, end, months)
    shown = shown if len(shown) else table
    pairs = list(shown.groupby(["source", "earlier", "later"], sort=False))
    fig, axes = style.figure(height=PANEL_IN * len(pairs) + 1.1, nrows=len(pairs), squeeze=False)
    for ax, ((source, earlier, later), part) in zip(axes[:, 0], pairs):
        colour = style.source_colour(VINTAGE_DATASETS.get(source, ""))
        ax.plot(part["month"], part["before"], color=style.EARLIER_GREY, lw=1.4, marker="o", ms=2.5)
        ax.plot(part["month"], part["after"], color=colour, lw=1.6, marker="o", ms=2.5)
        top_y = max(part["before"].max(), part["after"].max()) * 1.25 or 1
        ax.set_ylim(bottom=0, top=top_y)
        last = part.iloc[-1]  # lines named at their ends, not in a legend, kept apart where the ends are close
        y_before, y_after = _end_label_heights(last["before"], last["after"], top_y, PANEL_IN * 0.7)
        top = part.loc[part["change"].abs().idxmax()]
        at_end = top["change"] != 0 and top["month"] == last["month"]
        beside = offset_copy(ax.transData, fig=fig, x=4, units="points")  # 4 pt right of the line's end
        for text, value, y_label, tone in ((earlier, last["before"], y_before, style.TEXT_GREY),
                                           (later, last["after"], y_after, colour)):
            # where the largest change is the last month, the end labels give its two counts
            ax.text(last["month"], y_label, f"{text}: {value:,.0f}" if at_end else text, transform=beside, color=tone,
                    fontsize=style.SMALLEST_PT, va="center", ha="left")
        if top["change"] != 0 and not at_end:  # else the largest change, said above and left of its point
            ax.annotate(f"{top['month']:%b %Y}: {top['before']:,.0f} to {top['after']:,.0f}", (top["month"], top["after"]),
                        xytext=(-6, 4), textcoords="offset points", ha="right", va="bottom", fontsize=style.SMALLEST_PT)
        ax.set_ylabel("deaths per month")
        ax.set_title(f"{source}: {earlier} and {later}" if len(pairs) > 1 else "", loc="left", fontsize=8.5,
                     fontweight="normal")
        style.thousands(ax)
        style.years(ax)
    span = wording.month_span(shown["month"].min(), shown["month"].max())
    style.frame(fig, headline(shown),
                f"Deaths per month in Syria as each version of the data gave them, UCDP best estimate, {span}",
                source="Source: " + "; ".join(found), details="Versions compared: " + "; ".join(
                    f"{s} ({', '.join(v.label for v in vs)})" for s, vs in found.items()))
    attach(fig, shown, units="deaths per month")
    return fig


TABLE_COLUMNS = {"source": "source", "earlier": "earlier version", "later": "later version", "year": "year",
                 "months": "months compared", "before": "earlier count", "after": "later count", "change": "change",
                 "change %": "change, %"}


def revisions_table(found: dict | None = None) -> pd.DataFrame:
    """Yearly totals that changed between consecutive versions, counts as whole numbers, columns named for a
    reader (TABLE_COLUMNS); where one pair of versions is compared, its versions name the two count columns
    ("PaCE, January 2025 update") and months compared is left out when every year is whole."""
    found = rv.vintages() if found is None else found
    y = rv.by_year(rv.revisions(found))
    y = y.assign(year=y["year"].astype(str),  # a year, not a count: no thousands separator
                 **{c: y[c].round().astype("Int64") for c in ("before", "after", "change")})
    pairs = y[["source", "earlier", "later"]].drop_duplicates()
    if len(pairs) == 1:  # one pair: its versions head the count columns, not repeated (and wrapped) on every row
        source, earlier, later = pairs.iloc[0]
        y = y.drop(columns=["source", "earlier", "later"] + (["months"] if (y["months"] == 12).all() else []))
        return y.rename(columns={**TABLE_COLUMNS, "before": f"{source}, {earlier}", "after": f"{source}, {later}"})
    return y.rename(columns=TABLE_COLUMNS)


def reading_revisions(found: dict | None = None) -> str:
    """One or two sentences: which sources have several vintages, and how much their shared months moved."""
    found = rv.vintages() if found is None else found
    table = rv.revisions(found)
    if table.empty:
        return "Only one version of each source is in hand, so no change between versions can be shown."
    parts = []
    for (source, earlier, later), t in table.groupby(["source", "earlier", "later"], sort=False):
        changed = int((t["change"] != 0).sum())
        parts.append(f"{source}'s {later} changed its count for {changed:,} of the {len(t):,} months its {earlier} "
                     f"also holds, taking their total from {t['before'].sum():,.0f} to {t['after'].sum():,.0f} deaths")
    return "; ".join(parts) + (". Counts of recent months move most: counts first made from UCDP's preliminary data "
                               "are made again when its final release comes out.")
