"""Figures about the sources themselves: what each covers, their yearly totals side by side, and how far the
sources built from the same UCDP coding agree (cross-source checks)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from .. import catalog, charts, checks, measures, provenance, registry, style, wording
from .selection import Selection, reader_name

# The datasets whose yearly totals stand beside the events' (each row keyed by its table's dataset id)
YEARLY_DATASETS = ("views_cm_syria", "pace_ucdp_cm", "ucdp_brd", "owid_deaths")


def yearly_sources(start_year: int = 2011, end_year: int = 2024, events: pd.DataFrame | None = None,
                   events_dataset: str | None = None) -> pd.DataFrame:
    """Each source's yearly total (see ``measures.yearly_totals``), with the dataset id each row comes from in
    ``dataset``, as its table carries it (the events' rows: ``events_dataset``, by default the one ``source="auto"``
    reads), so readers pick rows by id and keep the ``source`` label for display."""
    frames = {name: registry.load(name) for name in YEARLY_DATASETS}
    return measures.yearly_totals(events, pd.concat([frames["views_cm_syria"], frames["pace_ucdp_cm"]]),
                                  frames["ucdp_brd"], frames["owid_deaths"], start_year, end_year,
                                  events_dataset=events_dataset or registry.events_dataset().name)


def _whole_years(yearly: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """The dataset's rows of a yearly table (``yearly_sources``) that cover their year whole."""
    return yearly[(yearly["dataset"] == dataset) & (yearly["months"] >= 12)]


def source_comparison(sel: Selection) -> Figure:
    y = yearly_sources(sel.start.year, sel.end.year, sel.events_all, sel.events_dataset.name)
    names = (sel.events_dataset.name, "views_cm_syria", "pace_ucdp_cm", "ucdp_brd", "owid_deaths")
    cap = provenance.caption([provenance.describe(n) for n in names],
                             "BRD: battle deaths of dyads located in Syria. ViEWS one-sided is recovered from a one-month lag.")
    whole = y[y["months"] >= 12]
    # only series of all (or state-based) deaths that cover the war's worst years can say which was deadliest:
    # not UCDP's events of 2016-2019 here, not ViEWS' one-sided series
    spans = whole.groupby(["source", "measure"])["year"].agg(["min", "max"])
    early = spans[(spans["min"] <= 2013) & (spans["max"] >= 2015)].index
    whole = whole[whole.set_index(["source", "measure"]).index.isin(early) & (whole["measure"] != "one-sided")]
    peaks = whole.loc[whole.groupby(["source", "measure"])["deaths"].idxmax(), "year"] if len(whole) else pd.Series(dtype=int)
    if len(peaks):
        common = int(peaks.mode().iloc[0])
        agree = int((peaks == common).sum())
        title = (f"{agree} of the {len(peaks)} sources that cover the war's worst years put the deadliest at {common}"
                 if agree < len(peaks) else f"Every source that covers the war's worst years puts the deadliest at {common}")
    else:
        title = "Yearly deaths in Syria by source"
    return charts.source_comparison(y, title=title, caption=cap,
                                    subtitle=f"Deaths per year in Syria by source, {wording.year_span(sel.start.year, sel.end.year)}; "
                                             "each source's own estimate (UCDP best), never added",
                                    source=style.source_line(sel.events_dataset.name, *names[1:]))


COVERAGE_DATASETS = ("events", "vdc_governorate_days", "views_cm_syria", "pace_ucdp_cm", "ucdp_brd", "owid_deaths",
                     "airwars_syria")


def coverage_table(sel: Selection) -> pd.DataFrame:
    """One row per dataset (ViEWS per measure): label, first and last date held, unit, dataset id and the reader's
    name of the source (with the measure where a dataset has a row per measure)."""
    rows = {label: (label, *cov, _unit(dataset), dataset) for dataset, label, cov in sel.dataset_spans(COVERAGE_DATASETS)}
    table = pd.DataFrame(list(rows.values()), columns=["source", "first", "last", "unit", "dataset"])
    return table.assign(name=_bar_names(table["dataset"]))


