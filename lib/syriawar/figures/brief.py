"""A brief on a short window (by default the rebel offensive of 27 Nov to 8 Dec 2024): what each source holds
for the window, day by day, and which sources end before it."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import chartmarks, provenance, reference, registry, style, territory, wording
from .. import foreign as measures_foreign
from ..chartdata import attach
from ..errors import SourceNotFound
from .foreign import killed_in, killed_range, unassessed
from .selection import FOREIGN_DATASETS, Selection, reader_name
from .selection import select as _select

# every source a brief speaks of, for the sentence on which of them cover the window
BRIEF_SOURCES = ("events", "views_cm_syria", "pace_ucdp_cm", "vdc_governorate_days", "airwars_syria", "ucdp_acd", "ucdp_brd",
                 "owid_deaths")


def select(start="2024-11-27", end="2024-12-08", actors=None) -> Selection:
    """Check parameters and select what the brief needs (all sources, for the window)."""
    return _select(FOREIGN_DATASETS, start=start, end=end, actors=actors)


def _held(ds: registry.Dataset, part: pd.DataFrame, sel: Selection) -> str:
    """What a dataset (or one measure of it) holds for the window, in words."""
    s, e = sel.start, sel.end
    if ds.table == "events":
        t = sel.window_totals()
        return (f"{int(t['events']):,} events with days in the window; {wording.number(t['best'])} deaths in the window "
                "(best estimate, each event's deaths spread over its days)")
    if ds.table == "monthly":
        inwin = part[(part["month"] + pd.offsets.MonthEnd(0) >= s) & (part["month"] <= e)]
        return "; ".join(f"{r.month:%b %Y}: {r.deaths:,.0f}" for r in inwin.itertuples()) + " deaths (whole months)"
    if ds.table == "documented_deaths":
        v = part[(part["date"] >= s) & (part["date"] <= e)]
        return f"{wording.number(v['deaths'].sum())} deaths documented in the window (a list of names, not an estimate)"
    if ds.table == "acled_events":
        ac = part[(part["date"] >= s) & (part["date"] <= e)]
        return f"{len(ac):,} events, {int(ac['fatalities'].sum()):,} reported fatalities"
    if ds.table == "strikes":
        st = strikes(sel)
        who = f" alleged against {wording.names(sel.actors)}" if sel.actors else ""
        left = unassessed(st)
        return (f"{len(st):,} incidents{who}, civilians killed {killed_in(st)}"
                + (f" ({wording.count(left, 'incident')} not assessed for deaths)" if left else ""))
    return "yearly totals only"


def window_sources(sel: Selection) -> pd.DataFrame:
    """One row per dataset (ViEWS per measure): its coverage, what it holds in the window, or that it ends before."""
    return pd.DataFrame(_window_rows(sel))[["source", "covers", "in this window"]]


# the tables that can say what a window of days holds (the others hold yearly totals)
BY_DAY_OR_MONTH = ("events", "monthly", "documented_deaths", "acled_events", "strikes")


def _window_rows(sel: Selection) -> list[dict]:
    """The rows of ``window_sources``, each with its dataset's registry id in ``dataset`` and in ``held`` what it
    holds of the window: 'days' (or whole months), 'yearly' totals only, nothing ('before', 'after') or 'missing'."""
    rows = []
    # every source that counts something in Syria's war (not the population, which a brief does not draw)
    names = [sel.events_dataset.name] + [n for n, d in registry.DATASETS.items() if d.table not in ("events", "population")]
    for name in names:
        ds = registry.dataset(name)
        try:
            frame = ds.load()
        except SourceNotFound:  # an optional source the user has not brought
            rows.append({"dataset": name, "source": reader_name(ds.name, ds.label), "covers": "", "held": "missing",
                         "in this window": "not in hand: a user's own export is read when present (see 'How to reproduce')"})
            continue
        parts = frame.groupby("measure") if ds.table == "monthly" else [("", frame)]
        for measure, part in parts:
            cov = ds.coverage(part)
            # a reader's name for each source (versions are in the sources appendix)
            label = (reader_name(ds.name, ds.label) + (" (Syria release)" if ds.name == "ucdp_ged_syria" else "")
                     if ds.table == "events" else f"{ds.label}, {measure}" if ds.table == "monthly" else reader_name(ds.name, ds.label))
            if cov.last < sel.start:
                held, status = "before", f"ends before the window (last date {wording.day(cov.last)})"
            elif cov.first > sel.end:
                held, status = "after", f"starts after the window (first date {wording.day(cov.first)})"
            else:  # a yearly dataset covers the window's year but says nothing of its days
                held, status = ("days" if ds.table in BY_DAY_OR_MONTH else "yearly"), _held(ds, part, sel)
            rows.append({"dataset": name, "source": label, "covers": wording.span(*cov), "held": held,
                         "in this window": status})
    return rows


def covering_sources(sel: Selection) -> list[str]:
    """The sources that hold data inside the window, each once (PaCE's two builds are one source, in two vintages)."""
    return list(dict.fromkeys(_one_source(r) for r in _window_rows(sel) if r["held"] == "days"))


def _one_source(row: dict) -> str:
    """A window-source row's name without its build or measure: a monthly dataset's rows (one per measure, PaCE's
    builds apart) are one source, named by id ('PaCE'); the others keep their row's name."""
    return reader_name(row["dataset"]) if registry.dataset(row["dataset"]).table == "monthly" else row["source"]


def sources_ending_before(sel: Selection) -> list[str]:
    return [r["source"] for r in _window_rows(sel) if r["held"] == "before"]


def strikes(sel: Selection) -> pd.DataFrame:
    """Airwars incidents of the window; with ``actors`` chosen, only those alleged against one of them."""
    st = sel.strikes
    if not sel.actors or st.empty:
        return st
    groups = measures_foreign.belligerent_groups(st)
    return st[groups.map(lambda gs: bool(set(gs) & set(sel.actors))).to_numpy(dtype=bool)]


def daily_strikes_figure(sel: Selection) -> Figure:
    """Incidents per day by belligerent (stacked bars, each named beside the last day it struck) and civilians
    killed per day (minimum, with the maximum light) below; key events as numbered markers."""
    st = strikes(sel)
    t = measures_foreign.strikes_by_belligerent(st, "D", sel.start, sel.end, sel.strikes_coverage) if len(st) else None
    if t is not None and sel.actors:
        t = t[t["group"].isin([*sel.actors, "all incidents"])]
    fig, (ax1, ax2) = style.figure(height=3.4, nrows=2, sharex=True)
    title = f"Airwars records no strike incident, {style.day(sel.start)} to {style.day(sel.end)}"
    if t is not None:
        groups = [g for g in t["group"].unique() if g != "all incidents" and t.loc[t["group"] == g, "incidents"].sum() > 0]
        wide = t.pivot(index="period", columns="group", values="incidents")
        bottom = np.zeros(len(wide))
        ends = []
        for g in groups:
            vals = wide[g].fillna(0).to_numpy()
            colour = style.ACTOR_COLOURS.get(g, style.CONTEXT_GREY)
            ax1.bar(wide.index, vals, bottom=bottom, color=colour, label=g, width=0.8)
            days = np.flatnonzero(vals > 0)
            if len(days):
                i = days[-1]
                ends.append((wide.index[i] + pd.Timedelta(hours=10), bottom[i] + vals[i] / 2, g, colour))
            bottom += vals
        chartmarks.direct_labels(ax1, ends)
        tot = t[t["group"] == "all incidents"].set_index("period")
        # all belligerents together: a neutral grey, no actor's colour
        ax2.bar(tot.index, tot["killed_max"], color=style.CONTEXT_GREY, alpha=0.4, width=0.8, label="maximum")
        ax2.bar(tot.index, tot["killed_min"], color=style.SOURCE_GREYS[0], width=0.8, label="minimum")
        ax2.set_ylim(bottom=0)
        daily = tot["incidents"]
        if daily.max() > 0:
            title = (f"Strikes peaked on {style.day(daily.idxmax())}: {int(daily.max()):,} incidents"
                     + (f", most alleged against {groups[0]}" if len(groups) == 1 else ""))
            if len(groups) > 1:
                top = max(groups, key=lambda g: wide[g].sum())
                title += f"; {top} named in most"
    ax1.set_ylabel("incidents per day")
    ax2.set_ylabel("civilians killed\nper day")
    style.thousands(ax2)
    ax1.set_xlim(sel.start - pd.Timedelta(hours=12), sel.end + pd.Timedelta(hours=12))
    days = (sel.end - sel.start).days
    ax2.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, int(np.ceil(days / 8)))))
    ax2.xaxis.set_major_formatter(FuncFormatter(lambda v, _: style.day(mdates.num2date(v)).rsplit(" ", 1)[0]))  # 1 Dec
    for ax in (ax1, ax2):
        ax.grid(axis="x", visible=False)
    key = chartmarks.key_event_markers(ax1, reference.key_events(), ax1.get_xlim()[0], ax1.get_xlim()[1])
    for ke in reference.key_events().itertuples():
        if sel.start <= ke.date <= sel.end:
            ax2.axvline(ke.date, color=style.EVENT_GREY, lw=0.6, zorder=0.5)
    cap = provenance.caption([provenance.describe("airwars_syria", sel.strikes_coverage.text)],
                             "Top: incidents alleged against each belligerent (an incident naming several counts for each). "
                             "Bottom: civilians killed in all incidents of the day, Airwars minimum and maximum."
                             + (f" Only incidents alleged against {', '.join(sel.actors)}." if sel.actors else ""))
    notes = ("Top: incidents by alleged belligerent (an incident naming several counts for each). Bottom: civilians "
             "killed in all incidents, Airwars minimum (dark) and maximum (light).")
    style.frame(fig, title, f"Strike incidents and civilians killed per day, {style.day(sel.start)} to "
                f"{style.day(sel.end)}" + (f"; only {', '.join(sel.actors)}" if sel.actors else ""),
                style.source_line("airwars_syria"), details=cap, notes="\n".join(t for t in (notes, key) if t))
    attach(fig, t, units="incidents per day; civilians killed per day (Airwars minimum and maximum)")
    return fig


