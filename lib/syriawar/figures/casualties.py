"""Casualty figures: each takes a checked Selection, computes its measure and draws its chart with a caption
naming source, version and coverage. Notebooks call these and explain them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import charts, geography, heatmaps, maps, measures, provenance, reference, registry, style, wording
from .periods import PER, PERIOD_LABEL, by_type_freq, timeline_freq
from .selection import CASUALTY_DATASETS, Selection, reader_name
from .selection import select as _select

MIN_DEATHS_FOR_SHARE = 20  # below this a month's civilian share swings between 0 and 100 % on a few deaths
AGGREGATE_NOTE = ("UCDP books some monitors' year-end tallies as single events spanning a whole year; "
                  "these are {how}.")



def select(start="2011-03-01", end="2024-12-31", governorates=None, types=None, estimate="best",
           source="auto", aggregates="spread") -> Selection:
    """Check parameters and select events; a window no source covers is an error, a partial one is noted."""
    return _select(CASUALTY_DATASETS, start=start, end=end, governorates=governorates, types=types,
                   estimate=estimate, source=source, aggregates=aggregates)


def views_series(start, end) -> tuple[pd.Series, pd.DataFrame]:
    s = measures.monthly_source_series(registry.load("views_cm_syria"), "views_cm_syria", "state-based", start, end)
    return s, measures.year_end_spikes(s)


def documented_series(sel: Selection, freq: str = "M") -> pd.Series:
    """VDC's documented deaths per month in the selection's governorates (all when none), gaps outside VDC."""
    v = sel.documented_all
    if sel.governorates:
        v = v[v["governorate"].isin(sel.governorates)]
    m = measures.documented_deaths(v, freq, start=sel.start, end=sel.end, coverage=sel.documented_coverage)
    return measures.mask_partial(m, ["deaths"]).set_index("period")["deaths"]


def events_source(sel: Selection) -> str:
    """The events' name on a source line: 'UCDP GED (Syria release)', 'UCDP GED and Candidate events'."""
    return style.events_source(sel)


def _where(sel: Selection) -> str:
    return " and ".join(sel.governorates) if sel.governorates else "Syria"


def _peak(s: pd.Series) -> tuple[pd.Timestamp | None, float]:
    s = s.dropna()
    return (s.idxmax(), float(s.max())) if len(s) and s.max() > 0 else (None, 0.0)


def timeline_title(sel: Selection, series: dict[str, pd.Series]) -> str:
    """'Deaths in Syria peaked in 2013; UCDP's event data cover Jan 2016-Dec 2019': the peak year of the line
    that covers most of the window (the peak month when the window is three years or less), and the events' span
    when it is shorter than the window."""
    longest = max(series.values(), key=lambda s: s.notna().sum())
    yearly = longest.dropna().groupby(longest.dropna().index.year).sum()
    full_years = longest.dropna().groupby(longest.dropna().index.year).size() >= 12
    kinds = f" in {', '.join(sel.types)} violence" if sel.types else ""
    owid = registry.load("owid_deaths")
    owid = owid[(owid["year"] >= sel.start.year) & (owid["year"] <= sel.end.year)]
    if (sel.end - sel.start).days > 3 * 366 and not sel.governorates and not sel.types and len(owid):
        # the country's peak by UCDP's all-violence count, as the overview's headline and key figures give it
        # (PaCE, the line covering most of the window, undercounts 2012-2017 and peaks a year late)
        peak = f"peaked in {int(owid.loc[owid['deaths'].idxmax(), 'year'])} by UCDP's count"
    elif (sel.end - sel.start).days > 3 * 366 and full_years.any():
        peak = f"peaked in {int(yearly[full_years].idxmax())}"
    elif sel.start == sel.end:  # one day has no peak: the day's count, by the one rule for a window
        n = sel.window_totals()[sel.estimate]
        return f"Deaths{kinds} in {_where(sel)} on {style.day(sel.start)}: {wording.number(n)} by UCDP's {sel.estimate} estimate"
    else:
        when, _ = _peak(longest)
        freq = timeline_freq(sel)
        peak = ("were not recorded" if when is None else f"peaked on {style.day(when)}" if freq == "D"
                else f"peaked in the week of {style.day(when)}" if freq == "W" else f"peaked in {style.month(when)}")
    text = f"Deaths{kinds} in {_where(sel)} {peak}"
    held = sel.coverage.clip(sel.start, sel.end)
    if held and (held.first > sel.start + pd.Timedelta(days=31) or held.last < sel.end - pd.Timedelta(days=31)):
        text += f"; UCDP's event data cover only {style.span(held.first, held.last)}"
    return text


