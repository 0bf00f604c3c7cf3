"""One house style: seaborn theme, the Okabe-Ito colourblind-safe palette, fixed colours per type and actor."""

from __future__ import annotations

import ast
import importlib.util
import re
import textwrap
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.colors import ListedColormap

from . import dateaxis, wording

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999",
}
# One meaning per colour in a document. Actors own the hues (ACTOR_COLOURS); the other things a chart tells
# apart take no actor's hue: sources are greys with one accent (orange: the UCDP events, the workbook's own
# event data); kinds of violence are blue-greys and kinds of death (civilians, combatants) warm greys, each a
# ramp from dark to light that stays apart under colour blindness because its steps differ in lightness.
# (Teals and browns were too near Iran's green and Russia's vermillion: a darker shade of an actor's hue reads as
# that actor, however many CIEDE2000 units the lightness puts between them.) tests/test_colours.py checks that
# none of these is within MIN_MEANING_DISTANCE of an actor's colour, nor in an actor's hue family
# (``actor_hue_family``).
ACCENT = "#E69F00"
SOURCE_GREYS = ("#3B3B3B", "#6B6B6B")  # between the actors' black, grey and light grey
TYPE_COLOURS = {"state-based": "#395669", "non-state": "#A3BDC8", "one-sided": "#5F8392"}
# Each dataset's colour by registry id: UCDP's events (either release) in the accent, the others in greys
SOURCE_COLOURS = {"ucdp_ged_syria": ACCENT, "ucdp_ged_global": ACCENT, "views_cm_syria": SOURCE_GREYS[0],
                  "pace_ucdp_cm": SOURCE_GREYS[1], "ucdp_brd": SOURCE_GREYS[1], "owid_deaths": SOURCE_GREYS[0],
                  "airwars_syria": SOURCE_GREYS[0], "vdc_governorate_days": SOURCE_GREYS[0]}
# sources that share a grey are told apart by the line's dashes (and named at the line's end)
SOURCE_DASHES = {"vdc_governorate_days": (0, (4, 2)), "ucdp_brd": (0, (4, 2)), "owid_deaths": (0, (1, 1.5)),
                 "airwars_syria": (0, (1, 1.5)), "pace_ucdp_cm": (0, (6, 1.5, 1, 1.5))}
# Yearly series' names on a chart, by dataset id (the events in use are "UCDP events" whichever release)
SERIES_NAMES = {"ucdp_ged_syria": "UCDP events", "ucdp_ged_global": "UCDP events", "views_cm_syria": "ViEWS",
                "pace_ucdp_cm": "PaCE", "ucdp_brd": "UCDP BRD", "owid_deaths": "OWID"}
# Paul Tol's colour-blind-safe "muted" scheme, for the actors Okabe-Ito has no room for
TOL_MUTED = {"indigo": "#332288", "wine": "#882255", "olive": "#999933", "teal": "#44AA99", "rose": "#CC6677"}
# One colour per actor group, the same in every chart; every pair at least MIN_ACTOR_DISTANCE apart (CIEDE2000),
# so that any of them can share a chart (tests/test_colours.py checks the pairs and every figure's series).
# Jordan is a dark gold: Okabe-Ito's yellow is all but invisible as a line on white.
ACTOR_COLOURS = {
    "Russia": OKABE_ITO["vermillion"], "Iran": OKABE_ITO["green"], "Iran-backed militias": TOL_MUTED["olive"],
    "Turkey": OKABE_ITO["purple"], "US-led coalition": OKABE_ITO["blue"], "Israel": OKABE_ITO["sky"],
    "Jordan": "#A6761D", "Iraq": TOL_MUTED["wine"], "Syrian government": OKABE_ITO["black"],
    "Kurdish-led forces": TOL_MUTED["indigo"], "other": OKABE_ITO["grey"], "not named": "#DDDDDD",
}
MIN_ACTOR_DISTANCE = 15.0  # CIEDE2000; about 2.3 is "just noticeable", 10 plainly different at a glance
MIN_MEANING_DISTANCE = 13.0  # a source's or a kind's colour and any actor's: plainly different at a glance
# A colour of CIE LCh chroma below NEUTRAL_CHROMA reads as a (tinted) grey and takes no actor's hue; a more
# colourful one is in an actor's hue family when their hues are less than MIN_HUE_APART degrees apart.
NEUTRAL_CHROMA = 16.0
MIN_HUE_APART = 30.0
BLOC_COLOURS = {"pro-government": OKABE_ITO["black"], "opposition": OKABE_ITO["orange"], "SDF": OKABE_ITO["purple"],
                "IS": OKABE_ITO["grey"], "foreign": OKABE_ITO["vermillion"], "civilians": OKABE_ITO["sky"]}
