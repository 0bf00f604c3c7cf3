"""Key figures: the 3-6 numbers each report opens with, computed for its parameters, each with its source and the
span it covers. Sources that count different things stand on separate lines and are never added."""

from __future__ import annotations

import pandas as pd

from .. import foreign as measures_foreign
from .. import measures, registry
from . import brief as brief_module
from . import sources
from .foreign import killed_range
from .selection import Selection

COLUMNS = ["figure", "value", "source and span"]


def _frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _whole_source_totals(sel: Selection) -> list[tuple[str, float, int, int]]:
    """(label, deaths, first year, last year) of each source over the window's whole years it covers."""
    y = sources.yearly_sources(sel.start.year, sel.end.year, sel.events_all)
    y = y[y["measure"].isin(["all types", "state-based (battle deaths)", "state-based"]) & (y["months"] >= 12)]
    out = []
    span = sel.end.year - sel.start.year + 1
    for (src, measure), g in y.groupby(["source", "measure"], sort=False):
        if len(g) >= max(2, 0.8 * span):  # a source holding a few of the window's years is no total of the war
            out.append((f"{src.split(' (')[0]} ({measure})", g["deaths"].sum(), int(g["year"].min()), int(g["year"].max())))
    return out


def strikes_line(sel: Selection, top: int = 3) -> tuple[str, str, str] | None:
    st = sel.strikes
    cov = sel.strikes_coverage.clip(sel.start, sel.end)
    if cov is None or st.empty:
        return None
    g = measures_foreign.strike_totals(st, sel.groups()).head(top)
    value = "; ".join(f"{k} {int(r.incidents):,} ({killed_range(r.killed_min, r.killed_max)} killed)" for k, r in g.iterrows())
    return ("Strike incidents Airwars attributes to foreign forces (civilians reported killed, Airwars min-max)", value,
            f"Airwars, {cov.text}")


def documented_line(sel: Selection) -> tuple[str, str, str] | None:
    """Deaths VDC documented one by one in the window: a list (a floor), on its own line, never an estimate."""
    if not registry.available("vdc_governorate_days"):
        return None
    full = registry.coverage("vdc_governorate_days")
    cov = full.clip(sel.start, sel.end)
    if cov is None:
        return None
    v = registry.load("vdc_governorate_days")
    v = v[(v["date"] >= cov.first) & (v["date"] <= cov.last)]
    if sel.governorates:
        v = v[v["governorate"].isin(sel.governorates)]
    return ("Deaths documented one by one (VDC; a list, so a floor, not an estimate)", f"{v['deaths'].sum():,.0f}",
            f"{registry.dataset('vdc_governorate_days').label}, {cov.text}"
            + (f" (the window's part of the list, which runs {full.text})" if cov != full else ""))


def civilian_line(sel: Selection) -> tuple[str, str, str] | None:
    cov = sel.coverage.clip(sel.start, sel.end)
    ev = sel.events
    if cov is None or ev["best"].sum() == 0:
        return None
    share = ev["deaths_civilians"].sum() / ev["best"].sum()
    return ("Civilians among deaths in UCDP events (best estimate's split)", f"{share:.0%}", f"{sel.events_label}, {cov.text}")


def overview(sel: Selection) -> pd.DataFrame:
    totals = _whole_source_totals(sel)
    rows = []
    if totals:
        lo, hi = min(t[1] for t in totals), max(t[1] for t in totals)
        detail = "; ".join(f"{label.split(' (')[0].split(' ')[0]} {deaths:,.0f}" for label, deaths, _, _ in totals)
        detail += f" ({min(t[2] for t in totals)}-{max(t[3] for t in totals)}, whole years each source covers)"
        rows.append(("Deaths in the war, by source (range across sources; they count different things)",
                     f"{lo:,.0f} to {hi:,.0f}", detail))
    y = sources.yearly_sources(sel.start.year, sel.end.year, sel.events_all)
    owid = y[y["source"].str.startswith("OWID") & (y["months"] >= 12)]
    if len(owid):
        top = owid.loc[owid["deaths"].idxmax()]
        rows.append(("Deadliest year", f"{int(top['year'])}: {top['deaths']:,.0f} deaths", f"OWID (UCDP), {owid['year'].min()}-{owid['year'].max()}"))
    rows += [r for r in (documented_line(sel), civilian_line(sel), strikes_line(sel)) if r]
    return _frame(rows)


