"""One colour per actor and type, everywhere: the pairs are far apart, and every figure draws a registered actor's
series in its registered colour."""

from __future__ import annotations

import itertools

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

from syriawar import style
from syriawar.figures import brief, foreign, governorate


@pytest.mark.parametrize("lab1, lab2, expected", [  # Sharma, Wu and Dalal (2005), test pairs 1, 7 and 17
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
])
def test_the_colour_difference_is_ciede2000(lab1, lab2, expected):
    assert style.ciede2000_lab(lab1, lab2) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("registry", [style.ACTOR_COLOURS, style.TYPE_COLOURS], ids=["actors", "types"])
def test_every_pair_of_registered_colours_is_far_apart(registry):
    close = [(a, b, round(style.ciede2000(ca, cb), 1)) for (a, ca), (b, cb) in itertools.combinations(registry.items(), 2)
             if style.ciede2000(ca, cb) < style.MIN_ACTOR_DISTANCE]
    assert close == []


def _series(fig):
    """(label, colour) of every labelled line, bar and point layer, and of each small multiple's line by its title."""
    out = []
    for ax in fig.axes:
        for line in ax.get_lines():
            label = line.get_label() if not line.get_label().startswith("_") else ax.get_title()
            out.append((label, mcolors.to_hex(line.get_color())))
        for coll in ax.collections:
            label = coll.get_label().split(" (")[0]
            if not label.startswith("_") and len(coll.get_facecolor()):
                out.append((label, mcolors.to_hex(coll.get_facecolor()[0], keep_alpha=False)))
        for patch in ax.patches:
            if not patch.get_label().startswith("_"):
                out.append((patch.get_label(), mcolors.to_hex(patch.get_facecolor(), keep_alpha=False)))
    return out


def _figures():
    sel = foreign.select(start="2015-01-01", end="2024-12-31")
    b = brief.select()
    g = governorate.select(governorate="Idleb")
    yield from (foreign.strikes_figure(sel), foreign.strikes_small_multiples(sel), foreign.strikes_map(sel),
                foreign.mentions_figure(foreign.select(start="2016-01-01", end="2019-11-30")),
                brief.daily_strikes_figure(b), governorate.strikes_map(g))


def test_every_figure_draws_a_registered_actor_in_its_colour():
    wrong, seen = [], set()
    for fig in _figures():
        for label, colour in _series(fig):
            if label in style.ACTOR_COLOURS:
                seen.add(label)
                if colour.lower() != style.ACTOR_COLOURS[label].lower():
                    wrong.append((fig.axes[0].get_title() or fig.texts[0].get_text() if fig.texts else "", label, colour))
        plt.close(fig)
    assert wrong == []
    assert {"Russia", "Turkey", "US-led coalition", "Israel"} <= seen


def _contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of ``colour`` against white."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in mcolors.to_rgb(colour)]
    return 1.05 / (0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] + 0.05)


@pytest.mark.parametrize("registry", [style.SOURCE_COLOURS, style.TYPE_COLOURS, style.KIND_COLOURS,
                                      {"accent": style.ACCENT}], ids=["sources", "types", "kinds", "accent"])
def test_no_source_or_kind_of_violence_takes_an_actors_colour(registry):
    close = [(name, actor, round(style.ciede2000(colour, theirs), 1))
             for name, colour in registry.items() for actor, theirs in style.ACTOR_COLOURS.items()
             if style.ciede2000(colour, theirs) < style.MIN_MEANING_DISTANCE]
    assert close == []


def test_kinds_of_violence_and_sources_share_no_colour():
    shared = set(map(str.lower, style.TYPE_COLOURS.values())) & set(map(str.lower, style.SOURCE_COLOURS.values()))
    assert shared == set()


def test_every_actors_line_can_be_seen_on_white():
    # "not named" is a fill for points no actor is named for, never a line
    faint = [(actor, round(_contrast_on_white(c), 2)) for actor, c in style.ACTOR_COLOURS.items()
             if actor != "not named" and _contrast_on_white(c) < 2.0]
    assert faint == []  # Okabe-Ito's yellow, Jordan's colour before, had 1.2
