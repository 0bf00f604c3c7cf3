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
