"""A governorate over the whole war, from every sub-national source: deaths documented by VDC (2011-2018),
UCDP events (as far as the events file goes), Airwars strikes (2014-2026), the key events that took place
there, and maps zoomed to the governorate with its districts. Sources that count different things are drawn
in panels of their own and never added."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import boundaries, chartmarks, charts, maps, measures, provenance, reference, style, wording
from .. import foreign as measures_foreign
from . import sources
from .casualties import events_source
from .foreign import killed_in, killed_range, unassessed
from .selection import Selection
from .selection import select as _select

GOVERNORATE_DATASETS = ("events", "vdc_governorate_days", "airwars_syria")
VDC_NAME = "deaths documented by VDC (a documentation list, not an estimate)"


def select(governorate: str = "Aleppo", start="2011-03-01", end="2024-12-31", estimate="best", source="auto") -> Selection:
    """Check parameters and select one governorate's events, documented deaths and strikes."""
    return _select(GOVERNORATE_DATASETS, start=start, end=end, governorates=[governorate], estimate=estimate,
                   source=source)


def name(sel: Selection) -> str:
    return sel.governorates[0]


def title(sel: Selection) -> str:
    """'Aleppo governorate, 2011-2024: VDC documented the most deaths in 2016' (days when the window does not run
    whole years; the finding from VDC's list, the one source here for 2011-2015, else from UCDP's events)."""
    head = f"{name(sel)} governorate, {sel.when()}"
    v = documented(sel)
    if len(v) and v["deaths"].sum() > 0:
        by_year = v.groupby(v["date"].dt.year)["deaths"].sum()
        if len(by_year) > 1:
            return f"{head}: VDC documented the most deaths in {int(by_year.idxmax())}"
    if sel.has_events and len(sel.counted_events):
        t = sel.window_totals(by=None)
        return f"{head}: {wording.number(t['best'])} deaths in UCDP's events for {wording.span(*sel.coverage.clip(sel.start, sel.end))}"
    return head


def documented(sel: Selection) -> pd.DataFrame:
    """VDC records of the governorate in the window."""
    v = sel.documented_all
    return v[(v["governorate"] == name(sel)) & (v["date"] >= sel.start) & (v["date"] <= sel.end)]


def strikes_here(sel: Selection) -> pd.DataFrame:
    """Airwars incidents of the window in the governorate (placed by the reader: coordinates first)."""
    return sel.strikes[sel.strikes["governorate"] == name(sel)]


def key_figures(sel: Selection) -> pd.DataFrame:
    """A few computed figures, each with its source and the span it covers in the window."""
    rows = []
    vcov = sel.documented_coverage.clip(sel.start, sel.end)
    if vcov:
        rows.append((f"Deaths documented by VDC in {name(sel)} (a list of names, not an estimate)",
                     wording.number(documented(sel)["deaths"].sum()), f"VDC, {wording.span(*vcov)}"))
    ecov = sel.coverage.clip(sel.start, sel.end)
    if ecov:
        t = sel.window_totals()
        rows.append((f"Deaths in UCDP GED events in {name(sel)}, best estimate (low-high)",
                     f"{wording.number(t['best'])} ({wording.number(t['low'])}-{wording.number(t['high'])})",
                     f"{style.events_source(sel)}, {wording.span(*ecov)}"))
    scov = sel.strikes_coverage.clip(sel.start, sel.end)
    if scov:
        st = strikes_here(sel)
        left = unassessed(st)
        rows.append((f"Strike incidents with civilian harm alleged in {name(sel)}, and civilians killed in them (Airwars minimum-maximum)",
                     f"{len(st):,} incidents; {killed_in(st)} killed",
                     f"Airwars, {wording.span(*scov)}"
                     + (f"; {wording.count(left, 'incident')} not yet assessed for deaths, so not counted" if left else "")))
    return pd.DataFrame(rows, columns=["figure", "value", "source and span"])


def _strikes_monthly(sel: Selection) -> pd.DataFrame:
    st = strikes_here(sel)
    t = measures_foreign.strikes_by_belligerent(st, "M", sel.start, sel.end, sel.strikes_coverage)
    t = t[t["group"] == "all incidents"].set_index("period")
    if t.empty:  # no incident in the window: covered months read 0
        t = measures.period_grid(pd.DataFrame(columns=["period", "killed_min", "killed_max"]),
                                 ["killed_min", "killed_max"], sel.start, sel.end, "M", sel.strikes_coverage).set_index("period")
    return t


