"""The workbook's foreign-involvement figures: each takes a checked Selection and returns a Figure
or a table with a caption naming source, version and coverage."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import chartmarks, charts, heatmaps, maps, measures, parameters, provenance, registry, style, wording
from .. import foreign as measures_foreign
from .selection import FOREIGN_DATASETS, Selection, reader_name
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
    if matrix.empty:
        title = "No foreign state is a warring party in these years"
    else:
        inside, elsewhere = measures_foreign.states_in_syria(part[part["year"].between(sel.start.year, sel.end.year)])
        title = (f"{len(inside)} foreign states fought in Syria as warring parties"
                 + (f"; {len(elsewhere)} more only in coalitions fighting mostly elsewhere" if elsewhere else ""))
    return heatmaps.participation_heatmap(matrix, title, cap,
                                        subtitle=f"Foreign states coded by UCDP as warring parties in Syria, by year, "
                                                 f"{wording.year_span(sel.start.year, sel.end.year)}",
                                        source=style.source_line("ucdp_acd", "ucdp_brd"))


def brd_foreign_table(sel: Selection) -> pd.DataFrame:
    d = measures_foreign.foreign_dyad_deaths(registry.load("ucdp_brd"))
    d = d[(d["year"] >= sel.start.year) & (d["year"] <= sel.end.year)]
    return d


def brd_foreign_figure(sel: Selection) -> Figure:
    """Battle deaths per year in BRD dyads fought in Syria alone with a foreign state as a primary or a secondary
    (supporting) party. Dyads that also fought elsewhere are left out and named in the notes: BRD counts a dyad's
    deaths over all its battle locations, so Iraq's war with IS (Iraq and Syria) would be counted whole."""
    all_dyads = brd_foreign_table(sel)
    title = "Battle deaths in dyads involving a foreign state"
    source = style.source_line("ucdp_brd")
    if all_dyads.empty:
        brd = registry.load("ucdp_brd")
        return charts.no_data(title, f"UCDP BRD has no foreign dyad in {wording.year_span(sel.start.year, sel.end.year)} "
                              f"(it covers {wording.year_span(brd.year.min(), brd.year.max())}).",
                              provenance.caption([provenance.describe("ucdp_brd")]), source=source)
    here = all_dyads[all_dyads["syria_only"]]
    away = all_dyads[~all_dyads["syria_only"]]
    here = here.assign(label=here["dyad"].map(dyad_words))
    support = "; ".join(f"{lab}: {supporters}" for lab, supporters in _supporters(here).items())
    away_text = "; ".join(
        f"{dyad_words(dyad)} ({', '.join(sorted({_place(p) for v in g['battle_location'] for p in v.split(',')}))}: "
        f"{g['bd_best'].sum():,.0f})" for dyad, g in away.groupby("dyad"))
    cap = provenance.caption([provenance.describe("ucdp_brd")],
                             "Dyad-years with Syria as their only battle location and a foreign state as a primary or secondary "
                             "party. BRD counts a dyad's deaths over all its battle locations, so dyads that also fought "
                             f"elsewhere are left out: {away_text}. Whiskers: low-high.")
    colours = {}
    for lab, groups, primary in zip(here["label"], here["foreign_groups"], here["foreign_primary"]):
        colours[lab] = style.ACTOR_COLOURS.get(groups.split(", ")[0], style.CONTEXT_GREY) if primary else (
            style.SOURCE_GREYS[0] if "insurgents" in lab else style.CONTEXT_GREY)
    if here.empty:
        return charts.no_data(title, "No BRD dyad with a foreign party was fought in Syria alone in these years.", cap,
                              source=source)
    top = here.loc[here["bd_best"].idxmax()]  # one dyad-year, as drawn (dyads are never added up in the title)
    helped = "" if top["foreign_primary"] else f", with {wording.names(top['foreign_groups'].split(', '))} in support"
    title = f"{top['label']}{helped}: {top['bd_best']:,.0f} battle deaths in {int(top['year'])}"
    return charts.dyad_bars(here, title, cap, colours=colours,
                            subtitle=f"Battle deaths per year, UCDP best estimate with low-high whiskers, "
                                     f"{wording.year_span(here['year'].min(), here['year'].max())}; dyads fought in Syria alone",
                            source=source,
                            notes=" ".join(filter(None, [
                                f"Foreign states in support: {support}." if support else "",
                                f"Left out: dyad-years fought also outside Syria, whose deaths BRD counts over all "
                                f"their locations (battle deaths in those years): {away_text}." if away_text else ""])))


