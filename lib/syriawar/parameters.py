"""Checking notebook and command parameters: one clear ParameterError naming the parameter and what is valid."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import geography
from .errors import ParameterError
from .measures import ESTIMATES
from .schemas import TYPE_OF_VIOLENCE

TYPES = list(TYPE_OF_VIOLENCE.values())
EARLIEST = pd.Timestamp("1989-01-01")  # UCDP's first year


def parse_date(name: str, value) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        ts = pd.NaT
    if pd.isna(ts):
        raise ParameterError(f"parameter {name}={value!r} is not a date; expected YYYY-MM-DD, e.g. 2015-09-30")
    if ts < EARLIEST or ts > pd.Timestamp.today() + pd.Timedelta(days=366):
        raise ParameterError(f"parameter {name}={value!r} is outside the possible range; expected a date from {EARLIEST:%Y-%m-%d} to today")
    return ts


def check_window(start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    s, e = parse_date("start", start), parse_date("end", end)
    if e < s:
        raise ParameterError(f"parameter end={end!r} is before start={start!r}; expected end on or after start")
    return s, e


def as_list(value) -> list:
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


def check_governorates(value, name: str = "governorates") -> list[str]:
    """Canonical names for the given spellings; [] means all."""
    out = []
    for g in as_list(value):
        canon = geography.canonical_governorate(g)
        if canon is None:
            raise ParameterError(f"parameter {name}: {g!r} is not a governorate; valid: {', '.join(geography.governorate_names())}")
        out.append(canon)
    return out


def check_choice(name: str, value, valid) -> str:
    if value not in valid:
        raise ParameterError(f"parameter {name}={value!r} is not valid; expected one of {', '.join(map(str, valid))}")
    return value


def check_types(value) -> list[str]:
    types = as_list(value)
    for t in types:
        check_choice("types", t, TYPES)
    return types


def check_estimate(value) -> str:
    return check_choice("estimate", value, ESTIMATES)


@dataclass
class CoverageNote:
    covered: bool
    text: str


def coverage_note(start: pd.Timestamp, end: pd.Timestamp, spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]]) -> CoverageNote:
    """Which sources cover which part of [start, end]; covered=False when none covers any of it."""
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