def timeline(sel: Selection) -> Figure:
    """Three panels over the window: VDC documented deaths, UCDP deaths (low-high band), civilians killed in
    strikes (Airwars min-max), each per month and on its own scale; key events that took place in the
    governorate as numbered markers."""
    v = measures.documented_deaths(documented(sel), "M", start=sel.start, end=sel.end,
                                   coverage=sel.documented_coverage)
    v = measures.mask_partial(v, ["deaths"]).set_index("period")["deaths"]
    f = measures.fatalities(sel.events, "M", start=sel.start, end=sel.end, coverage=sel.coverage,
                            aggregates=sel.aggregates).table
    f = measures.mask_partial(f, list(measures.ESTIMATES)).set_index("period")
    s = measures.mask_partial(_strikes_monthly(sel).reset_index(), ["killed_min", "killed_max"]).set_index("period")
    rows = [
        {"series": v, "label": "VDC: deaths documented by name", "ylabel": "documented\ndeaths",
         "colour": style.source_colour("vdc_governorate_days")},
        {"series": f[sel.estimate], "label": f"UCDP events: deaths ({sel.estimate}; band low to high)", "ylabel": "deaths",
         "colour": style.source_colour(sel.events_dataset.name), "band": (f["low"], f["high"])},
        {"series": s["killed_max"], "label": "Airwars: civilians killed in strikes (band minimum to maximum)",
         "ylabel": "civilians\nkilled", "colour": style.source_colour("airwars_syria"),
         "band": (s["killed_min"], s["killed_max"])},
    ]
    cap = provenance.caption([f"VDC ({VDC_NAME}; covers {sel.documented_coverage.text})",
                              sel.events_caption(), provenance.describe("airwars_syria")],
                             "Three sources that count different things, each on its own scale; never add them. VDC records "
                             "mostly civilians and opposition fighters and documents little in areas IS held (Raqqa, "
                             "Deir-ez-Zor from 2014): few records there mean little documentation, not few deaths. "
                             "Gaps: months a source does not cover (or covers for less than half their days).")
    peaks = [(label, series.idxmax()) for label, series in
             (("VDC", v.dropna()), ("UCDP", f[sel.estimate].dropna()), ("Airwars", s["killed_max"].dropna()))
             if len(series) and series.max() > 0]
    if peaks:
        title = f"{name(sel)}: deaths peaked in " + "; ".join(
            f"{style.month(when)} ({who})" for who, when in peaks[:2])
    else:
        title = f"{name(sel)}: no deaths recorded in these sources"
    return charts.panels(rows, sel.start, sel.end, title, cap, key_events=reference.key_events(name(sel)),
                         subtitle=f"Per month, {style.span(sel.start, sel.end)}; three sources that count different "
                                  "things, each on its own scale, never added",
                         source=style.source_line("vdc_governorate_days", events_source(sel), "airwars_syria"),
                         notes="VDC documents little where IS held ground: few records there mean little documentation, "
                               "not few deaths.")


def key_events_here(sel: Selection) -> pd.DataFrame:
    ke = reference.key_events(name(sel))
    ke = ke[(ke["date"] >= sel.start) & (ke["date"] <= sel.end)]
    return pd.DataFrame({"date": ke["date"].map(wording.day), "event": chartmarks.event_names(ke), "source": ke["source"]})


def comparison(sel: Selection) -> pd.DataFrame:
    """VDC against UCDP for every governorate over the months both cover whole (this one first)."""
    t = sources.documented_comparison(sel)
    return pd.concat([t[t["governorate"] == name(sel)], t[t["governorate"] != name(sel)]], ignore_index=True)


def reading_comparison(sel: Selection, table: pd.DataFrame) -> str:
    if table.empty:
        return "VDC and the UCDP events in use share no whole month, so they cannot be compared here."
    r = table.iloc[0]
    rank = int((table["VDC / UCDP best"] > r["VDC / UCDP best"]).sum()) + 1
    text = (f"Over the {r['months']} months both cover, VDC documents {r['VDC documented']:,.0f} deaths in {name(sel)} "
            f"against {r['UCDP best']:,.0f} in UCDP's events: {r['VDC / UCDP best']:.2f} of UCDP's best estimate (the "
            f"{_rank_words(rank, len(table))} ratio of {len(table)} governorates) and {r['VDC / UCDP civilians']:.2f} of UCDP's "
            f"civilian deaths. The two monthly series correlate at {r['monthly correlation']:.2f}.")
    if r["monthly correlation"] < 0.5 or r["UCDP best"] < 500:
        text += (" With so few deaths or so weak a correlation, VDC's months here do not follow UCDP's: its governorate "
                 "may be the victims' home rather than where they died, and its earlier years here should be read with care.")
    return text


