"""Tables of records for a selection: the pairs of warring sides with most deaths in the window, the deadliest
single events, and the tallies (records spanning more than a month) apart, each with deaths in the window as the
charts count them (``measures.window_totals``) and headlines quoted as their source's words."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from .. import measures, wording
from .selection import Selection

TALLY_DAYS = 7  # a record spanning more days is a tally (a count over weeks), not one event, in the tables


def dyads(sel: Selection, n: int = 12) -> pd.DataFrame:
    """The dyads with most deaths in the selection: events, low, best and high, share of all deaths."""
    ev = sel.counted_events
    if ev.empty:
        return pd.DataFrame(columns=["warring sides (as UCDP names them)", "type of violence", "events", "deaths, low",
                                     "deaths, best", "deaths, high", "share of deaths, %"])
    key = ev["dyad"].astype(str) + "\x1f" + ev["type_of_violence"].astype(str)
    t = measures.window_totals(ev.assign(_key=key), sel.start, sel.end, values=measures.ESTIMATES, by="_key")
    t[["dyad", "type of violence"]] = t["_key"].str.split("\x1f", expand=True)
    total = sel.window_totals()["best"]
    t["share of deaths, %"] = 100 * t["best"] / total if total else np.nan
    est = list(measures.ESTIMATES)
    t[est] = t[est].round().astype(int)  # deaths in the window, to whole deaths
    cols = ["dyad", "type of violence", "events", *est, "share of deaths, %"]
    out = t.sort_values("best", ascending=False).head(n)[cols].reset_index(drop=True)
    return out.rename(columns={"dyad": "warring sides (as UCDP names them)", "low": "deaths, low", "best": "deaths, best",
                               "high": "deaths, high"})


def records_of(sel: Selection, tallies: bool) -> pd.DataFrame:
    """The selection's single events (``tallies=False``: a week or less) or its tallies (``True``: records spanning
    more than a week, such as a monitor's count of a month or a year), each with ``in_window``: its chosen estimate's
    share in the window, spread over its days as the charts spread it."""
    ev = sel.events
    if ev.empty:
        return ev.assign(in_window=pd.Series(dtype=float))
    days = (ev["date_end"] - ev["date_start"]).dt.days + 1
    agg = (measures.is_aggregate(ev) | (days > TALLY_DAYS)).to_numpy()
    part = ev[agg if tallies else ~agg]
    return part.assign(in_window=part[sel.estimate].to_numpy(dtype=float) * measures.window_share(part, sel.start, sel.end))


def spans_in_words(first: pd.Series, last: pd.Series) -> list[str]:
    return [wording.span(a, b) for a, b in zip(first, last)]


def places(rows: pd.DataFrame) -> pd.Series:
    return measures.as_text(rows[["governorate", "district"]]).apply(
        lambda r: ", ".join(v for v in (r["district"], r["governorate"]) if isinstance(v, str) and v not in ("nan", "None"))
        or "Syria (no place given)", axis=1)


def deadliest(sel: Selection, n: int = 10) -> pd.DataFrame:
    """The deadliest single events of the selection (tallies apart, see ``deadliest_tallies``), by their deaths in the
    window: date, place, the two sides as UCDP names them, deaths (chosen estimate, with UCDP's low-high range) and the
    headline of the first source UCDP cites, quoted as that source's words."""
    ev = records_of(sel, tallies=False).sort_values(["in_window", "event_id"], ascending=[False, True]).head(n)
    ev = measures.as_text(ev)
    out = pd.DataFrame({
        "date": spans_in_words(ev["date_start"], ev["date_end"]),
        "place": places(ev).to_numpy(),
        "sides (UCDP)": ev["dyad"].to_numpy(),
        f"deaths ({sel.estimate})": [wording.number(v) for v in ev["in_window"]],
        "range (low-high)": [f"{wording.number(lo)}-{wording.number(hi)}" for lo, hi in zip(ev["low"], ev["high"])],
        "first source's headline (its words, not UCDP's)": ev["source_headline"].map(first_headline).map(
            lambda h: f"\u201c{h}\u201d" if h else "").to_numpy(),
    })
    return out


def deadliest_tallies(sel: Selection, n: int = 5) -> pd.DataFrame:
    """Records spanning more than a week (tallies UCDP books as one event, such as a monitor's count of a month): their span, place, sides, the
    whole tally and the part of it that falls in the window (spread evenly over its days, as in the charts)."""
    ev = records_of(sel, tallies=True).sort_values(["in_window", "event_id"], ascending=[False, True]).head(n)
    ev = measures.as_text(ev)
    return pd.DataFrame({
        "span": spans_in_words(ev["date_start"], ev["date_end"]),
        "place": places(ev).to_numpy(),
        "sides (UCDP)": ev["dyad"].to_numpy(),
        f"whole tally ({sel.estimate})": [wording.number(v) for v in ev[sel.estimate]],
        "of which in this window": [wording.number(v) for v in ev["in_window"]],
    })


def first_headline(text) -> str:
    """UCDP joins the headlines of an event's sources with ';': the first, and how many more."""
    if not isinstance(text, str):
        return ""
    parts = [html.unescape(p).strip() for p in text.split(";") if p.strip()]  # some headlines hold "&#8220;"
    return parts[0] + (f" (+{len(parts) - 1} more)" if len(parts) > 1 else "") if parts else ""
