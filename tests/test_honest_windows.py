"""One rule for every window: a report's words, key figures, claims and tables quote the same deaths its charts draw.

The charts spread each event's deaths evenly over its days (a year-long tally adds 7/366 of itself to a week). Every
figure in words must do the same, in any window from one day to the whole war, for any governorates, kinds of
violence, estimate and actors. Run on the real UCDP GED Syria release, Airwars and VDC files of the data mirror.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from syriawar import foreign as measures_foreign
from syriawar import measures
from syriawar.figures import brief, casualties, claims, foreign, keyfigures

WINDOWS = {
    "one day": ("2016-06-03", "2016-06-03"),
    "one week": ("2016-06-01", "2016-06-07"),
    "one month": ("2016-06-01", "2016-06-30"),
    "a quarter": ("2017-01-01", "2017-03-31"),
    "a year": ("2018-01-01", "2018-12-31"),
    "across a year's end": ("2016-12-15", "2017-01-15"),
    "the whole war": ("2011-03-01", "2024-12-31"),
}
SELECTIONS = {
    "all of Syria": {},
    "Idleb and Aleppo": {"governorates": ["Idleb", "Aleppo"]},
    "Damascus, one-sided": {"governorates": ["Damascus"], "types": ["one-sided"]},
    "state-based, low estimate": {"types": ["state-based"], "estimate": "low"},
    "high estimate": {"estimate": "high"},
}
NUMBER = r"([\d,]+)"


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _charted(sel) -> dict[str, float]:
    """What the charts draw for the selection, summed: the monthly series of the timeline (low, best, high), the
    civilians of the who-died chart and the deaths per governorate of the heatmap."""
    f = measures.fatalities(sel.events, "M", start=sel.start, end=sel.end, coverage=sel.coverage,
                            aggregates=sel.aggregates).table
    kinds = measures.death_kinds(sel.events, "M", sel.start, sel.end, sel.coverage)
    out = {e: f[e].sum() for e in measures.ESTIMATES}
    out["civilians"] = kinds["civilians"].sum()
    out["all kinds"] = kinds[["civilians", "combatants", "unknown"]].sum(axis=1).sum()
    out["heatmap"] = casualties.governorate_month_table(sel).sum(axis=1)
    return out


def _close(said: float, drawn: float) -> bool:
    return abs(said - drawn) <= 0.5 + 1e-6  # the words round to whole deaths


@pytest.fixture(scope="module", params=list(WINDOWS), ids=list(WINDOWS))
def window(request):
    return WINDOWS[request.param]


@pytest.mark.parametrize("choice", list(SELECTIONS), ids=list(SELECTIONS))
def test_key_figures_and_words_equal_what_the_charts_draw(window, choice):
    sel = casualties.select(start=window[0], end=window[1], **SELECTIONS[choice])
    drawn = _charted(sel)
    box = keyfigures.casualties(sel).set_index("figure")["value"]
    deaths = box[[f for f in box.index if f.startswith("Deaths in UCDP GED events")]]
    assert len(deaths) == 1
    best, low, high = map(_num, re.fullmatch(rf"{NUMBER} \({NUMBER}-{NUMBER}\)", deaths.iloc[0]).groups())
    assert _close(best, drawn["best"]) and _close(low, drawn["low"]) and _close(high, drawn["high"])

    words = casualties.reading_total(sel)
    said = re.search(rf"record {NUMBER} deaths.*between {NUMBER} and {NUMBER}\)", words)
    assert said, words
    assert _close(_num(said.group(1)), drawn["best"]) and _close(_num(said.group(2)), drawn["low"])
    assert _close(_num(said.group(3)), drawn["high"])

    civ = [v for f, v in box.items() if f.startswith("Civilians among deaths")]
    if drawn["all kinds"] > 0:
        assert civ == [f"{drawn['civilians'] / drawn['all kinds']:.0%}"]

    # the choropleth's governorates hold what the heatmap's rows hold
    heat = drawn["heatmap"]
    choro = casualties.governorate_totals(sel).reindex(heat.index).fillna(0.0)
    assert ((choro - heat).abs() < 1e-6).all()


def test_the_brief_quotes_ucdp_deaths_in_the_window_as_the_charts_draw_them(window):
    sel = brief.select(start=window[0], end=window[1])
    drawn = _charted(sel)
    held = brief.window_sources(sel)
    ucdp = held.loc[held["source"].str.startswith("UCDP's events"), "in this window"].iloc[0]
    said = re.search(rf"; {NUMBER} deaths in the window", ucdp)
    assert said, ucdp
    assert _close(_num(said.group(1)), drawn["best"])
    civilians = claims.claims(sel)
    row = civilians[(civilians["claim"] == "Civilian deaths") & civilians["source"].str.contains("UCDP")].iloc[0]
    assert _close(_num(re.match(NUMBER, row["what it says for the window"]).group(1)), drawn["civilians"])


@pytest.mark.parametrize("actors", [[], ["Turkey"], ["Russia", "US-led coalition"]], ids=["all", "Turkey", "two"])
@pytest.mark.parametrize("span", [("2024-12-01", "2024-12-02"), ("2024-11-27", "2024-12-08"), ("2017-03-01", "2017-05-31")],
                         ids=["two days", "the offensive", "a quarter"])
def test_strike_figures_follow_the_chosen_actors_and_equal_the_daily_chart(actors, span):
    sel = brief.select(start=span[0], end=span[1], actors=actors)
    st = brief.strikes(sel)
    daily = measures_foreign.strikes_by_belligerent(st, "D", sel.start, sel.end, sel.strikes_coverage) if len(st) else None
    drawn = daily[daily["group"] == "all incidents"][["killed_min", "killed_max"]].sum() if daily is not None else pd.Series(
        {"killed_min": 0.0, "killed_max": 0.0})
    box = keyfigures.brief(sel).set_index("figure")["value"]
    killed = box[[f for f in box.index if f.startswith("Civilians killed in strikes")]].iloc[0]
    said = re.fullmatch(rf"(?:{NUMBER}-)?{NUMBER} in {NUMBER} incidents?", killed) if len(st) else None
    lo, hi, n = (said.group(1) or said.group(2), said.group(2), said.group(3)) if said else ("0", "0", "0")
    assert (_num(lo), _num(hi), int(_num(n))) == (drawn["killed_min"], drawn["killed_max"], len(st))
    if actors:
        assert all(set(g) & set(actors) for g in measures_foreign.belligerent_groups(st))
        assert not any(f.endswith("all belligerents (Airwars minimum-maximum)") for f in box.index)


def test_headline_mention_shares_spread_tallies_instead_of_booking_them_on_their_first_day():
    sel = foreign.select(start="2016-01-01", end="2016-12-31")
    per = measures_foreign.foreign_share(sel.tagged, "M", "best", sel.start, sel.end, sel.coverage)
    drawn = _charted(casualties.select(start="2016-01-01", end="2016-12-31"))
    # every month's denominator is the timeline's month: January holds no year-long tally
    timeline = measures.fatalities(sel.events, "M", start=sel.start, end=sel.end, coverage=sel.coverage).table
    assert (per["all"].to_numpy() - timeline["best"].to_numpy()).__abs__().max() < 1e-6
    assert abs(per["all"].sum() - drawn["best"]) < 1e-6


def test_a_one_month_window_says_4763_deaths_and_22_percent_civilians_as_in_the_issue():
    # computed independently from the raw file: each event's deaths times the share of its days in June 2016
    sel = casualties.select(start="2016-06-01", end="2016-06-30")
    box = keyfigures.casualties(sel).set_index("figure")["value"]
    assert box.iloc[0].startswith("4,763 ")
    assert "4,763 deaths" in casualties.reading_total(sel)
    assert [v for f, v in box.items() if f.startswith("Civilians")] == ["22%"]


@pytest.mark.parametrize("span, per, points", [(("2016-06-01", "2016-06-30"), "day", 30), (("2016-06-01", "2016-06-07"), "day", 7),
                                               (("2017-01-01", "2017-03-31"), "week", None), (("2016-01-01", "2017-12-31"), "month", 24)])
def test_short_windows_are_drawn_by_day_or_week_and_the_drawn_line_adds_up_to_the_words(span, per, points):
    sel = casualties.select(start=span[0], end=span[1])
    fig = casualties.war_timeline(sel)
    ax = fig.axes[0]
    assert ax.get_ylabel() == f"deaths per {per}"
    line = next(ln for ln in ax.get_lines() if ln.get_label().startswith("UCDP GED events"))
    drawn = pd.Series(line.get_ydata(), dtype=float)
    if points is not None:  # every day or month of the window is drawn, and together they are the key figure
        assert drawn.notna().sum() == points
        best = _num(keyfigures.casualties(sel).iloc[0]["value"].split(" ")[0])
        assert _close(best, drawn.sum())
