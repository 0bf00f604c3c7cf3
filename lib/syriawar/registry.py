"""The source registry: every canonical table the workbook reads, declared once as data.

Each ``Dataset`` says what it counts, in which unit, at which geographic level, which columns date it, and how
it is loaded; its coverage is computed from the file's own content (first and last date on which it holds
data; ``date_end`` for events), never typed. Status, selections, captions, provenance footers and the period
brief read coverage here and nowhere else.

Loads through ``load()`` keep the warnings a reader raised (rows skipped or repaired) as notes of the dataset,
so reports list them in their Sources section instead of printing them in the middle of a chart.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from . import catalog, tables
from .cache import cached_table
from .coverage import Coverage, span
from .errors import ParameterError, SourceNotFound
from .readers import monthly, population


@dataclass(frozen=True)
class Dataset:
    """One canonical table: a catalog source read into a table the measures understand."""

    name: str        # the catalog source it is read from
    label: str       # short name for captions and tables
    table: str       # kind of canonical table: events, strikes, monthly, conflict_years, dyad_years, yearly_deaths
    counts: str      # what a row counts, in the field's words
    unit: str        # one row is one ...
    geography: str   # the finest place a row names
    dates: tuple[str, str]  # columns holding each row's first and last date
    period: str      # resolution of those columns: day, month or year
    loader: Callable[[], pd.DataFrame]

    @property
    def source(self) -> catalog.Source:
        return catalog.source(self.name)

    @property
    def licence(self) -> str:
        return self.source.licence

    def load(self) -> pd.DataFrame:
        return load(self.name)

    def coverage(self, frame: pd.DataFrame | None = None) -> Coverage:
        """Coverage of the loaded table, or of ``frame`` (a part of it)."""
        return span(self.load() if frame is None else frame, *self.dates, self.period)


def _pace_build_2025_01(use_cache: bool = True) -> pd.DataFrame:
    """PaCE's earlier build (January 2025: GED 24.1 + Candidate 24), for comparing vintages."""
    p = catalog.resolve("pace_ucdp_cm_2025_01")
    return cached_table("monthly-pace-2025-01", p.sha256, monthly.READER_VERSION,
                        lambda: monthly.read_pace(p.path, "PaCE build 2025-01 (UCDP GED 24.1 + Candidate 24)"), use_cache)


def _wpp_population(use_cache: bool = True) -> pd.DataFrame:
    """Syria's population by year (every fifth) and sex, UN WPP 2024 medium variant."""
    p = catalog.resolve("un_wpp_population", download=False)
    return cached_table("population-wpp", p.sha256, population.READER_VERSION,
                        lambda: population.read_wpp(p.path, "UN WPP 2024"), use_cache)


DATASETS: dict[str, Dataset] = {d.name: d for d in (
    Dataset("ucdp_ged_syria", "UCDP GED Syria", "events", "deaths in events of organised violence (UCDP low, best, high)",
            "event", "point, district, governorate", ("date_start", "date_end"), "day",
            lambda: tables.events("ucdp_ged_syria")),
    Dataset("ucdp_ged_global", "UCDP GED", "events", "deaths in events of organised violence (UCDP low, best, high)",
            "event", "point, district, governorate", ("date_start", "date_end"), "day",
            lambda: tables.events("ucdp_ged_global")),
    Dataset("ucdp_ged_candidate", "UCDP Candidate", "events",
            "deaths in events of organised violence, preliminary (UCDP Candidate: monthly, may be revised)",
            "event", "point, district, governorate", ("date_start", "date_end"), "day", tables.candidate_events),
    Dataset("views_cm_syria", "ViEWS", "monthly", "state-based and one-sided deaths (UCDP best), country-month",
            "country-month", "country", ("month", "month"), "month", tables.monthly_views),
    Dataset("pace_ucdp_cm", "PaCE", "monthly", "deaths in all types of organised violence (UCDP best), country-month",
            "country-month", "country", ("month", "month"), "month", tables.monthly_pace),
    Dataset("pace_ucdp_cm_2025_01", "PaCE (build 2025-01)", "monthly",
            "deaths in all types of organised violence (UCDP best), country-month; an earlier build, for revisions",
            "country-month", "country", ("month", "month"), "month", _pace_build_2025_01),
    Dataset("un_wpp_population", "UN WPP 2024", "population", "people living in Syria on 1 July (persons), by sex",
            "country-year (every fifth year)", "country", ("year", "year"), "year", _wpp_population),
    Dataset("ucdp_acd", "UCDP ACD", "conflict_years", "conflicts with 25 or more battle deaths a year, and their parties",
            "conflict-year", "country", ("year", "year"), "year", tables.conflict_years),
    Dataset("ucdp_brd", "UCDP BRD", "dyad_years", "battle deaths per dyad and year (low, best, high)",
            "dyad-year", "country (battle locations)", ("year", "year"), "year", tables.dyad_years),
    Dataset("owid_deaths", "OWID", "yearly_deaths", "deaths in armed conflicts, all types (UCDP best), country-year",
            "country-year", "country", ("year", "year"), "year", tables.yearly_deaths),
    Dataset("vdc_governorate_days", "VDC", "documented_deaths",
            "deaths documented by VDC (a documentation list, not an estimate), by governorate and day",
            "governorate-day", "governorate", ("date", "date"), "day", tables.documented_deaths),
    Dataset("acled_syria", "ACLED", "acled_events", "events of political violence and their reported fatalities (ACLED)",
            "event", "point, governorate", ("date", "date"), "day", tables.acled_events),
    Dataset("airwars_syria", "Airwars", "strikes", "strike incidents with alleged civilian harm; civilians killed min-max",
            "incident", "point, governorate", ("date", "date"), "day", tables.strikes),
)}
EVENT_SOURCES = tables.EVENT_SOURCES