def incidents_table(sel: Selection) -> pd.DataFrame:
    """Every Airwars incident of the window (alleged against the chosen actors), by date: the table's CSV."""
    st = strikes(sel).sort_values(["date", "incident_code"])
    return pd.DataFrame({
        "date": st["date"].map(wording.day), "location": st["location"], "governorate": st["governorate"],
        "belligerents": st["belligerents"].map(lambda b: ", ".join(b) or "not named"),
        "civilians killed": [killed_range(a, b) for a, b in zip(st["civilians_killed_min"], st["civilians_killed_max"])],
        "strike type": st["strike_type"], "Airwars code": st["incident_code"]})


SHOWN_INCIDENTS = 10  # a page prints the deadliest ten, with exact ties up to MOST_SHOWN; the CSV holds them all
MOST_SHOWN = 12


def deadliest(sel: Selection) -> pd.DataFrame:
    """The incidents of the window that killed the most civilians, by Airwars' maximum (then its minimum, then
    date): SHOWN_INCIDENTS of them, and those tied with the last up to MOST_SHOWN; every incident when there are
    no more than MOST_SHOWN. Incidents not assessed for deaths are not among them."""
    st = strikes(sel)
    if len(st) <= MOST_SHOWN:
        return st.sort_values(["date", "incident_code"])
    assessed = st[st["civilians_killed_max"].notna() | st["civilians_killed_min"].notna()]
    top = (assessed.assign(_max=assessed["civilians_killed_max"].fillna(assessed["civilians_killed_min"]),
                           _min=assessed["civilians_killed_min"].fillna(assessed["civilians_killed_max"]))
           .sort_values(["_max", "_min", "date", "incident_code"], ascending=[False, False, True, True]))
    if len(top) > SHOWN_INCIDENTS:
        last = top.iloc[SHOWN_INCIDENTS - 1]
        tied = (top["_max"] == last["_max"]) & (top["_min"] == last["_min"])
        top = top[(np.arange(len(top)) < SHOWN_INCIDENTS) | (tied.to_numpy() & (np.arange(len(top)) < MOST_SHOWN))]
    return top.drop(columns=["_max", "_min"])


