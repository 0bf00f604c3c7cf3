"""The explore notebook's controls (ipywidgets) around an Explorer, and the button that turns a view into a
casualties report through the batch runner."""

from __future__ import annotations

import html as html_mod
import time

import pandas as pd

from .. import geography, parameters, paths, registry
from ..actors import FOREIGN_GROUPS
from ..codebook import ESTIMATES
from ..errors import ParameterError
from .cube import View, events_from_acled, readable_table
from .drawing import Explorer

LABELS = {"style": {"description_width": "initial"}}  # labels as wide as their words: never "governora..."
LINK_STYLE = "color:#0b57d0;text-decoration:underline"
FILTERS_EXPLAINED = (
    "<small><b>What the filters keep.</b> <i>governorates</i>: events located in them (events located only by "
    "country are kept when no governorate is chosen). <i>type</i>: UCDP's type of violence (state-based: a "
    "government against a group or another state; non-state: armed groups against each other; one-sided: an "
    "armed side against civilians), or ACLED's event type. <i>foreign party</i>: events in which a foreign "
    "state or a group it backs is a coded side (UCDP's side A or B), e.g. Russia or Turkey fighting in Syria; "
    "a country merely named in the headline does not count. Nothing chosen in a list keeps all of it.</small>")


def month_options(first: pd.Timestamp, last: pd.Timestamp) -> list[str]:
    """'2016-01' ... : the months from ``first`` to ``last``, the only months the month lists offer."""
    return [m.strftime("%Y-%m") for m in pd.date_range(first.to_period("M").start_time, last, freq="MS")]


def coverage_message(label: str, cov, source: str) -> str:
    """One sentence: which source covers which months, and how to get more."""
    more = ("For other months, <code>make data</code> fetches UCDP's global release (1989-2024); run this notebook "
            "again after it." if source == "ucdp" else
            "For other months, export them from ACLED into data/raw/acled_syria/ and run this notebook again.")
    return (f"<b>Source:</b> {html_mod.escape(label)} covers {cov.first:%b %Y} to {cov.last:%b %Y}; the month lists "
            f"offer only these months. {more}")


def report_for_view(view: View, out=None) -> tuple:
    """Run the casualties notebook on ``view`` through the batch runner; returns (run folder, result)."""
    from ..report.batch import Job, check_parameters
    from ..report.runner import run_batch

    params = {"start": view.start, "end": view.end, "governorates": view.governorates, "types": view.types,
              "estimate": view.estimate}
    run_dir, results = run_batch([Job("casualties-view", "casualties", check_parameters("casualties", params))],
                                 workers=1, out=out, progress=False)
    return run_dir, results[0]


def chosen_text(chosen: tuple, options: tuple, noun: str) -> str:
    """What a list control keeps, in words: 'all 14 governorates (none chosen)' or 'chosen (2): Idleb, Hama'."""
    if not chosen:
        return f"all {len(options)} {noun} (none chosen)"
    if len(chosen) == len(options):
        return f"all {len(options)} {noun} (each chosen)"
    return f"chosen ({len(chosen)}): {', '.join(chosen)}"


def chooser(name: str, options: list, noun: str, rows: int = 6):
    """A multiple-choice list with a line saying what is chosen and "all" and "clear" buttons; returns (the box to
    show, the SelectMultiple whose value is the choice)."""
    import ipywidgets as W

    select = W.SelectMultiple(options=options, description=name, rows=min(rows, len(options)), **LABELS)
    said = W.HTML(f"<small>{chosen_text((), tuple(options), noun)}</small>")
    said.add_class("explore-chosen")
    every, clear = (W.Button(description=d, layout=W.Layout(width="auto"), tooltip=t) for d, t in
                    (("all", f"choose all {noun}"), ("clear", "choose none (keeps all)")))
    every.add_class("explore-all")
    clear.add_class("explore-clear")

    def say(_=None):
        said.value = f"<small>{html_mod.escape(chosen_text(select.value, tuple(options), noun))}</small>"

    select.observe(say, names="value")
    every.on_click(lambda _: setattr(select, "value", tuple(options)))
    clear.on_click(lambda _: setattr(select, "value", ()))
    hint = W.HTML("<small>Ctrl-click (Cmd-click on a Mac) to choose several</small>")
    return W.VBox([select, W.HBox([every, clear, said]), hint], layout=W.Layout(margin="0 12px 0 0")), select


