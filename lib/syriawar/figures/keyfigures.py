"""Key figures: the 3-6 numbers each report opens with, computed for its parameters, each with its source and the
span it covers. Sources that count different things stand on separate lines and are never added."""

from __future__ import annotations

import pandas as pd

from .. import foreign as measures_foreign
from .. import measures, registry, style, wording
from . import brief as brief_module
from . import sources
from .foreign import killed_in, killed_range, unassessed
from .selection import Selection

COLUMNS = ["figure", "value", "source and span"]


def _frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


# The yearly series a whole-war total may be read from, each with what it counts in a reader's words. PaCE is left
# out: its builder drops events spanning a month's end, so its totals undercount 2012-2017 (see DOMAIN.md).
WAR_TOTAL_MEASURES = {
    ("owid_deaths", "all types"): "all organised violence, UCDP (via Our World in Data)",
    ("ucdp_brd", "state-based (battle deaths)"): "battle deaths in state-based conflict, UCDP BRD",
}  # ViEWS' state-based series is UCDP's state-based count again, a month at a time: the BRD line stands for it


def _war_totals(sel: Selection) -> list[tuple[str, float, int, int]]:
    """(what it counts, deaths, first year, last year) of each whole-war series, over the window's whole years it
    covers; a series holding few of the window's years is no total of the war and is left out."""
    y = sources.yearly_sources(sel.start.year, sel.end.year, sel.events_all, sel.events_dataset.name)
    y = y[y["months"] >= 12]
    span = sel.end.year - sel.start.year + 1
    out = []
    for (dataset, measure), words in WAR_TOTAL_MEASURES.items():
        g = y[(y["dataset"] == dataset) & (y["measure"] == measure)]
        if len(g) >= max(2, 0.8 * span):
            out.append((words, g["deaths"].sum(), int(g["year"].min()), int(g["year"].max())))
    return out


def _airwars_note(st: pd.DataFrame) -> str:
    """How many incidents Airwars has not (yet) assessed for deaths: they are not counted as zero but left out."""
    n = unassessed(st)
    return f"; {n:,} of {wording.count(len(st), 'incident')} not yet assessed for deaths, so not counted" if n else ""


def _actors_words(sel: Selection) -> str:
    return "alleged against " + wording.names(sel.actors) if sel.actors else "all belligerents"


def strikes_line(sel: Selection, st: pd.DataFrame | None = None, top: int = 3) -> tuple[str, str, str] | None:
    """Incidents and civilians killed per belligerent in the window (the chosen actors only, when chosen)."""
    st = sel.strikes if st is None else st
    cov = sel.strikes_coverage.clip(sel.start, sel.end)
    if cov is None or st.empty:
        return None
    g = measures_foreign.strike_totals(st, sel.groups()).head(top)
    value = "; ".join(f"{k} {int(r.incidents):,} ({killed_range(r.killed_min, r.killed_max)} killed)" for k, r in g.iterrows())
    who = f" ({_actors_words(sel)})" if sel.actors else ""
    return (f"Strike incidents by alleged belligerent{who}, with civilians killed (Airwars minimum-maximum)", value,
            f"Airwars, {wording.span(*cov)}{_airwars_note(st)}")


def documented_line(sel: Selection) -> tuple[str, str, str] | None:
    """Deaths VDC documented one by one in the window: a list (a floor), on its own line, never an estimate."""
    if not registry.available("vdc_governorate_days") or sel.types:  # VDC records deaths, not kinds of violence
        return None
    full = sel.documented_coverage
    cov = full.clip(sel.start, sel.end)
    if cov is None:
        return None
    v = sel.documented_all
    v = v[(v["date"] >= cov.first) & (v["date"] <= cov.last)]
    if sel.governorates:
        v = v[v["governorate"].isin(sel.governorates)]
    return (f"Deaths documented one by one{sel.scope()} (VDC: a list of names, so a floor, not an estimate)",
            wording.number(v["deaths"].sum()),
            f"VDC, {wording.span(*cov)}" + (f" (its list runs {wording.span(*full)})" if cov != full else ""))


