"""A figure's alternative text tells a reader who cannot see it what kind of chart it is, what it counts and what it
shows, in words other than the title it sits under, never more than notebook.ALT_MAX characters; the provenance
stays in the caption."""

import matplotlib.pyplot as plt
import pytest

from syriawar import notebook, style


def _framed(title: str, subtitle: str = "", source: str = "", kind: str = "line"):
    fig, ax = style.figure(height=2.5)
    if kind == "line":
        ax.plot([0, 1, 2, 3], [5, 9, 4, 2])
    elif kind == "bars":
        ax.bar([0, 1, 2, 3], [5, 9, 4, 2])
    elif kind == "map":
        ax.fill([0, 1, 1], [0, 0, 1])
        ax.set_aspect(1.2)
    style.frame(fig, title, subtitle=subtitle, source=source)
    return fig


def test_alt_text_says_the_kind_of_chart_what_it_counts_and_then_what_it_shows():
    fig = _framed("Deaths peaked in 2013\nand fell after 2016", "Deaths per year, UCDP best estimate, 2011-2024",
                  "Source: UCDP GED 25.1")
    assert notebook.alt_text(fig) == ("Line chart of deaths per year, UCDP best estimate, 2011-2024. "
                                      "What it shows: deaths peaked in 2013 and fell after 2016.")
    plt.close(fig)


@pytest.mark.parametrize("kind, said", [("bars", "Bar chart of "), ("map", "Map of ")])
def test_bars_and_maps_are_named_as_such(kind, said):
    fig = _framed("Aleppo saw 23% of the deaths", "Deaths by governorate, 2016-2019", kind=kind)
    alt = notebook.alt_text(fig)
    assert alt.startswith(said) and alt.endswith("What it shows: Aleppo saw 23% of the deaths.")  # a name keeps its capital
    plt.close(fig)


def test_a_title_that_names_a_place_first_reads_as_a_clause():
    fig = _framed("Idleb: deaths peaked in Oct 2012 (VDC)", "Deaths per month, 2011-2024")
    assert notebook.alt_text(fig).endswith("What it shows: in Idleb, deaths peaked in Oct 2012 (VDC).")
    plt.close(fig)


@pytest.mark.parametrize("title", ["Deaths in Syria peaked in 2013 by UCDP's count", "Aleppo had most deaths",
                                   "5 foreign states fought in Syria as warring parties"])
def test_alt_text_neither_is_nor_starts_with_the_title_it_sits_under(title):
    fig = _framed(title, "Deaths per month, UCDP best estimate, Jan 2016-Dec 2019")
    alt = notebook.alt_text(fig)
    assert alt != title and alt.rstrip(".") != title and not alt.lower().startswith(title.lower()[:20])
    plt.close(fig)


def test_the_source_line_is_left_out_of_the_alt_text():
    fig = _framed("Idleb was struck most", "Strike incidents per month, 2014-2024",
                  "Sources: UCDP GED Syria 652.1601.1911 (events cover 2016-01-01 to 2019-12-01)")
    assert "652.1601" not in notebook.alt_text(fig) and "Source" not in notebook.alt_text(fig)
    plt.close(fig)


def test_a_long_subtitle_is_cut_at_a_clause_and_the_finding_kept_whole():
    title = "Strikes against civilians in the north-west rose fourfold between 2016 and 2019, most of them by Russia"
    subtitle = "Strike incidents per month, Airwars minimum and maximum; " + "one scale for all panels, " * 6 + "2014-2024"
    fig = _framed(title, subtitle)
    alt = notebook.alt_text(fig)
    assert len(alt) <= notebook.ALT_MAX
    assert alt.startswith("Line chart of strike incidents per month, Airwars minimum and maximum.")
    assert alt.endswith("What it shows: strikes against civilians in the north-west rose fourfold between 2016 and "
                        "2019, most of them by Russia.")
    plt.close(fig)


def test_a_title_too_long_for_the_limit_is_cut_at_a_word():
    title = "Strikes " + "against civilians in the north-west " * 12
    fig = _framed(title, "A subtitle")
    alt = notebook.alt_text(fig)
    assert len(alt) <= notebook.ALT_MAX and alt.endswith("…")
    plt.close(fig)


def test_a_chart_that_words_its_own_alt_text_keeps_it():
    fig = _framed("Deaths peaked in 2013", "Deaths per year")
    fig.syriawar_alt = "Deaths rose from 2011 to a peak of 76,363 in 2013, then fell every year."
    assert notebook.alt_text(fig) == fig.syriawar_alt
    plt.close(fig)
