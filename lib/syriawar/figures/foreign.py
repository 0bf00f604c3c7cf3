"""The workbook's foreign-involvement figures: each takes a checked Selection and returns a Figure
or a table with a caption naming source, version and coverage."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import charts, maps, measures, parameters, provenance, registry, style, wording
from .. import foreign as measures_foreign
from .selection import FOREIGN_DATASETS, Selection
from .selection import select as _select


def select(start="2011-03-01", end="2024-12-31", actors=None, sources=None, estimate="best",
           source="auto") -> Selection:
    """Check parameters and select what the foreign-involvement figures need."""
    sel = _select(FOREIGN_DATASETS, start=start, end=end, actors=actors, sources=sources, estimate=estimate,
                  source=source)
    sel.sources = sel.sources or list(parameters.SOURCE_KINDS)
    return sel


def participation_figure(sel: Selection) -> Figure:
    part = measures_foreign.participation(registry.load("ucdp_acd"), registry.load("ucdp_brd"))
    if sel.actors:
        part = part[part["group"].isin(sel.actors)]
    matrix = measures_foreign.participation_matrix(part, range(sel.start.year, sel.end.year + 1))
    matrix = matrix[matrix.sum(axis=1) > 0]
    cap = provenance.caption([provenance.describe("ucdp_acd"), provenance.describe("ucdp_brd")],
                             "ACD: conflicts located in Syria (side_a/side_b primary, side_a_2nd/side_b_2nd secondary). "
                             "BRD: dyads with Syria among their battle locations, such as Iraq's war with IS that the "
                             "US-led coalition joined. BRD ends in 2023, ACD in 2024.")
    return charts.participation_heatmap(matrix, "Foreign states as warring parties in Syria, by year", cap)


def brd_foreign_table(sel: Selection) -> pd.DataFrame:
    d = measures_foreign.foreign_dyad_deaths(registry.load("ucdp_brd"))
    d = d[(d["year"] >= sel.start.year) & (d["year"] <= sel.end.year)]
    return d


def brd_foreign_figure(sel: Selection) -> Figure:
    all_dyads = brd_foreign_table(sel)
    title = "Battle deaths in dyads involving a foreign state"
    if all_dyads.empty:
        brd = registry.load("ucdp_brd")
        return charts.no_data(title, f"UCDP BRD has no foreign dyad in {sel.start.year}-{sel.end.year} "
                              f"(it covers {brd.year.min()}-{brd.year.max()}).", provenance.caption([provenance.describe("ucdp_brd")]))
    d = all_dyads[all_dyads["foreign_primary"]]
    support = all_dyads[~all_dyads["foreign_primary"]]
    d = d.assign(label=d["dyad"] + " [" + d.groupby("dyad")["battle_location"].transform(
        lambda s: ", ".join(sorted({p.strip() for v in s for p in v.split(",")}))) + "]")
    cap = provenance.caption([provenance.describe("ucdp_brd")],
                             "Dyads with a foreign state as a primary party and Syria among their battle "
                             "locations. In brackets: every battle location of the dyad over these years; BRD counts a "
                             "dyad's deaths over all of them, so these deaths are not Syrian alone. Whiskers: low-high. "
                             f"Not shown: {support['dyad'].nunique()} Syrian dyads in which foreign states are secondary "
                             f"(supporting) parties ({', '.join(sorted(support['dyad'].unique()))}), "
                             f"{support['bd_best'].sum():,.0f} battle deaths in these years.")
    colours = {lab: style.ACTOR_COLOURS.get(groups.split(", ")[0], style.OKABE_ITO["grey"])
               for lab, groups in zip(d["label"], d["foreign_groups"])}
    return charts.dyad_bars(d, title, cap, colours=colours)


def strikes_table(sel: Selection, freq: str = "M") -> pd.DataFrame:
    t = measures_foreign.strikes_by_belligerent(sel.strikes, freq, sel.start, sel.end, sel.strikes_coverage)
    keep = set(sel.groups()) | {"all incidents"}
    return t[t["group"].isin(keep)]


def _no_strikes(sel: Selection, title: str) -> Figure:
    return charts.no_data(title, f"Airwars records no incident for {', '.join(sel.groups())} in this window "
                          f"(it covers {sel.strikes_coverage.text}).",
                          provenance.caption([provenance.describe("airwars_syria")]))


def strikes_figure(sel: Selection) -> Figure:
    if sel.strikes.empty:
        return _no_strikes(sel, "Civilians killed in strikes, by belligerent (Airwars)")
    t = strikes_table(sel, "M")
    t = t[t["group"] != "all incidents"]
    t = t[t.groupby("group")["incidents"].transform("sum") > 0]
    cap = provenance.caption([provenance.describe("airwars_syria")],
                             "Civilian deaths per month, band from Airwars' minimum to maximum (incidents without an assessment "
                             "count as 0). An incident naming several belligerents counts once for each. Russian strikes begin "
                             "30 Sep 2015. Gaps: months outside Airwars' coverage.")
    return charts.lines_by(t, "period", "group", "killed_max", style.ACTOR_COLOURS,
                           "Civilians killed in strikes, by belligerent (Airwars)",
                           "civilians killed per month", cap, band=("killed_min", "killed_max"), start=sel.start, end=sel.end)


def strikes_small_multiples(sel: Selection) -> Figure:
    if sel.strikes.empty:
        return _no_strikes(sel, "Strike incidents per month, by belligerent")
    t = strikes_table(sel, "M")
    t = t[t.groupby("group")["incidents"].transform("sum") > 0]
    cap = provenance.caption([provenance.describe("airwars_syria")],
                             "Incidents per month alleged against each belligerent; 'all incidents' counts each incident once "
                             "even when it names several belligerents.")
    return charts.small_multiples(t, "period", "group", "incidents", {**style.ACTOR_COLOURS, "all incidents": "#444444"},
                                  "Strike incidents per month, by belligerent", "incidents per month", cap,
                                  start=sel.start, end=sel.end)


def foreign_share_figure(sel: Selection) -> Figure:
    if (fig := _no_events(sel, "Foreign share of deaths (UCDP events)")) is not None:
        return fig
    cov = sel.coverage
    per = measures_foreign.foreign_share(sel.tagged, "M", sel.estimate, sel.start, sel.end, cov, sel.groups())
    share = pd.concat([
        per[["period"]].assign(measure="coded: a foreign state or militia is a party (UCDP side)", share=per["share_coded"] * 100),
        per[["period"]].assign(measure="mentioned: the source headline names a foreign actor", share=per["share_mentioned"] * 100),
    ])
    cap = provenance.caption([f"{sel.events_label} (events cover {cov.text})"],
                             f"Actors: {', '.join(sel.groups())}. Coded attribution and text mentions are separate "
                             "measures and are never added; each event counts once in each. Gaps: months without GED coverage.")
    colours = {"coded: a foreign state or militia is a party (UCDP side)": style.OKABE_ITO["vermillion"],
               "mentioned: the source headline names a foreign actor": style.OKABE_ITO["grey"]}
    return charts.lines_by(share, "period", "measure", "share", colours, "Foreign share of deaths (UCDP events)",
                           "% of deaths per month", cap, start=sel.start, end=sel.end)


def _no_events(sel: Selection, title: str) -> Figure | None:
    cov = sel.coverage
    if sel.events.empty or cov[1] < sel.start or cov[0] > sel.end:
        return charts.no_data(title, f"{sel.events_label} has no events in this window (events cover {cov.text}).",
                              provenance.caption([sel.events_label]))
    return None


def mentions_figure(sel: Selection) -> Figure:
    if (fig := _no_events(sel, "Events whose source headline mentions a foreign actor")) is not None:
        return fig
    cov = sel.coverage
    m = measures_foreign.headline_mentions(sel.tagged, "M", sel.estimate, sel.start, sel.end, cov)
    m = m[m["group"].isin(sel.groups())]
    cap = provenance.caption([f"{sel.events_label} (events cover {cov.text})"],
                             "Events whose source headline mentions the actor (patterns in data/reference/actor_mentions.csv); "
                             "mentioned in the source, not attributed: UCDP codes most Russian strikes under the Syrian government.")
    return charts.small_multiples(m, "period", "group", "events", style.ACTOR_COLOURS,
                                  "Events whose source headline mentions a foreign actor", "events per month", cap,
                                  start=max(sel.start, cov[0]), end=min(sel.end, cov[1]))


def mentions_summary(sel: Selection) -> pd.DataFrame:
    cov = sel.coverage
    m = measures_foreign.headline_mentions(sel.tagged, "Y", sel.estimate, sel.start, sel.end, cov)
    coded = measures_foreign.coded_foreign_events(sel.tagged, "Y", sel.estimate, sel.start, sel.end, cov)
    # deaths in the window, each event spread over its days as in the groups' sums (measures.window_totals)
    total_ev, total_d = len(sel.tagged), measures.window_totals(sel.tagged, sel.start, sel.end)[sel.estimate]
    rows = []
    for g in sel.groups():
        mm, cc = m[m["group"] == g], coded[coded["group"] == g]
        rows.append({"actor": g, "events coded with the actor as a party": int(cc["events"].sum()),
                     "deaths in coded events": int(cc["deaths"].sum()),
                     "events whose headline mentions the actor": int(mm["events"].sum()),
                     "deaths in mentioning events": int(mm["deaths"].sum()),
                     "share of all events, %": 100 * mm["events"].sum() / total_ev if total_ev else np.nan,
                     "share of all deaths, %": 100 * mm["deaths"].sum() / total_d if total_d else np.nan})
    return pd.DataFrame(rows)


def strikes_map(sel: Selection) -> Figure:
    st = sel.strikes.copy()
    st["group"] = measures_foreign.belligerent_groups(st)
    ex = st.explode("group")
    ex = ex[ex["group"].isin(sel.groups())]
    located = ex[ex["latitude"].notna() & ex["longitude"].notna()]
    left = ex["incident_id"].nunique() - located["incident_id"].nunique()
    located = located.assign(size=located["civilians_killed_max"].fillna(0))
    cap = provenance.caption([provenance.describe("airwars_syria", sel.strikes_coverage.text),
                              provenance.describe("ocha_admin1")],
                             "Incidents naming several belligerents appear once per belligerent.")
    return maps.point_map(located, "size", "Strike incidents by belligerent, sized by civilians killed (max)", cap,
                          colour_col="group", colours=style.ACTOR_COLOURS, left_off=left,
                          left_off_what="incidents without coordinates", size_label="civilians killed")


def killed_range(low, high) -> str:
    """'3-7' from Airwars' minimum and maximum, '3' where they agree; 'not assessed' where Airwars gives none."""
    if pd.isna(low) and pd.isna(high):
        return "not assessed"
    if pd.isna(low) or pd.isna(high) or low == high:
        return f"{(high if pd.isna(low) else low):,.0f}"
    return f"{low:,.0f}-{high:,.0f}"