def _timeline_words(sel: Selection, freq: str, country: bool, spikes: pd.DataFrame) -> tuple[str, list[str]]:
    """The timeline's provenance (kept with the figure for "About the data") and the notes drawn under it."""
    how = ("spread evenly over their span" if sel.aggregates == "spread" else "left out of the line")
    parts = [sel.events_caption()]
    note = AGGREGATE_NOTE.format(how=how)
    if not sel.types:
        parts.append(provenance.describe("vdc_governorate_days"))
    notes = []
    if country:
        parts += [provenance.describe("views_cm_syria"), provenance.describe("pace_ucdp_cm")]
        note += " PaCE drops events spanning two months (low in 2012-2017)."
        if len(spikes):
            years = [str(y) for y in spikes["year"]]
            note += (f" ViEWS Decembers {', '.join(years)} hold year-long aggregate records; the line spreads each "
                     "December's excess over its median month evenly across that year.")
            notes.append(f"Triangles: ViEWS's Decembers {years[0]}-{years[-1]} as published, year-end tallies the line "
                         f"spreads over their year; off the scale, at {spikes['december'].min():,.0f} to "
                         f"{spikes['december'].max():,.0f} deaths.")
    elif freq != "M":
        note += f" The country-month series (ViEWS, PaCE) count whole months and cannot be drawn by {PER[freq]}."
    else:
        note += " The country-month series (ViEWS, PaCE) cannot be split by governorate or type."
    if sel.preliminary_from is not None:
        note += (f" From {style.month(sel.preliminary_from)} the UCDP line comes from Candidate events (preliminary, "
                 "may be revised).")
        notes.append(f"Dashed, lighter: UCDP Candidate events from {style.month(sel.preliminary_from)}, preliminary.")
    return provenance.caption(parts, note + " Gaps: months a source does not cover."), notes