def _bar_names(datasets: pd.Series) -> list[str]:
    """The reader's name of each row's dataset; a dataset given a row per measure (ViEWS) adds the measure, in the
    order ``Selection.dataset_spans`` gives its rows (its table's measures, sorted)."""
    seen: dict[str, int] = {}
    out = []
    for dataset in datasets:
        name = reader_name(dataset)
        if (datasets == dataset).sum() > 1 and registry.dataset(dataset).table == "monthly":
            measures_held = sorted(registry.load(dataset)["measure"].unique())
            name = f"{name}, {measures_held[seen.get(dataset, 0)]}"
        seen[dataset] = seen.get(dataset, 0) + 1
        out.append(name)
    return out


# What a row of each kind of table holds, in plain words, for the coverage chart's subtitle
PLAIN_UNITS = {"day": "daily totals", "month": "monthly totals", "year": "yearly totals"}
EVENT_TABLES = ("events", "strikes", "acled_events")


def _plain_unit(dataset: str) -> str:
    ds = registry.dataset(dataset)
    return "single events" if ds.table in EVENT_TABLES else PLAIN_UNITS.get(ds.period, ds.unit)


def units_in_words(datasets) -> str:
    """"UCDP's events and Airwars list single events; VDC's list of the dead gives daily totals; ..." for the
    datasets given (ids): what each coverage bar's source holds, in plain words, named as the bars are."""
    groups: dict[str, list[str]] = {}
    for dataset in dict.fromkeys(datasets):
        name = reader_name(dataset)
        unit = _plain_unit(dataset)
        if name not in groups.setdefault(unit, []):
            groups[unit].append(name)
    verbs = {True: ("list", "lists"), False: ("give", "gives")}  # (several sources, one source)
    return "; ".join(f"{wording.names(names)} {verbs[unit == 'single events'][len(names) == 1]} {unit}"
                     for unit, names in groups.items())


def _unit(dataset: str) -> str:
    """What one row of the dataset counts ('events' for UCDP's events, final or Candidate)."""
    ds = registry.dataset(dataset)
    return "events" if ds.table == "events" else ds.unit


def coverage_figure(sel: Selection) -> Figure:
    cap = provenance.caption([f"the files read ({', '.join(f.path.name for f in catalog.used())})"],
                             "Bars span the first to the last date each file holds.")
    table = coverage_table(sel)
    events = [cov for _, _, cov in sel.dataset_spans(("events",))]
    if events:
        first, last = min(c.first for c in events), max(c.last for c in events)
        title = f"UCDP's events cover {style.span(first, last)}; other sources fill the rest of the war"
    else:
        title = "Which source covers which months"
    return charts.coverage_chart(table, sel.start, sel.end, title=title, caption=cap,
                                 subtitle=f"Span each source covers in the window, {style.span(sel.start, sel.end)}",
                                 notes=units_in_words(table["dataset"]) + ".",
                                 source="Sources: the files read (listed under About the data)")


def cross_checks(sel: Selection) -> pd.DataFrame:
    """The cross-source checks for the events in use, as a table for the overview."""
    t = checks.cross_source_checks(sel.events_all, sel.coverage, registry.load("ucdp_brd"),
                                   registry.load("views_cm_syria"))
    t = t.assign(agrees=t["agrees"].map({True: "yes", False: "NO"}), year=t["year"].astype(str),
                 **{c: t[c].round().astype("Int64") for c in ("UCDP GED", "other")},
                 check=t["check"].str.replace(r" \(.*\)$", "", regex=True))
    return t.rename(columns={"UCDP GED": "UCDP's events, state-based", "other": "other source",
                             "against": "other"})


def reading_checks(table: pd.DataFrame) -> str:
    if table.empty:
        return "The events in use share no whole year with UCDP BRD or ViEWS, so no cross-check is possible."
    bad = table[table["agrees"] == "NO"]
    worst = table.loc[table["difference, %"].abs().idxmax()]
    text = (f"Of {len(table)} yearly comparisons, {len(table) - len(bad)} agree within their tolerance; the largest "
            f"difference is {worst['difference, %']:+.1f} % ({worst['other']}, {worst['year']}).")
    return text