def deadliest_strikes(sel: Selection, n: int = 3) -> pd.DataFrame:
    d = measures_foreign.deadliest_strikes(sel.strikes, n)
    d = d[d["group"].isin(sel.groups())]
    return pd.DataFrame({"belligerent": d["group"], "date": d["date"].map(wording.day),
                         "location": d["location"], "governorate": d["governorate"],
                         "civilians killed (min-max)": [killed_range(a, b) for a, b in zip(d["civilians_killed_min"], d["civilians_killed_max"])],
                         "all belligerents named": d["belligerents"].map(", ".join), "Airwars code": d["incident_code"]})


# --- ACLED (when the user has brought an export) ----------------------------------------------------------

def has_acled() -> bool:
    return registry.available("acled_syria")


def acled_note() -> str:
    """One sentence for readers: what ACLED's panels would show and why they are not here."""
    return ("ACLED's panels (foreign forces and militias by month, by kind of event and by governorate) appear only in "
            "reports made with a user's own ACLED export: its terms forbid sharing its data, so none is shipped.")


def acled_long(sel: Selection) -> pd.DataFrame:
    """ACLED events of the window with a chosen foreign party, one row per event, group and role."""
    ev = registry.load("acled_syria")
    ev = ev[(ev["date"] >= sel.start) & (ev["date"] <= sel.end)]
    long = measures_foreign.acled_foreign(ev)
    return long[long["group"].isin(sel.groups())]