def dyad_words(dyad: str) -> str:
    """A BRD dyad as a reader says it: "Government of Syria - Syrian insurgents" reads "Syria's government v.
    Syrian insurgents"."""
    return " v. ".join(f"{_place(side.removeprefix('Government of '))}'s government"
                       if side.startswith("Government of ") else side for side in dyad.split(" - "))


def _place(name: str) -> str:
    """A Gleditsch-Ward country as a reader names it today: "Russia (Soviet Union)" reads "Russia"."""
    return name.split(" (")[0].strip()


def _supporters(here: pd.DataFrame) -> dict[str, str]:
    """For each dyad fought with foreign states as secondary parties, who supported and in which years:
    {"Syria's government v. IS": "Iran and Russia (2015-2023)"}."""
    out = {}
    for lab, g in here[~here["foreign_primary"]].groupby("label", sort=False):
        spells = [f"{wording.names(groups.split(', '))} ({wording.year_list(gg['year'])})"
                  for groups, gg in g.groupby("foreign_groups", sort=False)]
        out[lab] = ", then ".join(spells)
    return out


def strikes_table(sel: Selection, freq: str = "M") -> pd.DataFrame:
    t = measures_foreign.strikes_by_belligerent(sel.strikes, freq, sel.start, sel.end, sel.strikes_coverage)
    keep = set(sel.groups()) | {"all incidents"}
    return t[t["group"].isin(keep)]


def _no_strikes(sel: Selection, title: str) -> Figure:
    return charts.no_data(title, f"Airwars records no incident for {', '.join(sel.groups())} in this window "
                          f"(it covers {sel.strikes_coverage.words}).",
                          provenance.caption([provenance.describe("airwars_syria")]),
                          source=style.source_line("airwars_syria"))


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
    totals = t.groupby("group")["killed_max"].sum()
    top = totals.idxmax()
    peak = t[t["group"] == top].set_index("period")["killed_max"].idxmax()
    first, last = chartmarks.data_span(t, "period", "killed_max", sel.start, sel.end)
    order = list(totals.sort_values(ascending=False).index)  # the heaviest toll in the first panel
    t = t.set_index("group").loc[order].reset_index()
    return charts.small_multiples(t, "period", "group", "killed_max", style.ACTOR_COLOURS,
                                  f"Strikes alleged against {_the(top)} killed most civilians; the worst month was "
                                  f"{style.month(peak)}", "civilians killed per month", cap,
                                  band=("killed_min", "killed_max"), start=sel.start, end=sel.end,
                                  subtitle=f"Civilians killed per month, Airwars maximum (shaded down to its minimum), "
                                           f"one scale for all, {style.span(first, last)}",
                                  source=style.source_line("airwars_syria"),
                                  notes="An incident naming several belligerents counts once for each.")


def _the(group: str) -> str:
    return f"the {group}" if group.startswith("US") else group