def _rank_words(rank: int, n: int) -> str:
    """'highest', '2nd-highest', ..., '2nd-lowest', 'lowest'."""
    if rank == 1:
        return "highest"
    if rank == n:
        return "lowest"
    return f"{_ordinal(rank)}-highest" if rank <= n / 2 else f"{_ordinal(n - rank + 1)}-lowest"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _located_events(sel: Selection) -> tuple[pd.DataFrame, int]:
    """Events of the governorate located to a district or better (where_prec 1-3), with their OCHA district."""
    pts = sel.located_events
    return pts, len(sel.events) - len(pts)


def _districts_here(sel: Selection) -> set[str]:
    dist = boundaries.districts()
    return set(dist.loc[dist["governorate"] == name(sel), "district"])


def _placed_here(points: pd.DataFrame, sel: Selection) -> tuple[pd.DataFrame, int]:
    """The points (with their OCHA ``district``) whose coordinates lie in the governorate, as its district table
    counts them, and how many lie elsewhere: a source may name the governorate while its coordinates fall in a
    neighbour, in the sea or across the border (an Idleb strike at 35.7275 N, 35.7275 E), and a map of the
    governorate would have to stretch to draw them."""
    here = points["district"].isin(_districts_here(sel)).to_numpy(dtype=bool)
    return points[here], int((~here).sum())


def district_note(sel: Selection) -> str:
    """What the district table leaves out, and why."""
    ev, coarse = _located_events(sel)
    mine = _districts_here(sel)
    elsewhere = int((ev["district"].notna() & ~ev["district"].isin(mine)).sum())
    unplaced = int(ev["district"].isna().sum())
    st, no_xy = sel.located_strikes
    st_elsewhere = int((~st["district"].isin(mine)).sum())
    return (f"UCDP events located to a district or better and Airwars incidents with coordinates, placed "
            f"in OCHA districts by their coordinates (or the nearest district within 5 km, for points just offshore). "
            f"Not counted: {coarse:,} events located only to the governorate or country; {elsewhere:,} events UCDP assigns "
            f"to {name(sel)} whose coordinates lie in another governorate's district; {unplaced:,} more than 5 km from any "
            f"district; {no_xy:,} incidents without coordinates and {st_elsewhere:,} whose coordinates lie outside {name(sel)}.")


def district_table(sel: Selection) -> pd.DataFrame:
    """Per district: UCDP events and deaths (low, best, high) and Airwars incidents and civilians killed."""
    ev, _ = _located_events(sel)
    st, _ = sel.located_strikes
    dist = boundaries.districts()
    names = dist.loc[dist["governorate"] == name(sel), "district"].tolist()
    e = ev.groupby("district").agg(events=("event_id", "size"), low=("low", "sum"), best=("best", "sum"), high=("high", "sum"))
    s = st.groupby("district").agg(strikes=("incident_id", "size"), killed_min=("civilians_killed_min", "sum"),
                                   killed_max=("civilians_killed_max", "sum"))
    t = e.join(s, how="outer").reindex(names).fillna(0)
    out = pd.DataFrame({"district": t.index, "UCDP events": t["events"].astype(int),
                        "UCDP deaths, best": t["best"].round().astype(int),
                        "low-high": [f"{a:,.0f}-{b:,.0f}" for a, b in zip(t["low"], t["high"])],
                        "Airwars incidents": t["strikes"].astype(int),
                        "civilians killed in strikes": [killed_range(a, b) for a, b in zip(t["killed_min"], t["killed_max"])]})
    return out.sort_values("UCDP deaths, best", ascending=False).reset_index(drop=True)


