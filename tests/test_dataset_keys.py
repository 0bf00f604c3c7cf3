"""Rows are told apart by their dataset's registry id, not by matching display labels; Selection owns the slices
of VDC and ACLED the figures read."""

import pandas as pd
import pytest

from syriawar import registry
from syriawar.figures import selection, sources
from test_territory import with_offensive  # noqa: F401  (the fixture: a small ACLED export in a project of its own)


def test_yearly_totals_carry_the_registry_id_of_each_rows_dataset():
    y = sources.yearly_sources(2011, 2024)
    by_id = y.groupby("dataset")["source"].unique()
    assert set(by_id.index) == set(sources.YEARLY_DATASETS)
    assert set(by_id["owid_deaths"]) == set(registry.load("owid_deaths")["source"])


def test_candidate_events_are_named_by_their_dataset_id_as_preliminary():
    sel = selection.select(start="2019-01-01", end="2024-12-31")
    sel.__dict__["events_all"] = pd.DataFrame({  # a global release followed by UCDP Candidate events
        "source": ["UCDP GED 24.1", "UCDP Candidate 25.0.1"], "preliminary": [False, True],
        "date_start": pd.to_datetime(["2019-01-03", "2024-01-02"]), "date_end": pd.to_datetime(["2023-12-31", "2024-06-30"])})
    ids = [d for d, _, _ in sel.dataset_spans(("events",))]
    assert ids == [sel.events_dataset.name, "ucdp_ged_candidate"]
    assert "UCDP's preliminary events cover 2 Jan - 30 Jun 2024" in sel.coverage_words(("events",))


def test_a_reader_name_is_looked_up_by_id_and_falls_back_to_the_label():
    assert selection.reader_name("pace_ucdp_cm_2025_01", "PaCE (build 2025-01)") == "PaCE"
    assert selection.reader_name("un_wpp_population", "UN WPP 2024") == "UN WPP 2024"


def test_without_an_acled_export_the_selection_has_no_acled_events(monkeypatch):
    monkeypatch.setattr(registry, "available", lambda name: False)
    sel = selection.select(start="2016-01-01", end="2016-12-31")
    assert sel.acled_all is None and sel.acled is None


def test_the_selection_reads_vdc_once_and_shares_the_table():
    sel = selection.select(start="2016-01-01", end="2016-12-31")
    assert sel.documented_all is sel.documented_all is registry.load("vdc_governorate_days")
    assert sel.documented_coverage == registry.coverage("vdc_governorate_days")


def test_a_timeline_line_takes_its_colour_and_dashes_from_its_dataset_id_not_its_label():
    import matplotlib.colors as mc

    from syriawar import charts, style
    months = pd.date_range("2016-01-01", periods=3, freq="MS")
    series = {"VDC: documented": pd.Series([1.0, 2.0, 3.0], index=months),
              "VDC, but not said to be": pd.Series([3.0, 2.0, 1.0], index=months)}
    fig = charts.timeline(series, months[0], months[-1], datasets={"VDC: documented": "vdc_governorate_days"})
    lines = {line.get_label(): line for line in fig.axes[0].lines}
    vdc, other = lines["VDC: documented"], lines["VDC, but not said to be"]
    assert mc.to_hex(vdc.get_color()) == style.source_colour("vdc_governorate_days").lower()
    assert vdc._unscaled_dash_pattern[1] == style.SOURCE_DASHES["vdc_governorate_days"][1]
    assert mc.to_hex(other.get_color()) == mc.to_hex(style.OKABE_ITO["grey"])


@pytest.mark.usefixtures("with_offensive")
def test_with_an_acled_export_the_foreign_panels_read_the_selections_acled_window():
    from syriawar.figures import foreign
    sel = selection.select(start="2024-11-28", end="2024-12-08")
    assert len(sel.acled) and sel.acled["date"].between(sel.start, sel.end).all()
    assert len(sel.acled) < len(sel.acled_all)  # the export reaches outside the window
    long = foreign.acled_long(sel)
    assert len(long) and long["date"].between(sel.start, sel.end).all()
    assert sel.acled_coverage == registry.coverage("acled_syria")
    assert any("ACLED" in t.get_text() for t in foreign.acled_figure(sel, "primary").texts)


# -- no display-label matching: rows are found by their dataset id, so renaming a label changes no number --------

RELABELLED = ("views_cm_syria", "pace_ucdp_cm", "owid_deaths", "ucdp_brd", "ucdp_acd")