def events_line(sel: Selection) -> tuple[str, str, str] | None:
    """Deaths in UCDP's events in the window, spread over each event's days as the charts spread them."""
    cov = sel.coverage.clip(sel.start, sel.end)
    if cov is None:
        return None
    t = sel.window_totals()
    note = ""
    if t["best"] > 0 and t["from_long_records"] >= 0.05 * t["best"]:
        note = (f"; {wording.number(t['from_long_records'])} of the best estimate is this window's share of records "
                "spanning more than a month (monitors' tallies), spread evenly over their days")
    apart = " (year-long tallies left out)" if sel.aggregates == "apart" else ""
    return (f"Deaths in UCDP GED events{sel.scope()}{apart}, best estimate (low-high)",
            f"{wording.number(t['best'])} ({wording.number(t['low'])}-{wording.number(t['high'])})",
            f"{style.events_source(sel)}, {wording.span(*cov)}{note}")


def civilian_line(sel: Selection) -> tuple[str, str, str] | None:
    """Civilians' share of the deaths UCDP splits by kind (best estimate), in the window."""
    cov = sel.coverage.clip(sel.start, sel.end)
    t = sel.window_totals()
    kinds = sum(t[k] for k in measures.DEATH_KINDS)
    if cov is None or kinds == 0:
        return None
    return (f"Civilians among deaths in UCDP GED events{sel.scope()} (best estimate, which UCDP splits by kind)",
            wording.share(t["deaths_civilians"], kinds),
            f"{style.events_source(sel)}, {wording.span(*cov)}: {wording.number(t['deaths_civilians'])} of {wording.number(kinds)}")


def deadliest_month_line(sel: Selection) -> tuple[str, str, str] | None:
    """The month with most deaths in UCDP's events, among the whole months the window and the events both hold."""
    cov = sel.coverage.clip(sel.start, sel.end)
    if cov is None:
        return None
    f = measures.fatalities(sel.counted_events, "M", start=cov.first, end=cov.last, coverage=sel.coverage).table
    whole = measures.covered_share(f["period"], "M", cov) >= 1  # months the window holds whole
    f = f[whole & f["best"].notna()]
    if len(f) < 2:  # a window of one month or less has no deadliest month to name
        return None
    top = f.loc[f["best"].idxmax()]
    return (f"Deadliest month in UCDP GED events{sel.scope()} (best estimate)",
            f"{wording.month(top['period'])}: {wording.number(top['best'])}", f"{style.events_source(sel)}, {wording.span(*cov)}")


def overview(sel: Selection) -> pd.DataFrame:
    rows = []
    for words, deaths, first, last in _war_totals(sel):
        rows.append((f"Deaths, {words}", wording.number(deaths), f"{first}-{last}, whole years"))
    y = sources.yearly_sources(sel.start.year, sel.end.year, sel.events_all, sel.events_dataset.name)
    owid = y[(y["dataset"] == "owid_deaths") & (y["months"] >= 12)]
    if len(owid):
        top = owid.loc[owid["deaths"].idxmax()]
        rows.append(("Deadliest year, all organised violence (UCDP via Our World in Data)",
                     f"{int(top['year'])}: {wording.number(top['deaths'])}", f"OWID (UCDP), {wording.year_span(owid['year'].min(), owid['year'].max())}"))
    rows += [r for r in (documented_line(sel), civilian_line(sel), strikes_line(sel)) if r]
    return _frame(rows)


def casualties(sel: Selection) -> pd.DataFrame:
    rows = [events_line(sel), deadliest_month_line(sel), civilian_line(sel), documented_line(sel)]
    return _frame([r for r in rows if r])