def district_map(sel: Selection) -> Figure:
    if not sel.has_events:
        return sel.no_events(f"Deaths by district in {name(sel)}")
    ev, left = _located_events(sel)
    totals = ev.groupby("district")[sel.estimate].sum()
    cap = provenance.caption([sel.events_caption(), provenance.describe("ocha_admin2")],
                             f"Events located to a district or better (UCDP's location precision 1-3), placed in OCHA districts by their "
                             f"coordinates; {left:,} events located only to the governorate or country are not counted.")
    shown = totals[totals > 0]
    few = maps.district_count(name(sel)) < maps.MIN_CHOROPLETH_AREAS
    if len(shown) and not few:
        title = f"{shown.idxmax()} district saw {shown.max() / shown.sum():.0%} of {name(sel)}'s located deaths"
    elif len(shown):
        title = f"Where in {name(sel)} people died: {shown.sum():,.0f} deaths in located events"
    else:
        title = f"No located deaths in {name(sel)}"
    what = "events sized by deaths" if few else "deaths by district"
    return maps.district_choropleth(name(sel), totals, title, cap, label=f"deaths ({sel.estimate})",
                                    subtitle=f"UCDP {what} ({sel.estimate} estimate), events located to a district "
                                             f"or better, {_span(sel.coverage, sel)}",
                                    source=style.source_line(events_source(sel), "ocha_admin2"),
                                    notes=f"Not counted: {left:,} events located only to the governorate or the country."
                                    if left else "",
                                    points=ev, size_col=sel.estimate)


def _span(cov, sel: Selection) -> str:
    c = cov.clip(sel.start, sel.end)
    return style.span(c.first, c.last) if c else "no coverage"


def events_map(sel: Selection) -> Figure:
    if not sel.has_events:
        return sel.no_events(f"Where people died in {name(sel)}")
    ev, left = _located_events(sel)
    ev, astray = _placed_here(ev, sel)
    cap = provenance.caption([sel.events_caption(), provenance.describe("ocha_admin2")],
                             f"Events sized by deaths, located to a district or better; {left:,} located "
                             "only to the governorate or country are left off. Neighbouring governorates faint.")
    off = [f"{left:,} events located only to the governorate or the country"] if left else []
    off += [f"{astray:,} whose coordinates lie outside {name(sel)}"] if astray else []
    by_type = ev.groupby("type_of_violence")[sel.estimate].sum()
    title = (f"{by_type.idxmax().capitalize()} violence caused {by_type.max() / by_type.sum():.0%} of the located "
             f"deaths in {name(sel)}" if len(by_type) and by_type.max() > 0 else f"Where people died in {name(sel)}")
    return maps.governorate_points(name(sel), ev, sel.estimate, title, cap, colour_col="type_of_violence",
                                   colours=style.TYPE_COLOURS,
                                   subtitle=f"UCDP events located to a district or better, sized by deaths "
                                            f"({sel.estimate}), {_span(sel.coverage, sel)}",
                                   source=style.source_line(events_source(sel), "ocha_admin2"),
                                   notes=f"Left off: {'; '.join(off)}." if off else "")


def strikes_map(sel: Selection) -> Figure:
    st, left = sel.located_strikes
    st, astray = _placed_here(st, sel)
    if st.empty:
        return charts.no_data(f"No located strikes in {name(sel)}", f"Airwars records no located incident in "
                              f"{name(sel)} in this window (it covers {sel.strikes_coverage.text}).",
                              provenance.caption([provenance.describe("airwars_syria")]),
                              source=style.source_line("airwars_syria"))
    ex = st.assign(group=measures_foreign.belligerent_groups(st)).explode("group")
    ex = ex.assign(size=ex["civilians_killed_max"].fillna(0))
    off = " ".join(t for t in (f"{left:,} incidents without coordinates are left off." if left else "",
                               f"{astray:,} whose coordinates lie outside {name(sel)} (in the sea or across a border) "
                               "are left off." if astray else "") if t)
    cap = provenance.caption([provenance.describe("airwars_syria"), provenance.describe("ocha_admin2")],
                             "An incident naming several belligerents appears once for each." + (f" {off}" if off else ""))
    # the title counts every incident of the governorate, located or not, as its table does
    every = strike_totals_here(sel)
    title = (f"{every.index[0]} was named in {int(every['incidents'].iloc[0]):,} of the {len(strikes_here(sel)):,} strike "
             f"incidents in {name(sel)}" if len(every) else f"Strikes in {name(sel)}")
    scov = sel.strikes_coverage.clip(sel.start, sel.end)
    return maps.governorate_points(name(sel), ex, "size", title, cap, colour_col="group", colours=style.ACTOR_COLOURS,
                                   size_label="civilians killed",
                                   subtitle="Strike incidents by alleged belligerent, sized by civilians killed (Airwars "
                                            f"maximum), {style.span(scov.first, scov.last) if scov else ''}",
                                   source=style.source_line("airwars_syria", "ocha_admin2"),
                                   notes="An incident naming several belligerents appears once for each."
                                   + (f" {off}" if off else ""))


