"""A figure's alternative text states its finding: its title, with at most one short sentence of its caption, and
never more than notebook.ALT_MAX characters; the provenance stays in the caption."""

import matplotlib.pyplot as plt

from syriawar import notebook


def _fig(title: str, caption: str = ""):
    fig, ax = plt.subplots()
    ax.set_title(title, loc="left")
    if caption:
        fig.supxlabel(caption)
    return fig


def test_alt_text_is_the_title_and_a_short_first_sentence_of_the_caption():
    fig = _fig("Deaths peaked in 2013\nand fell after 2016", "Gaps are months a source does not cover. Sources: UCDP GED 25.1.")
    assert notebook.alt_text(fig) == "Deaths peaked in 2013 and fell after 2016. Gaps are months a source does not cover."
    plt.close(fig)


def test_a_caption_that_only_names_sources_is_left_out_of_the_alt_text():
    fig = _fig("Idleb was struck most", "Sources: UCDP GED Syria 652.1601.1911 (events cover 2016-01-01 to 2019-12-01).")
    assert notebook.alt_text(fig) == "Idleb was struck most."
    plt.close(fig)


def test_a_long_title_is_cut_at_a_word_within_the_limit():
    title = "Strikes " + "against civilians in the north-west " * 12
    fig = _fig(title, "A long caption. " * 40)
    alt = notebook.alt_text(fig)
    assert len(alt) <= notebook.ALT_MAX and alt.endswith("…")
    assert title.startswith(alt[:-1] + " ")  # whole words of the title
    assert "A long caption" not in alt
    plt.close(fig)