def foreign_states_lines(sel: Selection) -> list[tuple[str, str, str]]:
    """Foreign states as warring parties: in conflicts located in Syria (ACD), and, apart, the further states BRD
    names in dyads with Syria among several battle locations (coalitions fought mostly in Iraq or Afghanistan)."""
    part = measures_foreign.participation(registry.load("ucdp_acd"), registry.load("ucdp_brd"))
    part = part[(part["year"] >= sel.start.year) & (part["year"] <= sel.end.year)]
    if sel.actors:  # as the participation chart does
        part = part[part["group"].isin(sel.actors)]
    rows = []
    states, elsewhere = measures_foreign.states_in_syria(part)
    if states:
        years = part.loc[part["state"].isin(states), "year"]
        rows.append(("Foreign states recorded as warring parties in Syria (conflicts or dyads located in Syria only)",
                     f"{len(states)}", f"UCDP ACD and BRD, {wording.year_span(years.min(), years.max())}: {', '.join(states)}"))
    if elsewhere:
        rows.append(("Further states in dyads fought in Syria and elsewhere (mostly as coalition supporters)",
                     f"{len(elsewhere)}", f"UCDP BRD, battle locations include Iraq, Afghanistan or Pakistan: {', '.join(elsewhere)}"))
    return rows


def foreign(sel: Selection) -> pd.DataFrame:
    rows = foreign_states_lines(sel)
    rows += [r for r in (strikes_line(sel, top=4),) if r]
    d = measures_foreign.foreign_dyad_deaths(registry.load("ucdp_brd"))
    d = d[(d["year"] >= sel.start.year) & (d["year"] <= sel.end.year) & d["foreign_primary"] & d["syria_only"]]
    if sel.actors:
        d = d[d["foreign_groups"].map(lambda g: bool(set(g.split(", ")) & set(sel.actors)))]
    if len(d):
        rows.append(("Battle deaths in dyads with a foreign state as a primary party, fought in Syria only (best; low-high)",
                     f"{wording.number(d['bd_best'].sum())} ({wording.number(d['bd_low'].sum())}-{wording.number(d['bd_high'].sum())})",
                     f"UCDP BRD, {wording.year_span(d['year'].min(), d['year'].max())}"))
    return _frame(rows)


def brief(sel: Selection) -> pd.DataFrame:
    st, covering = brief_module.strikes(sel), brief_module.covering_sources(sel)
    rows = []
    line = strikes_line(sel, st, top=5)
    if line:
        rows.append(line)
    rows.append((f"Civilians killed in strikes, {_actors_words(sel)} (Airwars minimum-maximum)",
                 killed_in(st) + f" in {len(st):,} incidents", f"Airwars, {wording.span(sel.start, sel.end)}{_airwars_note(st)}"))
    if (ev := events_line(sel)) is not None:
        rows.append(ev)
    rows.append(("Sources that cover the window", f"{len(covering)}", "; ".join(covering) or "none"))
    return _frame(rows)


# --- headline titles: what a report's first line says, computed from the data ----------------------------------

def headline_foreign(sel: Selection) -> str:
    """'Foreign involvement in Syria's war, 2011-2024: Russia's strikes killed the most civilians, by Airwars' count'."""
    title = f"Foreign involvement in Syria's war, {sel.when()}"
    st = sel.strikes
    if st.empty:
        return title
    g = measures_foreign.strike_totals(st, sel.groups())
    g = g[g["killed_max"] > 0]
    if g.empty:
        return title
    top = g.sort_values("killed_max", ascending=False).index[0]
    if len(sel.groups()) == 1:
        return f"{title}: {wording.count(g.at[top, 'incidents'], 'strike incident')} alleged against {top}"
    return f"{title}: strikes by {top} killed the most civilians, by Airwars' count"


def headline_brief(sel: Selection) -> str:
    """'Syria, 27 Nov - 8 Dec 2024: 154-233 civilians killed in 56 strike incidents, by Airwars' count' (the chosen
    actors only, when chosen)."""
    st = brief_module.strikes(sel)
    window = wording.span(sel.start, sel.end)
    if st.empty:
        return f"Syria, {window}: no strike incident recorded" + (f" against {wording.names(sel.actors)}" if sel.actors else "")
    who = f" by {wording.names(sel.actors)}" if sel.actors else ""
    killed = killed_in(st)
    assessed = len(st) - unassessed(st)
    if assessed == len(st):
        return f"Syria, {window}: {killed} civilians killed in {wording.count(len(st), 'strike incident')}{who}, by Airwars' count"
    return (f"Syria, {window}: {killed} civilians killed in the {assessed:,} assessed of {wording.count(len(st), 'strike incident')}"
            f"{who}, by Airwars' count")
