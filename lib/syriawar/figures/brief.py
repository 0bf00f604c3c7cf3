"""A brief on a short window (by default the rebel offensive of 27 Nov to 8 Dec 2024): what each source holds
for the window, day by day, and which sources end before it."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import charts, measures, provenance, reference, registry, style
from .. import foreign as measures_foreign
from ..chartdata import attach
from ..errors import SourceNotFound
from .foreign import killed_range
from .selection import FOREIGN_DATASETS, Selection
from .selection import select as _select


def select(start="2024-11-27", end="2024-12-08", actors=None) -> Selection:
    """Check parameters and select what the brief needs (all sources, for the window)."""
    return _select(FOREIGN_DATASETS, start=start, end=end, actors=actors)


def _held(ds: registry.Dataset, part: pd.DataFrame, sel: Selection) -> str:
    """What a dataset (or one measure of it) holds for the window, in words."""
    s, e = sel.start, sel.end
    if ds.table == "events":
        ev = measures.select_events(part, s, e)
        return f"{len(ev):,} events, {ev['best'].sum():,.0f} deaths (best)"
    if ds.table == "monthly":
        inwin = part[(part["month"] + pd.offsets.MonthEnd(0) >= s) & (part["month"] <= e)]
        return "; ".join(f"{r.month:%b %Y}: {r.deaths:,.0f}" for r in inwin.itertuples()) + " deaths (whole months)"
    if ds.table == "acled_events":
        ac = part[(part["date"] >= s) & (part["date"] <= e)]
        return f"{len(ac):,} events, {int(ac['fatalities'].sum()):,} reported fatalities"
    if ds.table == "strikes":
        st = sel.strikes
        return (f"{len(st):,} incidents, civilians killed {st['civilians_killed_min'].sum():,.0f}-"
                f"{st['civilians_killed_max'].sum():,.0f}")
    return "yearly totals only"


def window_sources(sel: Selection) -> pd.DataFrame:
    """One row per dataset (ViEWS per measure): its coverage, what it holds in the window, or that it ends before."""
    rows = []
    names = [sel.events_dataset.name] + [n for n, d in registry.DATASETS.items() if d.table != "events"]
    for name in names:
        ds = registry.dataset(name)
        try:
            frame = ds.load()
        except SourceNotFound:  # an optional source the user has not brought
            rows.append({"source": ds.label, "version": "", "covers": "", "in this window":
                         f"not in hand; {registry.how_to_add(name)}"})
            continue
        parts = frame.groupby("measure") if ds.table == "monthly" else [("", frame)]
        for measure, part in parts:
            cov = ds.coverage(part)
            label = (f"{sel.events_label} events" if ds.table == "events"
                     else f"{frame['source'].iloc[0]} {measure}".strip() if ds.table == "monthly"
                     else f"{ds.label} ({ds.unit})")
            if cov.last < sel.start:
                status = f"ends before the window (last date {cov.last:%Y-%m-%d})"
            elif cov.first > sel.end:
                status = f"starts after the window (first date {cov.first:%Y-%m-%d})"
            else:
                status = _held(ds, part, sel)
            rows.append({"source": label, "version": ds.source.version, "covers": cov.text, "in this window": status})
    return pd.DataFrame(rows)


def covering_sources(sel: Selection) -> list[str]:
    """The sources that hold data inside the window."""
    t = window_sources(sel)
    out = ("ends before", "starts after", "not in hand")
    return t.loc[~t["in this window"].str.startswith(out), "source"].tolist()


def sources_ending_before(sel: Selection) -> list[str]:
    t = window_sources(sel)
    return t.loc[t["in this window"].str.startswith("ends before"), "source"].tolist()


def strikes(sel: Selection) -> pd.DataFrame:
    """Airwars incidents of the window; with ``actors`` chosen, only those alleged against one of them."""
    st = sel.strikes
    if not sel.actors or st.empty:
        return st
    groups = measures_foreign.belligerent_groups(st)
    return st[groups.map(lambda gs: bool(set(gs) & set(sel.actors))).to_numpy(dtype=bool)]


def daily_strikes_figure(sel: Selection) -> Figure:
    """Incidents per day by belligerent (stacked bars) and civilians killed per day (min-max) below."""
    st = strikes(sel)
    t = measures_foreign.strikes_by_belligerent(st, "D", sel.start, sel.end, sel.strikes_coverage) if len(st) else None
    if t is not None and sel.actors:
        t = t[t["group"].isin([*sel.actors, "all incidents"])]
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
        # all belligerents together: a neutral grey, no actor's colour
        ax2.bar(tot.index, tot["killed_max"], color="#555555", alpha=0.35, width=0.8, label="maximum")
        ax2.bar(tot.index, tot["killed_min"], color="#555555", width=0.8, label="minimum")
        ax2.set_ylim(bottom=0)
        ax1.legend(loc="upper left", fontsize=7)
        ax2.legend(loc="upper left", fontsize=7)
    ax1.set_ylabel("incidents per day")
    ax1.set_title(f"Air and artillery strikes, {sel.start:%d %b} to {sel.end:%d %b %Y} (Airwars)", loc="left")
    ax2.set_ylabel("civilians killed per day")
    ax2.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax1.set_xlim(sel.start - pd.Timedelta(hours=12), sel.end + pd.Timedelta(hours=12))
    charts.key_event_labels(ax1, reference.key_events(), ax1.get_xlim()[0], ax1.get_xlim()[1])
    for ke in reference.key_events().itertuples():
        if sel.start <= ke.date <= sel.end:
            ax2.axvline(ke.date, color="#555555", ls="--", lw=0.6)
    cap = provenance.caption([provenance.describe("airwars_syria", sel.strikes_coverage.text)],
                             "Top: incidents alleged against each belligerent (an incident naming several counts for each). "
                             "Bottom: civilians killed in all incidents of the day, Airwars minimum and maximum. Dashed: key events."
                             + (f" Only incidents alleged against {', '.join(sel.actors)}." if sel.actors else ""))
    style.add_caption(fig, cap)
    attach(fig, t, units="incidents per day; civilians killed per day (Airwars minimum and maximum)")
    return fig


def incidents_table(sel: Selection) -> pd.DataFrame:
    st = strikes(sel).sort_values(["date", "incident_code"])
    return pd.DataFrame({
        "date": st["date"].dt.strftime("%Y-%m-%d"), "location": st["location"], "governorate": st["governorate"],
        "belligerents": st["belligerents"].map(lambda b: ", ".join(b) or "not named"),
        "civilians killed": [killed_range(a, b) for a, b in zip(st["civilians_killed_min"], st["civilians_killed_max"])],
        "strike type": st["strike_type"], "Airwars code": st["incident_code"]})


def key_events_in(sel: Selection) -> pd.DataFrame:
    ke = reference.key_events()
    ke = ke[(ke["date"] >= sel.start) & (ke["date"] <= sel.end)]
    return pd.DataFrame({"date": ke["date"].dt.strftime("%Y-%m-%d"), "event": ke["label"], "source": ke["source"]})


def reading_belligerents(sel: Selection) -> str:
    st = strikes(sel)
    who = f" alleged against {', '.join(sel.actors)}" if sel.actors else ""
    if st.empty:
        return f"Airwars records no incident{who} in this window."
    g = measures_foreign.strike_totals(st, sel.actors or None)
    parts = [f"{k}: {int(r.incidents):,} incidents, {r.killed_min:,.0f}-{r.killed_max:,.0f} civilians killed"
             for k, r in g.iterrows()]
    return (f"Airwars records {len(st):,} incidents between {sel.start:%d %b} and {sel.end:%d %b %Y}, alleged against " + "; ".join(parts) + ".")
