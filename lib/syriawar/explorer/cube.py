"""The explorer's data: a month x governorate x type x foreign-party cube of the events, and the filters a
control change applies to it. Pure pandas: no drawing, no widgets.

``Cube.compute(view)`` is the data half of what a control change costs (benchmarks/bench_explorer.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import foreign, geography, measures, parameters, registry
from ..codebook import ESTIMATES

MAX_POINTS = 3000  # the event map draws the deadliest precise events up to this number
NONE = "(none)"
COUNTRY_LEVEL = "(country level)"


@dataclass
class View:
    """What the controls show: a window, governorates, types, foreign parties and an estimate ([] = all)."""

    start: str = "2016-01-01"
    end: str = "2019-11-30"
    governorates: list = field(default_factory=list)
    types: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    estimate: str = "best"

    def checked(self, kinds: list[str] | None = None) -> "View":
        """The view in canonical form; ``kinds``: the types the data holds when they are not UCDP's (ACLED)."""
        c = parameters.check_all({"start": self.start, "end": self.end, "governorates": self.governorates,
                                  "actors": self.actors, "estimate": self.estimate,
                                  **({} if kinds else {"types": self.types})})
        types = c.get("types", [parameters.check_choice("types", t, kinds) for t in self.types] if kinds else [])
        return View(f"{c['start']:%Y-%m-%d}", f"{c['end']:%Y-%m-%d}", c["governorates"], types, c["actors"],
                    c["estimate"])