KIND_COLOURS = {"civilians": "#60453A", "combatants": "#95796A", "unknown": "#D2B9A4"}
CONTEXT_GREY = "#8C8C8C"  # rules, markers and labels that are not data: key events, notes
# Greys that are not data (text, rules, frames, empty cells, the land of a map), darkest first
INK_GREY = "#222222"  # map labels and the chosen governorate's outline
DARK_GREY = "#333333"  # notes under a figure, labels on light fills, a single series' bars
NOTE_GREY = "#444444"  # messages and annotations inside a plot; the 'all' series beside its parts
LEADER_GREY = "#555555"  # leader lines and arrows to labels, district edges
EDGE_GREY = "#666666"  # governorate outlines
RULE_GREY = "#777777"  # a dated rule (the fall of Assad), districts' edges without data
KEY_GREY = "#888888"  # size keys and labels set in italic
BAND_GREY = "#999999"  # low-high bands, frames of labels
EARLIER_GREY = "#9a9a9a"  # an earlier release, behind the current one
FAINT_GREY = "#aaaaaa"  # labels of what has no data
FRAME_GREY = "#BBBBBB"  # numbered markers' rules and rings; provinces around the one drawn
PALE_GREY = "#B5B5B5"  # a heatmap's middle step
EVENT_GREY = "#C8C8C8"  # key events' rules behind the data
BEHIND_GREY = "#D0D0D0"  # other groups' lines behind the one in front
NO_DATA_FACE = "#e6e6e6"  # a plot's face where no source covers
EMPTY_CELL = "#f2f2f2"  # a heatmap cell with nothing in it
LAND = "#f4f4f4"  # the country's governorates under the data
LAND_AROUND = "#f7f7f7"  # the governorates around the one drawn
# The width a report figure is printed at: the A4 page less its margins and the body's padding (174 mm, see
# report.css), so a figure prints at its own size and a 7 pt label is 7 pt on paper.
A4_WIDTH_IN = 174 / 25.4
SMALLEST_PT = 7.0  # no text in a report figure is smaller (captions, map labels, annotations)
CHAR_WIDTH_EM = 0.56  # mean advance of DejaVu Sans, for wrapping captions to the figure's width


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def lch(hex_colour: str) -> tuple[float, float, float]:
    """CIE LCh (D65) of an sRGB colour: lightness, chroma and hue angle in degrees."""
    import math

    lightness, a, b = _lab(hex_colour)
    return lightness, math.hypot(a, b), math.degrees(math.atan2(b, a)) % 360


def actor_hue_family(hex_colour: str) -> list[str]:
    """The actors whose hue family ``hex_colour`` is in: both colourful (chroma at least NEUTRAL_CHROMA) and
    their hues less than MIN_HUE_APART degrees apart. A grey or a tinted grey is in no actor's family."""
    _, chroma, hue = lch(hex_colour)
    if chroma < NEUTRAL_CHROMA:
        return []
    out = []
    for actor, theirs in ACTOR_COLOURS.items():
        _, their_chroma, their_hue = lch(theirs)
        apart = abs(hue - their_hue) % 360
        if their_chroma >= NEUTRAL_CHROMA and min(apart, 360 - apart) < MIN_HUE_APART:
            out.append(actor)
    return out


def ciede2000(hex1: str, hex2: str) -> float:
    """The CIEDE2000 colour difference of two sRGB colours."""
    return ciede2000_lab(_lab(hex1), _lab(hex2))


def ciede2000_lab(lab1: tuple, lab2: tuple) -> float:
    """CIEDE2000 of two CIE L*a*b* colours (Sharma, Wu and Dalal 2005, Color Res. Appl. 30(1))."""
    import math

    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p, h2p = (math.degrees(math.atan2(b, a)) % 360 if (a or b) else 0.0 for a, b in ((a1p, b1), (a2p, b2)))
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p if abs(h2p - h1p) <= 180 else h2p - h1p - 360 * math.copysign(1, h2p - h1p))
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lm, cm = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hm = (h1p + h2p) / 2
    else:
        hm = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hm - 30)) + 0.24 * math.cos(math.radians(2 * hm))
         + 0.32 * math.cos(math.radians(3 * hm + 6)) - 0.20 * math.cos(math.radians(4 * hm - 63)))
    sl = 1 + 0.015 * (lm - 50) ** 2 / math.sqrt(20 + (lm - 50) ** 2)
    sc, sh = 1 + 0.045 * cm, 1 + 0.015 * cm * t
    rt = -2 * math.sqrt(cm ** 7 / (cm ** 7 + 25 ** 7)) * math.sin(math.radians(60 * math.exp(-(((hm - 275) / 25) ** 2))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh))


