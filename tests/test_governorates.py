"""Every place string that stands for a governorate in the mirror files maps to a governorate, several, or outside Syria."""

from __future__ import annotations

import numpy as np
import pandas as pd

from syriawar import geography


def _unmapped(strings) -> list[str]:
    return sorted(s for s in strings if geography.match_place(s) is None)


def test_every_ucdp_adm1_spelling_maps(mirror):
    ged = pd.read_csv(mirror / "ucdp-ged-syria-2016-2019" / "ged_syria_2016_2019.csv.gz", usecols=["adm_1"])
    assert _unmapped(ged["adm_1"].dropna().unique()) == []


def test_every_airwars_region_maps(mirror):
    aw = pd.read_csv(mirror / "airwars-syria-incidents" / "airwars_syria_incidents_summary.csv", usecols=["region_ar"])
    assert _unmapped(aw["region_ar"].dropna().unique()) == []


def test_every_ocha_name_english_and_arabic_maps():
    for shape in geography.governorate_shapes():
        assert geography.canonical_governorate(shape["governorate"]) == shape["governorate"]
        assert geography.canonical_governorate(shape["name_ar"]) == shape["governorate"]


def test_there_are_14_governorates_with_ocha_pcodes():
    assert geography.pcode_of()["Idleb"] == "SY07"
    assert len(geography.governorate_names()) == 14


def test_spellings_are_matched_without_regard_to_case_or_suffix():
    assert geography.canonical_governorate("idlib governorate") == "Idleb"
    assert geography.canonical_governorate(" Deir ez Zor Governorate ") == "Deir-ez-Zor"


def test_towns_and_places_abroad_map_as_the_reference_says():
    assert geography.match_place("معرة النعمان").governorates == ("Idleb",)
    assert geography.match_place("هاتاي").kind == "outside"
    assert geography.match_place("محافظتا حماة وإدلب").governorates == ("Hama", "Idleb")


def test_points_are_located_in_their_governorate():
    # Idlib city, Aleppo citadel, Damascus old city, a point in Turkey (Gaziantep), no coordinates
    lon = np.array([36.633, 37.163, 36.306, 37.38, np.nan])
    lat = np.array([35.930, 36.199, 33.511, 37.06, np.nan])
    assert list(geography.locate_points(lon, lat)) == ["Idleb", "Aleppo", "Damascus", geography.OUTSIDE_SYRIA, None]


def test_airwars_incidents_naming_two_governorates_are_settled_by_coordinates(strikes):
    two = strikes[strikes.region_ar == "محافظتا حماة وإدلب"]
    assert len(two) == 1 and two.iloc[0]["governorate"] in ("Hama", "Idleb")


def test_reference_rows_each_name_a_source():
    ref = geography.reference_table()
    assert ref["source"].str.len().min() > 10
