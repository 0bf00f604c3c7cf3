"""VDC documented deaths by governorate and day: figures computed independently from the mirror file, one clear
error for each way a file can break, and the comparison with UCDP where both cover."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from syriawar import checks, geography, measures, registry
from syriawar.datasets.vdc import BeforeUprisingWarning, read_vdc
from syriawar.errors import DataError

HEADER = "province,day,casualties\n"


@pytest.fixture(scope="module")
def vdc():
    return registry.load("vdc_governorate_days")


def test_vdc_holds_137475_documented_deaths_over_2011_to_august_2018(vdc):
    assert vdc["deaths"].sum() == 137475
    assert registry.coverage("vdc_governorate_days").text == "2011-01-05 to 2018-08-13"


def test_vdc_yearly_totals_match_the_file(vdc):
    y = vdc.groupby(vdc["date"].dt.year)["deaths"].sum()
    assert (y[2012], y[2013], y[2018]) == (33950, 33087, 5122)


def test_vdc_governorate_totals_match_the_file(vdc):
    g = vdc.groupby("governorate")["deaths"].sum()
    assert (g["Rural Damascus"], g["Aleppo"], g["Quneitra"]) == (28496, 27618, 965)


def test_every_vdc_spelling_maps_to_one_of_the_14_governorates(mirror):
    raw = pd.read_csv(mirror / "vdc-deaths-by-governorate-2011-2018" / "vdc_deaths_by_province_by_day.csv")
    mapped = {s: geography.canonical_governorate(s) for s in raw["province"].unique()}
    assert None not in mapped.values() and set(mapped.values()) == set(geography.governorate_names())
    assert mapped["Damascus Suburbs"] == "Rural Damascus"


def test_the_record_before_the_uprising_is_kept_and_noted(vdc):
    assert vdc["date"].min() == pd.Timestamp("2011-01-05")
    assert any("before the uprising" in n for n in registry.notes("vdc_governorate_days"))


def test_days_without_a_record_are_zero_and_months_after_the_file_are_gaps(vdc):
    m = measures.documented_deaths(vdc[vdc["governorate"] == "Quneitra"], "M", start="2018-01-01", end="2018-12-31",
                                   coverage=registry.coverage("vdc_governorate_days")).set_index("period")
    assert m.loc["2018-03-01", "deaths"] >= 0 and np.isnan(m.loc["2018-09-01", "deaths"])
    assert m.loc["2018-08-01", "covered_share"] == pytest.approx(13 / 31)


def test_vdc_against_ucdp_compares_the_31_months_both_cover_whole(vdc, events):
    t = checks.documented_against_events(vdc, registry.coverage("vdc_governorate_days"), events,
                                         registry.coverage("ucdp_ged_syria")).set_index("governorate")
    assert len(t) == 14 and (t["months"] == 31).all()  # 2016-01 to 2018-07; August 2018 is covered for 13 days
    aleppo = vdc[(vdc.governorate == "Aleppo") & (vdc.date >= "2016-01-01") & (vdc.date < "2018-08-01")]
    assert t.loc["Aleppo", "VDC documented"] == aleppo["deaths"].sum()
    assert -1 <= t["monthly correlation"].min() and t["monthly correlation"].max() <= 1


def _write(tmp_path, rows: str):
    path = tmp_path / "vdc.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_a_good_small_vdc_file_reads(tmp_path):
    t = read_vdc(_write(tmp_path, "Damascus Suburbs,2013-08-21,500\nIdlib,2017-04-04,90\n"), "VDC")
    assert t["governorate"].tolist() == ["Rural Damascus", "Idleb"] and t["deaths"].sum() == 590


@pytest.mark.parametrize("rows, message", [
    ("Narnia,2013-01-01,3\n", r"unknown governorate in column 'province', first at line 2 \(province='Narnia'\)"),
    ("Aleppo,2013-01-01,-3\n", r"1 row\(s\) with negative deaths, first at line 2 \(province='Aleppo', day='2013-01-01', casualties='-3'\)"),
    ("Aleppo,2013-01-01,2.5\n", r"column 'casualties' has 1 value\(s\) that are not whole numbers, first at line 2: '2.5'"),
    ("Aleppo,2013-01-01,many\n", r"column 'casualties' has 1 value\(s\) that are not numbers"),
    ("Aleppo,2031-01-01,3\n", r"an impossible day, first at line 2 \(day='2031-01-01'\); expected a date from 2011-01-01"),
    ("Aleppo,1999-01-01,3\n", r"an impossible day, first at line 2 \(day='1999-01-01'\)"),
    ("Aleppo,2013-02-30,3\n", r"column 'day' has 1 value\(s\) that are not dates, first at line 2"),
    ("Aleppo,2013-01-01,3\nHalab,2013-01-01,4\n", r"2 row\(s\) with a duplicate governorate and day, first at line 2 \(province='Aleppo', day='2013-01-01'\)"),
])
def test_bad_vdc_input_names_file_line_and_what_was_expected(tmp_path, rows, message):
    with pytest.raises(DataError, match=message):
        read_vdc(_write(tmp_path, rows), "VDC")


def test_a_missing_vdc_column_is_named(tmp_path):
    path = tmp_path / "vdc.csv"
    path.write_text("province,day,deaths\nAleppo,2013-01-01,3\n")
    with pytest.raises(DataError, match="missing required column\\(s\\) casualties"):
        read_vdc(path, "VDC")


def test_a_record_before_the_uprising_is_a_warning_not_an_error(tmp_path):
    with pytest.warns(BeforeUprisingWarning, match=r"1 record\(s\) dated before the uprising"):
        read_vdc(_write(tmp_path, "Hama,2011-01-05,1\n"), "VDC")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_vdc(_write(tmp_path, "Hama,2011-03-18,1\n"), "VDC")