def source_colour(dataset: str) -> str:
    """The colour of the dataset with this registry id (grey for one without its own)."""
    return SOURCE_COLOURS.get(dataset, OKABE_ITO["grey"])


# seaborn's theme (style "whitegrid", context "paper") as the settings it makes, so that a kernel need not
# import seaborn, which imports scipy.stats: about 60 MB and half a second in every kernel. tests/test_style.py
# checks that these are the settings seaborn.set_theme makes.
SEABORN_WHITEGRID_PAPER = {
    "axes.axisbelow": True, "axes.edgecolor": ".8", "axes.grid": True, "axes.labelcolor": ".15",
    "axes.labelsize": 9.6, "axes.linewidth": 1.0, "axes.titlesize": 9.6, "font.size": 9.6,
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "grid.color": ".8", "image.cmap": "rocket", "legend.fontsize": 8.8, "legend.title_fontsize": 9.6,
    "lines.linewidth": 1.2, "lines.markersize": 4.8, "lines.solid_capstyle": "round",
    "patch.edgecolor": "w", "patch.force_edgecolor": True, "patch.linewidth": 0.8, "text.color": ".15",
    "xtick.bottom": False, "xtick.color": ".15", "xtick.labelsize": 8.8, "xtick.major.size": 4.8,
    "xtick.major.width": 1.0, "xtick.minor.size": 3.2, "xtick.minor.width": 0.8,
    "ytick.color": ".15", "ytick.labelsize": 8.8, "ytick.left": False, "ytick.major.size": 4.8,
    "ytick.major.width": 1.0, "ytick.minor.size": 3.2, "ytick.minor.width": 0.8,
}


def seaborn_colormap_table(name: str) -> list:
    """One of seaborn's colormap tables ("rocket"), read from seaborn's own source file without importing
    seaborn; from ``seaborn.cm`` itself should that file ever be laid out otherwise."""
    try:
        spec = importlib.util.find_spec("seaborn")
        text = (Path(spec.submodule_search_locations[0]) / "cm.py").read_text(encoding="utf-8")
        found = re.search(rf"^_{name}_lut = (\[.*?^\])", text, re.S | re.M)
        return ast.literal_eval(found.group(1))
    except (AttributeError, TypeError, OSError, ValueError, SyntaxError):
        from seaborn import cm

        return getattr(cm, name).colors.tolist()


def register_colormaps() -> None:
    """seaborn's "rocket" and "rocket_r" under their seaborn names (seaborn, if imported later, keeps them)."""
    if "rocket" not in matplotlib.colormaps:
        table = seaborn_colormap_table("rocket")
        matplotlib.colormaps.register(ListedColormap(table, "rocket"))
        matplotlib.colormaps.register(ListedColormap(table[::-1], "rocket_r"))


def apply() -> None:
    """Set the theme for every chart (idempotent)."""
    register_colormaps()
    matplotlib.rcParams.update(SEABORN_WHITEGRID_PAPER)
    matplotlib.rcParams["axes.prop_cycle"] = cycler(color=list(OKABE_ITO.values()))
    matplotlib.rcParams.update({"figure.dpi": 110, "savefig.dpi": 150, "axes.titlesize": 11, "axes.titleweight": "bold",
                                "axes.labelsize": 9, "xtick.labelsize": 8, "ytick.labelsize": 8, "legend.fontsize": 8,
                                "font.family": "DejaVu Sans", "axes.spines.top": False, "axes.spines.right": False,
                                # titles sit just above their axes: no chart puts tick labels on top, so
                                # matplotlib's search for a higher place (a layout of every child of the axes, on
                                # every draw) finds nothing
                                "axes.titley": 1.0})
    matplotlib.rcParams["axes.formatter.use_locale"] = False


def figure(height: float = 4.0, width: float = A4_WIDTH_IN, **kwargs):
    apply()
    return plt.subplots(figsize=(width, height), layout="constrained", **kwargs)


