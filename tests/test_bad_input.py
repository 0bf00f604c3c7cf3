"""Bad input: each broken file gets one clear error naming the file, the row or column and what was expected,
and leaves the raw file and any earlier cache untouched."""

from __future__ import annotations

import gzip
import hashlib
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from gedfactory import COLUMNS, good_rows, write_ged
from syriawar.cache import cache_path, cached_table
from syriawar.datasets.ucdp_ged import EstimateOrderWarning, read_ged
from syriawar.errors import DataError


def read(path: Path) -> pd.DataFrame:
    return read_ged(path, "test GED")


def test_a_good_small_file_reads(tmp_path):
    ev = read(write_ged(tmp_path / "ged.csv"))
    assert len(ev) == 3
    assert ev.loc[0, "governorate"] == "Idleb" and ev.loc[0, "pcode"] == "SY07"
    assert pd.isna(ev.loc[2, "governorate"]), "a country-level event has no governorate"


def test_empty_file_is_rejected(tmp_path):
    p = tmp_path / "ged.csv"
    p.write_text("")
    with pytest.raises(DataError, match=r"ged\.csv: the file is empty"):
        read(p)


def test_header_only_is_rejected(tmp_path):
    p = write_ged(tmp_path / "ged.csv", rows=[])
    with pytest.raises(DataError, match="header but no data rows"):
        read(p)


def test_missing_required_column_is_named(tmp_path):
    p = write_ged(tmp_path / "ged.csv", columns=[c for c in COLUMNS if c != "best"])
    with pytest.raises(DataError, match=r"ged\.csv: missing required column\(s\) best"):
        read(p)


def test_unknown_delimiter_is_rejected(tmp_path):
    p = tmp_path / "ged.csv"
    p.write_text("id:best:low\n1:2:3\n")
    with pytest.raises(DataError, match="cannot tell the delimiter"):
        read(p)


def test_semicolon_delimited_file_is_read(tmp_path):
    assert len(read(write_ged(tmp_path / "ged.csv", delimiter=";"))) == 3


def test_non_utf8_bytes_are_rejected_with_line(tmp_path):
    rows = good_rows()
    rows[1]["source_headline"] = "Qal\u2019at al-Madiq"
    p = write_ged(tmp_path / "ged.csv", rows=rows, encoding="cp1252")
    with pytest.raises(DataError, match=r"not UTF-8 at line 3"):
        read(p)


def test_byte_order_mark_is_accepted(tmp_path):
    p = write_ged(tmp_path / "ged.csv", encoding="utf-8-sig")
    assert p.read_bytes().startswith(b"\xef\xbb\xbf")
    assert list(read(p)["event_id"]) == [1000, 1001, 1002]


def test_truncated_gzip_is_rejected(tmp_path):
    src = write_ged(tmp_path / "ged.csv").read_bytes() * 50
    gz = tmp_path / "ged.csv.gz"
    gz.write_bytes(gzip.compress(src)[:-40])
    with pytest.raises(DataError, match=r"ged\.csv\.gz: the gzip stream is truncated"):
        read(gz)


def test_zip_without_the_expected_member_is_rejected(tmp_path):
    z = tmp_path / "ged251-csv.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("readme.txt", "no data here")
    with pytest.raises(DataError, match="no member matching .*it holds: readme.txt"):
        read(z)


def test_zip_with_a_good_member_is_read(tmp_path):
    z = tmp_path / "ged251-csv.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(write_ged(tmp_path / "GEDEvent_v25_1.csv"), "GEDEvent_v25_1.csv")
    assert len(read(z)) == 3


def test_zip_member_climbing_out_of_the_folder_is_refused(tmp_path):
    z = tmp_path / "ged251-csv.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("../../etc/ged.csv", write_ged(tmp_path / "g.csv").read_text())
    with pytest.raises(DataError, match="climbs out of the target folder"):
        read(z)


def test_zip_bomb_is_refused(tmp_path):
    z = tmp_path / "ged251-csv.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("GEDEvent_v25_1.csv", b"0" * (60 * 2**20))
    assert z.stat().st_size < 2**20
    with pytest.raises(DataError, match="possible zip bomb"):
        read(z)


def test_unparsable_date_names_the_line(tmp_path):
    rows = good_rows()
    rows[2]["date_start"] = "2016-02-30"
    with pytest.raises(DataError, match=r"column 'date_start' .* not dates, first at line 4: '2016-02-30'"):
        read(write_ged(tmp_path / "ged.csv", rows=rows))


def test_date_end_before_date_start_is_rejected(tmp_path):
    rows = good_rows()
    rows[0]["date_end"] = "2016-02-01"
    with pytest.raises(DataError, match=r"date_end before date_start, first at line 2 .*id='1000'"):
        read(write_ged(tmp_path / "ged.csv", rows=rows))