def reading_peak(yearly: pd.DataFrame) -> str:
    """The war's deadliest year in words, from UCDP's all-violence count (via OWID) and its battle-death count (BRD)."""
    def peak(dataset: str):
        y = _whole_years(yearly, dataset)
        if y.empty:
            return None
        y = y.groupby("year")["deaths"].sum()
        return int(y.idxmax()), float(y.max())
    owid, brd = peak("owid_deaths"), peak("ucdp_brd")
    if owid is None:
        return "No source in hand holds a whole year of this window at country level."
    text = (f"The war was deadliest in {owid[0]}: UCDP counts {wording.number(owid[1])} deaths in all organised violence "
            "that year (as published by Our World in Data).")
    if brd is not None:
        same = "also peaks" if brd[0] == owid[0] else "peaks"
        text += f" Its count of battle deaths alone {same} in {brd[0]}, at {wording.number(brd[1])}."
    return text


def documented_comparison(sel: Selection) -> pd.DataFrame:
    """VDC's documented deaths against the events in use, by governorate, over the months both cover whole."""
    return checks.documented_against_events(sel.documented_all, sel.documented_coverage,
                                            sel.events_all, sel.coverage)


def both_cover(sel: Selection) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The whole months both VDC's list and the events in use cover (first day of the first, last day of the last),
    computed from the files, or None."""
    vdc = sel.documented_coverage
    first = max(vdc.first, sel.coverage.first)
    last = min(vdc.last, sel.coverage.last)
    first = first if first.day == 1 else (first + pd.offsets.MonthBegin(1))
    last = last if (last + pd.Timedelta(days=1)).day == 1 else (last - pd.offsets.MonthEnd(1))
    return (first.normalize(), last.normalize()) if first <= last else None


def reading_both_cover(sel: Selection) -> str:
    """'VDC and UCDP's events both cover Jan 2016 - Jul 2018': the span the comparison uses, in words."""
    span = both_cover(sel)
    if span is None:
        return "VDC's list and the UCDP events in use share no whole month, so they cannot be set side by side."
    return (f"VDC's list and UCDP's events both cover {wording.span(*span)}: over those months their counts are set side "
            "by side for every governorate.")


def reading_documented(table: pd.DataFrame, sel: Selection | None = None) -> str:
    if table.empty:
        return "VDC and the UCDP events in use share no whole month, so they cannot be compared."
    vdc, best, civ = table["VDC documented"].sum(), table["UCDP best"].sum(), table["UCDP civilians"].sum()
    lo, hi = table.loc[table["VDC / UCDP best"].idxmin()], table.loc[table["VDC / UCDP best"].idxmax()]
    strong = table.loc[table["monthly correlation"] >= 0.7, "governorate"].tolist()
    base = "in UCDP's events placed in a governorate"
    if sel is not None and (span := both_cover(sel)) is not None:
        everything = measures.window_totals(sel.events_all, *span)["best"]
        base += (f" ({wording.number(best)} of the {wording.number(everything)} deaths UCDP records in those months; the "
                 "rest are placed only at country level)")
    return (f"Over the {int(table['months'].max())} months both cover, VDC documents {vdc:,.0f} deaths against "
            f"{best:,.0f} {base}: {vdc / best:.2f} of that best estimate, {vdc / civ:.2f} of its civilian "
            f"deaths. The ratio runs from {lo['VDC / UCDP best']:.2f} ({lo['governorate']}) to "
            f"{hi['VDC / UCDP best']:.2f} ({hi['governorate']}); the monthly series follow each other closely "
            f"(correlation 0.7 or more) in {len(strong)} of {len(table)} governorates"
            + (f" ({', '.join(strong)})." if strong else "."))


def headline(sel: Selection) -> str:
    """The overview's title: the war's span and its deadliest year by UCDP's all-violence count."""
    y = _whole_years(yearly_sources(sel.start.year, sel.end.year, sel.events_all, sel.events_dataset.name), "owid_deaths")
    title = f"Syria's war, {sel.when() if sel.start == pd.Timestamp('2011-03-01') else wording.span(sel.start, sel.end)}"
    if y.empty:
        return title
    top = y.loc[y["deaths"].idxmax()]
    return f"{title}: deaths peaked in {int(top['year'])}, at {wording.number(top['deaths'])} by UCDP's count"
