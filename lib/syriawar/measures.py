"""Measures of fatalities from the canonical tables: tidy DataFrames, with coverage kept honest.

Conventions
- A period outside a source's coverage is NaN (drawn as a gap), never 0. A period inside coverage with no
  events is 0.
- Events spanning several days are spread evenly over their days (never piled onto the first day).
- Aggregate records (UCDP books some monitors' tallies as one event spanning months or a year, date_prec 5)
  are either spread over their span (``aggregates="spread"``) or left out of the series and returned
  apart (``aggregates="apart"``), so that the caller can draw and explain them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .codebook import ESTIMATES
from .coverage import Coverage, span
from .errors import ParameterError

AGGREGATES = ("spread", "apart")
DEATH_KINDS = {"deaths_civilians": "civilians", "deaths_a": "side A", "deaths_b": "side B", "deaths_unknown": "unknown"}
FREQS = {"D": "D", "W": "W-MON", "M": "M", "Y": "Y"}
# An event counts as an aggregate record when its date precision is "year or longer" or it spans over a month.
AGGREGATE_MIN_DAYS = 32
PRECISE_WHERE = 3  # where_prec 1-3: a place, an area around it, or a district centroid


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    if freq not in FREQS:
        raise ParameterError(f"freq {freq!r} is not known; expected one of {', '.join(FREQS)}")
    return dates.dt.to_period(FREQS[freq]).dt.start_time


def is_aggregate(ev: pd.DataFrame) -> pd.Series:
    span = (ev["date_end"] - ev["date_start"]).dt.days + 1
    return (ev["date_precision"] >= 5) | (span >= AGGREGATE_MIN_DAYS)


def periods_between(start, end, freq: str) -> pd.DatetimeIndex:
    """The start days of every period (D, W, M, Y) from the one holding ``start`` to the one holding ``end``."""
    if freq not in FREQS:
        raise ParameterError(f"freq {freq!r} is not known; expected one of {', '.join(FREQS)}")
    return pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq=FREQS[freq]).start_time


def covered_share(periods: pd.Series, freq: str, coverage: Coverage | None) -> np.ndarray:
    """For each period (given by its start day), the share of its days that ``coverage`` holds (0 to 1)."""
    starts = pd.DatetimeIndex(periods)
    if coverage is None or len(starts) == 0:
        return np.zeros(len(starts))
    ends = starts.to_period(FREQS[freq]).end_time.normalize()
    lo = np.maximum(starts.to_numpy(), np.datetime64(pd.Timestamp(coverage[0]).normalize()))
    hi = np.minimum(ends.to_numpy(), np.datetime64(pd.Timestamp(coverage[1]).normalize()))
    days = (hi - lo).astype("timedelta64[D]").astype(int) + 1
    length = (ends - starts).days.to_numpy() + 1
    return np.clip(days, 0, None) / length


def months_covered(year: int, coverage: Coverage | None) -> int:
    """How many months of ``year`` the coverage holds for at least half their days."""
    months = periods_between(f"{year}-01-01", f"{year}-12-31", "M")
    return int((covered_share(months, "M", coverage) >= 0.5).sum())


def mask_partial(table: pd.DataFrame, values: list[str], min_share: float = 0.5) -> pd.DataFrame:
    """``table`` (from ``period_grid``) with periods covered for less than ``min_share`` of their days set to NaN:
    for lines over time, where one day of data in a month (an event running past a release's end) would read as a
    month of few deaths."""
    keep = table["covered_share"] >= min_share
    return table.assign(**{c: table[c].where(keep) for c in values})


def period_grid(table: pd.DataFrame, values: list[str], start, end, freq: str, coverage: Coverage | None,
                by: str | None = None, groups=None) -> pd.DataFrame:
    """The gap rule, in one place: a month a source does not cover is a gap, never a zero.

    ``table`` holds sums per ``period`` (and per ``by`` group). Returns one row for every period from ``start``
    to ``end`` (times every group of ``groups``): 0 where a covered period has no row, NaN in every ``values``
    column where the period lies wholly outside ``coverage`` (or coverage is None), and ``covered_share``, the
    share of the period's days the source covers (below 1 at the edges of coverage).
    """
    periods = periods_between(start, end, freq)
    if by:
        groups = list(groups) if groups is not None else sorted(table[by].dropna().unique())
        full = pd.MultiIndex.from_product([periods, groups], names=["period", by])
        keys = ["period", by]
    else:
        full, keys = pd.Index(periods, name="period"), ["period"]
    out = table.set_index(keys)[list(values)].reindex(full, fill_value=0.0).reset_index()
    out[list(values)] = out[list(values)].astype(float)
    out["covered_share"] = covered_share(out["period"], freq, coverage)
    out.loc[out["covered_share"] == 0, list(values)] = np.nan
    return out


def events_label(ev: pd.DataFrame) -> str:
    """'UCDP GED 25.1 + UCDP Candidate 25.0.1-25.0.9': the releases an events table holds, final first."""
    return " + ".join(str(s) for s in pd.unique(ev["source"]))  # in order of appearance


def preliminary_from(ev: pd.DataFrame) -> pd.Timestamp | None:
    """First day of the first month held only by preliminary (Candidate) events, or None."""
    if "preliminary" not in ev or not ev["preliminary"].any():
        return None
    return ev.loc[ev["preliminary"], "date_start"].min().to_period("M").start_time


def select_events(ev: pd.DataFrame, start=None, end=None, governorates=None, types=None) -> pd.DataFrame:
    """Events overlapping [start, end], in the given governorates and types of violence (None = all)."""
    mask = pd.Series(True, index=ev.index)
    if start is not None:
        mask &= ev["date_end"] >= pd.Timestamp(start)
    if end is not None:
        mask &= ev["date_start"] <= pd.Timestamp(end)
    if governorates:
        mask &= ev["governorate"].isin(list(governorates))
    if types:
        mask &= ev["type_of_violence"].isin(list(types))
    # a selection of everything is the table itself, not a copy of it (tables are shared read-only)
    return ev if mask.all() else ev[mask]


def event_days(ev: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every event-day, from date_start to date_end: the event's row, the day's offset from date_start, and each
    event's number of days (at least one)."""
    days = ((ev["date_end"] - ev["date_start"]).dt.days + 1).clip(lower=1).to_numpy(dtype=np.int64)
    row = np.repeat(np.arange(len(ev)), days)
    offset = np.arange(len(row)) - np.repeat(np.cumsum(days) - days, days)
    return row, offset, days


def spread_daily(ev: pd.DataFrame, values: list[str], keep: list[str] | None = None) -> pd.DataFrame:
    """One row per event-day: each event's ``values`` divided evenly over the days from date_start to date_end."""
    keep = keep or []
    idx, offsets, days = event_days(ev)
    out = pd.DataFrame({"date": ev["date_start"].to_numpy()[idx] + pd.to_timedelta(offsets, unit="D")})
    share = 1.0 / days[idx]
    for col in values:
        out[col] = ev[col].to_numpy(dtype=float)[idx] * share
    for col in keep:
        out[col] = ev[col].to_numpy()[idx]
    return out


def period_sums(ev: pd.DataFrame, values: list[str], start, end, freq: str, by: str | None = None) -> pd.DataFrame:
    """Each event's ``values`` divided evenly over its days (as spread_daily does), summed per period (and per
    ``by`` group; events with no group left out) over the days from ``start`` to ``end``: one row per period and
    group that has any event-day.

    Only the numbers are spread, not the events' rows: a year-long record has 365 event-days, and a table of
    every event-day of 414,000 events with its columns (880,000 rows) took about 100 MB.
    """
    lo, hi = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    calendar = pd.Series(pd.date_range(lo, hi, freq="D"))
    day_period, periods = pd.factorize(period_start(calendar, freq), sort=True)
    first = (ev["date_start"].to_numpy("datetime64[D]") - np.datetime64(lo.date(), "D")).astype(np.int64)
    row, offset, days = event_days(ev)
    day = first[row] + offset  # each event-day's day number from ``start``
    group_of_row, groups = (pd.factorize(ev[by], sort=True) if by else (np.zeros(len(ev), dtype=np.intp), [None]))
    inside = (day >= 0) & (day < len(calendar)) & (group_of_row[row] >= 0)
    row, day = row[inside], day[inside]
    key = day_period[day] * len(groups) + group_of_row[row]
    share = 1.0 / days[row]
    # pandas sums a group with compensated summation, so that the shares of a record spread over its days add up
    # to its whole deaths again (numpy's plain sums leave 40,864.9999999999)
    sums = {col: pd.Series(np.nan_to_num(ev[col].to_numpy(dtype=float))[row] * share).groupby(key).sum()
            for col in values}  # one column at a time: each holds a number for every event-day
    present = sums[values[0]].index.to_numpy() if values else np.unique(key)
    out = pd.DataFrame({"period": np.asarray(periods)[present // len(groups)]})
    if by:
        out[by] = np.asarray(groups, dtype=object)[present % len(groups)]
    for col in values:
        out[col] = sums[col].to_numpy()
    return out


def window_share(ev: pd.DataFrame, start, end) -> np.ndarray:
    """For each event, the share of its days that fall in [start, end] (0 to 1): the part of its deaths a window
    holds when deaths are spread evenly over the event's days, exactly as ``period_sums`` spreads them for charts."""
    first = ev["date_start"].to_numpy("datetime64[D]")
    last = ev["date_end"].to_numpy("datetime64[D]")
    days = np.maximum((last - first).astype(np.int64) + 1, 1)
    lo = np.maximum(first, np.datetime64(pd.Timestamp(start).date(), "D")) if start is not None else first
    hi = np.minimum(last, np.datetime64(pd.Timestamp(end).date(), "D")) if end is not None else last
    inside = np.clip((hi - lo).astype(np.int64) + 1, 0, None)
    return np.minimum(inside, days) / days


WINDOW_VALUES = (*ESTIMATES, *DEATH_KINDS)


def window_totals(ev: pd.DataFrame, start=None, end=None, values: tuple[str, ...] = WINDOW_VALUES,
                  by: str | None = None) -> pd.Series | pd.DataFrame:
    """The one rule for "deaths of a source in a window": each event's ``values`` spread evenly over its days, and
    the days in [start, end] summed, as the charts draw them (a year-long tally adds 7/366 of itself to a week).

    Returns a Series (or a frame with a row per ``by`` group, events without a group left out) holding each of ``values``, ``events``
    (events with at least one day in the window) and ``from_long_records`` (the best estimate's part that comes from
    records spanning more than a month, UCDP's tallies among them), so text can say how much of a figure they make.
    """
    share = window_share(ev, start, end) if len(ev) else np.zeros(0)
    long = (~is_aggregate(ev)).to_numpy() if len(ev) else np.zeros(0, dtype=bool)
    parts = {col: np.nan_to_num(ev[col].to_numpy(dtype=float)) * share for col in values}
    parts["events"] = (share > 0).astype(float)
    parts["from_long_records"] = np.where(long, 0.0, np.nan_to_num(ev["best"].to_numpy(dtype=float)) * share) \
        if "best" in ev else np.zeros(len(ev))
    frame = pd.DataFrame(parts, index=ev.index)
    if by is None:
        return frame.sum().astype(float)
    out = frame.groupby(ev[by], observed=True).sum()
    out = out[out["events"] > 0].rename_axis(by).reset_index()
    out["events"] = out["events"].astype(int)
    return out


@dataclass
class Fatalities:
    """A fatality series: ``table`` (period x [by] with low/best/high), and the aggregate records set apart."""

    table: pd.DataFrame
    apart: pd.DataFrame
    coverage: tuple[pd.Timestamp, pd.Timestamp]
    aggregates: str


def fatalities(ev: pd.DataFrame, freq: str = "M", by: str | None = None, start=None, end=None,
               aggregates: str = "spread", values: tuple[str, ...] = ESTIMATES,
               coverage: Coverage | None = None) -> Fatalities:
    """Deaths per period (and per ``by`` group), NaN outside the events' coverage.

    ``ev`` should be the whole events table or a selection of it (pass ``coverage`` from the whole table
    when ``ev`` is a selection, so that an empty selection reads 0 within coverage).
    """
    if aggregates not in AGGREGATES:
        raise ParameterError(f"aggregates {aggregates!r} is not known; expected one of {', '.join(AGGREGATES)}")
    coverage = coverage or (span(ev, "date_start", "date_end", "day") if len(ev) else None)
    agg_mask = is_aggregate(ev) if len(ev) else pd.Series(dtype=bool)
    apart = ev[agg_mask] if aggregates == "apart" else ev.iloc[0:0]
    used = ev[~agg_mask] if aggregates == "apart" else ev
    lo = pd.Timestamp(start) if start is not None else (coverage[0] if coverage else used["date_start"].min())
    hi = pd.Timestamp(end) if end is not None else (coverage[1] if coverage else used["date_end"].max())
    sums = period_sums(used, list(values), lo, hi, freq, by)
    groups = sorted(ev[by].dropna().unique()) if by else None
    table = period_grid(sums, list(values), lo, hi, freq, coverage, by=by, groups=groups)
    return Fatalities(table, apart, coverage, aggregates)


def death_kinds(ev: pd.DataFrame, freq: str = "M", start=None, end=None, coverage=None) -> pd.DataFrame:
    """Civilians, combatants (side A + side B), unknown deaths per period (best estimate split), the civilian share,
    and its range: UCDP splits only the best estimate, so the share's low and high hold the civilian count against
    UCDP's high and low estimates of all deaths (``civilian_share_low``, ``civilian_share_high``)."""
    f = fatalities(ev, freq=freq, start=start, end=end, values=(*DEATH_KINDS, "low", "high"), coverage=coverage).table
    f = f.rename(columns=DEATH_KINDS)
    # side A and side B are different parties in different dyads: together they are the combatants
    f["combatants"] = f["side A"] + f["side B"]
    total = f[list(DEATH_KINDS.values())].sum(axis=1, min_count=1)
    f["civilian_share"] = (f["civilians"] / total).where(total > 0)
    f["civilian_share_low"] = (f["civilians"] / f["high"]).where(f["high"] > 0)
    f["civilian_share_high"] = (f["civilians"] / f["low"]).where(f["low"] > 0).clip(upper=1.0)
    return f


def cumulative(series: pd.Series) -> pd.Series:
    """Running total that stays NaN across gaps (a gap is not zero deaths, so the total cannot go on through it)."""
    return series.cumsum().where(series.notna())


def deadliest_events(ev: pd.DataFrame, n: int = 10, estimate: str = "best") -> pd.DataFrame:
    cols = ["date_start", "date_end", "governorate", "district", "dyad", "type_of_violence", *ESTIMATES,
            "date_precision", "source_headline", "source"]
    # the order from two columns only; then the n rows, so that no copy of the whole table is made
    first = ev[[estimate, "event_id"]].sort_values([estimate, "event_id"], ascending=[False, True]).head(n).index
    top = ev.loc[first, cols].copy()
    top["aggregate_record"] = is_aggregate(top)
    return as_text(top).reset_index(drop=True)


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its categorical name columns as plain text: rows taken out of the events table to be
    shown or labelled, where a name may be filled in or joined to other text."""
    cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: "str" for c in cats}) if cats else frame


def precise_events(ev: pd.DataFrame, columns: list[str] | None = None,
                   max_where_precision: int = PRECISE_WHERE) -> tuple[pd.DataFrame, int]:
    """Events located precisely enough for a point map (where_prec 1-3, or 1 to ``max_where_precision`` when
    finer) and the number left off; only ``columns`` of them when given (a map needs a few columns of a large
    table, not a copy of all)."""
    ok = ((ev["where_precision"] <= min(max_where_precision, PRECISE_WHERE)) & ev["latitude"].notna()
          & ev["longitude"].notna())
    return (ev.loc[ok, columns] if columns else ev[ok]), int((~ok).sum())


def monthly_source_series(monthly: pd.DataFrame, dataset: str, measure: str, start=None, end=None) -> pd.Series:
    """The monthly series of one dataset (``monthly``'s rows whose ``dataset`` id is ``dataset``) and ``measure``
    over [start, end] months, NaN where the dataset does not cover a month."""
    sel = monthly[(monthly["dataset"] == dataset) & (monthly["measure"] == measure)]
    if sel.empty:
        held = sorted(f"{d} / {m}" for d, m in monthly[["dataset", "measure"]].drop_duplicates().itertuples(index=False))
        raise ParameterError(f"no monthly series {dataset!r} / {measure!r}; the table holds {', '.join(held) or 'none'}")
    cov = span(sel, "month", "month", "month")
    lo = start if start is not None else cov.first
    hi = end if end is not None else cov.last
    grid = period_grid(sel.rename(columns={"month": "period"}), ["deaths"], lo, hi, "M", cov)
    return grid.set_index("period")["deaths"].rename_axis(None)


def year_end_spikes(series: pd.Series, ratio: float = 3.0, min_excess: float = 1000.0) -> pd.DataFrame:
    """Decembers far above the rest of their year: the mark of year-long aggregate records booked on date_end.

    Returns year, december, typical (median of that year's other months) and excess (december - typical).
    """
    s = series.dropna()
    rows = []
    for year, grp in s.groupby(s.index.year):
        dec = grp[grp.index.month == 12]
        rest = grp[grp.index.month != 12]
        if dec.empty or len(rest) < 6:
            continue
        typical = float(rest.median())
        value = float(dec.iloc[0])
        if value > ratio * max(typical, 1.0) and value - typical >= min_excess:
            rows.append({"year": int(year), "december": value, "typical": typical, "excess": value - typical})
    return pd.DataFrame(rows, columns=["year", "december", "typical", "excess"])


def spread_year_end_spikes(series: pd.Series, spikes: pd.DataFrame) -> pd.Series:
    """The series with each December's excess spread evenly over the twelve months of its year."""
    out = series.copy()
    for row in spikes.itertuples():
        months = out.index[(out.index.year == row.year)]
        out.loc[pd.Timestamp(f"{row.year}-12-01")] -= row.excess
        out.loc[months] += row.excess / len(months)
    return out


def yearly_totals(events: pd.DataFrame | None, monthly: pd.DataFrame | None, dyads: pd.DataFrame | None,
                  owid: pd.DataFrame | None, start_year: int = 2011, end_year: int = 2024,
                  events_dataset: str | None = None) -> pd.DataFrame:
    """Each source's yearly total for Syria: dataset (the id each row comes from, as the tables carry it; the
    events' rows take ``events_dataset``), source (its label, for display), measure, year, deaths, low, high,
    months (months covered). Rows are ordered by dataset id, never by label."""
    parts = []
    years = range(start_year, end_year + 1)
    if events is not None and len(events):
        f = fatalities(events, freq="M").table
        f = f[f["best"].notna()]
        # months: whole months covered (a month the source reaches for a day adds its deaths, not a month)
        g = f.groupby(f["period"].dt.year).agg(deaths=("best", "sum"), low=("low", "sum"), high=("high", "sum"),
                                               months=("covered_share", lambda x: int((x >= 1).sum())))
        parts.append(g.assign(dataset=events_dataset, source=events_label(events), measure="all types"))
    if monthly is not None:
        for (dataset, measure), grp in monthly.groupby(["dataset", "measure"]):
            g = grp.groupby(grp["month"].dt.year).agg(deaths=("deaths", "sum"), months=("deaths", "size"))
            parts.append(g.assign(dataset=dataset, source=grp["source"].iloc[0], measure=measure, low=np.nan, high=np.nan))
    if dyads is not None:
        d = dyads[dyads["syria_is_location"]]
        g = d.groupby("year").agg(deaths=("bd_best", "sum"), low=("bd_low", "sum"), high=("bd_high", "sum"))
        parts.append(g.assign(dataset=d["dataset"].iloc[0], source=d["source"].iloc[0],
                              measure="state-based (battle deaths)", months=12))
    if owid is not None:
        g = owid.set_index("year")[["deaths"]]
        parts.append(g.assign(dataset=owid["dataset"].iloc[0], source=owid["source"].iloc[0], measure="all types",
                              low=np.nan, high=np.nan, months=12))
    out = pd.concat(parts).rename_axis("year").reset_index()
    out = out[out["year"].isin(years)]
    return out[["dataset", "source", "measure", "year", "deaths", "low", "high", "months"]].reset_index(drop=True)


def documented_deaths(docs: pd.DataFrame, freq: str = "M", by: str | None = None, start=None, end=None,
                      coverage: Coverage | None = None, groups=None) -> pd.DataFrame:
    """Deaths documented per period (and per ``by`` group) from a documentation list such as VDC's: 0 in a
    covered period without a record, NaN outside ``coverage`` (by default the span of ``docs``)."""
    coverage = coverage or span(docs, "date", "date", "day")
    keep = [by] if by else []
    sums = docs.assign(period=period_start(docs["date"], freq)).groupby(["period"] + keep)["deaths"].sum().reset_index()
    lo = start if start is not None else coverage.first
    hi = end if end is not None else coverage.last
    if by and groups is None:
        groups = sorted(docs[by].dropna().unique())
    return period_grid(sums, ["deaths"], lo, hi, freq, coverage, by=by, groups=groups)
