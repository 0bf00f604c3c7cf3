"""A brief on a short window (by default the rebel offensive of 27 Nov to 8 Dec 2024): what each source holds
for the window, day by day, and which sources end before it."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import catalog, charts, foreign, measures, provenance, style, tables
from .figures import _quiet, key_events
from .figures_foreign import ForeignSelection, killed_range


def window_sources(sel: ForeignSelection) -> pd.DataFrame:
    """One row per source: its coverage, what it holds in the window, or that it ends before the window."""
    s, e = sel.start, sel.end
    rows = []

    def row(name, label, first, last, held):
        if last < s:
            status = f"ends before the window (last date {last:%Y-%m-%d})"
        elif first > e:
            status = f"starts after the window (first date {first:%Y-%m-%d})"
        else:
            status = held
        rows.append({"source": label, "version": catalog.source(name).version,
                     "covers": f"{first:%Y-%m-%d} to {last:%Y-%m-%d}", "in this window": status})

    ev_all = _quiet(tables.events)
    cov = measures.event_coverage(ev_all)
    ev = measures.select_events(ev_all, s, e)
    row("ucdp_ged_syria" if ev_all["source"].iloc[0].startswith("UCDP GED Syria") else "ucdp_ged_global",
        ev_all["source"].iloc[0] + " events", *cov, f"{len(ev):,} events, {ev['best'].sum():,.0f} deaths (best)")
    m = _quiet(tables.monthly_series)
    for (src, measure), grp in m.groupby(["source", "measure"]):
        name = "views_cm_syria" if src.startswith("ViEWS") else "pace_ucdp_cm"
        first, last = grp["month"].min(), grp["month"].max() + pd.offsets.MonthEnd(0)
        inwin = grp[(grp["month"] + pd.offsets.MonthEnd(0) >= s) & (grp["month"] <= e)]
        held = "; ".join(f"{r.month:%b %Y}: {r.deaths:,.0f}" for r in inwin.itertuples()) + " deaths (whole months)"
        row(name, f"{src} {measure}", first, last, held)
    brd = _quiet(tables.dyad_years)
    row("ucdp_brd", "UCDP BRD (yearly)", pd.Timestamp(f"{brd.year.min()}-01-01"), pd.Timestamp(f"{brd.year.max()}-12-31"),
        "yearly totals only")
    owid = _quiet(tables.yearly_deaths)
    row("owid_deaths", "OWID (yearly)", pd.Timestamp(f"{owid.year.min()}-01-01"), pd.Timestamp(f"{owid.year.max()}-12-31"),
        "yearly totals only")
    st = sel.strikes
    row("airwars_syria", "Airwars incidents", *sel.strikes_coverage,
        f"{len(st):,} incidents, civilians killed {st['civilians_killed_min'].sum():,.0f}-{st['civilians_killed_max'].sum():,.0f}")
    return pd.DataFrame(rows)


def sources_ending_before(sel: ForeignSelection) -> list[str]:
    t = window_sources(sel)
    return t.loc[t["in this window"].str.startswith("ends before"), "source"].tolist()


def daily_strikes_figure(sel: ForeignSelection) -> Figure:
    """Incidents per day by belligerent (stacked bars) and civilians killed per day (min-max) below."""
    t = foreign.strikes_by_belligerent(sel.strikes, "D", sel.start, sel.end, sel.strikes_coverage) if len(sel.strikes) else None
    fig, (ax1, ax2) = style.figure(height=4.6, nrows=2, sharex=True)
    if t is not None:
        groups = [g for g in t["group"].unique() if g != "all incidents" and t.loc[t["group"] == g, "incidents"].sum() > 0]
        wide = t.pivot(index="period", columns="group", values="incidents")
        bottom = np.zeros(len(wide))
        for g in groups:
            vals = wide[g].fillna(0).to_numpy()
            ax1.bar(wide.index, vals, bottom=bottom, color=style.ACTOR_COLOURS.get(g, style.OKABE_ITO["grey"]), label=g, width=0.8)
            bottom += vals
        tot = t[t["group"] == "all incidents"].set_index("period")
        ax2.bar(tot.index, tot["killed_max"], color=style.OKABE_ITO["vermillion"], alpha=0.35, width=0.8, label="maximum")
        ax2.bar(tot.index, tot["killed_min"], color=style.OKABE_ITO["vermillion"], width=0.8, label="minimum")
        ax1.legend(loc="upper left", fontsize=7)
        ax2.legend(loc="upper left", fontsize=7)
    ax1.set_ylabel("incidents per day")
    ax1.set_title(f"Air and artillery strikes, {sel.start:%d %b} to {sel.end:%d %b %Y} (Airwars)", loc="left")
    ax2.set_ylabel("civilians killed per day")
    ax2.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax1.set_xlim(sel.start - pd.Timedelta(hours=12), sel.end + pd.Timedelta(hours=12))
    charts._place_labels(ax1, key_events(), ax1.get_xlim()[0], ax1.get_xlim()[1])
    for ke in key_events().itertuples():
        if sel.start <= ke.date <= sel.end:
            ax2.axvline(ke.date, color="#555555", ls="--", lw=0.6)
    cap = provenance.caption([provenance.describe("airwars_syria", provenance.span_text(*sel.strikes_coverage))],
                             "Top: incidents alleged against each belligerent (an incident naming several counts for each). "
                             "Bottom: civilians killed in all incidents of the day, Airwars minimum and maximum. Dashed: key events.")
    style.add_caption(fig, cap)
    return fig


def incidents_table(sel: ForeignSelection) -> pd.DataFrame:
    st = sel.strikes.sort_values(["date", "incident_code"])
    return pd.DataFrame({
        "date": st["date"].dt.strftime("%Y-%m-%d"), "location": st["location"], "governorate": st["governorate"],
        "belligerents": st["belligerents"].map(lambda b: ", ".join(b) or "not named"),
        "civilians killed": [killed_range(a, b) for a, b in zip(st["civilians_killed_min"], st["civilians_killed_max"])],
        "strike type": st["strike_type"], "Airwars code": st["incident_code"]})


def key_events_in(sel: ForeignSelection) -> pd.DataFrame:
    ke = key_events()
    ke = ke[(ke["date"] >= sel.start) & (ke["date"] <= sel.end)]
    return pd.DataFrame({"date": ke["date"].dt.strftime("%Y-%m-%d"), "event": ke["label"], "source": ke["source"]})


def reading_belligerents(sel: ForeignSelection) -> str:
    st = sel.strikes
    if st.empty:
        return "Airwars records no incident in this window."
    ex = st.assign(group=foreign.belligerent_groups(st)).explode("group")
    g = ex.groupby("group").agg(n=("incident_id", "size"), lo=("civilians_killed_min", "sum"), hi=("civilians_killed_max", "sum"))
    g = g.sort_values("n", ascending=False)
    parts = [f"{k}: {int(r.n):,} incidents, {r.lo:,.0f}-{r.hi:,.0f} civilians killed" for k, r in g.iterrows()]
    return (f"Airwars records {len(st):,} incidents between {sel.start:%d %b} and {sel.end:%d %b %Y}, alleged against " + "; ".join(parts) + ".")