def test_negative_deaths_are_rejected(tmp_path):
    rows = good_rows()
    rows[1]["deaths_civilians"] = "-2"
    with pytest.raises(DataError, match=r"negative deaths, first at line 3"):
        read(write_ged(tmp_path / "ged.csv", rows=rows))


def test_low_above_best_is_counted_kept_and_flagged(tmp_path):
    rows = good_rows()
    rows[0].update(low="9")
    with pytest.warns(EstimateOrderWarning, match=r"1 event\(s\) with low > best .*first at line 2"):
        ev = read(write_ged(tmp_path / "ged.csv", rows=rows))
    assert ev.loc[0, "estimate_inconsistent"]
    assert ev.loc[0, "low"] <= ev.loc[0, "best"] <= ev.loc[0, "high"]


def test_best_above_high_is_counted_kept_and_flagged(tmp_path):
    rows = good_rows()
    rows[1].update(high="1")
    with pytest.warns(EstimateOrderWarning, match="best > high"):
        ev = read(write_ged(tmp_path / "ged.csv", rows=rows))
    assert ev["estimate_inconsistent"].sum() == 1 and ev.loc[1, "high"] == ev.loc[1, "best"]


def test_duplicate_event_ids_are_rejected(tmp_path):
    rows = good_rows()
    rows[2]["id"] = rows[0]["id"]
    with pytest.raises(DataError, match=r"duplicate event id, first at line 2 \(id='1000'\)"):
        read(write_ged(tmp_path / "ged.csv", rows=rows))


def test_unknown_governorate_is_rejected(tmp_path):
    rows = good_rows()
    rows[1]["adm_1"] = "Atlantis Governorate"
    with pytest.raises(DataError, match=r"unknown governorate in adm_1, first at line 3 .*Atlantis.*governorates\.csv"):
        read(write_ged(tmp_path / "ged.csv", rows=rows))


def test_coordinates_outside_syria_are_rejected(tmp_path):
    rows = good_rows()
    rows[0].update(latitude="51.5", longitude="-0.12")
    with pytest.raises(DataError, match=r"coordinates outside Syria, first at line 2"):
        read(write_ged(tmp_path / "ged.csv", rows=rows))


def test_text_in_a_number_column_names_the_line(tmp_path):
    rows = good_rows()
    rows[1]["best"] = "three"
    with pytest.raises(DataError, match=r"column 'best' has 1 value\(s\) that are not numbers, first at line 3: 'three'"):
        read(write_ged(tmp_path / "ged.csv", rows=rows))


def test_events_of_other_countries_are_left_out(tmp_path):
    rows = good_rows()
    rows[0].update(country="Iraq", country_id="645", latitude="33.3", longitude="44.4", adm_1="Baghdad governorate")
    assert list(read(write_ged(tmp_path / "ged.csv", rows=rows))["event_id"]) == [1001, 1002]


def test_a_failed_read_leaves_the_raw_file_and_earlier_cache_untouched(tmp_path, private_cache):
    good = write_ged(tmp_path / "ged.csv")
    cached_table("events-test", "a" * 64, "1", lambda: read(good))
    cached = cache_path("events-test", "a" * 64, "1")
    before_cache = cached.read_bytes()
    rows = good_rows()
    rows[0]["date_start"] = "not a date"
    bad = write_ged(tmp_path / "bad.csv", rows=rows)
    before_raw = hashlib.sha256(bad.read_bytes()).hexdigest()
    with pytest.raises(DataError):
        cached_table("events-test", "b" * 64, "1", lambda: read(bad))
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before_raw
    assert cached.read_bytes() == before_cache
    assert not cache_path("events-test", "b" * 64, "1").exists()
    assert not [p for p in private_cache.iterdir() if p.name.startswith(".")], "no temporary file left behind"


def test_a_global_release_with_extra_columns_in_another_order_is_read_by_name(tmp_path):
    from gedfactory import good_rows

    rows = good_rows()
    for i, r in enumerate(rows):
        r.update(relid=f"SYR-{i}", code_status="Clear", gwnoa="652", where_description="near the town",
                 conflict_dset_id="299", dyad_dset_id="11973")
    columns = ["relid", "code_status", "where_description", "gwnoa", "conflict_dset_id", "dyad_dset_id"] + COLUMNS[::-1]
    ev = read(write_ged(tmp_path / "GEDEvent_v25_1.csv", rows=rows, columns=columns))
    assert list(ev["event_id"]) == [1000, 1001, 1002] and ev.loc[1, "governorate"] == "Aleppo"


AIRWARS_HEADER = "code,airwars_id,date,date_end,location_original,region_ar,military_original,killed_min,killed_max,latitude,longitude\n"