def legend_beside(ax, **kwargs):
    """The legend right of the plot, where it can hide no data (constrained layout makes room for it)."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=SMALLEST_PT, **kwargs)


_DATE_PARTS = re.compile(r"\b(\d{1,2} )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b")


def wrapped(fig, text: str, size: float, em: float = CHAR_WIDTH_EM, width_in: float | None = None) -> str:
    """``text`` broken into lines that fit ``width_in`` (the figure's width) in ``size`` pt of mean advance ``em``
    (matplotlib's own wrap=True breaks every word onto its own line when constrained layout first runs); a date
    ("1 Dec 2024", "Jan 2016") is never broken."""
    chars = int((width_in or fig.get_figwidth()) * 72 / (size * em))
    glued = _DATE_PARTS.sub(lambda m: m.group(0).replace(" ", "\x00"), text)
    return "\n".join(textwrap.wrap(glued, width=max(chars, 20))).replace("\x00", " ")


def fit_title(fig, title: str, size: float = 11.0) -> str:
    """``title`` in bold ``size`` pt, wrapped to the width beside the y axis labels."""
    return wrapped(fig, title, size, CHAR_WIDTH_EM + 0.08, fig.get_figwidth() - 0.6)


TITLE_PT = 11.0
SUBTITLE_PT = 8.0
LINE_EM = 1.3  # a line of text, in ems, as matplotlib sets several lines (linespacing 1.2 of the "lp" height)
EDGE_IN = 0.06  # white edge above the title and below the source line
LEFT = 0.012  # title, subtitle, notes and source line all start here (figure fraction)
TEXT_GREY = "#555555"
# Short names for the source line; versions, checksums and coverage go to the report's "About the data"
SHORT_SOURCES = {
    "ucdp_ged_syria": "UCDP GED (Syria release)", "ucdp_ged_global": "UCDP GED", "ucdp_ged_candidate":
    "UCDP Candidate events", "vdc_governorate_days": "VDC", "views_cm_syria": "ViEWS", "pace_ucdp_cm": "PaCE",
    "ucdp_brd": "UCDP Battle-Related Deaths", "ucdp_acd": "UCDP/PRIO Armed Conflict Dataset",
    "owid_deaths": "Our World in Data", "airwars_syria": "Airwars", "ocha_admin1": "OCHA boundaries",
    "ocha_admin2": "OCHA boundaries", "acled_syria": "ACLED",
}


EVENTS_WITH_CANDIDATE = "UCDP GED and Candidate events"  # a final release whose last months are Candidate events


def short_source(name: str) -> str:
    """A source's name as the source line gives it, looked up by dataset id ("ucdp_brd" -> "UCDP Battle-Related
    Deaths"). A name that is no dataset id (a short name already, or free text such as "the files read") is
    given back without a trailing version number; no display label is ever matched to find a dataset."""
    if name in SHORT_SOURCES:
        return SHORT_SOURCES[name]
    return re.sub(r"\s*[\d.]+(-[\d.]+)?$", "", name)


def series_name(dataset: str) -> str:
    """A series' name on a chart (at a line's end, in a title), by dataset id: 'ViEWS', 'OWID', 'UCDP events'."""
    return SERIES_NAMES.get(dataset) or short_source(dataset)


def events_source(sel) -> str:
    """The events a selection rests on, as a source line names them, by its dataset id: 'UCDP GED (Syria
    release)', or 'UCDP GED and Candidate events' when preliminary events fill its last months."""
    return short_source(sel.events_dataset.name) if sel.preliminary_from is None else EVENTS_WITH_CANDIDATE


def source_line(*names: str) -> str:
    """'Source: UCDP GED (Syria release); VDC' from dataset names or events labels (each once, in order)."""
    shown = list(dict.fromkeys(short_source(n) for n in names if n))
    return ("Sources: " if len(shown) > 1 else "Source: ") + "; ".join(shown) if shown else ""


def _lines(text: str) -> int:
    return text.count("\n") + 1 if text else 0