def dataset(name: str) -> Dataset:
    if name not in DATASETS:
        raise ParameterError(f"dataset {name!r} is not in the registry; known: {', '.join(DATASETS)}")
    return DATASETS[name]


def events_dataset(source: str = "auto") -> Dataset:
    """The events dataset a ``source`` parameter stands for ('auto': a global release when one is found)."""
    return dataset(tables.events_source_name(source))


_LOADED: dict[tuple, pd.DataFrame] = {}
_CURRENT: dict[str, tuple] = {}  # dataset -> key of the table last loaded for it
_NOTES: dict[str, list[str]] = {}


def load(name: str) -> pd.DataFrame:
    """The dataset's table, once per process and file; warnings raised while reading become the dataset's notes.

    The frame is shared between callers: treat it as read-only (select or copy before changing it).
    """
    found = catalog.resolve(name)
    key = (name, str(found.path), found.sha256)
    if key not in _LOADED:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _LOADED[key] = dataset(name).loader()
        _NOTES[name] = list(dict.fromkeys(_short(str(w.message)) for w in caught))
    _CURRENT[name] = key
    return _LOADED[key]


def _short(message: str) -> str:
    """A reader's warning without the file path it starts with (the footer names the file already)."""
    head, sep, rest = message.partition(": ")
    return rest if sep and ("/" in head or head.endswith((".csv", ".zip", ".gz"))) else message


def notes(name: str) -> list[str]:
    """What the reader of this dataset skipped or repaired, as loaded in this process."""
    return list(_NOTES.get(name, []))


def how_to_add(name: str) -> str:
    """One line telling a user how to bring an optional source."""
    src = dataset(name).source
    if src.addresses:
        return f"the command syriawar data fetch {name} downloads it"
    if name == "acled_syria":
        return ("export Syria from ACLED's Explorer (an account and its terms) into data/raw/acled_syria/ as "
                "acled_syria_yourname.csv, or run syriawar data fetch --acled with ACLED_EMAIL and ACLED_PASSWORD set")
    return f"put {' or '.join(src.files)} in data/raw/{name}/"


def available(name: str) -> bool:
    """Whether the dataset's file is in data/raw or a mirror (nothing is downloaded to find out)."""
    return catalog.find_local(dataset(name).source) is not None


def coverage(name: str) -> Coverage:
    return dataset(name).coverage()


def loaded_coverage(name: str) -> Coverage | None:
    """Coverage of the table this process last loaded for ``name``, or None (never resolves nor downloads)."""
    if name not in _CURRENT:
        return None
    return dataset(name).coverage(_LOADED[_CURRENT[name]])


def warm() -> dict[str, str]:
    """Build every dataset's cache once in this process (before parallel kernels read them).

    Returns {dataset: error message} for those that could not be loaded; a missing optional file is not an error.
    """
    failed = {}
    for name in DATASETS:
        if name == "ucdp_ged_global" and tables.events_source_name("auto") != name:
            continue  # optional; only when the user has placed one
        try:
            load(name)
        except SourceNotFound:
            continue  # the notebook that needs it reports it
        except Exception as exc:  # noqa: BLE001 - reported by the caller, and again by the notebook that needs it
            failed[name] = f"{type(exc).__name__}: {exc}"
    return failed
