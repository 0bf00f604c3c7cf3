"""Deaths per 100,000 people: UN WPP 2024 population (shipped in bokeh-sampledata) read through the catalog."""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

from syriawar import catalog, rates, registry
from syriawar.datasets import population
from syriawar.errors import DataError, ParameterError
from syriawar.figures import rates as frates
from syriawar.figures import revisions as frevisions


def _steps(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"source": "t", "year": list(values), "sex": "Both", "population": list(values.values())})


def test_population_comes_from_the_installed_package_not_the_network():
    found = catalog.resolve("un_wpp_population", download=False)
    assert found.origin == "package" and found.path.name == "population.csv.gz"
    assert catalog.source("un_wpp_population").licence.startswith("CC BY 3.0 IGO")


def test_syria_in_wpp_2024_is_the_un_m49_location_760():
    pop = registry.load("un_wpp_population")
    both = pop[pop["sex"] == "Both"].set_index("year")["population"]
    assert both[2010] == 22_482_421 and both[2015] == 19_424_618
    assert set(pop["sex"]) == {"Male", "Female", "Both"}


def test_years_between_steps_are_interpolated_at_a_constant_growth_rate():
    pop = rates.population_by_year(_steps({2010: 100.0, 2015: 400.0}), [2010, 2012, 2015])
    assert pop.round(6).tolist() == [100.0, round(100 * 4 ** 0.4, 6), 400.0]


def test_a_year_outside_the_steps_is_refused():
    with pytest.raises(ParameterError, match="year 2030 is outside WPP's 2010-2015"):
        rates.population_by_year(_steps({2010: 1.0, 2015: 2.0}), [2030])


def test_partial_years_get_no_rate():
    yearly = pd.DataFrame({"source": "s", "measure": "m", "year": [2010, 2011], "deaths": [50.0, 10.0], "months": [12, 3]})
    out = rates.per_100k(yearly, _steps({2010: 1e6, 2015: 1e6}))
    assert out["year"].tolist() == [2010] and out["per_100k"].round(9).tolist() == [5.0]


def test_the_title_gives_the_peak_rate_computed_from_the_data():
    table = frates.yearly_rates()
    owid = table[table["source"].str.startswith("OWID")].set_index("year")
    assert round(owid.at[2014, "per_100k"]) == round(100_000 * 75_955 / owid.at[2014, "population"])
    assert frates.headline(table).startswith("Per head, the toll peaked in 2014: 380 in every 100,000 people in Syria")


def test_a_population_file_with_a_negative_count_names_its_line(tmp_path):
    path = tmp_path / "population.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write("LocID,Location,Year,Sex,AgeGrp,AgeGrpStart,Value\n760,Syria,2010,Male,0-4,0,100\n760,Syria,2010,Female,0-4,0,-5\n")
    with pytest.raises(DataError, match="negative persons"):
        population.read_wpp(path, "t")


@pytest.mark.parametrize("draw", [lambda: frates.rates_figure(), lambda: frevisions.revisions_figure(),
                                  lambda: frevisions.revisions_figure(start="2024-11-27", end="2024-12-08")],
                         ids=["rates", "revisions", "revisions-window"])
def test_the_new_figures_print_at_column_width_with_no_text_too_small_or_off_the_page(draw):
    import matplotlib.pyplot as plt

    from syriawar import style

    fig = draw()
    try:
        assert fig.get_figwidth() == pytest.approx(style.A4_WIDTH_IN)
        renderer = fig.canvas.get_renderer()
        fig.draw(renderer)
        small = [t.get_text()[:40] for t in fig.findobj(lambda a: isinstance(a, plt.Text) and a.get_visible() and a.get_text().strip())
                 if t.get_fontsize() < style.SMALLEST_PT - 1e-6]
        assert small == []
        drawn, (w, h) = fig.get_tightbbox(renderer), fig.get_size_inches()
        assert drawn.x0 >= -0.02 and drawn.y0 >= -0.02 and drawn.x1 <= w + 0.02 and drawn.y1 <= h + 0.02
    finally:
        plt.close(fig)


def test_data_status_lists_the_population_source_found_in_its_package():
    from syriawar.status import data_status

    table = data_status(load=False).set_index("source")
    assert table.at["un_wpp_population", "found"] == "package"
    assert table.at["un_wpp_population", "licence"].startswith("CC BY 3.0 IGO")
