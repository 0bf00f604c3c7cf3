"""Row checks shared by every reader, declared once and applied by name. Each failure is one DataError that
names the file, the first failing line, the column(s) and the value(s), and says what was expected.

    whole numbers            fileio.to_number(..., integer=True)
    non_negative(...)        counts of 0 or more
    ordered(...)             low <= best <= high, min <= max, date_start <= date_end
    known_codes(...)         codebook values only (type_of_violence 1-3, date_prec 1-5, where_prec 1-7)
    possible_dates(...)      nothing after today, nothing before the source's documented start
    inside_box(...)          coordinates inside the area the source covers
    unique_rows(...)         one row per key
"""

from __future__ import annotations

import pandas as pd

from .errors import DataError


def show(value) -> str:
    """A raw value for a message: '219459' rather than '219459.0'."""
    text = str(value)
    if text.endswith(".0") and text[:-2].lstrip("-").isdigit():
        text = text[:-2]
    return repr(text)


def fail(label: str, mask: pd.Series, what: str, expected: str, raw: pd.DataFrame, columns: list[str]) -> None:
    """Raise for the first row of ``mask`` (index = line numbers), naming ``columns`` of ``raw`` there."""
    if mask.any():
        line = mask.idxmax()
        values = ", ".join(f"{c}={show(raw.loc[line, c])}" for c in columns if c in raw.columns)
        raise DataError(f"{label}: {int(mask.sum())} row(s) with {what}, first at line {line} ({values}); expected {expected}")


def non_negative(frame: pd.DataFrame, columns: list[str], label: str, raw: pd.DataFrame, key: list[str],
                 what: str = "counts") -> None:
    fail(label, (frame[columns] < 0).any(axis=1), f"negative {what}", f"{what} of 0 or more", raw, key + columns)


def ordered(frame: pd.DataFrame, low: str, high: str, label: str, raw: pd.DataFrame, key: list[str]) -> None:
    both = frame[low].notna() & frame[high].notna()
    fail(label, both & (frame[low] > frame[high]), f"{high} before {low}" if "date" in low else f"{low} greater than {high}",
         f"{high} on or after {low}" if "date" in low else f"{low} <= {high}", raw, key + [c for c in (low, high) if c in raw.columns])


def known_codes(values: pd.Series, column: str, allowed, label: str, raw: pd.DataFrame) -> None:
    fail(label, values.notna() & ~values.isin(list(allowed)), f"an unknown {column}",
         f"one of {', '.join(map(str, allowed))} (the codebook's values)", raw, [column])


def possible_dates(dates: pd.Series, column: str, earliest: pd.Timestamp, label: str, raw: pd.DataFrame,
                   why: str = "") -> None:
    today = pd.Timestamp.today().normalize()
    fail(label, dates.notna() & ((dates < earliest) | (dates > today)), f"an impossible {column}",
         f"a date from {earliest:%Y-%m-%d}{f' ({why})' if why else ''} to today", raw, [column])


def inside_box(lon: pd.Series, lat: pd.Series, box: dict, what: str, label: str, raw: pd.DataFrame, key: list[str]) -> None:
    has = lon.notna() & lat.notna()
    outside = has & ~(lon.between(*box["lon"]) & lat.between(*box["lat"]))
    fail(label, outside, f"coordinates outside {what}",
         f"latitude {box['lat'][0]}-{box['lat'][1]} and longitude {box['lon'][0]}-{box['lon'][1]}", raw, key + ["latitude", "longitude"])


def unique_rows(frame: pd.DataFrame, columns: list[str], label: str, raw: pd.DataFrame, what: str,
                show_columns: list[str] | None = None) -> None:
    fail(label, frame.duplicated(columns, keep=False), f"a duplicate {what}", f"one row per {what}", raw,
         show_columns or [c for c in columns if c in raw.columns])