def strike_totals_here(sel: Selection) -> pd.DataFrame:
    """Airwars' totals per belligerent group for the governorate's incidents, most incidents first."""
    return measures_foreign.strike_totals(strikes_here(sel))


def strikes_by_belligerent(sel: Selection) -> pd.DataFrame:
    """Airwars incidents in the governorate per belligerent group: incidents, civilians killed, first and last."""
    g = strike_totals_here(sel)
    return pd.DataFrame({"belligerent": g.index, "incidents": g["incidents"].astype(int).to_numpy(),
                         "civilians killed (min-max)": [killed_range(a, b) for a, b in zip(g["killed_min"], g["killed_max"])],
                         "first": g["first"].map(wording.day).to_numpy(), "last": g["last"].map(wording.day).to_numpy()})


def comparison_figure(sel: Selection) -> Figure:
    """VDC's documented deaths and UCDP's deaths per month in the governorate over every whole month both cover,
    whatever the report's window: the comparison of the sources that the table beside it sums up (a property of
    the sources, not of the window)."""
    cov = sel.documented_coverage
    both = sel.coverage.clip(cov.first, cov.last)
    title = f"{name(sel)}: VDC and UCDP month by month where both cover"
    if both is None:
        return charts.no_data(title, "VDC's list and the UCDP events in use share no month.", "",
                              source=style.source_line("vdc_governorate_days", events_source(sel)))
    docs = sel.documented_all[sel.documented_all["governorate"] == name(sel)]
    events = sel.events_all[sel.events_all["governorate"] == name(sel)]
    v = measures.documented_deaths(docs, "M", start=both.first, end=both.last, coverage=cov)
    f = measures.fatalities(events, "M", start=both.first, end=both.last, coverage=sel.coverage,
                            values=(*measures.ESTIMATES, "deaths_civilians")).table
    whole = set(v.loc[v["covered_share"] >= 1, "period"]) & set(f.loc[f["covered_share"] >= 1, "period"])
    v, f = v[v["period"].isin(whole)], f[f["period"].isin(whole)]  # the months the table compares, for both
    names = ("VDC, documented", "UCDP, all deaths", "UCDP, civilians")
    table = pd.concat([v.assign(series=names[0], value=v["deaths"]),
                       f.assign(series=names[1], value=f["best"]),
                       f.assign(series=names[2], value=f["deaths_civilians"])])
    table = measures.mask_partial(table, ["value"]).dropna(subset=["value"])
    cap = provenance.caption([f"VDC ({VDC_NAME})", sel.events_caption()],
                             "If VDC's governorate were the victims' home rather than the place of death, its months would "
                             "not follow UCDP's fighting in the governorate.")
    colours = {names[0]: style.source_colour("vdc_governorate_days"), names[1]: style.source_colour(sel.events_dataset.name),
               names[2]: style.KIND_COLOURS["civilians"]}
    wide = table.pivot_table(index="period", columns="series", values="value")
    r = wide[names[0]].astype(float).corr(wide[names[1]]) if names[0] in wide and names[1] in wide else np.nan
    if np.isfinite(r) and len(wide.dropna()) > 2:
        title = (f"{name(sel)}: VDC's months {'follow' if r >= 0.7 else 'only loosely follow' if r >= 0.4 else 'do not follow'} "
                 f"UCDP's (correlation {r:.2f})")
    span_text = style.span(min(whole), max(whole)) if whole else ""
    return charts.lines_by(table, "period", "series", "value", colours, title, "deaths per month", cap,
                           subtitle=f"Deaths per month, every whole month both cover ({span_text}, whatever the report's "
                                    f"window); UCDP best",
                           source=style.source_line("vdc_governorate_days", events_source(sel)),
                           notes="If VDC's governorate were the victims' home rather than the place of death, its months "
                                 "would not follow UCDP's fighting here.", highlight=names[1])


def maps_worth_drawing(sel: Selection) -> bool:
    """Whether the governorate has districts enough (four or more) for maps within it to show where deaths fell:
    Damascus is one district and Quneitra two, where UCDP places most events at the same centre."""
    return maps.district_count(name(sel)) >= 4


def no_maps_note(sel: Selection) -> str:
    """One sentence instead of maps that would show one dot."""
    n = maps.district_count(name(sel))
    return (f"{name(sel)} has {wording.count(n, 'district')}, and UCDP places most of its events at the same point, so a "
            "map within it would show a single dot; the table below gives the numbers.")
