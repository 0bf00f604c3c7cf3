"""The source registry: every table declared once, coverage computed from the file's content, load notes
kept for the Sources section; cross-source checks; reference tables and parameters with one clear error."""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

from syriawar import catalog, checks, parameters, provenance, reference, registry, status
from syriawar.errors import DataError, ParameterError


def test_every_dataset_names_a_catalog_source_what_it_counts_and_its_unit():
    for ds in registry.DATASETS.values():
        assert ds.source.title and ds.counts and ds.unit and ds.period in ("day", "month", "year"), ds.name


def test_event_coverage_runs_from_the_first_start_to_the_last_end_date():
    assert registry.coverage("ucdp_ged_syria").text == "2016-01-01 to 2019-12-01"


def test_coverage_comes_from_the_file_not_the_catalog():
    assert catalog.source("ucdp_brd").coverage == "1989 to 2023"
    assert registry.coverage("ucdp_brd").text == "2004-01-01 to 2023-12-31"  # Syria's first BRD row is 2004
    assert registry.coverage("views_cm_syria").text == "1990-01-01 to 2024-04-30"


def test_captions_and_footers_give_the_span_the_file_holds():
    assert provenance.describe("ucdp_ged_syria").endswith("(coverage 2016-01-01 to 2019-12-01)")
    registry.load("ucdp_ged_syria")
    row = provenance.used_sources_table().set_index("file").loc["ged_syria_2016_2019.csv.gz"]
    assert row["coverage"] == "2016-01-01 to 2019-12-01"


def test_rows_a_reader_skipped_become_notes_of_the_dataset():
    registry.load("ucdp_acd")
    assert any("skipped 2 broken line(s)" in n and "42, 43" in n for n in registry.notes("ucdp_acd"))
    registry.load("ucdp_ged_syria")
    assert any(n.startswith("101 event(s) with low > best") for n in registry.notes("ucdp_ged_syria"))


def test_status_reads_rows_coverage_and_notes_from_the_registry():
    t = status.data_status().set_index("source")
    assert t.loc["ucdp_ged_syria", "rows"] == "16,566"
    assert t.loc["ucdp_ged_syria", "coverage"] == "2016-01-01 to 2019-12-01 (in file)"
    assert "skipped 2 broken line(s)" in t.loc["ucdp_acd", "note"]


def test_ged_state_based_deaths_agree_with_brd_within_tolerance(events):
    t = checks.ged_against_brd(events, registry.load("ucdp_brd"), registry.coverage("ucdp_ged_syria")).set_index("year")
    assert list(t.index) == [2016, 2017, 2018]  # whole years only: 2019 holds 11 months
    assert (t.loc[2016, "UCDP GED"], t.loc[2016, "other"]) == (40865, 43650)
    assert t["agrees"].all()


def test_views_agrees_with_ged_over_the_months_both_cover(events, monthly):
    t = checks.views_against_ged(events, monthly, registry.coverage("ucdp_ged_syria")).set_index("year")
    assert t.loc[2019, "months"] == 11 and t["agrees"].all()


def test_a_disagreement_beyond_tolerance_is_a_warning_with_both_numbers(events):
    brd = registry.load("ucdp_brd").assign(bd_best=lambda d: d["bd_best"] * 2)
    with pytest.warns(checks.CrossSourceWarning, match=r"2016: UCDP GED 40,865 against 87,300 \(\+113.6 %\)"):
        t = checks.cross_source_checks(events, registry.coverage("ucdp_ged_syria"), brd, None)
    assert not t["agrees"].any()


@pytest.fixture()
def reference_copy(tmp_path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(catalog.data_dir() / "reference", root / "data" / "reference")
    shutil.copy(catalog.data_dir() / "sources.toml", root / "data" / "sources.toml")
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    return root / "data" / "reference"


def test_a_missing_reference_table_names_the_file(reference_copy):
    (reference_copy / "key_events.csv").unlink()
    with pytest.raises(DataError, match=r"key_events.csv: reference table not found"):
        reference.key_events()


def test_a_reference_row_without_a_source_is_refused(reference_copy):
    path = reference_copy / "key_events.csv"
    line = len(path.read_text().splitlines()) + 1  # the appended row's line, the header being line 1
    path.write_text(path.read_text() + "2020-03-05,Idlib ceasefire,Ceasefire,war,Idleb,\n")
    with pytest.raises(DataError, match=rf"key_events.csv: row {line} has no source"):
        reference.key_events()


def test_a_reference_date_that_is_not_a_date_names_line_and_column(reference_copy):
    path = reference_copy / "key_events.csv"
    line = len(path.read_text().splitlines()) + 1
    path.write_text(path.read_text() + "2020-02-30,Bad day,Bad,war,,somewhere\n")
    with pytest.raises(DataError, match=rf"column 'date' at line {line} is '2020-02-30'"):
        reference.key_events()


def test_the_parameter_table_checks_every_parameter_the_notebooks_take():
    from syriawar.report.batch import _inspect, notebooks_dir

    for path in sorted(notebooks_dir().glob("*.ipynb")):  # the explorer too, which is refused as a report
        for name, default in dict(_inspect(str(path), path.stat().st_mtime)).items():
            assert name in parameters.PARAMETERS, f"{path.stem}: {name}"


@pytest.mark.parametrize("name, value, message", [
    ("map_precision", "1.5", "map_precision='1.5' is not a whole number"),
    ("map_precision", 7, "map_precision=7 is not valid; expected one of 1, 2, 3"),
    ("types", ["civil"], "'civil' is not a type of violence; valid: state-based, non-state, one-sided"),
    ("sources", ["acled"], "'acled' is not a kind of source"),
    ("source", "ucdp_candidate", "source='ucdp_candidate' is not valid; expected one of auto"),
    ("governorate", "Narnia", "'Narnia' is not a governorate"),
])
def test_a_bad_value_names_the_parameter_and_what_is_valid(name, value, message):
    with pytest.raises(ParameterError, match=message):
        parameters.check(name, value)


def test_parameters_come_back_in_canonical_form():
    c = parameters.check_all({"start": "2015-9-30", "governorates": "Idlib Governorate, Dimashq", "map_precision": "2"})
    assert c["start"] == pd.Timestamp("2015-09-30") and c["governorates"] == ["Idleb", "Damascus"]
    assert c["map_precision"] == 2


def test_loading_through_the_registry_prints_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        registry.load("ucdp_acd")
