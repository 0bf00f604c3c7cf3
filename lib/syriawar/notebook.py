"""Small helpers for the notebooks: show a figure once, write computed text, show a table safely escaped."""

from __future__ import annotations

import gc
import html
import io
import re
from contextlib import ExitStack, contextmanager

import matplotlib.pyplot as plt
import pandas as pd

from . import chartdata, provenance, textmetrics
from .provenance import KEYS_MIME, PROVENANCE_MIME, TITLE_MIME

DENSE_LAYER = 200  # a collection with more shapes than this (points, boundaries, heatmap cells) is rasterised in SVG
# a figure with more rasterised shapes than this is freed by the cycle collector once its cell has run (see
# _collect_after_cell: a collection takes 50-80 ms, which smaller figures are not worth)
COLLECT_AFTER = 5000


def show(fig) -> None:
    """Display a Figure once, as SVG: text and lines stay vector on screen and in print, dense layers are rasterised
    at 300 ppi; its alternative text says what kind of chart it is, what it counts and what it shows (alt_text).
    The numbers it draws, where its chart function attached them (chartdata.attach), go with it as a CSV for the
    report to write beside itself and link under the figure. Then release it.

    One drawing serves the notebook, the HTML report and the PDF (a PNG beside it cost a second drawing of every
    figure for a file of much the same size). Drawn here rather than by the inline backend so that a report looks
    the same whatever MPLBACKEND says, and the figure is not shown twice.
    """
    from IPython.display import display

    textmetrics.install()
    alt = alt_text(fig)
    data = _chart_data(fig)
    dense = [coll for ax in fig.axes for coll in ax.collections if _shapes([coll]) > DENSE_LAYER]
    for coll in dense:
        coll.set_rasterized(True)
    many = _shapes(dense) >= COLLECT_AFTER
    svg = io.StringIO()
    # text as text: searchable, crisp, one font embedded by the PDF; fixed ids and no date, so that the same
    # figure is the same file wherever and whenever it is drawn
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "syriawar"}):
        _lay_out(fig, dpi=300)
        fig.savefig(svg, format="svg", dpi=300, metadata={"Date": None})
    plt.close(fig)
    if many:
        _collect_after_cell()
    bundle = {"image/svg+xml": _without_ligatures(svg.getvalue()), "text/plain": alt}
    if data is not None:
        bundle[chartdata.MIME] = data
    display(bundle, metadata={"image/svg+xml": {"alt": alt}}, raw=True)


def _chart_data(fig) -> dict | None:
    """The CSV bundle of the numbers ``fig`` draws (see chartdata), with its title and its caption as source and
    span; None when its chart function attached none."""
    found = chartdata.attached(fig)
    frame = found.frame if found is not None else None
    if frame is None or frame.empty:
        return None
    return chartdata.bundle(frame, _title(fig), found.units, " ".join(fig.get_supxlabel().split()), found.notes)


def _without_ligatures(svg: str) -> str:
    """``svg`` with its text drawn letter by letter: a browser would join "fi" and "fl" into one glyph, and a PDF
    printed from it would give "ﬁghters" to whoever copies or searches the caption."""
    at = svg.index(">", svg.index("<svg")) + 1
    return svg[:at] + '\n <style type="text/css">text{font-variant-ligatures:none}</style>' + svg[at:]


def _collect_after_cell() -> None:
    """Free the figures of this cell once it has run. A figure is a web of references that only the cycle
    collector frees, and a dense one holds its points (75 MB for an event map of 414,000 events), which the next
    figures would otherwise be drawn on top of. Outside IPython, at once. (A collection takes 50-80 ms, so only
    figures of more than COLLECT_AFTER shapes ask for one.)"""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        gc.collect()
        return

    def collect(*_) -> None:
        shell.events.unregister("post_run_cell", collect)
        gc.collect()

    shell.events.register("post_run_cell", collect)


def _shapes(collections: list) -> int:
    """How many shapes ``collections`` draw: paths, or points (offsets) where one path is stamped at each."""
    return sum(max(len(c.get_paths()), len(getattr(c, "get_offsets", lambda: [])())) for c in collections)


