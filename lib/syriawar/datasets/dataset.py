"""The ``Dataset`` every dataset module declares: what a catalog source is read into, and its loading once per
process.

A dataset says what it counts, in which unit, at which geographic level, which columns date it, and how it is
loaded; its coverage is computed from the file's own content (first and last date on which it holds data;
``date_end`` for events), never typed. Where the file is, its licence, version and checksum are the catalog's
(``data/sources.toml``); the dataset's id is the catalog source's name, the one key every layer uses.

A load keeps the warnings the reader raised (rows skipped or repaired) as notes of the dataset, so reports list
them in their Sources section instead of printing them in the middle of a chart.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .. import catalog
from ..coverage import Coverage, span


@dataclass(frozen=True)
class Dataset:
    """One canonical table: a catalog source read into a table the measures understand."""

    name: str        # the catalog source it is read from: the dataset's id
    label: str       # short name for captions and tables
    table: str       # kind of canonical table: events, strikes, monthly, conflict_years, dyad_years, yearly_deaths
    counts: str      # what a row counts, in the field's words
    unit: str        # one row is one ...
    geography: str   # the finest place a row names
    dates: tuple[str, str]  # columns holding each row's first and last date
    period: str      # resolution of those columns: day, month or year
    loader: Callable[[], pd.DataFrame]
    bring: str = ""  # how a user brings the file when the catalog has no address to download it from

    @property
    def source(self) -> catalog.Source:
        return catalog.source(self.name)

    @property
    def licence(self) -> str:
        return self.source.licence

    def load(self) -> pd.DataFrame:
        """The dataset's table, once per process and file; warnings raised while reading become its notes.

        The frame is shared between callers: treat it as read-only (select or copy before changing it).
        """
        found = catalog.resolve(self.name)
        key = (self.name, str(found.path), found.sha256)
        if key not in _LOADED:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                _LOADED[key] = self.loader()
            _NOTES[self.name] = list(dict.fromkeys(_short(str(w.message)) for w in caught))
        _CURRENT[self.name] = key
        return _LOADED[key]

    def coverage(self, frame: pd.DataFrame | None = None) -> Coverage:
        """Coverage of the loaded table, or of ``frame`` (a part of it)."""
        return span(self.load() if frame is None else frame, *self.dates, self.period)

    def notes(self) -> list[str]:
        """What the reader skipped or repaired, as loaded in this process."""
        return list(_NOTES.get(self.name, []))

    def loaded(self) -> pd.DataFrame | None:
        """The table this process last loaded for the dataset, or None (never resolves nor downloads)."""
        return _LOADED[_CURRENT[self.name]] if self.name in _CURRENT else None


_LOADED: dict[tuple, pd.DataFrame] = {}
_CURRENT: dict[str, tuple] = {}  # dataset -> key of the table last loaded for it
_NOTES: dict[str, list[str]] = {}


def forget() -> None:
    """Forget every table this process loaded and its notes (the next load reads the cache or file again)."""
    _LOADED.clear()
    _CURRENT.clear()
    _NOTES.clear()


def _short(message: str) -> str:
    """A reader's warning without the file path it starts with (the footer names the file already)."""
    head, sep, rest = message.partition(": ")
    return rest if sep and ("/" in head or head.endswith((".csv", ".zip", ".gz"))) else message