def deadliest_table(sel: Selection) -> pd.DataFrame:
    """``deadliest`` as a reader's table: date, place, who is alleged, civilians killed (Airwars minimum-maximum),
    kind of strike and Airwars' code (to look the incident up)."""
    st = deadliest(sel)
    return pd.DataFrame({
        "date": st["date"].map(wording.day), "place": st["location"], "governorate": st["governorate"],
        "alleged belligerent": measures_foreign.belligerent_groups(st).map(lambda g: ", ".join(g) or "not named"),
        "civilians killed": [killed_range(a, b) for a, b in zip(st["civilians_killed_min"], st["civilians_killed_max"])],
        "strike": st["strike_type"], "Airwars code": st["incident_code"]})


def incidents_caption(sel: Selection) -> str:
    """The deadliest table's caption: its first sentence titles the CSV of every incident, the second says which the
    page shows, with the count the daily chart draws."""
    n, shown = len(strikes(sel)), len(deadliest(sel))
    who = f" alleged against {wording.names(sel.actors)}" if sel.actors else ""
    if shown == n:
        return (f"Every Airwars strike incident{who} in the window ({n:,}). Check a news report against date, place "
                "and belligerent.")
    return (f"Airwars' {n:,} strike incidents{who} in the window. Shown: the {shown:,} that killed the most civilians "
            f"by Airwars' maximum count; all {n:,} are in this table's data download on the report's web page.")