def war_timeline(sel: Selection, spread_spikes: bool = True) -> Figure:
    """Monthly deaths: ViEWS state-based, PaCE all types and UCDP GED events with their low-high band, VDC's
    documented deaths; the title states when deaths peaked, the subtitle what each line counts."""
    freq = timeline_freq(sel)
    views, spikes = views_series(sel.start, sel.end)
    pace = measures.monthly_source_series(registry.load("pace_ucdp_cm"), "pace_ucdp_cm", "all types", sel.start, sel.end)
    f = measures.fatalities(sel.events, freq, start=sel.start, end=sel.end, coverage=sel.coverage,
                            aggregates=sel.aggregates).table
    f = measures.mask_partial(f, list(measures.ESTIMATES))
    if freq == "W":  # a week the window cuts would read as a quiet week: a gap instead
        inside = measures.covered_share(f["period"], freq, (sel.start, sel.end)) >= 1
        f.loc[~inside, list(measures.ESTIMATES)] = np.nan
    f = f.set_index("period")
    series, names = {}, {}
    # country series cannot be split by governorate or type, nor by day or week
    country = not sel.governorates and not sel.types and freq == "M"
    if country:
        series["ViEWS: state-based (UCDP)"] = measures.spread_year_end_spikes(views, spikes) if spread_spikes else views
        series["PaCE: all types (UCDP GED 25.1 + Candidate)"] = pace
        names.update({"ViEWS: state-based (UCDP)": "ViEWS, state-based",
                      "PaCE: all types (UCDP GED 25.1 + Candidate)": "PaCE, all types"})
    ged = f"UCDP GED events: {sel.estimate}"
    datasets = {"ViEWS: state-based (UCDP)": "views_cm_syria", "PaCE: all types (UCDP GED 25.1 + Candidate)": "pace_ucdp_cm",
                ged: sel.events_dataset.name, "VDC: documented deaths (a list, not an estimate)": "vdc_governorate_days"}
    series[ged] = f[sel.estimate]
    names[ged] = "UCDP events"
    if not sel.types:  # VDC has no type of violence; it does have governorates
        series["VDC: documented deaths (a list, not an estimate)"] = documented_series(sel, freq)
        names["VDC: documented deaths (a list, not an estimate)"] = "VDC, documented"
    cap, notes = _timeline_words(sel, freq, country, spikes if spread_spikes else spikes.iloc[0:0])
    kinds = f", {', '.join(sel.types)} violence" if sel.types else ""
    subtitle = (f"Deaths per {PER[freq]}{kinds}, {style.span(sel.start, sel.end)}; UCDP events: {sel.estimate} estimate, "
                "band low-high" + ("; VDC: documented by name" if not sel.types else ""))
    names_in = [sel.events_dataset.name] + (["vdc_governorate_days"] if not sel.types else []) \
        + (["views_cm_syria", "pace_ucdp_cm"] if country else [])
    light = {ged: sel.preliminary_from} if sel.preliminary_from is not None else None
    return charts.timeline(series, sel.start, sel.end, reference.key_events(), light_from=light,
                           band=(f["low"], f["high"]), band_label="UCDP GED events: low-high range",
                           spikes=spikes if spread_spikes and country else None,
                           title=timeline_title(sel, series), caption=cap, subtitle=subtitle,
                           source=style.source_line(events_source(sel), *names_in[1:]), notes="\n".join(notes),
                           names=names, datasets=datasets, ylabel=f"deaths per {PER[freq]}")


def yearly_by_type(sel: Selection) -> Figure:
    if not sel.has_events:
        return sel.no_events("Deaths by type of violence")
    freq = by_type_freq(sel)
    f = measures.fatalities(sel.events, freq, by="type_of_violence", start=sel.start, end=sel.end,
                            coverage=sel.coverage, aggregates=sel.aggregates).table
    f = f[f[sel.estimate].notna()]
    partial = {}
    window = sel.coverage.clip(sel.start, sel.end)
    for year in f["period"].dt.year.unique() if freq == "Y" else ():
        n = measures.months_covered(int(year), window)
        if n < 12:
            partial[str(year)] = f"{n} months"
    cap = provenance.caption([sel.events_caption()], "Labels above bars: years covered only in part.")
    by_type = f.groupby("type_of_violence")[sel.estimate].sum()
    total = by_type.sum()
    if total > 0:
        top = by_type.idxmax()
        title = f"{top.capitalize()} violence caused {by_type[top] / total:.0%} of deaths in {_where(sel)}"
    else:
        title = f"No deaths recorded in {_where(sel)}"
    per = PER[freq]
    subtitle = (f"Deaths per {per} by type of violence, UCDP events, {sel.estimate} estimate, "
                f"{style.span(window.first, window.last) if window else style.span(sel.start, sel.end)}")
    return charts.stacked_by(f, "period", "type_of_violence", sel.estimate, style.TYPE_COLOURS, title,
                             f"deaths per {per}", cap, partial=partial, subtitle=subtitle, label=PERIOD_LABEL[freq],
                             source=style.source_line(events_source(sel)),
                             notes="Labels above bars: years the events cover only in part." if partial else "")


def governorate_month_table(sel: Selection) -> pd.DataFrame:
    f = measures.fatalities(sel.events, "M", by="governorate", start=sel.start, end=sel.end,
                            coverage=sel.coverage, aggregates=sel.aggregates).table
    wide = f.pivot(index="governorate", columns="period", values=sel.estimate)
    order = [g for g in geography.governorate_names() if g in wide.index]
    wide = wide.reindex(order if not sel.governorates else [g for g in order if g in sel.governorates])
    return wide