def strikes_small_multiples(sel: Selection) -> Figure:
    if sel.strikes.empty:
        return _no_strikes(sel, "Strike incidents per month, by belligerent")
    t = strikes_table(sel, "M")
    t = t[t.groupby("group")["incidents"].transform("sum") > 0]
    cap = provenance.caption([provenance.describe("airwars_syria")],
                             "Incidents per month alleged against each belligerent; 'all incidents' counts each incident once "
                             "even when it names several belligerents.")
    each = t[t["group"] != "all incidents"].groupby("group")["incidents"].sum()
    every = t[t["group"] == "all incidents"]["incidents"].sum()
    title = (f"{each.idxmax()} {'was' if not each.idxmax().startswith('US') else 'was'} named in "
             f"{each.max() / every:.0%} of the strike incidents Airwars records" if every else
             "Strike incidents per month, by belligerent")
    first, last = chartmarks.data_span(t, "period", "incidents", sel.start, sel.end)
    return charts.small_multiples(t, "period", "group", "incidents", {**style.ACTOR_COLOURS, "all incidents": style.NOTE_GREY},
                                  title, "incidents per month", cap, start=sel.start, end=sel.end,
                                  subtitle=f"Strike incidents per month by alleged belligerent, one scale for all panels, "
                                           f"{style.span(first, last)}",
                                  source=style.source_line("airwars_syria"), context="all incidents",
                                  notes="Grey behind each panel: all incidents, each counted once even when it names "
                                        "several belligerents.")


def foreign_share_figure(sel: Selection) -> Figure:
    if (fig := _no_events(sel, "Foreign share of deaths (UCDP events)")) is not None:
        return fig
    cov = sel.coverage
    per = measures_foreign.foreign_share(sel.tagged, "M", sel.estimate, sel.start, sel.end, cov, sel.groups())
    coded, mentioned = "coded as a party", "named in the headline"
    share = pd.concat([
        per[["period"]].assign(measure=coded, share=per["share_coded"] * 100),
        per[["period"]].assign(measure=mentioned, share=per["share_mentioned"] * 100),
    ])
    cap = provenance.caption([f"{sel.events_label} (events cover {cov.text})"],
                             f"Actors: {', '.join(sel.groups())}. Coded attribution and text mentions are separate "
                             "measures and are never added; each event counts once in each. Gaps: months without GED coverage.")
    colours = {coded: style.ACCENT, mentioned: style.SOURCE_GREYS[1]}
    total = per["all"].sum()
    title = (f"Events coding a foreign party hold {per['coded'].sum() / total:.0%} of deaths; headlines name one "
             f"in {per['mentioned'].sum() / total:.0%}" if total else "Foreign share of deaths (UCDP events)")
    first, last = chartmarks.data_span(share, "period", "share", sel.start, sel.end)

    return charts.lines_by(share, "period", "measure", "share", colours, title, "% of deaths per month", cap,
                           start=sel.start, end=sel.end, highlight=coded,
                           subtitle=f"% of deaths per month in UCDP events coding a foreign party, or naming one in "
                                    f"the headline ({sel.estimate}), {style.span(first, last)}",
                           source=style.source_line(style.events_source(sel)),
                           notes="Two measures, never added: each event counts once in each.")


def _no_events(sel: Selection, title: str) -> Figure | None:
    cov = sel.coverage
    if sel.events.empty or cov[1] < sel.start or cov[0] > sel.end:
        return charts.no_data(title, f"{reader_name(sel.events_dataset.name, sel.events_label)} hold no event in this window (they cover "
                              f"{cov.words}).",
                              provenance.caption([sel.events_label]), source=style.source_line(style.events_source(sel)))
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
    totals = m.groupby("group")["events"].sum()
    title = (f"Headlines name {_the(totals.idxmax())} in {totals.max():,.0f} events, more than any other foreign actor"
             if len(totals) and totals.max() > 0 else "No headline names a foreign actor")
    first, last = max(sel.start, cov[0]), min(sel.end, cov[1])

    return charts.small_multiples(m, "period", "group", "events", style.ACTOR_COLOURS, title, "events per month", cap,
                                  start=first, end=last,
                                  subtitle=f"UCDP events per month whose source headline names the actor, one scale for "
                                           f"all panels, {style.span(first, last)}",
                                  source=style.source_line(style.events_source(sel)),
                                  notes="Named in the source's headline, not attributed: UCDP codes most Russian strikes "
                                        "under the Syrian government.")


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
    counts = located.groupby("group")["incident_id"].nunique()
    where = located["governorate"].value_counts() if "governorate" in located else pd.Series(dtype=int)
    if len(counts):
        title = f"{located['incident_id'].nunique():,} located strike incidents, most alleged against {_the(counts.idxmax())}"
        if len(where) and where.iloc[0] / where.sum() >= 0.5:
            title += f", {where.iloc[0] / where.sum():.0%} of them in {where.index[0]}"
    else:
        title = "No located strike incident"
    scov = sel.strikes_coverage.clip(sel.start, sel.end)
    return maps.point_map(located, "size", title, cap, colour_col="group", colours=style.ACTOR_COLOURS, left_off=left,
                          left_off_what="incidents without coordinates", size_label="civilians killed",
                          subtitle=f"Incidents by alleged belligerent, sized by civilians killed (Airwars maximum), "
                                   f"{style.day(scov.first) + ' to ' + style.day(scov.last) if scov else ''}",
                          source=style.source_line("airwars_syria", "ocha_admin1"))


