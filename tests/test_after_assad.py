"""The years after Assad: what the sources in hand show from December 2024 to the last month any covers."""

from __future__ import annotations

from syriawar import measures, registry, style
from syriawar.figures import after_assad


def test_the_reading_counts_every_month_after_the_fall_from_pace_and_names_the_deadliest():
    pace = measures.monthly_source_series(registry.load("pace_ucdp_cm"), "pace_ucdp_cm", "all types", "2025-01-01", None).dropna()
    text = after_assad.reading()
    assert f"counts {pace.sum():,.0f} deaths" in text and text.count("From Jan 2025 to Feb 2026") == 1
    # the two deadliest months, with the key events dated in them (data/reference/key_events.csv)
    assert "Jul 2025 (2,521; key event: Sweida clashes) and Mar 2025 (1,486; key event: Coastal killings)" in text


def test_the_figure_marks_the_fall_and_draws_bars_from_zero_to_the_last_month():
    fig = after_assad.figure()
    ax = fig.axes[0]
    assert ax.get_ylim()[0] == 0
    assert style.words(fig)["title"] == "After Assad's fall, deaths spiked in Mar 2025 and Jul 2025"
    texts = [t.get_text() for t in ax.texts]
    assert "Assad falls" in texts and "Sweida clashes\n2,521" in texts