def test_airwars_file_without_belligerents_column_is_named(tmp_path):
    from syriawar.datasets.airwars import read_airwars

    p = tmp_path / "airwars.csv"
    p.write_text("code,airwars_id,date,killed_min,killed_max,latitude,longitude\nRS1,1,2016-01-02,1,2,36.2,37.1\n")
    with pytest.raises(DataError, match=r"airwars\.csv: missing required column\(s\) military_original"):
        read_airwars(p, "test")


def test_airwars_rows_with_bad_or_placeholder_dates_are_set_aside_and_reported(tmp_path):
    from syriawar.datasets.airwars import read_airwars

    p = tmp_path / "airwars.csv"
    p.write_text(AIRWARS_HEADER
                 + "RS1,1,2016-01-02,,Idlib city,إدلب,Russian Military,1,2,35.93,36.63\n"
                 + "RS2,2,1970-01-01,,Somewhere,,Russian Military,0,0,,\n"
                 + "RS3,3,not a date,,Somewhere,,Turkish Military,0,0,,\n", encoding="utf-8")
    strikes, rejected = read_airwars(p, "test")
    assert list(strikes["incident_code"]) == ["RS1"] and strikes.loc[0, "governorate"] == "Idleb"
    assert list(rejected["line"]) == [4, 3]
    assert rejected["reason"].str.contains("placeholder").sum() == 1


def test_airwars_minimum_above_maximum_is_rejected(tmp_path):
    from syriawar.datasets.airwars import read_airwars

    p = tmp_path / "airwars.csv"
    p.write_text(AIRWARS_HEADER + "RS1,1,2016-01-02,,Idlib city,إدلب,Russian Military,5,2,35.93,36.63\n", encoding="utf-8")
    with pytest.raises(DataError, match="killed_min greater than killed_max, first at line 2 \\(code='RS1', killed_min='5', killed_max='2'\\)"):
        read_airwars(p, "test")


def test_airwars_unknown_region_name_is_named(tmp_path):
    from syriawar.datasets.airwars import read_airwars

    p = tmp_path / "airwars.csv"
    p.write_text(AIRWARS_HEADER + "RS1,1,2016-01-02,,Nowhere,أتلانتس,Russian Military,1,2,35.93,36.63\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"airwars\.csv: 1 row\(s\) with an unknown place in region_ar, first at line 2 "
                                        r"\(code='RS1', region_ar='أتلانتس'\); expected a spelling listed in data/reference"):
        read_airwars(p, "test")


@pytest.mark.parametrize("column, value, message", [
    ("id", "214797.3", r"column 'id' has 1 value\(s\) that are not whole numbers, first at line 3: '214797.3'"),
    ("id", "214797.5", r"column 'id' has 1 value\(s\) that are not whole numbers"),  # not "a duplicate event id"
    ("type_of_violence", "1.7", r"column 'type_of_violence' has 1 value\(s\) that are not whole numbers"),
    ("type_of_violence", "4", r"an unknown type_of_violence, first at line 3 \(type_of_violence='4'\); expected one of 1, 2, 3"),
    ("where_prec", "9", r"an unknown where_prec, first at line 3 \(where_prec='9'\)"),
    ("date_prec", "0", r"an unknown date_prec, first at line 3"),
    ("date_start", "1975-06-01", r"an impossible date_start, first at line 3 \(date_start='1975-06-01'\); expected a date from 1989-01-01"),
    ("date_end", "2031-04-03", r"an impossible date_end, first at line 3 \(date_end='2031-04-03'\)"),
])
def test_impossible_values_name_column_line_and_value(tmp_path, column, value, message):
    rows = good_rows()
    rows[1][column] = value
    with pytest.raises(DataError, match=message):
        read(write_ged(tmp_path / "ged.csv", rows=rows))


def test_ids_are_whole_numbers_in_messages(tmp_path):
    rows = good_rows()
    for r in rows:
        r["id"] = f"{r['id']}.0"  # the Syria release stores ids as floats
    rows[1]["best"], rows[1]["high"] = "9", "4"
    with pytest.warns(EstimateOrderWarning, match=r"first at line 3, id 1001\)"):
        read(write_ged(tmp_path / "ged.csv", rows=rows))


