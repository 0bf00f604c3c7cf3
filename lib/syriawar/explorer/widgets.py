"""The explore notebook's controls (ipywidgets) around an Explorer, and the button that turns a view into a
casualties report through the batch runner."""

from __future__ import annotations

import html as html_mod
import time

import pandas as pd

from .. import geography, parameters, registry
from ..actors import FOREIGN_GROUPS
from ..errors import ParameterError
from ..schemas import ESTIMATES
from .cube import View, events_from_acled
from .drawing import Explorer

MONTHS = pd.date_range("2011-03-01", "2024-12-01", freq="MS")


def report_for_view(view: View, out=None) -> tuple:
    """Run the casualties notebook on ``view`` through the batch runner; returns (run folder, result)."""
    from ..report.batch import Job, check_parameters
    from ..report.runner import run_batch

    params = {"start": view.start, "end": view.end, "governorates": view.governorates, "types": view.types,
              "estimate": view.estimate}
    run_dir, results = run_batch([Job("casualties-view", "casualties", check_parameters("casualties", params))],
                                 workers=1, out=out, progress=False)
    return run_dir, results[0]


def _controls(view: View, kinds: list[str]) -> dict:
    import ipywidgets as W

    labels = [m.strftime("%Y-%m") for m in MONTHS]
    first = view.start[:7] if view.start[:7] in labels else labels[0]
    last = view.end[:7] if view.end[:7] in labels else labels[-1]
    return {
        # two labelled lists rather than a range slider, whose handles have no accessible name
        "from": W.Dropdown(options=labels, value=first, description="from month"),
        "to": W.Dropdown(options=labels, value=last, description="to month"),
        "governorates": W.SelectMultiple(options=geography.governorate_names(), description="governorates", rows=6),
        "types": W.SelectMultiple(options=kinds, description="type", rows=min(len(kinds), 6)),
        "actors": W.SelectMultiple(options=FOREIGN_GROUPS, description="foreign party", rows=6),
        "estimate": W.ToggleButtons(options=list(ESTIMATES), value=view.estimate, description="estimate"),
    }


def _current(c: dict) -> View:
    a, b = sorted((c["from"].value, c["to"].value))
    end = (pd.Timestamp(b + "-01") + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
    return View(a + "-01", end, list(c["governorates"].value), list(c["types"].value), list(c["actors"].value),
                c["estimate"].value)


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
    rel = f"../reports/{run_dir.name}"
    if r["status"] == "ok":
        return (f'Report ready: <a href="{rel}/{r["html"]}" target="_blank">HTML</a> | '
                f'<a href="{rel}/{r["pdf"]}" target="_blank">PDF</a>')
    return f"The report failed: {html_mod.escape(r['error'])}"


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
    view = (view or View(start=f"{cov.first:%Y-%m-%d}", end=f"{cov.last:%Y-%m-%d}")).checked(kinds)
    c = _controls(view, ex.data.kinds)
    source = W.HTML(f"<b>Source:</b> {html_mod.escape(ex.label)}; events cover {cov.text}.")
    img_t, img_h, img_m = (W.HTML(layout=W.Layout(width="100%")) for _ in range(3))
    images = {"timeline": img_t, "heatmap": img_h, "map": img_m}
    size = W.Text(value=str(ex.width_px), layout=W.Layout(display="none"), continuous_update=True)
    size.add_class("explore-size")
    table_out, status, links = W.HTML(), W.HTML(), W.HTML()
    button = W.Button(description="Make a report of this view", icon="file", button_style="primary")

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
        table_out.value = data["table"].to_html(index=False, escape=True, border=0, float_format=lambda x: f"{x:,.0f}")
        status.value = f"<small>updated in {1000 * (time.perf_counter() - t0):.0f} ms</small>"

    def make_report(_):
        button.disabled = True
        links.value = "running the report..."
        try:
            links.value = _report_link(*report_for_view(_current(c)))
        finally:
            button.disabled = False

    def resize(change):
        if str(change["new"]).isdigit() and ex.set_width(int(change["new"])):
            refresh()

    for w in c.values():
        w.observe(refresh, names="value")
    size.observe(resize, names="value")
    button.on_click(make_report)
    refresh()
    ui = W.VBox([source, W.HBox([c["from"], c["to"]]), W.HBox([c["governorates"], c["types"], c["actors"]]), c["estimate"], status,
                 img_t, img_h, img_m, W.HTML("<b>Deadliest events in this view</b>"), table_out, W.HBox([button, links]), size])
    display(ui)
    return ui