def _named(items: list, every: str, limit: int = 3) -> str:
    """'Idleb, Aleppo' or 'Idleb, Aleppo, Hama and 2 more' or ``every`` when nothing is chosen."""
    if not items:
        return every
    if len(items) <= limit:
        return ", ".join(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"


def describe(view: View) -> str:
    """The selection in words for a chart title: 'Idleb, Aleppo; one-sided; with Turkey; Jan 2016 to Jun 2016'."""
    months = f"{pd.Timestamp(view.start):%b %Y} to {pd.Timestamp(view.end):%b %Y}"
    parts = [_named(view.governorates, "all governorates"), _named(view.types, "all types")]
    if view.actors:
        parts.append("with " + _named(view.actors, "", limit=2))
    return "; ".join(parts + [months])


# the table's columns in plain words, and how long a headline may run before it is cut
TABLE_HEADERS = {"date_start": "Date", "governorate": "Governorate", "dyad": "Sides", "low": "Deaths (low)",
                 "best": "Deaths (best)", "high": "Deaths (high)", "source_headline": "Headline"}
CELL_CHARS = 90


def _short(text, limit: int = CELL_CHARS) -> str:
    text = " ".join(str(text).split()) if isinstance(text, str) else ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def readable_table(table: pd.DataFrame) -> pd.DataFrame:
    """The deadliest-events table for a reader: plain-word headers, dates as YYYY-MM-DD, one-line cells."""
    out = table.rename(columns=TABLE_HEADERS)
    out["Date"] = pd.to_datetime(out["Date"]).dt.strftime("%Y-%m-%d")
    out["Governorate"] = out["Governorate"].astype(object).fillna(COUNTRY_LEVEL)
    for col in ("Sides", "Headline"):
        out[col] = out[col].map(_short)
    return out


def events_from_acled(acled: pd.DataFrame) -> pd.DataFrame:
    """ACLED events in the explorer's layout: ``type_of_violence`` holds ACLED's event type, low = best = high =
    the reported fatalities, and the foreign parties are ACLED's actors and associated actors. ACLED is explored
    on its own, never added to UCDP."""
    long = foreign.acled_foreign(acled)
    parties = long.groupby("event_id")["group"].agg(lambda g: "|".join(sorted(set(g))))
    fatalities = acled["fatalities"].astype(float)
    return pd.DataFrame({
        "source": acled["source"], "event_id": acled["event_id"], "date_start": acled["date"], "date_end": acled["date"],
        "date_precision": 1, "governorate": acled["governorate"], "where_precision": 1,
        "latitude": acled["latitude"], "longitude": acled["longitude"], "type_of_violence": acled["event_type"],
        "side_a": acled["actor1"], "side_b": acled["actor2"].fillna(""),
        "dyad": acled["actor1"] + " - " + acled["actor2"].fillna(""), "low": fatalities, "best": fatalities,
        "high": fatalities, "source_headline": acled["notes"],
        "foreign_party": acled["event_id"].map(parties).fillna(NONE)}).reset_index(drop=True)


def foreign_party_column(events: pd.DataFrame) -> pd.Series:
    """'Russia|Turkey'-style key of the coded foreign parties of each event; NONE where there is none."""
    codes, pairs = foreign.coded_foreign_pairs(events)
    keys = np.array(["|".join(g) or NONE for g in pairs], dtype=object)
    return pd.Series(keys[codes], index=events.index)


def build_cube(events: pd.DataFrame) -> pd.DataFrame:
    """Deaths spread over each event's days, summed by month, governorate, type and coded foreign party."""
    ev = events if "foreign_party" in events else events.assign(foreign_party=foreign_party_column(events))
    daily = measures.spread_daily(ev, list(ESTIMATES), ["governorate", "type_of_violence", "foreign_party"])
    daily["month"] = daily["date"].dt.to_period("M").dt.start_time
    daily["governorate"] = daily["governorate"].fillna(COUNTRY_LEVEL)
    return daily.groupby(["month", "governorate", "type_of_violence", "foreign_party"], observed=True)[
        list(ESTIMATES)].sum().reset_index()


def _deadliest_first(values: pd.Series) -> np.ndarray:
    """Row positions from the largest value to the smallest (ties in row order)."""
    return np.argsort(-values.to_numpy(dtype=float), kind="stable")


class Cube:
    """The events held in memory with the cube and presorted points; ``compute(view)`` filters them."""

    def __init__(self, events: pd.DataFrame):
        self.events = events if "foreign_party" in events else events.assign(foreign_party=foreign_party_column(events))
        self.coverage = registry.span(events, "date_start", "date_end", "day")
        self.cube = build_cube(self.events)
        precise, self.imprecise = measures.precise_events(self.events)
        self.points = precise[["date_start", "date_end", "governorate", "type_of_violence", "latitude", "longitude",
                               *ESTIMATES, "foreign_party"]].copy()
        # each table's rows ordered once per estimate, deadliest first: "the N deadliest" of any selection are the
        # first N matches in that order (positions only; no column is copied)
        self._points_by = {est: _deadliest_first(self.points[est]) for est in ESTIMATES}
        self._events_by = {est: _deadliest_first(self.events[est]) for est in ESTIMATES}
        self.label = measures.events_label(events)
        self.kinds = sorted(self.events["type_of_violence"].dropna().unique())  # UCDP's types, or ACLED's event types

    def mask(self, frame: pd.DataFrame, view: View) -> np.ndarray:
        m = np.ones(len(frame), dtype=bool)
        if view.governorates:
            m &= frame["governorate"].isin(view.governorates).to_numpy()
        if view.types:
            m &= frame["type_of_violence"].isin(view.types).to_numpy()
        if view.actors:
            wanted = set(view.actors)
            fp = frame["foreign_party"]
            keys = {k: bool(wanted & set(k.split("|"))) for k in fp.unique()}
            m &= fp.map(keys).to_numpy(dtype=bool)
        return m

    def _in_window(self, frame: pd.DataFrame, view: View) -> np.ndarray:
        s, e = pd.Timestamp(view.start), pd.Timestamp(view.end)
        return self.mask(frame, view) & (frame["date_end"] >= s).to_numpy() & (frame["date_start"] <= e).to_numpy()

    def compute(self, view: View) -> dict:
        """Series (month x low/best/high), heat (governorate x month), the deadliest points and events."""
        data = self.lazy(view)
        return {k: data[k] for k in ("series", "heat", "points", "n_points", "table", "view")}

    def lazy(self, view: View) -> "_Lazy":
        """The same as ``compute``, each part computed when first asked for: a page can show the timeline before
        the heatmap, map and table are computed."""
        return _Lazy(view, {
            "window": lambda d: self._window(view),
            "series": lambda d: self._series(view, d["window"]),
            "heat": lambda d: self._heat(view, d["window"]),
            "points_and_count": lambda d: self._points(view),
            "points": lambda d: d["points_and_count"][0],
            "n_points": lambda d: d["points_and_count"][1],
            "table": lambda d: self._table(view),
        })

    def _window(self, view: View) -> pd.DataFrame:
        s, e = pd.Timestamp(view.start), pd.Timestamp(view.end)
        c = self.cube[self.mask(self.cube, view)]
        return c[(c["month"] >= s.to_period("M").start_time) & (c["month"] <= e)]

    def _series(self, view: View, c: pd.DataFrame) -> pd.DataFrame:
        s, e = pd.Timestamp(view.start), pd.Timestamp(view.end)
        sums = c.groupby("month")[list(ESTIMATES)].sum().rename_axis("period").reset_index()
        series = measures.period_grid(sums, list(ESTIMATES), s, e, "M", self.coverage)
        return measures.mask_partial(series, list(ESTIMATES)).set_index("period").rename_axis(None)[list(ESTIMATES)]

    def _heat(self, view: View, c: pd.DataFrame) -> pd.DataFrame:
        s, e = pd.Timestamp(view.start), pd.Timestamp(view.end)
        rows = view.governorates or geography.governorate_names()
        by_gov = c.groupby(["month", "governorate"])[view.estimate].sum().rename_axis(["period", "governorate"])
        heat = measures.period_grid(by_gov.reset_index(), [view.estimate], s, e, "M", self.coverage,
                                    by="governorate", groups=rows)
        return heat.pivot(index="governorate", columns="period", values=view.estimate).reindex(rows)

    def _points(self, view: View) -> tuple[pd.DataFrame, int]:
        keep = self._in_window(self.points, view)
        order = self._points_by[view.estimate]
        return self.points.iloc[order[np.flatnonzero(keep[order])[:MAX_POINTS]]], int(keep.sum())

    def _table(self, view: View) -> pd.DataFrame:
        order = self._events_by[view.estimate]
        first = order[np.flatnonzero(self._in_window(self.events, view)[order])[:10]]
        return self.events.iloc[first][["date_start", "governorate", "dyad", *ESTIMATES, "source_headline"]]


class _Lazy(dict):
    """A view's data, each part made on first access by its maker (a function of the data made so far)."""

    def __init__(self, view: View, makers: dict):
        super().__init__(view=view)
        self.makers = makers

    def __missing__(self, key: str):
        if key not in self.makers:
            raise KeyError(key)
        self[key] = self.makers[key](self)
        return self[key]