def test_airwars_coordinates_far_outside_the_region_are_rejected(tmp_path):
    from syriawar.datasets.airwars import read_airwars

    p = tmp_path / "airwars.csv"
    p.write_text(AIRWARS_HEADER + "RS1,1,2016-01-02,,Paris,,Russian Military,1,2,48.85,2.35\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"coordinates outside the region Airwars covers, first at line 2 \(code='RS1'"):
        read_airwars(p, "test")


@pytest.mark.parametrize("content, what", [
    ('{"type": "FeatureCollection", "features": [', "cannot read the boundaries"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"adm1_name": "Aleppo"}, '
     '"geometry": {"type": "Point", "coordinates": [37.1, 36.2]}}]}', "missing field"),
])
def test_broken_boundaries_name_the_file_and_what_was_wrong(tmp_path, monkeypatch, content, what):
    from types import SimpleNamespace

    from syriawar import boundaries

    path = tmp_path / "syr_admin1.geojson"
    path.write_text(content)
    monkeypatch.setattr(boundaries.catalog, "resolve", lambda name, **kw: SimpleNamespace(path=path))
    with pytest.raises(DataError, match=rf"syr_admin1.geojson: .*{what}"):
        boundaries.governorates()


def test_airwars_date_end_before_date_is_named_and_the_incident_kept_on_its_date(tmp_path):
    from syriawar.datasets.airwars import DateOrderWarning, read_airwars

    p = tmp_path / "airwars.csv"
    p.write_text(AIRWARS_HEADER + "RS1,1,2016-01-02,,Idlib city,إدلب,Russian Military,1,2,35.93,36.63\n"
                 + "RS2,2,2017-04-03,2017-02-04,Idlib city,إدلب,Russian Military,1,2,35.93,36.63\n", encoding="utf-8")
    with pytest.warns(DateOrderWarning, match=r"airwars\.csv: 1 incident\(s\) with date_end before date, first at line 3 "
                                              r"\(code='RS2', date='2017-04-03', date_end='2017-02-04'\); kept on their date"):
        strikes, _ = read_airwars(p, "test")
    assert list(strikes["date"].astype(str)) == ["2016-01-02", "2017-04-03"]
    assert strikes["date_end"].isna().all()


def test_airwars_date_end_that_is_not_a_date_names_the_line(tmp_path):
    from syriawar.datasets.airwars import read_airwars

    p = tmp_path / "airwars.csv"
    p.write_text(AIRWARS_HEADER + "RS1,1,2016-01-02,02/01/2016,Idlib city,إدلب,Russian Military,1,2,35.93,36.63\n",
                 encoding="utf-8")
    with pytest.raises(DataError, match=r"airwars\.csv: column 'date_end' has 1 value\(s\) that are not dates, first at "
                                        r"line 2: '02/01/2016'; expected YYYY-MM-DD"):
        read_airwars(p, "test")


@pytest.mark.parametrize("injured, message", [
    ("-3,2", r"1 row\(s\) with negative civilians injured, first at line 2 \(code='RS1', injured_min='-3', "
             r"injured_max='2'\); expected civilians injured of 0 or more"),
    ("5,2", r"1 row\(s\) with injured_min greater than injured_max, first at line 2 \(code='RS1', injured_min='5', "
            r"injured_max='2'\)"),
])
def test_airwars_impossible_injured_counts_name_the_line(tmp_path, injured, message):
    from syriawar.datasets.airwars import read_airwars

    p = tmp_path / "airwars.csv"
    p.write_text(AIRWARS_HEADER.rstrip("\n") + ",injured_min,injured_max\n"
                 + f"RS1,1,2016-01-02,,Idlib city,إدلب,Russian Military,1,2,35.93,36.63,{injured}\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"airwars\.csv: {message}"):
        read_airwars(p, "test")


def test_a_gzip_file_expanding_a_thousandfold_is_refused_before_it_is_read_whole(tmp_path, monkeypatch):
    from syriawar import fileio

    monkeypatch.setattr(fileio, "ZIP_RATIO_FLOOR", 2**20)  # the same rule, at a scale a test can afford
    monkeypatch.setattr(fileio, "GZIP_CHUNK", 2**18)
    bomb = tmp_path / "ged.csv.gz"
    with gzip.open(bomb, "wb") as fh:
        fh.write(b"id,best\n")
        for _ in range(64):
            fh.write(b"0" * 2**20)  # 64 MB of one byte: about 64 KB packed
    assert bomb.stat().st_size * 100 < 64 * 2**20
    with pytest.raises(DataError, match=r"ged\.csv\.gz: the gzip file expands to more than [\d,]+ bytes from [\d,]+ "
                                        r"\(more than 100x .*refusing a possible decompression bomb"):
        fileio.read_bytes(bomb)


def test_a_gzip_file_within_the_limit_is_read_whole(tmp_path):
    from syriawar import fileio

    plain = write_ged(tmp_path / "ged.csv").read_bytes() * 3000  # highly repetitive, beyond the floor's ratio
    gz = tmp_path / "ged.csv.gz"
    gz.write_bytes(gzip.compress(plain))
    assert fileio.read_bytes(gz)[0] == plain
