"""The parameter table: every parameter a notebook, the batch runner, the command line or the explorer takes,
declared once with its kind, default, allowed values and check. A bad value is one ParameterError naming the
parameter, what was wrong and what is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

from . import geography
from .actors import FOREIGN_GROUPS
from .codebook import ESTIMATES, TYPE_OF_VIOLENCE
from .errors import ParameterError
from .measures import AGGREGATES
from .registry import EVENT_SOURCES

TYPES = tuple(TYPE_OF_VIOLENCE.values())
# which kinds of source a foreign-involvement report draws on
SOURCE_KINDS = ("ucdp_ged", "ucdp_acd", "ucdp_brd", "airwars")
HEATMAP_SOURCES = ("events", "vdc")  # UCDP events (as far as the events file goes) or VDC documented deaths (2011-2018)
MAP_PRECISIONS = (1, 2, 3)  # UCDP where_prec: exact place, area around it, district
EARLIEST = pd.Timestamp("1989-01-01")  # UCDP's first year


# day and month in either order (01/02/2016, 1.2.16): read one way in Europe, the other in the US
_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*")
_MONTH_NAMES = {i: pd.Timestamp(2000, i, 1).strftime("%B") for i in range(1, 13)}
_EXPECTED = "expected YYYY-MM-DD (e.g. 2016-02-01) or a written month (e.g. 1 February 2016)"


def _refuse_ambiguous(name: str, value: str) -> None:
    """One ParameterError for a numeric date that could be read as day/month or month/day, or whose year has two
    digits; 30/09/2015 (no month 30) and 05/05/2016 (either way the same) are not ambiguous."""
    m = _NUMERIC_DATE.fullmatch(value)
    if not m:
        return
    a, b, year = int(m[1]), int(m[2]), m[3]
    if len(year) == 2:
        raise ParameterError(f"parameter {name}={value!r} has a two-digit year, which could be of any century; {_EXPECTED}")
    if a <= 12 and b <= 12 and a != b:
        raise ParameterError(f"parameter {name}={value!r} is ambiguous ({a} {_MONTH_NAMES[b]} {year} or {b} {_MONTH_NAMES[a]} {year}); "
                             f"{_EXPECTED}")


def parse_date(name: str, value) -> pd.Timestamp:
    """A date parameter as a Timestamp: YYYY-MM-DD, a written month, or a day-first date that cannot be read two
    ways; anything else, an ambiguous date included, is one ParameterError saying the form expected."""
    if isinstance(value, str):
        _refuse_ambiguous(name, value)
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        ts = pd.NaT
    if pd.isna(ts):
        raise ParameterError(f"parameter {name}={value!r} is not a date; {_EXPECTED}")
    if ts < EARLIEST or ts > pd.Timestamp.today() + pd.Timedelta(days=366):
        raise ParameterError(f"parameter {name}={value!r} is outside the possible range; expected a date from {EARLIEST:%Y-%m-%d} to today")
    return ts


def as_list(value) -> list:
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


def check_choice(name: str, value, valid) -> Any:
    if value not in valid:
        raise ParameterError(f"parameter {name}={value!r} is not valid; expected one of {', '.join(map(str, valid))}")
    return value


def _governorate(name: str, value) -> str:
    canon = geography.canonical_governorate(value) if isinstance(value, str) else None
    if canon is None:
        raise ParameterError(f"parameter {name}: {value!r} is not a governorate; valid: {', '.join(geography.governorate_names())}")
    return canon


def _integer(name: str, value) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if number != number or number != int(number):
        raise ParameterError(f"parameter {name}={value!r} is not a whole number")
    return int(number)


@dataclass(frozen=True)
class Parameter:
    """One parameter: ``kind`` is date, choice, choices (a list, [] = all), governorate or governorates."""

    name: str
    kind: str
    default: Any
    help: str
    choices: Callable[[], tuple] | None = None
    convert: Callable[[str, Any], Any] | None = None
    noun: str = ""  # what one element of a list is, for messages: "a foreign actor group"

    def valid(self) -> tuple:
        return tuple(self.choices()) if self.choices else ()

    def check(self, value) -> Any:
        """The value in canonical form (Timestamps for dates, canonical names, lists for lists)."""
        if self.kind == "date":
            return parse_date(self.name, value)
        if self.kind == "governorate":
            return _governorate(self.name, value)
        if self.kind == "governorates":
            return [_governorate(self.name, v) for v in as_list(value)]
        if self.kind == "choices":
            return [self._one(v) for v in as_list(value)]
        return self._one(value)

    def _one(self, value):
        if self.convert:
            value = self.convert(self.name, value)
        if self.kind == "choices" and value not in self.valid():
            raise ParameterError(f"parameter {self.name}: {value!r} is not {self.noun or 'valid'}; "
                                 f"valid: {', '.join(map(str, self.valid()))}")
        return check_choice(self.name, value, self.valid())

    @property
    def is_list(self) -> bool:
        return self.kind in ("choices", "governorates")


PARAMETERS: dict[str, Parameter] = {p.name: p for p in (
    Parameter("start", "date", "2011-03-01", "first day of the window, YYYY-MM-DD"),
    Parameter("end", "date", "2024-12-31", "last day of the window, YYYY-MM-DD"),
    Parameter("governorate", "governorate", "Aleppo", "one governorate, in any spelling the reference table knows"),
    Parameter("governorates", "governorates", [], "governorates to keep; [] for all"),
    Parameter("types", "choices", [], "types of violence to keep; [] for all", lambda: TYPES,
              noun="a type of violence"),
    Parameter("actors", "choices", [], "foreign actor groups to show; [] for all", lambda: tuple(FOREIGN_GROUPS),
              noun="a foreign actor group"),
    Parameter("sources", "choices", [], "kinds of source to show; [] for all", lambda: SOURCE_KINDS,
              noun="a kind of source"),
    Parameter("estimate", "choice", "best", "UCDP estimate of deaths", lambda: ESTIMATES),
    Parameter("source", "choice", "auto", "events file: auto (a global release when present) or a catalog source",
              lambda: EVENT_SOURCES),
    Parameter("aggregates", "choice", "spread", "year-long aggregate records: spread over their span, or apart",
              lambda: AGGREGATES),
    Parameter("explorer_source", "choice", "ucdp", "events the explorer holds: UCDP GED, or the user's ACLED export",
              lambda: ("ucdp", "acled")),
    Parameter("heatmap_source", "choice", "events", "governorate x month heatmap: UCDP events or VDC documented deaths",
              lambda: HEATMAP_SOURCES),
    Parameter("map_precision", "choice", 3, "event map: UCDP where_prec up to this", lambda: MAP_PRECISIONS, _integer),
)}


def parameter(name: str) -> Parameter:
    if name not in PARAMETERS:
        raise ParameterError(f"parameter {name!r} is not known; known: {', '.join(PARAMETERS)}")
    return PARAMETERS[name]


def check(name: str, value) -> Any:
    return parameter(name).check(value)


def check_all(values: dict, context: dict | None = None) -> dict:
    """Check every value of ``values``; the window (start <= end) is checked with ``context`` filling the
    other end when only one is given. Unknown names are not checked here (notebooks may have their own)."""
    out = {k: check(k, v) for k, v in values.items() if k in PARAMETERS}
    merged = {**(context or {}), **values}
    if "start" in merged and "end" in merged:
        s, e = check("start", merged["start"]), check("end", merged["end"])
        if e < s:
            raise ParameterError(f"parameter end={merged['end']!r} is before start={merged['start']!r}; expected end on or after start")
    return out


def check_window(start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    checked = check_all({"start": start, "end": end})
    return checked["start"], checked["end"]


def as_literal(value) -> Any:
    """A checked value as papermill passes it (dates as YYYY-MM-DD)."""
    return f"{value:%Y-%m-%d}" if isinstance(value, pd.Timestamp) else value


def list_parameters() -> tuple[str, ...]:
    """Names of the parameters that take a list (a comma-separated value on the command line)."""
    return tuple(n for n, p in PARAMETERS.items() if p.is_list)


@dataclass
class CoverageNote:
    covered: bool
    text: str


def coverage_note(start: pd.Timestamp, end: pd.Timestamp, spans: dict) -> CoverageNote:
    """Which sources cover which part of [start, end]; covered=False when none covers any of it.
    ``spans``: label -> (first, last)."""
    parts, any_cover = [], False
    for label, (a, b) in spans.items():
        lo, hi = max(a, start), min(b, end)
        if lo > hi:
            parts.append(f"{label}: no data in this window (covers {a:%Y-%m-%d} to {b:%Y-%m-%d})")
        else:
            any_cover = True
            whole = lo == start and hi == end
            parts.append(f"{label}: {'whole window' if whole else f'{lo:%Y-%m-%d} to {hi:%Y-%m-%d} only'}")
    return CoverageNote(any_cover, "; ".join(parts))


def require_coverage(start, end, spans) -> CoverageNote:
    note = coverage_note(start, end, spans)
    if not note.covered:
        raise ParameterError(f"the window start={start:%Y-%m-%d}, end={end:%Y-%m-%d} is covered by no source: {note.text}")
    return note