def _controls(view: View, kinds: list[str], months: list[str]) -> tuple[dict, list]:
    """The controls by name, and the boxes to show them in."""
    import ipywidgets as W

    first = view.start[:7] if view.start[:7] in months else months[0]
    last = view.end[:7] if view.end[:7] in months else months[-1]
    gov_box, gov = chooser("governorates", geography.governorate_names(), "governorates")
    type_box, types = chooser("type", kinds, "types")
    actor_box, actors = chooser("foreign party", FOREIGN_GROUPS, "foreign parties")
    gov.value, types.value, actors.value = tuple(view.governorates), tuple(view.types), tuple(view.actors)
    c = {
        # two labelled lists rather than a range slider, whose handles have no accessible name
        "from": W.Dropdown(options=months, value=first, description="from month", **LABELS),
        "to": W.Dropdown(options=months, value=last, description="to month", **LABELS),
        "governorates": gov, "types": types, "actors": actors,
        "estimate": W.ToggleButtons(options=list(ESTIMATES), value=view.estimate, description="estimate", **LABELS),
    }
    return c, [W.HBox([c["from"], c["to"]]), W.HBox([gov_box, type_box, actor_box]), c["estimate"]]


def _current(c: dict) -> View:
    a, b = sorted((c["from"].value, c["to"].value))
    end = (pd.Timestamp(b + "-01") + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
    return View(a + "-01", end, list(c["governorates"].value), list(c["types"].value), list(c["actors"].value),
                c["estimate"].value)


def empty_message(series: pd.DataFrame, estimate: str) -> str:
    """'' when the view holds deaths; else one sentence saying that it holds none and what to try."""
    if series[estimate].fillna(0).sum() > 0:
        return ""
    return ("<b>No deaths in this view.</b> No event of the source matches these months, governorates, types and "
            "foreign parties together: choose more of them, or press \"clear\" under a list to keep all of it.")


# When a chart has loaded, the page says how many device pixels wide it is shown, through a hidden text field;
# the kernel then draws the charts that wide (the device pixel ratio respected, never stretched).
REPORT_SIZE = ("var w=Math.round(this.clientWidth*(window.devicePixelRatio||1));"
               "var t=document.querySelector('.explore-size input');"
               "if(t&&w>0&&Math.abs(w-this.naturalWidth)>2&&t.value!==String(w)){t.value=String(w);"
               "t.dispatchEvent(new Event('input',{bubbles:true}));t.dispatchEvent(new Event('change',{bubbles:true}));}")


def _img(png: bytes, alt: str, css: str = "", report_size: bool = False) -> str:
    """A chart as an <img> with its alternative text (ipywidgets' Image has no alt)."""
    import base64

    onload = f' onload="{REPORT_SIZE}"' if report_size else ""
    return (f'<img class="{css}" style="width:100%;height:auto" alt="{html_mod.escape(alt)}"{onload} '
            f'src="data:image/png;base64,{base64.b64encode(png).decode()}">')


def _report_link(run_dir, r: dict) -> str:
    """Links to the report's HTML and PDF, served as files by Jupyter (``/files/...``, after the server's base URL):
    they open the report itself in a new tab, not a JupyterLab workspace."""
    if r["status"] != "ok":
        return f"The report failed: {html_mod.escape(r['error'])}"
    try:
        rel = run_dir.resolve().relative_to(paths.project_root()).as_posix()
    except ValueError:  # a run folder outside the project cannot be served by the Lab; give its path
        return f"Report ready in {html_mod.escape(str(run_dir))}: {html_mod.escape(r['html'])}, {html_mod.escape(r['pdf'])}"
    base = ("(JSON.parse((document.getElementById('jupyter-config-data')||{}).textContent||'{}').baseUrl||'/')")
    links = []
    for kind in ("html", "pdf"):
        target = f"files/{rel}/{r[kind]}"
        links.append(f'<a href="/{html_mod.escape(target)}" target="_blank" rel="noopener" style="{LINK_STYLE}" '
                     f'class="explore-report-{kind}" onclick="window.open({base}+\'{html_mod.escape(target)}\');return false;">'
                     f'{"open the report (HTML)" if kind == "html" else "PDF"}</a>')
    return "Report ready: " + " | ".join(links)


def _outside(asked: View, shown: View, months: list[str]) -> str:
    """A line for the coverage note when the window asked for reaches beyond the source's months; else ''."""
    if asked.start[:7] in months and asked.end[:7] in months:
        return ""
    return (f"<br><b>The window asked for, {asked.start} to {asked.end}, reaches beyond the source</b>; "
            f"the lists show {shown.start[:7]} to {shown.end[:7]}.")


def _report_maker(button, links, c: dict):
    """The report button's handler: runs the report of the current view and shows its links."""
    def make_report(_):
        button.disabled = True
        links.value = "running the report (about half a minute)..."
        try:
            links.value = _report_link(*report_for_view(_current(c)))
        finally:
            button.disabled = False
    return make_report


def explore_data(source: str = "ucdp") -> pd.DataFrame:
    """The events the explorer holds: UCDP's events table, or the user's ACLED export (``source="acled"``)."""
    parameters.check("explorer_source", source)
    if source == "acled":
        if not registry.available("acled_syria"):
            raise ParameterError(f"parameter explorer_source='acled': no ACLED file is in hand; {registry.how_to_add('acled_syria')}")
        return events_from_acled(registry.load("acled_syria"))
    return registry.events_dataset().load()


def explore(events: pd.DataFrame | None = None, view: View | None = None, source: str = "ucdp"):
    """Build and display the widget interface (for notebooks/explore.ipynb); ``source``: "ucdp" or "acled"."""
    import ipywidgets as W
    from IPython.display import display

    ex = Explorer(events if events is not None else explore_data(source))
    cov = ex.coverage
    kinds = None if set(ex.data.kinds) <= set(parameters.TYPES) else ex.data.kinds
    months = month_options(cov.first, cov.last)
    asked = (view or View(start=f"{cov.first:%Y-%m-%d}", end=f"{cov.last:%Y-%m-%d}")).checked(kinds)
    c, rows = _controls(asked, ex.data.kinds, months)
    note = W.HTML(coverage_message(ex.label, cov, source) + _outside(asked, _current(c), months))
    note.add_class("explore-coverage")
    img_t, img_h, img_m = (W.HTML(layout=W.Layout(width="100%")) for _ in range(3))
    images = {"timeline": img_t, "heatmap": img_h, "map": img_m}
    size = W.Text(value=str(ex.width_px), layout=W.Layout(display="none"), continuous_update=True)
    size.add_class("explore-size")
    table_out, status, links, empty = W.HTML(), W.HTML(), W.HTML(), W.HTML()
    empty.add_class("explore-empty")
    button = W.Button(description="Make a report of this view", icon="file", button_style="primary",
                      layout=W.Layout(width="auto"))

    def refresh(_=None):
        t0 = time.perf_counter()
        status.value = "<small>updating...</small>"  # until the three charts and the table are new
        v = _current(c)
        data = ex.data.lazy(v)  # each part computed when its chart is drawn
        alts = {"timeline": f"Deaths per month ({v.estimate}), {v.start} to {v.end}",
                "heatmap": f"Deaths per month by governorate ({v.estimate}), {v.start} to {v.end}",
                "map": f"Map of the deadliest events with a precise location, {v.start} to {v.end}"}
        # each chart is sent as soon as it is drawn: the timeline shows while the heatmap and map are drawn
        for name, png in ex.parts(data):
            images[name].value = _img(png, alts[name], f"explore-{name}", report_size=name == "timeline")
            if name == "timeline":
                empty.value = empty_message(data["series"], v.estimate)
        table_out.value = readable_table(data["table"]).to_html(index=False, escape=True, border=0,
                                                                 float_format=lambda x: f"{x:,.0f}")
        status.value = f"<small>updated in {1000 * (time.perf_counter() - t0):.0f} ms</small>"

    def resize(change):
        if str(change["new"]).isdigit() and ex.set_width(int(change["new"])):
            refresh()

    for w in c.values():
        w.observe(refresh, names="value")
    size.observe(resize, names="value")
    button.on_click(_report_maker(button, links, c))
    refresh()
    ui = W.VBox([note, *rows, W.HTML(FILTERS_EXPLAINED), status, empty, img_t, img_h, img_m,
                 W.HTML("<b>Deadliest events in this view</b>"), table_out, W.HBox([button, links]), size])
    display(ui)
    return ui