@pytest.mark.parametrize("name", RELABELLED)
def test_every_monthly_and_yearly_table_carries_its_dataset_id(name):
    table = registry.load(name)
    assert set(table["dataset"]) == {name}


@pytest.fixture()
def relabelled(monkeypatch):
    """Every monthly and yearly table with its display labels renamed (``source`` -> 'renamed: <id>'), nothing else
    changed."""
    load = registry.load

    def renamed(name):
        table = load(name)
        return table.assign(source=f"renamed: {name}") if name in RELABELLED else table

    monkeypatch.setattr(registry, "load", renamed)


def _numbers(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in ("source",) if c in frame]).reset_index(drop=True)


def _figures_data() -> dict[str, object]:
    import matplotlib.pyplot as plt

    from syriawar import chartdata, checks
    from syriawar.figures import after_assad, casualties, rates

    sel = casualties.select(start="2011-03-01", end="2024-12-31")
    out = {"yearly": _numbers(sources.yearly_sources(2011, 2024, sel.events_all, sel.events_dataset.name)),
           "rates": _numbers(rates.yearly_rates(2011, 2025)),
           "views": casualties.views_series(sel.start, sel.end)[0],
           "after Assad": after_assad.monthly_deaths(),
           "views against GED": checks.views_against_ged(sel.events_all, registry.load("views_cm_syria"), sel.coverage)}
    for name, fig in (("comparison", sources.source_comparison(sel)), ("rates figure", rates.rates_figure()),
                      ("timeline", casualties.war_timeline(sel)), ("coverage", sources.coverage_figure(sel))):
        out[name] = _numbers(chartdata.attached(fig).frame)
        plt.close(fig)
    return out


def test_renaming_the_sources_display_labels_leaves_every_figures_numbers_unchanged(request):
    before = _figures_data()
    request.getfixturevalue("relabelled")
    after = _figures_data()
    assert registry.load("views_cm_syria")["source"].iloc[0] == "renamed: views_cm_syria"  # the labels did change
    for name, data in before.items():
        if isinstance(data, pd.Series):
            pd.testing.assert_series_equal(after[name], data, obj=name)
        else:
            pd.testing.assert_frame_equal(after[name], data, obj=name)


def test_no_module_finds_a_dataset_by_matching_its_display_label():
    import re
    from pathlib import Path

    import syriawar

    names = r"UCDP|ViEWS|PaCE|OWID|VDC|Airwars|ACLED"
    patterns = [re.compile(r"\[\s*[\"']source[\"']\s*\]\s*\.str\.(startswith|endswith|contains|match)"),
                re.compile(r"\.(startswith|endswith)\(\s*\(?\s*f?[\"'](" + names + ")"),
                re.compile(r"[\"'](" + names + r")[^\"']*[\"']\s+in\s+\w*(source|label)")]
    found = [f"{path.name}:{i}: {line.strip()}" for path in Path(syriawar.__file__).parent.rglob("*.py")
             for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if any(p.search(line) for p in patterns)]
    assert found == []


def test_each_coverage_bar_is_labelled_with_the_readers_name_of_its_dataset_without_a_unit():
    import matplotlib.pyplot as plt

    sel = selection.select(start="2011-03-01", end="2024-12-31")
    fig = sources.coverage_figure(sel)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    plt.close(fig)
    assert labels[:3] == [selection.reader_name(sel.events_dataset.name), selection.reader_name("vdc_governorate_days"),
                          "ViEWS, one-sided"]
    units = {d.unit for d in registry.DATASETS.values()} | {"events"}
    assert "PaCE" in labels and not [lab for lab in labels for unit in units if f"({unit})" in lab]  # no '(country-month)'


def test_the_units_of_the_coverage_bars_are_said_in_plain_words():
    words = sources.units_in_words(["ucdp_ged_syria", "airwars_syria", "vdc_governorate_days", "views_cm_syria",
                                    "pace_ucdp_cm", "ucdp_brd", "owid_deaths"])
    assert words == ("UCDP's events and Airwars list single events; VDC's list of the dead gives daily totals; ViEWS and "
                     "PaCE give monthly totals; UCDP's battle deaths (BRD) and Our World in Data (UCDP) give yearly totals")


def test_a_source_line_names_a_dataset_by_its_id():
    from syriawar import style
    assert style.source_line("ucdp_ged_syria", "ucdp_brd") == "Sources: UCDP GED (Syria release); UCDP Battle-Related Deaths"
    assert style.series_name("owid_deaths") == "OWID" and style.series_name("airwars_syria") == "Airwars"