def casualties(sel: Selection) -> pd.DataFrame:
    rows = []
    cov = sel.coverage.clip(sel.start, sel.end)
    if cov:
        ev = sel.events
        rows.append(("Deaths in UCDP events (best; low-high)", f"{ev['best'].sum():,.0f} ({ev['low'].sum():,.0f}-{ev['high'].sum():,.0f})",
                     f"{sel.events_label}, {cov.text}"))
        f = measures.fatalities(ev, "M", start=cov.first, end=cov.last, coverage=sel.coverage).table
        f = f[f["covered_share"] >= 1]
        if len(f):
            top = f.loc[f["best"].idxmax()]
            rows.append(("Deadliest month in UCDP events (best)", f"{top['period']:%B %Y}: {top['best']:,.0f}", f"{sel.events_label}, {cov.text}"))
    rows += [r for r in (civilian_line(sel),) if r]
    vcov = registry.coverage("vdc_governorate_days").clip(sel.start, sel.end)
    if vcov and not sel.types:
        v = registry.load("vdc_governorate_days")
        v = v[(v["date"] >= vcov.first) & (v["date"] <= vcov.last) & (v["governorate"].isin(sel.governorates) if sel.governorates else True)]
        rows.append(("Deaths documented by VDC (a list, not an estimate)", f"{int(v['deaths'].sum()):,}", f"VDC, {vcov.text}"))
    return _frame(rows)


def foreign(sel: Selection) -> pd.DataFrame:
    rows = []
    part = measures_foreign.participation(registry.load("ucdp_acd"), registry.load("ucdp_brd"))
    part = part[(part["year"] >= sel.start.year) & (part["year"] <= sel.end.year)]
    if sel.actors:  # as the participation chart does
        part = part[part["group"].isin(sel.actors)]
    if len(part):
        rows.append(("Foreign states recorded as warring parties (ACD: in Syria; BRD: in dyads fought partly in Syria)",
                     f"{part['state'].nunique()}",
                     f"UCDP ACD and BRD, {part['year'].min()}-{part['year'].max()}: {', '.join(sorted(part['state'].unique()))}"))
    rows += [r for r in (strikes_line(sel, top=4),) if r]
    d = measures_foreign.foreign_dyad_deaths(registry.load("ucdp_brd"))
    d = d[(d["year"] >= sel.start.year) & (d["year"] <= sel.end.year) & d["foreign_primary"] & d["syria_only"]]
    if len(d):
        rows.append(("Battle deaths in dyads with a foreign state as a primary party, fought in Syria only",
                     f"{d['bd_best'].sum():,.0f} ({d['bd_low'].sum():,.0f}-{d['bd_high'].sum():,.0f})",
                     f"UCDP BRD, {d['year'].min()}-{d['year'].max()}"))
    return _frame(rows)


def brief(sel: Selection) -> pd.DataFrame:
    strikes, covering = brief_module.strikes(sel), brief_module.covering_sources(sel)
    rows = []
    line = strikes_line(sel, top=5)
    if line:
        rows.append(("Strike incidents by belligerent (civilians killed, min-max)", line[1], line[2]))
    rows.append(("Civilians killed in strikes, all belligerents", killed_range(strikes["civilians_killed_min"].sum(),
                 strikes["civilians_killed_max"].sum()) + f" in {len(strikes):,} incidents", f"Airwars, {sel.when()}"))
    rows.append(("Sources that cover the window", f"{len(covering)}", "; ".join(covering) or "none"))
    return _frame(rows)