def _lay_out(fig, dpi: int) -> None:
    """Lay ``fig`` out as saving it as SVG at ``dpi`` would, then fix that layout, so that the save draws it once.

    With a layout engine, matplotlib's savefig draws the whole figure with a renderer that writes nothing, laying it
    out on the way, then draws it again to write it. The layout needs only the sizes of its texts and axes, not
    that first drawing: it cost a tenth of the default reports' kernel time (all 18 reports' cells in one process:
    21.9 s with it, 19.9 s without, means of four and five runs in alternation), and rasterised every dense layer
    for nothing (5 s of the 414,000 points of a large event map). The layout engine here runs as it would within
    the save (an SVG canvas, the same dpi), and the SVG written is the same, byte for byte. Where matplotlib has none of
    the private means this needs, the save lays the figure out itself."""
    engine = fig.get_layout_engine()
    if engine is None or not fig.axes:
        return
    with ExitStack() as saving:
        try:  # as print_figure sets up a save: the format's canvas, the dpi, no device pixel ratio
            saving.enter_context(fig.canvas._switch_canvas_and_return_print_method("svg"))
            saving.enter_context(_attributes(fig, dpi=dpi))
            saving.enter_context(_attributes(fig.canvas, _device_pixel_ratio=1, _is_saving=True))
        except AttributeError:
            return
        engine.execute(fig)
    with plt.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # the save that follows draws once, in the layout just made


@contextmanager
def _attributes(obj, **values):
    """``obj`` with ``values`` set as attributes, each set back as it was afterwards."""
    before = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        yield obj
    finally:
        for name, value in before.items():
            setattr(obj, name, value)


ALT_MAX = 250  # characters: a screen reader reads the finding, not the provenance (that is in the caption)
# a chart's own words start with these as common words (lowercased after "of" or "that"); any other first word
# (Syria, UCDP, Aleppo, a number) is a name and keeps its capital
COMMON_FIRST_WORDS = {"deaths", "death", "strike", "strikes", "civilians", "civilian", "share", "events", "event",
                      "battle", "incidents", "incident", "yearly", "monthly", "span", "people", "documented", "located",
                      "each", "foreign", "warring", "kinds", "killed", "per", "the", "most", "no", "state-based",
                      "headlines", "after", "before", "where", "which", "what", "who", "how", "when", "dots"}


def _title(fig) -> str:
    words = getattr(fig, "syriawar_words", {})
    titles = [words.get("title", ""), fig.get_suptitle()] + [ax.get_title(loc="left") or ax.get_title() for ax in fig.axes[:1]]
    return " ".join(next((t for t in titles if t), "Chart").split())  # a title broken to fit is one line here


def _lowered(text: str) -> str:
    """``text`` with its first word in lower case where it is a common word, not a name."""
    first = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if first.lower() in COMMON_FIRST_WORDS and first[1:].islower() else text


# "Idleb: deaths peaked in Oct 2012 (VDC)", "Rural Damascus: ...": a name of capitalised words, then the finding
PLACE_FIRST = re.compile(r"^([A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3}): (.+)$")


def _finding_words(title: str) -> str:
    """A title said as a clause after "What it shows:": "Idleb: deaths peaked ..." reads "in Idleb, deaths
    peaked ..."; a common first word loses its capital."""
    if m := PLACE_FIRST.match(title):
        return f"in {m.group(1)}, {_lowered(m.group(2))}"
    return _lowered(title)


def chart_kind(fig) -> str:
    """What kind of chart ``fig`` draws, as a screen reader would be told: 'Map', 'Heatmap', 'Bar chart',
    'Line chart' (with 'Panels of ...' for three or more panels of the same kind), else 'Chart'."""
    kinds = []
    for ax in fig.axes:
        if not ax.get_visible() or ax.get_label() == "<colorbar>":
            continue
        if ax.images or any(type(c).__name__ == "QuadMesh" for c in ax.collections):
            kinds.append("heatmap")
        elif ax.get_aspect() != "auto" and (ax.collections or ax.patches):  # maps keep a fixed aspect
            kinds.append("map")
        elif sum(type(p).__name__ == "Rectangle" for p in ax.patches) >= 3:
            kinds.append("bar chart")
        elif any(len(line.get_xdata()) > 2 for line in ax.lines):
            kinds.append("line chart")
        elif ax.collections:
            kinds.append("dot chart")
    if not kinds:
        return "Chart"
    kind = max(set(kinds), key=kinds.count)
    if kinds.count(kind) >= 3 and kind not in ("map", "heatmap"):
        return f"Panels of {kind}s"
    return kind[0].upper() + kind[1:]


