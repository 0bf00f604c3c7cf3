"""Coverage: the first and last day a dataset (or a part of it) holds data for, computed from the data itself.

Pure pandas, beneath the measures: a calculation that keeps coverage honest imports this and no file loading.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from . import wording


class Coverage(NamedTuple):
    """The first and last day a dataset (or a part of it) holds data for."""

    first: pd.Timestamp
    last: pd.Timestamp

    @property
    def text(self) -> str:
        """'2016-01-01 to 2019-12-01', for provenance and the command line."""
        return f"{self.first:%Y-%m-%d} to {self.last:%Y-%m-%d}"

    @property
    def words(self) -> str:
        """'1 Jan 2016 - 1 Dec 2019', for a reader's page."""
        return wording.span(self.first, self.last)

    def overlaps(self, start, end) -> bool:
        return self.first <= pd.Timestamp(end) and self.last >= pd.Timestamp(start)

    def clip(self, start, end) -> "Coverage | None":
        """The part of [start, end] this coverage holds, or None."""
        lo, hi = max(self.first, pd.Timestamp(start)), min(self.last, pd.Timestamp(end))
        return Coverage(lo, hi) if lo <= hi else None


def span(frame: pd.DataFrame, first_col: str, last_col: str, period: str) -> Coverage:
    """Coverage of ``frame`` from its date columns; ``period`` ('day', 'month', 'year') is their resolution."""
    lo, hi = frame[first_col].min(), frame[last_col].max()
    if period == "year":
        return Coverage(pd.Timestamp(year=int(lo), month=1, day=1), pd.Timestamp(year=int(hi), month=12, day=31))
    lo, hi = pd.Timestamp(lo).normalize(), pd.Timestamp(hi).normalize()
    if period == "month":
        return Coverage(lo.to_period("M").start_time, hi.to_period("M").end_time.normalize())
    return Coverage(lo, hi)