def documented_month_table(sel: Selection) -> pd.DataFrame:
    """governorate x month of VDC's documented deaths; NaN where VDC does not cover."""
    v = sel.documented_all
    order = [g for g in geography.governorate_names() if not sel.governorates or g in sel.governorates]
    m = measures.documented_deaths(v[v["governorate"].isin(order)], "M", by="governorate", start=sel.start, end=sel.end,
                                   coverage=sel.documented_coverage, groups=order)
    return m.pivot(index="governorate", columns="period", values="deaths").reindex(order)


def documented_heatmap(sel: Selection) -> Figure:
    cov = sel.documented_coverage
    title = "Documented deaths per month by governorate (VDC)"
    if not cov.overlaps(sel.start, sel.end):
        return charts.no_data(title, f"VDC's list has no one in this window (it covers {cov.words}).",
                              provenance.caption([provenance.describe("vdc_governorate_days")]),
                              source=style.source_line("vdc_governorate_days"))
    cap = provenance.caption([provenance.describe("vdc_governorate_days")],
                             "Deaths documented by VDC (a documentation list, not an estimate; mostly civilians and opposition "
                             "fighters). Types of violence do not apply: VDC records deaths, not events.")
    table = documented_month_table(sel)
    held = cov.clip(sel.start, sel.end)
    return heatmaps.heatmap(table, _heat_title(table, "documented deaths"), cap, cbar_label="documented deaths per month",
                          subtitle=f"Deaths documented by VDC per month and governorate (a list of names, not an "
                                   f"estimate), {style.span(held.first, held.last)}",
                          source=style.source_line("vdc_governorate_days"))


def _heat_title(table: pd.DataFrame, what: str) -> str:
    """'Aleppo had most deaths; the worst month was Aug 2012 in Rural Damascus' from a governorate x month table."""
    if table.empty or not np.isfinite(table.to_numpy(dtype=float)).any() or np.nanmax(table.to_numpy(dtype=float)) <= 0:
        return f"No {what} recorded"
    totals = table.sum(axis=1)
    stacked = table.stack()
    (where, when) = stacked.idxmax()
    if len(table) == 1:
        return f"{what.capitalize()} in {where} peaked in {style.month(when)}"
    if totals.idxmax() == where:
        return f"{where} had most {what} and the worst month, {style.month(when)}"
    return f"{totals.idxmax()} had most {what}; the worst month was {style.month(when)} in {where}"


def governorate_heatmap(sel: Selection, source: str = "events") -> Figure:
    """Deaths per governorate and month from UCDP's events (``source="events"``) or VDC's list (``"vdc"``)."""
    if source == "vdc":
        return documented_heatmap(sel)
    if not sel.has_events:
        return sel.no_events("Deaths per month by governorate")
    wide = governorate_month_table(sel)
    held = sel.coverage.clip(sel.start, sel.end)  # months outside the events' coverage would only be grey
    wide = wide.loc[:, (wide.columns >= held.first.to_period("M").start_time) & (wide.columns <= held.last)]
    cut = sel.events["governorate"].isna()
    cap = provenance.caption([sel.events_caption()],
                             f"{int(cut.sum()):,} events ({sel.events.loc[cut, sel.estimate].sum():,.0f} deaths) located only "
                             "at country or regional level have no governorate and are not in this chart.")
    return heatmaps.heatmap(wide, _heat_title(wide, "deaths"), cap, cbar_label=f"deaths per month ({sel.estimate})",
                          subtitle=f"Deaths per month and governorate, UCDP events, {sel.estimate} estimate, "
                                   f"{style.span(held.first, held.last)}",
                          source=style.source_line(events_source(sel)),
                          notes=f"Not shown: {sel.events.loc[cut, sel.estimate].sum():,.0f} deaths in events located only "
                                "to the country. Darkest: the top 1 % of cells and above.")