def _cut(text: str, room: int) -> str:
    """``text`` within ``room`` characters: whole clauses (to a ';' or ',') where that is enough, else whole words."""
    if len(text) <= room:
        return text
    for mark in (";", ","):
        head = text[:room].rsplit(mark, 1)[0]
        if mark in text[:room] and len(head) >= room // 3:
            return head.rstrip()
    return text[:room - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def alt_text(fig) -> str:
    """A figure's alternative text: what kind of chart it is and what it counts (its subtitle), then its finding
    (its title) said as what the chart shows ("Line chart of deaths per month, ... What it shows: deaths peaked in
    2013 ..."), so that it never reads as the title it sits under again; at most
    ALT_MAX characters (the subtitle cut first, at a clause). A figure that carries its own ``syriawar_alt`` (a
    chart function that words its finding itself) gets that. The provenance stays in the caption."""
    own = " ".join(getattr(fig, "syriawar_alt", "").split())
    if own:
        return _cut(own, ALT_MAX)
    finding = _title(fig).rstrip(".")
    what = " ".join(getattr(fig, "syriawar_words", {}).get("subtitle", "").split()).rstrip(".")
    kind = chart_kind(fig)
    tail = f"What it shows: {_finding_words(finding)}." if finding != "Chart" else ""
    what = _lowered(what)
    head = (f"{kind}, {what}" if what.startswith("per ") else f"{kind} of {what}") if what else kind
    room = ALT_MAX - len(tail) - 2
    if room < len(kind) + 10:  # a title too long to leave room for what is counted: the kind, then the finding cut
        return _cut(f"{kind}. {tail}", ALT_MAX)
    return f"{_cut(head, room)}. {tail}".strip()


def title(text: str) -> None:
    """The report's title, computed from its parameters ("Aleppo governorate, 2011-2024"): shown as a heading here,
    and used by the report for its title block, HTML title, PDF header and index."""
    from IPython.display import display

    display({"text/markdown": f"# {text}", "text/plain": text, TITLE_MIME: {"title": text}}, raw=True)


def md(text: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(text))


def key_figures(frame: pd.DataFrame) -> None:
    """The box of key figures a report opens with (figure, value, source and span)."""
    from IPython.display import display

    table(frame, "Each line from one source; sources that count different things are never added.",
          css="key-figures")
    display({"text/plain": "", KEYS_MIME: frame.astype(str).to_dict(orient="records")}, raw=True)


def table(frame: pd.DataFrame, caption: str = "", float_format: str = "{:,.0f}", css: str = "data-table",
          rows: pd.DataFrame | None = None) -> None:
    """An HTML table with every cell escaped (headlines from the data may hold markup), its caption a <caption>,
    its column headers scoped; the frame itself goes with it as a CSV, linked in the caption, or ``rows`` when
    the page prints only some of a long list (the deadliest of every incident: the CSV holds them all)."""
    from IPython.display import display

    whole = frame if rows is None else rows
    data = chartdata.bundle(whole, _table_title(caption, whole), source=caption) if len(whole.columns) else None
    # integers print as integers whatever float_format says
    shown = frame.apply(lambda c: c.map(lambda v: f"{v:,}") if pd.api.types.is_integer_dtype(c) else c)
    body = shown.to_html(index=False, escape=True, na_rep="", border=0, classes=css,
                         float_format=lambda v: float_format.format(v))
    body = scoped_headers(body)
    link = chartdata.data_link(data) if data else ""
    if caption or link:
        at = body.index(">", body.index("<table")) + 1
        body = f'{body[:at]}<caption class="table-caption">{html.escape(caption)}{link}</caption>{body[at:]}'
    bundle = {"text/html": f'<div class="table-wrap">{body}</div>', "text/plain": shown.to_string(index=False)}
    if data:
        bundle[chartdata.MIME] = data
    display(bundle, raw=True)


def _table_title(caption: str, frame: pd.DataFrame) -> str:
    first = re.split(r"(?<=[.!?])\s+", caption.strip(), maxsplit=1)[0] if caption.strip() else ""
    return first[:80] or "table of " + ", ".join(map(str, frame.columns[:3]))


def scoped_headers(body: str) -> str:
    """A pandas table's HTML with each header cell of its head scoped to its column (and of its body, to its row)."""
    head, sep, rest = body.partition("</thead>")
    return re.sub(r"<th(?=[\s>])", '<th scope="col"', head) + sep + re.sub(r"<th(?=[\s>])", '<th scope="row"', rest)


def sources_used() -> None:
    """The provenance of every source this notebook read (file, version, sha256, coverage, licence)."""
    from IPython.display import display

    t = provenance.used_sources_table()
    if len(t):
        short = t.assign(sha256=t["sha256"].str[:16])[["source", "version", "file", "sha256", "coverage", "licence", "notes"]]
        body = short.to_html(index=False, escape=True, border=0, classes="data-table")
        display({"text/html": f'<div class="table-wrap">{body}<p class="table-caption">Project commit '
                              f'{html.escape(provenance.git_commit())}.</p></div>',
                 "text/plain": short.to_string(index=False),
                 PROVENANCE_MIME: t.to_dict(orient="records")}, raw=True)