def frame(fig, title: str, subtitle: str = "", source: str = "", details: str = "", notes: str = "") -> None:
    """The chart's words, as a graphics desk sets them: ``title`` (bold, the point the chart makes), ``subtitle``
    (one line: what is counted, in what unit, over what span, which estimate), ``notes`` under the chart (a key
    to numbered markers, a word on a clipped value) and one short ``source`` line. ``details`` (versions, coverage,
    method) are not drawn: they stay with the figure for the report's "About the data" (see ``details``).

    Title and subtitle sit at the figure's top left, notes and source at its bottom left, in room the layout
    leaves free (the figure grows by that room): set by their sizes, so no extra layout pass measures them."""
    width = fig.get_figwidth() - 0.1
    title = wrapped(fig, " ".join(title.split()), TITLE_PT, CHAR_WIDTH_EM + 0.08, width)
    subtitle = wrapped(fig, " ".join(subtitle.split()), SUBTITLE_PT, width_in=width) if subtitle else ""
    notes = "\n".join(wrapped(fig, line, SMALLEST_PT, width_in=width) for line in notes.split("\n")) if notes else ""
    source = wrapped(fig, source, SMALLEST_PT, width_in=width) if source else ""
    top = EDGE_IN + _lines(title) * TITLE_PT * LINE_EM / 72
    top_sub = top + 0.03
    top = top_sub + _lines(subtitle) * SUBTITLE_PT * LINE_EM / 72 + 0.08
    bottom_notes = EDGE_IN + (_lines(source) * SMALLEST_PT * LINE_EM / 72 + 0.04 if source else 0)
    bottom = bottom_notes + (_lines(notes) * SMALLEST_PT * LINE_EM / 72 + 0.05 if notes else 0) + 0.04
    height = fig.get_figheight() + top + bottom - 0.45  # the room a title and a caption line took before
    fig.set_figheight(height)
    fig.suptitle(title, x=LEFT, y=1 - EDGE_IN / height, ha="left", va="top", fontsize=TITLE_PT, fontweight="bold")
    if subtitle:
        fig.text(LEFT, 1 - top_sub / height, subtitle, ha="left", va="top", fontsize=SUBTITLE_PT, color=TEXT_GREY)
    if notes:
        fig.text(LEFT, bottom_notes / height, notes, ha="left", va="bottom", fontsize=SMALLEST_PT, color=DARK_GREY)
    if source:
        fig.supxlabel(source, x=LEFT, y=EDGE_IN / height, ha="left", va="bottom", fontsize=SMALLEST_PT,
                      color=TEXT_GREY)
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.set(rect=(0, bottom / height, 1, 1 - (top + bottom) / height))
    fig.syriawar_words = {"title": title.replace("\n", " "), "subtitle": subtitle.replace("\n", " "),
                           "notes": notes, "source": source.replace("\n", " "), "details": details}
    if details:
        _FRAMED.append((fig.syriawar_words["title"], details))


_FRAMED: list[tuple[str, str]] = []  # (title, details) of every figure framed in this process, in order


def framed_details(clear: bool = False) -> list[tuple[str, str]]:
    """(title, details) of every figure framed in this process so far, in order: what a report's "About the
    data" prints for its charts after the figures themselves were shown and released; ``clear`` empties the list."""
    out = list(_FRAMED)
    if clear:
        _FRAMED.clear()
    return out


def words(fig) -> dict:
    """What ``frame`` set on ``fig``: title, subtitle, notes, source and details ({} for a figure not framed)."""
    return dict(getattr(fig, "syriawar_words", {}))


def details(fig) -> str:
    """The provenance a figure rests on (sources with versions and coverage, method notes), for the report's
    "About the data"; the chart itself prints only its one-line source."""
    return words(fig).get("details", "")


def add_caption(fig, caption: str) -> None:
    """A figure framed from a provenance caption ('Sources: A, version (coverage); B. note'): the source line
    names the sources shortly, the caption is kept whole as the figure's details."""
    head = caption.split(". ", 1)[0] if caption.startswith("Sources: ") else ""
    names = [re.split(r",| \(", part.strip(), maxsplit=1)[0] for part in head[len("Sources: "):].split(";") if part.strip()]
    ax_title = fig.axes[0].get_title(loc="left") if fig.axes else ""
    if ax_title:
        fig.axes[0].set_title("", loc="left")
    frame(fig, ax_title or fig.get_suptitle(), source=source_line(*names), details=caption)


def thousands_formatter():
    """Tick labels as a newspaper writes numbers: 17,500."""
    return matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}")


day = wording.day  # '1 Dec 2024'
month = wording.month  # 'Jan 2016'
MONTHS = wording.MONTHS


span = wording.month_span  # 'Jan 2016-Nov 2019': a chart's subtitle names months, not days


def years(ax, every: int = 1) -> None:
    """A date axis ticked and labelled by year ("2016"), every ``every`` years (by month in a shorter window)."""
    ax.xaxis.set_major_locator(dateaxis.YearTicks(every))
    ax.xaxis.set_major_formatter(dateaxis.YearLabels())


def thousands(ax, axis: str = "y") -> None:
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(thousands_formatter())