def acled_figure(sel: Selection, role: str) -> Figure:
    """Fatalities per month in ACLED events with each foreign party as ``role`` actor (primary or associated)."""
    long = acled_long(sel)
    title = f"ACLED: fatalities in events with a foreign party as {role} actor, per month"
    if long[long["role"] == role].empty:
        return charts.no_data(title, f"ACLED has no event in this window with {', '.join(sel.groups())} as {role} actor.",
                              provenance.caption([provenance.describe("acled_syria")]))
    cov = registry.coverage("acled_syria")
    t = measures_foreign.acled_by_month(long, sel.start, sel.end, cov, role)
    t = t[t.groupby("group")["events"].transform("sum") > 0]
    cap = provenance.caption([provenance.describe("acled_syria")],
                             ("Primary: the party is actor1 or actor2. " if role == "primary" else
                              "Associated: the party fought alongside actor1 or actor2 (ACLED's associated actors). ")
                             + "An event's fatalities count in full for each party named; primary and associated are never "
                             "added. ACLED counts reported fatalities of political violence: never add it to UCDP.")
    return charts.small_multiples(t, "period", "group", "fatalities", style.ACTOR_COLOURS, title, "fatalities per month", cap,
                                  start=sel.start, end=sel.end)


def acled_table(sel: Selection, by: str) -> pd.DataFrame:
    """ACLED events and fatalities per foreign party and role, by governorate or event type."""
    t = measures_foreign.acled_summary(acled_long(sel), by)
    return t.rename(columns={"group": "party", "role": "as actor", "event_type": "event type"})
