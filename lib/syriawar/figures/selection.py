"""One Selection for every figure: the checked parameters of a report and the slices of the tables they pick.

Tables are loaded through the registry (once per process) and only when a figure asks for them, so a
casualties report never reads Airwars and a brief never spreads UCDP's aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
from matplotlib.figure import Figure

from .. import actors, boundaries, charts, foreign, measures, parameters, provenance, registry, style, wording
from ..errors import SourceNotFound
from ..registry import Coverage

# Which datasets each kind of report draws on (their coverage decides whether a window can be reported).
CASUALTY_DATASETS = ("events", "views_cm_syria", "pace_ucdp_cm")
FOREIGN_DATASETS = ("events", "airwars_syria", "ucdp_acd", "ucdp_brd")


@dataclass
class Selection:
    """A checked slice of the war: window, places, types, actors, estimate and the sources to read."""

    start: pd.Timestamp
    end: pd.Timestamp
    governorates: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    estimate: str = "best"
    source: str = "auto"
    aggregates: str = "spread"
    note: parameters.CoverageNote | None = None

    # -- events (UCDP GED) ---------------------------------------------------------------------------
    @cached_property
    def events_dataset(self) -> registry.Dataset:
        return registry.events_dataset(self.source)

    @cached_property
    def events_all(self) -> pd.DataFrame:
        return self.events_dataset.load()

    @cached_property
    def coverage(self) -> Coverage:
        """Days the events file covers (first date_start to last date_end)."""
        return self.events_dataset.coverage()

    @cached_property
    def events(self) -> pd.DataFrame:
        """Events overlapping the window in the chosen governorates and types."""
        return measures.select_events(self.events_all, self.start, self.end, self.governorates, self.types)

    @cached_property
    def counted_events(self) -> pd.DataFrame:
        """The events the selection's deaths are counted over: all of the window's, or, with ``aggregates="apart"``,
        those that are not aggregate records (the charts then leave the tallies out of their lines too)."""
        ev = self.events
        if self.aggregates == "apart" and len(ev):
            return ev[~measures.is_aggregate(ev)]
        return ev

    def window_totals(self, by: str | None = None, events: pd.DataFrame | None = None):
        """Deaths (low, best, high and the best estimate's split) in the window, spread over each event's days as the
        charts spread them: the one figure every sentence, key figure and table of a report quotes
        (``measures.window_totals``); per ``by`` group when given; of ``events`` (a subset of the counted events)
        when given."""
        ev = self.counted_events if events is None else events
        return measures.window_totals(ev, self.start, self.end, by=by)

    def scope(self) -> str:
        """The selection's filters in words for labels ('' for all of Syria): ' in Idleb and Aleppo, state-based
        violence'."""
        parts = []
        if self.governorates:
            parts.append("in " + wording.names(self.governorates))
        if self.types:
            parts.append(wording.names(self.types) + " violence")
        return (" " + ", ".join(parts)) if parts else ""

    @cached_property
    def located_events(self) -> pd.DataFrame:
        """Events of the selection located to a district or better (where_prec 1-3), with their OCHA district
        from their coordinates (located once per selection)."""
        pts, _ = measures.precise_events(self.events)
        return pts.assign(district=boundaries.locate_districts(pts["longitude"].to_numpy(), pts["latitude"].to_numpy()))

    @cached_property
    def tagged_all(self) -> pd.DataFrame:
        """Every event of the file with its coded foreign parties and headline mentions (tagged once)."""
        return foreign.tag_events(self.events_all)

    @cached_property
    def tagged(self) -> pd.DataFrame:
        """Events of the window (all places and types) with their coded foreign parties and headline mentions."""
        return foreign.tag_events(measures.select_events(self.events_all, self.start, self.end))

    @property
    def has_events(self) -> bool:
        """Whether the events source covers any of the window."""
        return self.coverage.overlaps(self.start, self.end)

    @cached_property
    def events_label(self) -> str:
        return measures.events_label(self.events_all)

    @property
    def preliminary_from(self) -> pd.Timestamp | None:
        """First month held only by UCDP Candidate (preliminary) events, or None."""
        return measures.preliminary_from(self.events_all)

    def events_caption(self) -> str:
        filt = []
        if self.governorates:
            filt.append("governorates: " + ", ".join(self.governorates))
        if self.types:
            filt.append("violence: " + ", ".join(self.types))
        text = f"{self.events_label} (events cover {self.coverage.text})"
        return text + (f"; {'; '.join(filt)}" if filt else "")

    def when(self) -> str:
        """The window in words for titles: '2011-2024' for whole years (from March 2011), else '27 Nov - 8 Dec 2024'."""
        first = self.start in (pd.Timestamp(year=self.start.year, month=1, day=1), pd.Timestamp("2011-03-01"))
        if first and self.end == pd.Timestamp(year=self.end.year, month=12, day=31):
            return f"{self.start:%Y}-{self.end:%Y}" if self.start.year != self.end.year else f"{self.start:%Y}"
        if self.start.year == self.end.year:
            return f"{self.start:%-d %b} - {self.end:%-d %b %Y}"
        return f"{self.start:%-d %b %Y} - {self.end:%-d %b %Y}"

    def acled_note(self) -> str:
        """One sentence on ACLED when the reader has not brought it ('' when they have)."""
        if registry.available("acled_syria"):
            return ""
        return ("ACLED, which names foreign forces and militias such as Hezbollah and the Fatemiyoun as actors, is not "
                "part of this report: its terms forbid sharing its data, so it is read only from a user's own export.")

    def events_note(self) -> str:
        """Which events file the report rests on, in a reader's words."""
        if self.events_dataset.name == "ucdp_ged_syria":
            return (f"UCDP's events here come from its Syria release, which covers {wording.span(*self.coverage)}. "
                    "UCDP's global release holds the whole war at event level, from 2011 to 2024; with it in hand, "
                    "every chart of UCDP's events covers those years (see 'How to reproduce this report').")
        text = f"UCDP's events here come from {self.events_label}, which covers {wording.span(*self.coverage)}."
        if self.preliminary_from is not None:
            text += (f" Events from {wording.month(self.preliminary_from)} are UCDP Candidate events: preliminary, "
                     "and may be revised.")
        return text

    def coverage_words(self, datasets: tuple[str, ...] = CASUALTY_DATASETS) -> str:
        """Which sources cover the window, in a reader's words: 'UCDP's events and PaCE cover the whole window;
        ViEWS covers 1 Jan - 30 Apr 2024 of it; VDC's list ends before it (it runs 5 Jan 2011 - 13 Aug 2018).'"""
        whole, part, none = [], [], []
        spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = {}
        for dataset, _, (a, b) in self.dataset_spans(datasets):  # one line per source (ViEWS' two measures as one)
            name = reader_name(dataset)
            old = spans.get(name, (a, b))
            spans[name] = (min(a, old[0]), max(b, old[1]))
        for name, (a, b) in spans.items():
            s = "" if name.endswith("events") else "s"
            lo, hi = max(a, self.start), min(b, self.end)
            if lo > hi:
                none.append(f"{name} {'end' + s + ' before' if b < self.start else 'start' + s + ' after'} it "
                            f"(running {wording.span(a, b)})")
            elif lo == self.start and hi == self.end:
                whole.append(name)
            else:
                part.append(f"{name} cover{s} {wording.span(lo, hi)} of it")
        plural = len(whole) > 1 or (whole and whole[0].endswith("events"))
        said = [f"{wording.names(whole)} cover{'' if plural else 's'} the whole window"] if whole else []
        said += part + none
        return f"This report covers {wording.span(self.start, self.end)}. " + ("; ".join(said) + "." if said else "")

    def no_events(self, title: str) -> Figure:
        return charts.no_data(title, f"{reader_name(self.events_dataset.name, self.events_label)} hold no event in this "
                              f"window (they cover {self.coverage.words}).", provenance.caption([self.events_caption()]),
                              source=style.events_source(self))

    # -- documented deaths (VDC) and ACLED events: loaded once per selection ----------------------------
    @cached_property
    def documented_all(self) -> pd.DataFrame:
        """VDC's documented deaths per governorate and day, the whole list."""
        return registry.load("vdc_governorate_days")

    @cached_property
    def documented_coverage(self) -> Coverage:
        """Days VDC's list covers."""
        return registry.coverage("vdc_governorate_days")

    @cached_property
    def acled_all(self) -> pd.DataFrame | None:
        """Every ACLED event of the user's export, or None when no export is in hand (ACLED is never shipped)."""
        if not registry.available("acled_syria"):
            return None
        try:
            return registry.load("acled_syria")
        except SourceNotFound:
            return None

    @cached_property
    def acled_coverage(self) -> Coverage:
        """Days the user's ACLED export covers (asked only when one is in hand)."""
        return registry.coverage("acled_syria")

    @cached_property
    def acled(self) -> pd.DataFrame | None:
        """ACLED events of the window (all places), or None when no export is in hand."""
        ev = self.acled_all
        return None if ev is None else ev[(ev["date"] >= self.start) & (ev["date"] <= self.end)]

    # -- strikes (Airwars) ---------------------------------------------------------------------------
    @cached_property
    def strikes_all(self) -> pd.DataFrame:
        return registry.load("airwars_syria")

    @cached_property
    def strikes_coverage(self) -> Coverage:
        return registry.coverage("airwars_syria")

    @cached_property
    def strikes(self) -> pd.DataFrame:
        st = self.strikes_all
        return st[(st["date"] >= self.start) & (st["date"] <= self.end)]

    @cached_property
    def located_strikes(self) -> tuple[pd.DataFrame, int]:
        """Strikes of the window in the selection's governorates (all when none) that have coordinates, with their
        OCHA district from their coordinates (located once per selection: a governorate report's map, district table
        and note all ask), and how many have no coordinates."""
        st = self.strikes[self.strikes["governorate"].isin(self.governorates)] if self.governorates else self.strikes
        has = st["latitude"].notna() & st["longitude"].notna()
        st = st[has]
        return (st.assign(district=boundaries.locate_districts(st["longitude"].to_numpy(), st["latitude"].to_numpy())),
                int((~has).sum()))

    def groups(self) -> list[str]:
        """The foreign actor groups to show: those chosen, or all."""
        return self.actors or list(actors.FOREIGN_GROUPS)

    def spans(self, datasets: tuple[str, ...]) -> dict[str, Coverage]:
        """label -> coverage of each dataset named ('events' = the events file in use; ViEWS per measure)."""
        return {label: cov for _, label, cov in self.dataset_spans(datasets)}

    def dataset_spans(self, datasets: tuple[str, ...]) -> list[tuple[str, str, Coverage]]:
        """(registry id, label, coverage) of each dataset named ('events' = the events file in use, its final and
        Candidate events apart; ViEWS per measure)."""
        out = []
        for name in datasets:
            if name == "events" and self.preliminary_from is not None:  # final and Candidate spans apart
                for label, part in self.events_all.groupby("source", sort=False):
                    dataset = "ucdp_ged_candidate" if part["preliminary"].all() else self.events_dataset.name
                    out.append((dataset, f"{label} events", registry.span(part, "date_start", "date_end", "day")))
            elif name == "events":
                out.append((self.events_dataset.name, f"{self.events_label} events", self.coverage))
            elif registry.dataset(name).table == "monthly":
                ds = registry.dataset(name)
                out += [(name, f"{ds.label} {measure}", ds.coverage(part)) for measure, part in ds.load().groupby("measure")]
            else:
                out.append((name, registry.dataset(name).label, registry.coverage(name)))
        return out


# Reader's names for the datasets, by registry id (the labels carry versions, which belong in the sources appendix)
READER_NAMES = {"ucdp_ged_candidate": "UCDP's preliminary events", "ucdp_ged_syria": "UCDP's events",
                "ucdp_ged_global": "UCDP's events", "views_cm_syria": "ViEWS", "pace_ucdp_cm": "PaCE",
                "pace_ucdp_cm_2025_01": "PaCE", "ucdp_acd": "UCDP's conflict list (ACD)",
                "ucdp_brd": "UCDP's battle deaths (BRD)", "owid_deaths": "Our World in Data (UCDP)",
                "vdc_governorate_days": "VDC's list of the dead", "airwars_syria": "Airwars", "acled_syria": "ACLED"}


def reader_name(dataset: str, label: str = "") -> str:
    """A reader's name for the dataset with this registry id; ``label`` (else the id) for one without."""
    return READER_NAMES.get(dataset, label or dataset)


def select(datasets: tuple[str, ...] = CASUALTY_DATASETS, **values) -> Selection:
    """Check the parameters (see ``parameters.PARAMETERS``) and make a Selection; a window none of ``datasets``
    covers is an error, a window covered in part is described in ``note``."""
    values.setdefault("start", parameters.parameter("start").default)
    values.setdefault("end", parameters.parameter("end").default)
    checked = parameters.check_all({k: v for k, v in values.items() if v is not None})
    sel = Selection(**checked)
    sel.note = parameters.require_coverage(sel.start, sel.end, sel.spans(datasets))
    return sel