def key_events_in(sel: Selection) -> pd.DataFrame:
    ke = reference.key_events()
    ke = ke[(ke["date"] >= sel.start) & (ke["date"] <= sel.end)]
    return pd.DataFrame({"date": ke["date"].map(wording.day), "event": chartmarks.event_names(ke), "source": ke["source"]})


def reading_belligerents(sel: Selection) -> str:
    st = strikes(sel)
    who = f" alleged against {', '.join(sel.actors)}" if sel.actors else ""
    if st.empty:
        return f"Airwars records no incident{who} in this window."
    g = measures_foreign.strike_totals(st, sel.actors or None)
    parts = [f"{k}: {int(r.incidents):,} incidents, {r.killed_min:,.0f}-{r.killed_max:,.0f} civilians killed"
             for k, r in g.iterrows()]
    return (f"Airwars records {len(st):,} incidents between {wording.day(sel.start)} and {wording.day(sel.end)}, alleged against " + "; ".join(parts) + ".")


# --- changes of territory (ACLED, when the user has brought an export) ---------------------------------------

def territory_changes(sel: Selection) -> pd.DataFrame | None:
    """ACLED's changes of control in the window (in the selection's governorates, when chosen), or None without
    an ACLED export."""
    if sel.acled_all is None:
        return None
    return territory.in_window(territory.changes(sel.acled_all), sel.start, sel.end, sel.governorates)


def territory_note() -> str:
    """One sentence for readers when no ACLED export is in hand."""
    return ("Who took which towns is recorded only by ACLED, as changes of control; this report was made without an "
            "ACLED export (its terms forbid sharing its data), so it cannot say.")


def territory_table(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes of control as a reader's table: date, place, what happened, who took it, from whom, alongside."""
    return pd.DataFrame({"date": changes["date"].map(wording.day), "place": changes["place"],
                         "governorate": changes["governorate"], "what happened": changes["kind"],
                         "taken by": changes["taken_by"], "from": changes["taken_from"],
                         "alongside (associated actors)": changes["alongside"]})


def territory_figure(sel: Selection, changes: pd.DataFrame) -> Figure:
    """Each place that changed hands on one row, in the order it first changed, a dot on each date it changed,
    coloured by the side that took it; key events of the window as numbered markers on the date axis."""
    places = territory.by_place(changes)
    order = list(places["place"])
    fig, ax = style.figure(height=max(1.6, 0.28 * len(order) + 1.2))
    for bloc, part in changes.groupby("bloc"):
        ax.scatter(part["date"], [order.index(p) for p in part["place"]], s=36, zorder=3, label=bloc,
                   color=style.ACTOR_COLOURS.get(bloc, style.BLOC_COLOURS["opposition"]))
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) + 0.2, -0.6)  # room under the places for the key events' numbers
    ax.set_xlim(sel.start - pd.Timedelta(hours=12), sel.end + pd.Timedelta(hours=12))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))
    ke = reference.key_events()
    ke = ke[(ke["date"] >= sel.start) & (ke["date"] <= sel.end)].reset_index(drop=True)
    for i, row in ke.iterrows():
        ax.axvline(row["date"], color=style.FRAME_GREY, lw=0.6, zorder=1)
        ax.annotate(str(i + 1), (row["date"], 0.0), xycoords=("data", "axes fraction"), xytext=(0, 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize=style.SMALLEST_PT, color=style.NOTE_GREY,
                    bbox={"boxstyle": "circle,pad=0.15", "fc": "white", "ec": style.FRAME_GREY, "lw": 0.5})
    style.legend_beside(ax, title="taken by")
    first = places.iloc[0]
    keys = "; ".join(f"{i + 1} {name}, {wording.day(day)}" for i, (name, day) in
                     enumerate(zip(chartmarks.event_names(ke), ke["date"])))
    style.frame(fig, f"{wording.count(len(order), 'place')} changed hands, the first {first['place']} on "
                f"{wording.day(first['first'])}",
                f"Changes of control ACLED records, {wording.span(sel.start, sel.end)}: each place on its own line, a dot on "
                "each date it changed hands, coloured by the side that took it",
                source="Source: ACLED (a user's own export)", notes=f"Key events: {keys}" if keys else "",
                details="ACLED sub-event types 'Non-state actor overtakes territory', 'Government regains territory' and "
                        "'Non-violent transfer of territory'.")
    attach(fig, changes[["date", "place", "governorate", "kind", "taken_by", "taken_from"]])
    return fig