def governorate_totals(sel: Selection) -> pd.Series:
    """Deaths per governorate in the window (the chosen estimate), each event spread over its days."""
    t = sel.window_totals(by="governorate")
    return t.set_index("governorate")[sel.estimate]


def governorate_choropleth(sel: Selection) -> Figure:
    if not sel.has_events:
        return sel.no_events("Deaths by governorate")
    totals = governorate_totals(sel)
    cap = provenance.caption([sel.events_caption(), provenance.describe("ocha_admin1")],
                             "Deaths in the window: an event running past its edges adds the share of its days inside. "
                             "Country-level events are not on the map.")
    a, b = sel.coverage.clip(sel.start, sel.end)
    shown = totals[totals > 0]
    where = "a governorate" if not sel.governorates else " and ".join(sel.governorates)
    if len(shown):
        share = shown.max() / shown.sum()
        title = f"{shown.idxmax()} saw {share:.0%} of the deaths UCDP places in {where}"
    else:
        title = f"UCDP places no deaths in {where}"
    if sel.governorates and len(sel.governorates) < maps.MIN_CHOROPLETH_AREAS:
        # too few areas for a choropleth: the events as dots, on a map zoomed to them
        pts, left_off = measures.precise_events(sel.events, ["latitude", "longitude", "type_of_violence",
                                                             sel.estimate], 3)
        return maps.point_map(pts, sel.estimate, title, cap, colour_col="type_of_violence", colours=style.TYPE_COLOURS,
                              left_off=left_off, left_off_what="events located only to a governorate or the country",
                              subtitle=f"UCDP events located to the district or better, sized by deaths "
                                       f"({sel.estimate}), {style.day(a)} to {style.day(b)}",
                              source=style.source_line(events_source(sel), "ocha_admin1"))
    return maps.choropleth(totals, title, cap, label=f"deaths ({sel.estimate})",
                           subtitle=f"Deaths by governorate, UCDP events, {sel.estimate} estimate, "
                                    f"{style.day(a)} to {style.day(b)}",
                           source=style.source_line(events_source(sel), "ocha_admin1"))


def event_map(sel: Selection, max_where_precision: int = 3) -> Figure:
    if not sel.has_events:
        return sel.no_events("Where people died")
    pts, left_off = measures.precise_events(sel.events, ["latitude", "longitude", "type_of_violence", sel.estimate],
                                            max_where_precision)
    cap = provenance.caption([sel.events_caption(), provenance.describe("ocha_admin1")],
                             f"Location precision 1 to {max_where_precision} on UCDP's scale.")
    precision = {1: "the exact place", 2: "within 25 km", 3: "the district"}.get(max_where_precision, "the district")
    a, b = sel.coverage.clip(sel.start, sel.end)
    top = sel.events.groupby("governorate")[sel.estimate].sum().sort_values(ascending=False)
    if len(top) >= 2 and top.sum() > 0 and not sel.governorates:
        title = f"{top.index[0]} and {top.index[1]} held {top.iloc[:2].sum() / top.sum():.0%} of the deaths UCDP places"
    elif len(top) and top.sum() > 0:
        title = f"Where people died in {_where(sel)}: {top.sum():,.0f} deaths in UCDP's events"
    else:
        title = "Where people died"
    return maps.point_map(pts, sel.estimate, title, cap, colour_col="type_of_violence", colours=style.TYPE_COLOURS,
                          left_off=left_off, subtitle=f"UCDP events located to {precision} or better, sized by deaths "
                          f"({sel.estimate}), {style.span(a, b)}", source=style.source_line(events_source(sel), "ocha_admin1"),
                          left_off_what="events located only to a governorate or the country")


