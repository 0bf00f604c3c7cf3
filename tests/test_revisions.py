"""Revisions: how a source's counts for the same months changed between releases or builds in hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from syriawar import catalog, style
from syriawar import revisions as rv
from syriawar.figures import revisions as frv
from ucdpfactory import as_251, csv_bytes, syria_release, zipped

ROOT = Path(__file__).resolve().parents[1]


def _series(values: dict[str, float]) -> pd.Series:
    return pd.Series(values.values(), index=pd.to_datetime(list(values)), dtype=float)


def test_pace_builds_in_the_mirror_give_december_2024_as_886_then_954():
    found = rv.vintages()
    assert [v.label for v in found["PaCE"]] == ["January 2025 update", "March 2026 update"]
    top = rv.largest(rv.revisions(found))
    assert (top["month"], top["before"], top["after"]) == (pd.Timestamp("2024-12-01"), 886, 954)


def test_the_title_states_the_largest_revision_from_the_data():
    found = rv.vintages()
    fig = frv.revisions_figure(found)
    assert style.words(fig)["title"] == ("PaCE's March 2026 update raised its count for December 2024 from 886 to 954 "
                                         "deaths, the largest change to any month")


def test_the_figure_table_and_reading_use_no_producers_jargon():
    found = rv.vintages()
    fig = frv.revisions_figure(found)
    words = " ".join([*style.words(fig).values(), frv.reading_revisions(found),
                      *frv.revisions_table(found).columns]).lower()
    assert not any(jargon in words for jargon in ("vintage", "build", "before", "after"))
    assert list(frv.revisions_table(found).columns) == ["year", "PaCE, January 2025 update", "PaCE, March 2026 update",
                                                         "change", "change, %"]


def test_the_table_of_several_compared_pairs_names_each_pairs_versions_in_plain_columns():
    a = rv.Vintage("PaCE", "January 2025 update", (1,), _series({"2024-01-01": 20, "2024-02-01": 5}))
    b = rv.Vintage("PaCE", "March 2026 update", (2,), _series({"2024-01-01": 26, "2024-02-01": 5}))
    c = rv.Vintage("UCDP GED", "release 25.1", (25, 1), _series({"2023-01-01": 10}))
    d = rv.Vintage("UCDP GED", "release 26.1", (26, 1), _series({"2023-01-01": 12}))
    table = frv.revisions_table({"PaCE": [a, b], "UCDP GED": [c, d]})
    assert list(table.columns) == ["source", "earlier version", "later version", "year", "months compared",
                                   "earlier count", "later count", "change", "change, %"]


def test_line_end_labels_closer_than_a_line_of_text_are_moved_apart_the_later_above():
    low, high = frv._end_label_heights(886, 954, top=1200, panel_in=1.6)
    gap = frv.LABEL_GAP_PT * 1200 / (1.6 * 72)
    assert high - low == pytest.approx(gap) and (low + high) / 2 == pytest.approx(920)
    assert frv._end_label_heights(100, 900, top=1200, panel_in=1.6) == (100, 900)  # far apart: left where they end


def test_where_the_largest_change_is_the_last_month_the_end_labels_give_its_two_counts():
    fig = frv.revisions_figure(rv.vintages(), start="2024-11-27", end="2024-12-08")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["January 2025 update: 886", "March 2026 update: 954"]


@pytest.mark.parametrize("vintage, label", [("26.0.3", "preliminary data of Mar 2026"),
                                            ("26.01-26.06", "preliminary data of Jan-Jun 2026"),
                                            ("25.10-26.02", "preliminary data of Oct 2025-Feb 2026")])
def test_candidate_files_are_named_by_the_months_they_hold(vintage, label):
    assert rv.candidate_label(vintage) == label


def test_only_months_both_vintages_hold_are_compared():
    a = rv.Vintage("UCDP Candidate", "26.0.3", (26, 3, 0), _series({"2026-03-01": 100}))
    b = rv.Vintage("UCDP Candidate", "26.01-26.03", (26, 3, 1), _series({"2026-01-01": 40, "2026-02-01": 50, "2026-03-01": 90}))
    table = rv.revisions({"UCDP Candidate": [a, b]})
    assert table[["month", "before", "after", "change"]].values.tolist() == [[pd.Timestamp("2026-03-01"), 100, 90, -10]]


def test_yearly_table_lists_only_years_that_changed():
    a = rv.Vintage("PaCE", "old", (1,), _series({"2023-01-01": 10, "2024-01-01": 20, "2024-02-01": 5}))
    b = rv.Vintage("PaCE", "new", (2,), _series({"2023-01-01": 10, "2024-01-01": 26, "2024-02-01": 5}))
    y = rv.by_year(rv.revisions({"PaCE": [a, b]}))
    assert y[["year", "before", "after", "change", "change %"]].values.tolist() == [[2024, 25, 31, 6, 24.0]]


def test_with_one_vintage_per_source_the_figure_says_so():
    fig = frv.revisions_figure({})
    assert "Only one version of each source" in " ".join(t.get_text() for t in fig.axes[0].texts)


@pytest.fixture()
def two_releases(mirror, tmp_path, monkeypatch):
    release = syria_release(mirror).head(200)
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    shutil.copy(ROOT / "data" / "sources.toml", root / "data" / "sources.toml")
    folder = root / "data" / "raw" / "ucdp_ged_global"
    folder.mkdir(parents=True)
    old = as_251(release)
    new = old.copy()
    new.loc[new.index[0], ["best", "high", "deaths_unknown"]] = [str(float(new.iloc[0][c]) + 7) for c in ("best", "high", "deaths_unknown")]
    (folder / "ged251-csv.zip").write_bytes(zipped("GEDEvent_v25_1.csv", csv_bytes(old)))
    (folder / "ged261-csv.zip").write_bytes(zipped("GEDEvent_v26_1.csv", csv_bytes(new)))
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(tmp_path / "cache"))
    catalog._catalog_cached.cache_clear()
    return pd.Timestamp(release.iloc[0]["date_start"]).to_period("M").to_timestamp()


def test_ged_releases_a_user_has_are_compared_month_by_month(two_releases):
    found = rv.vintages()
    assert [v.label for v in found["UCDP GED"]] == ["release 25.1", "release 26.1"]
    changed = rv.revisions(found).query("source == 'UCDP GED' and change != 0")
    assert changed["month"].tolist() == [two_releases] and changed["change"].tolist() == [7]


def test_candidate_files_that_share_months_are_compared(mirror, tmp_path, monkeypatch):
    release = as_251(syria_release(mirror))
    march = release[release["date_start"].str.startswith("2019-03")]
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    shutil.copy(ROOT / "data" / "sources.toml", root / "data" / "sources.toml")
    folder = root / "data" / "raw" / "ucdp_ged_candidate"
    folder.mkdir(parents=True)
    (folder / "GEDEvent_v26_0_3.csv").write_bytes(csv_bytes(march))
    revised = march.iloc[1:]  # the cumulative file dropped one event of March
    (folder / "GEDEvent_v26_01_26_03.csv").write_bytes(csv_bytes(revised))
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(tmp_path / "cache"))
    catalog._catalog_cached.cache_clear()
    found = rv.vintages()
    assert [v.label for v in found["UCDP Candidate"]] == ["preliminary data of Mar 2026", "preliminary data of Jan-Mar 2026"]
    [row] = rv.revisions(found).query("source == 'UCDP Candidate'").to_dict(orient="records")
    assert row["month"] == pd.Timestamp("2019-03-01") and row["change"] == -float(march.iloc[0]["best"])
