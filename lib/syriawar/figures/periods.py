"""How long a window is drawn by: a day's bars for a few weeks, weeks for a few months, months for a few years,
years beyond (a month's single point draws no line, and one year drawn as one bar fills the page and says nothing
of its months). One home for the rule, so a report's charts of the same window agree on their period."""

from __future__ import annotations

from .. import wording
from .selection import Selection

DAILY_UP_TO_DAYS = 62
WEEKLY_UP_TO_DAYS = 183
BY_TYPE_YEARLY_FROM_DAYS = 2 * 366  # kinds of violence per year from more than two years of events on
PER = {"D": "day", "W": "week", "M": "month", "Y": "year"}
# a bar's label for each period: "2016", "Jun 2016", "4 Jun 2016" (a week by its Monday)
PERIOD_LABEL = {"Y": lambda p: str(p.year), "M": wording.month, "W": wording.day, "D": wording.day}


def timeline_freq(sel: Selection) -> str:
    """'D', 'W' or 'M': the period a timeline of the selection's window is drawn by."""
    days = (sel.end - sel.start).days + 1
    return "D" if days <= DAILY_UP_TO_DAYS else "W" if days <= WEEKLY_UP_TO_DAYS else "M"


def by_type_freq(sel: Selection) -> str:
    """'Y' when the events held in the window span more than two years, else the timeline's period."""
    window = sel.coverage.clip(sel.start, sel.end)
    days = (window.last - window.first).days + 1 if window else 0
    return "Y" if days > BY_TYPE_YEARLY_FROM_DAYS else timeline_freq(sel)
