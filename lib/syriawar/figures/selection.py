"""One Selection for every figure: the checked parameters of a report and the slices of the tables they pick.

Tables are loaded through the registry (once per process) and only when a figure asks for them, so a
casualties report never reads Airwars and a brief never spreads UCDP's aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
from matplotlib.figure import Figure

from .. import actors, boundaries, charts, foreign, measures, parameters, provenance, registry
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
        """One line on ACLED when the user has not brought it ('' when they have)."""
        if registry.available("acled_syria"):
            return ""
        return f"ACLED (which names foreign forces and militias as actors) is not in hand: {registry.how_to_add('acled_syria')}."

    def events_note(self) -> str:
        """Which events file the report rests on, and how to get the whole war when it is the Syria release."""
        if self.events_dataset.name == "ucdp_ged_syria":
            return (f"UCDP's events here come from the Syria release ({self.coverage.text}). "
                    "`syriawar data fetch ucdp_ged_global` (or `make data`) brings UCDP's global release, and every report "
                    "then covers 1989-2024 at event level.")
        text = f"UCDP's events here come from {self.events_label} ({self.coverage.text})."
        if self.preliminary_from is not None:
            text += f" Events from {self.preliminary_from:%B %Y} are UCDP Candidate events: preliminary, and may be revised."
        return text

    def no_events(self, title: str) -> Figure:
        return charts.no_data(title, f"{self.events_label} has no events in this window "
                              f"(events cover {self.coverage.text}).", provenance.caption([self.events_caption()]))

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
        out: dict[str, Coverage] = {}
        for name in datasets:
            if name == "events" and self.preliminary_from is not None:  # final and Candidate spans apart
                ev = self.events_all
                for label, part in ev.groupby("source", sort=False):
                    out[f"{label} events"] = registry.span(part, "date_start", "date_end", "day")
            elif name == "events":
                out[f"{self.events_label} events"] = self.coverage
            elif registry.dataset(name).table == "monthly":
                ds = registry.dataset(name)
                frame = ds.load()
                for measure, part in frame.groupby("measure"):
                    out[f"{ds.label} {measure}"] = ds.coverage(part)
            else:
                out[registry.dataset(name).label] = registry.coverage(name)
        return out


def select(datasets: tuple[str, ...] = CASUALTY_DATASETS, **values) -> Selection:
    """Check the parameters (see ``parameters.PARAMETERS``) and make a Selection; a window none of ``datasets``
    covers is an error, a window covered in part is described in ``note``."""
    values.setdefault("start", parameters.parameter("start").default)
    values.setdefault("end", parameters.parameter("end").default)
    checked = parameters.check_all({k: v for k, v in values.items() if v is not None})
    sel = Selection(**checked)
    sel.note = parameters.require_coverage(sel.start, sel.end, sel.spans(datasets))
    return sel
