"""One event, one name in a document: the names a chart's key of numbered markers gives the key events equal the
names the report's table of key events gives them. Run on the real reference table and data mirror."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt

from syriawar import style
from syriawar.figures import brief
from syriawar.figures import governorate as G


def _keyed(fig) -> list[str]:
    """The event names of a chart's key ('Key events: 1 Rebel offensive begins, 27 Nov 2024 · 2 ...'), in order."""
    notes = " ".join(style.words(fig)["notes"].split())
    key = notes.split("Key events: ", 1)[1]
    return [re.fullmatch(r"\d+ (.+), \d{1,2} [A-Z][a-z]{2} \d{4}", item.strip()).group(1) for item in key.split(" · ")]


def test_the_briefs_chart_key_names_each_event_as_its_key_events_table_does():
    sel = brief.select(start="2024-11-27", end="2024-12-08")
    fig = brief.daily_strikes_figure(sel)
    try:
        keyed = _keyed(fig)
    finally:
        plt.close(fig)
    assert keyed == list(brief.key_events_in(sel)["event"])
    assert "Rebels take Hama" in keyed  # the name the table gave it, not a second one for the chart


def test_a_governorate_timelines_key_names_each_event_as_its_key_events_table_does():
    sel = G.select(governorate="Aleppo")
    fig = G.timeline(sel)
    try:
        keyed = _keyed(fig)
    finally:
        plt.close(fig)
    assert len(keyed) >= 5 and keyed == list(G.key_events_here(sel)["event"])

