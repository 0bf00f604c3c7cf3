"""One colour per actor and type, everywhere: the pairs are far apart, kinds of violence and of death take no actor's
colour nor hue family and stay apart for colour-blind readers, and every figure draws a registered actor's series in
its registered colour."""

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


@pytest.mark.parametrize("registry", [style.ACTOR_COLOURS, style.TYPE_COLOURS, style.KIND_COLOURS],
                         ids=["actors", "types", "kinds"])
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


@pytest.mark.parametrize("registry", [style.TYPE_COLOURS, style.KIND_COLOURS], ids=["types", "kinds"])
def test_no_kind_of_violence_or_of_death_is_in_an_actors_hue_family(registry):
    assert {name: style.actor_hue_family(colour) for name, colour in registry.items() if style.actor_hue_family(colour)} == {}


def test_the_teal_and_brown_a_graphics_desk_found_too_near_iran_and_russia_are_refused():
    # the palette before: state-based teal #01665E was 22.2 CIEDE2000 from Iran's green, civilians' brown #8C510A
    # 17.0 from Russia's vermillion; a darker shade of an actor's hue still reads as that actor
    assert "Iran" in style.actor_hue_family("#01665E")
    assert "Russia" in style.actor_hue_family("#8C510A")
    assert style.ciede2000("#35978F", style.ACTOR_COLOURS["Iran"]) < style.MIN_MEANING_DISTANCE  # one-sided, before


def test_a_tinted_grey_is_in_no_actors_hue_family():
    assert style.actor_hue_family("#6B6B6B") == [] and style.actor_hue_family(style.TYPE_COLOURS["state-based"]) == []


def test_kinds_of_violence_kinds_of_death_and_sources_are_plainly_apart():
    # they share documents (the casualties report draws all three), so none may be read for another
    kinds = {**style.TYPE_COLOURS, **style.KIND_COLOURS}
    others = {**kinds, **style.SOURCE_COLOURS, "context": style.CONTEXT_GREY}
    close = sorted({tuple(sorted((a, b))) + (round(style.ciede2000(ca, cb), 1),)
                    for a, ca in kinds.items() for b, cb in others.items()
                    if a != b and style.ciede2000(ca, cb) < style.MIN_MEANING_DISTANCE})
    assert close == []


# Machado, Oliveira and Fernandes (2009), complete dichromacy, on linear sRGB
DICHROMACY = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _as_seen(colour: str, matrix) -> str:
    """``colour`` as a viewer with the dichromacy of ``matrix`` sees it (simulated), as hex."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in mcolors.to_rgb(colour)]
    seen = [min(max(sum(m * c for m, c in zip(row, lin)), 0.0), 1.0) for row in matrix]
    return mcolors.to_hex([12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055 for c in seen])


@pytest.mark.parametrize("vision", DICHROMACY)
@pytest.mark.parametrize("registry", [{**style.TYPE_COLOURS, **style.KIND_COLOURS}], ids=["types and kinds"])
def test_kinds_stay_apart_for_colour_blind_readers(registry, vision):
    close = [(a, b, round(style.ciede2000(_as_seen(ca, DICHROMACY[vision]), _as_seen(cb, DICHROMACY[vision])), 1))
             for (a, ca), (b, cb) in itertools.combinations(registry.items(), 2)
             if style.ciede2000(_as_seen(ca, DICHROMACY[vision]), _as_seen(cb, DICHROMACY[vision])) < style.MIN_ACTOR_DISTANCE]
    assert close == []


def test_the_simulated_dichromacy_merges_red_and_green():  # the simulation itself: Okabe-Ito's point
    red, green = "#D62728", "#2CA02C"
    assert style.ciede2000(_as_seen(red, DICHROMACY["deuteranopia"]), _as_seen(green, DICHROMACY["deuteranopia"])) < 15
    assert style.ciede2000(red, green) > 50


def test_every_actors_line_can_be_seen_on_white():
    # "not named" is a fill for points no actor is named for, never a line
    faint = [(actor, round(_contrast_on_white(c), 2)) for actor, c in style.ACTOR_COLOURS.items()
             if actor != "not named" and _contrast_on_white(c) < 2.0]
    assert faint == []  # Okabe-Ito's yellow, Jordan's colour before, had 1.2
