"""Syria after the fall of Assad (8 December 2024): what the sources in hand show from then to the last month any
of them covers. The war of 2011-2024 stays the frame; what followed is shown, not cut.

PaCE's country-month series (UCDP GED and, for the latest months, UCDP's preliminary Candidate events) is the one
source here that counts deaths in all organised violence after 2024; Airwars records foreign strikes only.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from .. import measures, reference, registry, style, wording
from ..chartdata import attach

FALL = pd.Timestamp("2024-12-08")  # Damascus falls, Assad leaves Syria (data/reference/key_events.csv)
FROM_MONTH = pd.Timestamp("2024-12-01")


def monthly_deaths() -> pd.Series:
    """PaCE's deaths per month from December 2024 to its last month (NaN where it has no month)."""
    return measures.monthly_source_series(registry.load("pace_ucdp_cm"), "pace_ucdp_cm", "all types", FROM_MONTH, None)


def _events_in(month: pd.Timestamp) -> list[str]:
    ke = reference.key_events()
    return list(ke.loc[ke["date"].dt.to_period("M") == month.to_period("M"), "short_label"])


def reading(series: pd.Series | None = None) -> str:
    """What PaCE shows after the fall, in words: the months' total, the deadliest months and the key events in them."""
    s = (monthly_deaths() if series is None else series).dropna()
    after = s[s.index > FROM_MONTH]  # whole months after the fall
    if after.empty:
        return "No source in hand counts deaths after December 2024."
    top = after.sort_values(ascending=False).head(2)
    named = []
    for month, deaths in top.items():
        events = _events_in(month)
        named.append(f"{wording.month(month)} ({wording.number(deaths)}" + (f"; key event: {wording.names(events)})" if events else ")"))
    return (f"After Assad's fall, violence did not end. From {wording.month(after.index[0])} to "
            f"{wording.month(after.index[-1])}, PaCE, built from UCDP's event data, counts {wording.number(after.sum())} "
            f"deaths in organised violence; the deadliest months were {wording.names(named)}. The latest months rest on "
            "UCDP's preliminary Candidate events and may be revised.")


def figure() -> Figure:
    """Deaths per month after the fall (PaCE), bars from zero, the deadliest months named at their bars."""
    s = monthly_deaths()
    after = s.dropna()
    fig, ax = style.figure(height=2.9)
    ax.bar(after.index, after.to_numpy(), width=20, color=style.OKABE_ITO["grey"])
    peaks = after[after.index > FROM_MONTH].sort_values(ascending=False).head(2)
    for month, deaths in peaks.items():
        ax.bar([month], [deaths], width=20, color=style.DARK_GREY)
        label = wording.names(_events_in(month)) or wording.month(month)
        ax.annotate(f"{label}\n{wording.number(deaths)}", (month, deaths), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize=style.SMALLEST_PT)
    ax.axvline(FALL, color=style.RULE_GREY, lw=0.8, ls="--")
    ax.annotate("Assad falls", (FALL, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -2), textcoords="offset points",
                ha="left", va="top", fontsize=style.SMALLEST_PT, color=style.NOTE_GREY)
    ax.set_ylim(0, after.max() * 1.25)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.set_ylabel("deaths per month")
    title = ("After Assad's fall, deaths spiked in " + wording.names(wording.month(m) for m in sorted(peaks.index))
             if len(peaks) else "Deaths after Assad's fall")
    style.frame(fig, title, f"Deaths per month in all organised violence, UCDP best estimate, {wording.month(after.index[0])} - "
                f"{wording.month(after.index[-1])}; the latest months from UCDP's preliminary events",
                source="Source: PaCE (UCDP GED and Candidate events)",
                details="PaCE: UCDP GED 25.1 and Candidate events summed by country and month (build of March 2026).")
    attach(fig, after.rename("deaths").rename_axis("month").reset_index(), units="deaths per month")
    return fig