def killed_range(low, high) -> str:
    """'3-7' from Airwars' minimum and maximum, '3' where they agree; 'not assessed' where Airwars gives none."""
    if pd.isna(low) and pd.isna(high):
        return "not assessed"
    if pd.isna(low) or pd.isna(high) or low == high:
        return f"{(high if pd.isna(low) else low):,.0f}"
    return f"{low:,.0f}-{high:,.0f}"


def killed_in(st: pd.DataFrame) -> str:
    """Civilians killed in the incidents ``st``, Airwars minimum-maximum ('not assessed' when none is): incidents
    without an assessment add nothing, and ``unassessed`` counts them."""
    return killed_range(st["civilians_killed_min"].sum(min_count=1), st["civilians_killed_max"].sum(min_count=1))


def unassessed(st: pd.DataFrame) -> int:
    """How many of the incidents ``st`` Airwars has not (yet) assessed for deaths."""
    return int(st["civilians_killed_min"].isna().sum())


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
    long = measures_foreign.acled_foreign(sel.acled)
    return long[long["group"].isin(sel.groups())]


def acled_figure(sel: Selection, role: str) -> Figure:
    """Fatalities per month in ACLED events with each foreign party as ``role`` actor (primary or associated)."""
    long = acled_long(sel)
    title = f"ACLED: fatalities in events with a foreign party as {role} actor, per month"
    source = style.source_line("acled_syria")
    if long[long["role"] == role].empty:
        return charts.no_data(title, f"ACLED has no event in this window with {', '.join(sel.groups())} as {role} actor.",
                              provenance.caption([provenance.describe("acled_syria")]), source=source)
    cov = sel.acled_coverage
    t = measures_foreign.acled_by_month(long, sel.start, sel.end, cov, role)
    t = t[t.groupby("group")["events"].transform("sum") > 0]
    cap = provenance.caption([provenance.describe("acled_syria")],
                             ("Primary: the party is actor1 or actor2. " if role == "primary" else
                              "Associated: the party fought alongside actor1 or actor2 (ACLED's associated actors). ")
                             + "An event's fatalities count in full for each party named; primary and associated are never "
                             "added. ACLED counts reported fatalities of political violence: never add it to UCDP.")
    totals = t.groupby("group")["fatalities"].sum()
    if len(totals) and totals.max() > 0:
        title = f"ACLED: events with {_the(totals.idxmax())} as {role} actor reported most fatalities"
    first, last = chartmarks.data_span(t, "period", "fatalities", sel.start, sel.end)
    return charts.small_multiples(t, "period", "group", "fatalities", style.ACTOR_COLOURS, title, "fatalities per month",
                                  cap, start=sel.start, end=sel.end, source=source,
                                  subtitle=f"Reported fatalities per month in ACLED events with the party as {role} actor, "
                                           f"one scale for all panels, {style.span(first, last)}",
                                  notes="Never add ACLED to UCDP: they count differently.")


def acled_table(sel: Selection, by: str) -> pd.DataFrame:
    """ACLED events and fatalities per foreign party and role, by governorate or event type."""
    t = measures_foreign.acled_summary(acled_long(sel), by)
    return t.rename(columns={"group": "party", "role": "as actor", "event_type": "event type"})