def civilian_share(sel: Selection) -> Figure:
    if not sel.has_events:
        return sel.no_events("Who died: civilians and combatants per month")
    freq = timeline_freq(sel)
    t = measures.death_kinds(sel.events, freq, sel.start, sel.end, sel.coverage)
    t = measures.mask_partial(t, ["civilians", "combatants", "unknown", "civilian_share", "civilian_share_low",
                                  "civilian_share_high"])
    thin = t[["civilians", "combatants", "unknown"]].sum(axis=1) < MIN_DEATHS_FOR_SHARE
    for col in ("civilian_share", "civilian_share_low", "civilian_share_high"):
        t[col] = t[col].mask(thin)
    cap = provenance.caption([sel.events_caption()], "UCDP best estimate split into deaths_civilians, combatants "
                             "(deaths_a + deaths_b: the two sides of each event's dyad, different parties in different dyads, "
                             "so shown together) and deaths_unknown; share = civilians / all. "
                             "Band: the share if all deaths were at UCDP's high or low estimate (UCDP splits only the best). "
                             f"The share is left out for months with fewer than {MIN_DEATHS_FOR_SHARE} deaths.")
    sums = t[["civilians", "combatants", "unknown"]].sum()
    share = sums["civilians"] / sums.sum() if sums.sum() else np.nan
    title = (f"Civilians were {share:.0%} of deaths in {_where(sel)}" if np.isfinite(share)
             else f"No deaths recorded in {_where(sel)}")
    held = sel.coverage.clip(sel.start, sel.end)
    return charts.share_over_time(t, "period", ["civilians", "combatants", "unknown"], title, cap,
                                  subtitle=f"Deaths per {PER[freq]} by who died (UCDP best estimate's split) and civilians' "
                                           f"share, {style.span(held.first, held.last)}",
                                  source=style.source_line(events_source(sel)),
                                  notes="Combatants: both sides of each event together. Band: the share if every death "
                                        f"were at UCDP's low or high estimate. No share for {PER[freq]}s of fewer than "
                                        f"{MIN_DEATHS_FOR_SHARE} deaths.", per=PER[freq])


# --- short readings computed from the data -------------------------------------------------------------

def reading_total(sel: Selection) -> str:
    if not sel.has_events:
        return (f"{reader_name(sel.events_dataset.name, sel.events_label)} hold no event in this window: they cover "
                f"{sel.coverage.words}. The monthly series below still cover it.")
    t = sel.window_totals()
    a, b = max(sel.start, sel.coverage[0]), min(sel.end, sel.coverage[1])
    text = (f"Between {wording.day(a)} and {wording.day(b)}, UCDP's event data record "
            f"{wording.number(t['best'])} deaths{sel.scope()} (best estimate; between {wording.number(t['low'])} and "
            f"{wording.number(t['high'])}) in {int(t['events']):,} events.")
    if t["best"] > 0 and t["from_long_records"] >= 0.05 * t["best"]:
        text += (f" {wording.number(t['from_long_records'])} of them are the window's share of records spanning more "
                 "than a month, such as monitors' year-end tallies, spread evenly over their days as in the charts.")
    return text


def headline(sel: Selection) -> str:
    """The report's title, stating what the data say for the selection, with the span the events really cover where
    it is shorter than the window: '4,763 deaths in Syria in Jun 2016, 22% of them civilians'."""
    where = wording.names(sel.governorates) or "Syria"
    kinds = f" ({wording.names(sel.types)} violence)" if sel.types else ""
    window = sel.when() if sel.start == pd.Timestamp("2011-03-01") else wording.span(sel.start, sel.end)
    if not sel.has_events:
        return f"Casualties in {where}{kinds}, {window}"
    held = sel.coverage.clip(sel.start, sel.end)
    t = sel.window_totals()
    every = sum(t[k] for k in measures.DEATH_KINDS)
    civilians = f", {wording.share(t['deaths_civilians'], every)} of them civilians" if every else ""
    if held.first <= sel.start and held.last >= sel.end:
        return f"{wording.number(t['best'])} deaths in {where}{kinds}, {window}{civilians}"
    return (f"Casualties in {where}{kinds}, {window}: {wording.number(t['best'])} deaths in UCDP's event data, "
            f"which cover {wording.span(*held)}")
