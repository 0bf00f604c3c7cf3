"""The datasets package: each dataset declared once beside its reader, with a contract, and row errors that name
the line; the measures beneath it load no file."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from syriawar import registry
from syriawar.datasets import acled, airwars, owid, pace, population, ucdp_ged, ucdp_yearly, vdc, views
from syriawar.errors import DataError

MODULES = (acled, airwars, owid, pace, population, ucdp_ged, ucdp_yearly, vdc, views)
ACD_HEADER = "conflict_id,location,side_a,side_a_2nd,side_b,side_b_2nd,year,intensity_level,type_of_conflict,gwno_loc,version\n"
BRD_HEADER = ("conflict_id,dyad_id,side_a,side_a_2nd,side_b,side_b_2nd,year,bd_best,bd_low,bd_high,type_of_conflict,"
              "battle_location,gwno_loc,version\n")


def test_every_dataset_is_declared_in_exactly_one_dataset_module():
    for name in registry.DATASETS:
        homes = [m.__name__ for m in MODULES if name in [d.name for d in m.DATASETS]]
        assert len(homes) == 1, (name, homes)


def test_the_registry_holds_every_dataset_the_modules_declare_and_no_other():
    declared = [d for m in MODULES for d in m.DATASETS]
    assert sorted(d.name for d in declared) == sorted(registry.DATASETS)
    assert all(registry.DATASETS[d.name] is d for d in declared)


def test_an_acd_file_keeps_the_conflict_years_located_in_syria(tmp_path):
    path = tmp_path / "acd.csv"
    path.write_text(ACD_HEADER + "299,Syria,Government of Syria,,IS,,2014,2,3,652,25.1\n"
                    "259,Iraq,Government of Iraq,,IS,,2014,2,3,645,25.1\n")
    acd = ucdp_yearly.read_acd(path, "ACD test")
    assert acd["conflict_id"].tolist() == [299] and acd["location"].tolist() == ["Syria"]


def test_an_acd_intensity_outside_the_codebook_fails_its_contract(tmp_path):
    path = tmp_path / "acd.csv"
    path.write_text(ACD_HEADER + "299,Syria,Government of Syria,,IS,,2014,7,3,652,25.1\n")
    with pytest.raises(DataError, match=r"acd\.csv: the canonical table fails its contract: .*intensity_level"):
        ucdp_yearly.read_acd(path, "ACD test")


def test_a_brd_row_with_low_above_best_names_its_line_and_dyad(tmp_path):
    path = tmp_path / "brd.csv"
    path.write_text(BRD_HEADER + "299,1,Government of Syria,,IS,,2014,10,5,20,3,Syria,652,25.1\n"
                    "299,2,Government of Syria,,SDF,,2014,10,12,20,3,Syria,652,25.1\n")
    with pytest.raises(DataError, match=r"brd\.csv: 1 row\(s\) with bd_low greater than bd_best, first at line 3 "
                                        r"\(dyad_id='2', year='2014', bd_low='12', bd_best='10'\)"):
        ucdp_yearly.read_brd(path, "BRD test")


def test_a_brd_dyad_given_twice_for_one_year_fails_its_contract(tmp_path):
    path = tmp_path / "brd.csv"
    row = "299,1,Government of Syria,,IS,,2014,10,5,20,3,Syria,652,25.1\n"
    path.write_text(BRD_HEADER + row + row)
    with pytest.raises(DataError, match=r"brd\.csv: the canonical table fails its contract"):
        ucdp_yearly.read_brd(path, "BRD test")


def test_a_views_month_given_twice_names_its_first_line(tmp_path):
    path = tmp_path / "views.csv"
    path.write_text("month_id,ged_sb,ged_os_tlag_1\n400,3,1\n401,4,0\n400,5,2\n")
    with pytest.raises(DataError, match=r"views\.csv: 2 row\(s\) with a duplicate month_id, first at line 2 \(month_id='400'\)"):
        views.read_views(path, "ViEWS test")


def test_a_population_row_with_an_unknown_sex_names_its_line(tmp_path):
    path = tmp_path / "population.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write("LocID,Location,Year,Sex,AgeGrp,AgeGrpStart,Value\n760,Syria,2010,Male,0-4,0,100\n760,Syria,2010,Both,0-4,0,5\n")
    with pytest.raises(DataError, match=r"1 row\(s\) with an unknown Sex, first at line 3 \(Year='2010', Sex='Both'\); "
                                        r"expected one of Male, Female"):
        population.read_wpp(path, "WPP test")


def test_population_is_read_for_syrias_un_code_not_its_ucdp_code(tmp_path):
    path = tmp_path / "population.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write("LocID,Location,Year,Sex,AgeGrp,AgeGrpStart,Value\n760,Syria,2010,Male,0-4,0,100\n"
                 "652,Elsewhere,2010,Male,0-4,0,7\n760,Syria,2010,Female,0-4,0,90\n")
    pop = population.read_wpp(path, "WPP test")
    assert pop.set_index("sex").at["Both", "population"] == 190


def test_the_measures_load_no_file_and_no_dataset():
    code = ("import sys; import syriawar.measures, syriawar.foreign, syriawar.checks; "
            "print(sorted(m for m in ('syriawar.registry', 'syriawar.datasets', 'syriawar.catalog', 'syriawar.cache', "
            "'syriawar.fileio', 'pandera') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
