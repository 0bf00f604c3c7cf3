"""Figures print at their own size: every report figure is as wide as the printed column, no text in it is
smaller than the smallest type size, and no text runs off the figure."""

from __future__ import annotations

import inspect

import matplotlib.pyplot as plt
import pytest

from syriawar import style
from syriawar.figures import brief, casualties, foreign, governorate, sources

SELECTIONS = {
    casualties: lambda: casualties.select(start="2011-03-01", end="2024-12-31"),
    governorate: lambda: governorate.select(governorate="Rural Damascus"),
    foreign: lambda: foreign.select(start="2011-03-01", end="2024-12-31"),
    brief: brief.select,
    sources: lambda: casualties.select(start="2011-03-01", end="2024-12-31"),
}


def figure_functions():
    """Every public function of the figure modules that takes only a selection and returns a Figure."""
    for module in SELECTIONS:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            params = [p for p in inspect.signature(fn).parameters.values() if p.default is p.empty]
            if fn.__module__ == module.__name__ and fn.__annotations__.get("return") == "Figure" \
                    and [p.name for p in params] == ["sel"]:
                yield pytest.param(module, fn, id=f"{module.__name__.rsplit('.', 1)[1]}.{name}")


@pytest.mark.parametrize("module, fn", list(figure_functions()))
def test_every_text_is_readable_in_print(module, fn):
    fig = fn(SELECTIONS[module]())
    try:
        assert fig.get_figwidth() == pytest.approx(style.A4_WIDTH_IN)
        renderer = fig.canvas.get_renderer()
        fig.draw(renderer)
        small = [(t.get_text()[:40], t.get_fontsize())
                 for t in fig.findobj(lambda a: isinstance(a, plt.Text) and a.get_visible() and a.get_text().strip())
                 if t.get_fontsize() < style.SMALLEST_PT - 1e-6]
        assert small == []
        drawn = fig.get_tightbbox(renderer)  # inches; what is drawn, tick labels out of view left aside
        w, h = fig.get_size_inches()
        assert drawn.x0 >= -0.02 and drawn.y0 >= -0.02 and drawn.x1 <= w + 0.02 and drawn.y1 <= h + 0.02, \
            f"drawn area {drawn} runs off the {w:.2f} x {h:.2f} in figure"
    finally:
        plt.close(fig)


def test_the_walk_finds_the_figures_of_every_report():
    names = {p.id for p in figure_functions()}
    assert {"casualties.war_timeline", "governorate.district_map", "foreign.strikes_map",
            "brief.daily_strikes_figure", "sources.coverage_figure"} <= names


def _point_figure(n: int, seed: int = 1):
    import numpy as np

    rng = np.random.default_rng(seed)
    fig, ax = style.figure(height=3.0)
    ax.scatter(rng.uniform(0, 1, n), rng.uniform(0, 1, n), s=4)
    ax.set_title("Points")
    ax.set_ylabel("latitude")
    style.add_caption(fig, "Sources: none, a test of drawing")
    return fig


def _shown_svg(fig, monkeypatch) -> tuple[str, int, int]:
    """What notebook.show displays of ``fig``, how many times it drew its points, and how many times the figure."""
    import IPython.display
    from matplotlib.artist import allow_rasterization
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure

    from syriawar import notebook

    shown, rasterised, drawn = [], [], []
    real_points, real_figure = PathCollection.draw, Figure.draw

    @allow_rasterization
    def points(self, renderer):
        if self.get_visible():
            rasterised.append(1)
        return real_points(self, renderer)

    def figure(self, renderer):
        drawn.append(1)
        return real_figure(self, renderer)

    monkeypatch.setattr(PathCollection, "draw", points)
    monkeypatch.setattr(Figure, "draw", figure)
    monkeypatch.setattr(IPython.display, "display", lambda data, **kw: shown.append(data["image/svg+xml"]))
    notebook.show(fig)
    monkeypatch.undo()
    return shown[0], len(rasterised), len(drawn)


def _saved_svg(fig) -> str:
    """``fig`` saved by matplotlib's own savefig, which lays it out within the save, as notebook.show saves it."""
    import io

    from syriawar import notebook, textmetrics

    textmetrics.install()
    for coll in fig.axes[0].collections:
        coll.set_rasterized(notebook._shapes([coll]) > notebook.DENSE_LAYER)
    buf = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "syriawar"}):
        fig.savefig(buf, format="svg", dpi=300, metadata={"Date": None})
    plt.close(fig)
    return notebook._without_ligatures(buf.getvalue())


@pytest.mark.parametrize("n", [50, 6000], ids=["vector points", "rasterised points"])
def test_a_figure_is_drawn_once_and_saved_as_matplotlib_would_save_it(monkeypatch, n):
    svg, rasterised, drawn = _shown_svg(_point_figure(n), monkeypatch)
    assert drawn == 1  # matplotlib's savefig draws a laid-out figure twice: once to lay it out, once to write it
    assert rasterised == 1
    assert svg == _saved_svg(_point_figure(n))
