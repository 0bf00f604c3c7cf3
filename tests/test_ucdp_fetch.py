"""The whole war at event level, one command away: `syriawar data fetch` brings UCDP's GED release and Candidate
files (served here by a local HTTP server), the events table merges final and Candidate events, and UCDP's API
is a second way in. No network is used: everything is served on 127.0.0.1."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from syriawar import catalog, fetch, measures, ucdp_api
from syriawar.datasets import ucdp_ged
from syriawar.errors import DataError, SourceNotFound
from ucdpfactory import Server, as_251, csv_bytes, syria_release, zipped

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def release(mirror):
    return syria_release(mirror)


def _project(tmp_path: Path, server_url: str, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    text = (ROOT / "data" / "sources.toml").read_text().replace("https://ucdp.uu.se", server_url)
    (root / "data" / "sources.toml").write_text(text)
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(tmp_path / "cache"))
    mirror = Path(os.environ.get("SYRIAWAR_DATA_MIRROR", str(ROOT.parent / "shared" / "data")).split(os.pathsep)[0])
    monkeypatch.setenv("SYRIAWAR_DATA_MIRROR", str(mirror if mirror.is_absolute() else ROOT / mirror))  # a worktree too
    catalog._catalog_cached.cache_clear() if hasattr(catalog._catalog_cached, "cache_clear") else None
    return root


def _yearly(ev: pd.DataFrame) -> pd.Series:
    f = measures.fatalities(ev, "Y").table
    return f.set_index(f["period"].dt.year)["best"].round(6)


def test_fetch_places_a_251_release_and_the_events_match_the_syria_release(release, events, tmp_path, monkeypatch):
    zip_bytes = zipped("GEDEvent_v25_1.csv", csv_bytes(as_251(release)))
    server = Server({"/downloads/ged/ged251-csv.zip": zip_bytes})
    try:
        root = _project(tmp_path, server.url, monkeypatch)
        t0 = time.perf_counter()
        [result] = fetch.fetch(["ucdp_ged_global"], progress=False)
        took = time.perf_counter() - t0
    finally:
        server.close()
    assert result.status == "fetched" and result.bytes == len(zip_bytes), result.line()
    placed = root / "data" / "raw" / "ucdp_ged_global" / "ged251-csv.zip"
    lock = (placed.parent / ".fetched.toml").read_text()
    assert hashlib.sha256(zip_bytes).hexdigest() in lock and "ged251-csv.zip" in lock
    ev = ucdp_ged.events("auto")
    assert set(ev["source"]) == {"UCDP GED 25.1"} and len(ev) == len(events)
    pd.testing.assert_series_equal(_yearly(ev), _yearly(events))
    print(f"fetched {len(zip_bytes) / 2**20:.1f} MB in {took:.2f} s")


def _candidate_files(release: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, bytes]]:
    """A final release up to 2018-12 and Candidate files for Jan-Nov 2019, with one event in both and one
    Candidate event in a month the final release covers."""
    final = release[release["date_start"] < "2019-01-01"]
    later = as_251(release[release["date_start"] >= "2019-01-01"], code_status="Check dyad")
    files = {}
    for month, part in later.groupby(later["date_start"].str[5:7]):
        files[f"/downloads/candidateged/GEDEvent_v25_0_{int(month)}.csv"] = part
    extra = as_251(final.tail(2), code_status="Clear")  # a revised copy of a final event, and one in a final month
    files["/downloads/candidateged/GEDEvent_v25_0_1.csv"] = pd.concat([files["/downloads/candidateged/GEDEvent_v25_0_1.csv"], extra])
    return final, {k: csv_bytes(v) for k, v in files.items()}


def test_final_events_then_candidate_events_never_both(release, tmp_path, monkeypatch):
    final, files = _candidate_files(release)
    files["/downloads/ged/ged251-csv.zip"] = zipped("GEDEvent_v25_1.csv", csv_bytes(as_251(final)))
    server = Server(files)
    try:
        _project(tmp_path, server.url, monkeypatch)
        results = {r.source: r for r in fetch.fetch(["ucdp_ged_global", "ucdp_ged_candidate"], progress=False)}
    finally:
        server.close()
    assert results["ucdp_ged_candidate"].status == "fetched"
    assert "11 of 48 file(s)" in results["ucdp_ged_candidate"].detail and "37 not published" in results["ucdp_ged_candidate"].detail
    ev = ucdp_ged.events("auto")
    assert not ev["event_id"].duplicated().any()
    firm, prelim = ev[~ev["preliminary"]], ev[ev["preliminary"]]
    assert firm["date_start"].max() < pd.Timestamp("2019-01-01") <= prelim["date_start"].min()
    assert len(firm) == len(final) and len(prelim) == (release["date_start"] >= "2019-01-01").sum()
    assert set(prelim["code_status"]) == {"Check dyad"}  # the revised copy of a final event was not taken
    assert measures.events_label(ev) == "UCDP GED 25.1 + UCDP Candidate 25.0.1-25.0.11"


def test_a_checksum_mismatch_leaves_nothing_and_a_cut_download_keeps_the_good_file(tmp_path):
    good, new = b"good,file\n1,2\n" * 100, b"new,file\n3,4\n" * 100
    server = Server({"/f.csv": new})
    target = tmp_path / "raw" / "f.csv"
    try:
        with pytest.raises(DataError, match="nothing was saved"):
            catalog.download_file(f"{server.url}/f.csv", target, expected_sha256="0" * 64, retries=1)
        assert not target.exists()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(good)
        with pytest.raises(SourceNotFound):  # the address has moved: the earlier file stays as it was
            catalog.download_file(f"{server.url}/gone.csv", target, expected_sha256=hashlib.sha256(new).hexdigest(), retries=1)
        assert target.read_bytes() == good and [p.name for p in target.parent.iterdir()] == ["f.csv"]
    finally:
        server.close()


def test_offline_each_source_gets_one_line_naming_its_address(tmp_path, monkeypatch):
    _project(tmp_path, "http://no-such-host.invalid", monkeypatch)
    [line] = [r.line() for r in fetch.fetch(["ucdp_ged_global"], progress=False)]
    assert line.startswith("ucdp_ged_global: unreachable") and "no-such-host.invalid/downloads/ged/ged261-csv.zip" in line
    assert "no-such-host.invalid/downloads/ged/ged251-csv.zip" in line and len(line.splitlines()) == 1
    assert "data/raw/ucdp_ged_global/" in line


def _api_pages(release: pd.DataFrame) -> list[list[dict]]:
    rows = as_251(release.head(9)).to_dict(orient="records")
    return [rows[0:3], rows[3:6], rows[6:9]]


def test_the_api_pages_become_one_ged_csv_read_by_the_same_reader(release, tmp_path, monkeypatch):
    server = Server({}, api_pages=_api_pages(release), token="s3cret")
    try:
        root = _project(tmp_path, server.url, monkeypatch)
        monkeypatch.setenv("UCDP_API_TOKEN", "s3cret")
        path = ucdp_api.fetch_api("25.1", base_url=server.url + "/api/gedevents/{version}")
    finally:
        server.close()
    assert path == root / "data" / "raw" / "ucdp_ged_global" / "GEDEvent_v25_1_api_syria.csv"
    assert len(server.requests) == 3 and all(h.get("x-ucdp-access-token") == "s3cret" for _, h in server.requests)
    ev = ucdp_ged.events("ucdp_ged_global")
    assert len(ev) == 9 and set(ev["source"]) == {"UCDP GED 25.1"}
    assert "s3cret" not in path.read_text()


def test_a_refused_token_says_how_to_get_one(release, tmp_path, monkeypatch):
    server = Server({}, api_pages=_api_pages(release), token="right")
    try:
        _project(tmp_path, server.url, monkeypatch)
        monkeypatch.setenv("UCDP_API_TOKEN", "wrong")
        with pytest.raises(SourceNotFound, match=r"refused the request \(401\).*UCDP_API_TOKEN") as info:
            ucdp_api.fetch_api("25.1", base_url=server.url + "/api/gedevents/{version}")
    finally:
        server.close()
    assert "wrong" not in str(info.value)
    monkeypatch.delenv("UCDP_API_TOKEN")
    with pytest.raises(SourceNotFound, match="needs an access token"):
        ucdp_api.fetch_api("25.1")


def test_a_page_that_breaks_off_leaves_nothing_behind(release, tmp_path, monkeypatch):
    server = Server({}, api_pages=_api_pages(release), token="t", break_page=1)
    try:
        root = _project(tmp_path, server.url, monkeypatch)
        monkeypatch.setenv("UCDP_API_TOKEN", "t")
        with pytest.raises((SourceNotFound, DataError), match="nothing was saved"):
            ucdp_api.fetch_api("25.1", base_url=server.url + "/api/gedevents/{version}")
    finally:
        server.close()
    folder = root / "data" / "raw" / "ucdp_ged_global"
    assert not folder.exists() or list(folder.iterdir()) == []


def test_every_notebook_runs_on_a_251_release(release, tmp_path, monkeypatch):
    from syriawar.report.batch import Job, check_parameters
    from syriawar.report.runner import run_batch

    root = _project(tmp_path, "http://127.0.0.1:9", monkeypatch)
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "data" / "raw" / "ucdp_ged_global").mkdir(parents=True)
    (root / "data" / "raw" / "ucdp_ged_global" / "ged251-csv.zip").write_bytes(zipped("GEDEvent_v25_1.csv", csv_bytes(as_251(release))))
    jobs = [Job(nb, nb, check_parameters(nb, {})) for nb in ("overview", "casualties", "governorate", "foreign_involvement", "period_brief")]
    run_dir, results = run_batch(jobs, out=root / "reports", progress=False, pdf=False)
    assert [r["status"] for r in results] == ["ok"] * 5, [r["error"] for r in results]
    html = (run_dir / "overview.html").read_text()
    assert "UCDP GED 25.1" in html and "UCDP GED Syria" not in html  # every caption follows the file


def test_fetch_takes_the_newest_release_that_answers(release, tmp_path, monkeypatch):
    data = as_251(release.head(50))
    server = Server({"/downloads/ged/ged261-csv.zip": zipped("GEDEvent_v26_1.csv", csv_bytes(data)),
                     "/downloads/ged/ged251-csv.zip": zipped("GEDEvent_v25_1.csv", csv_bytes(data))})
    try:
        root = _project(tmp_path, server.url, monkeypatch)
        [result] = fetch.fetch(["ucdp_ged_global"], progress=False)
    finally:
        server.close()
    assert result.status == "fetched" and result.detail.startswith("ged261-csv.zip"), result.line()
    assert [p.name for p in (root / "data" / "raw" / "ucdp_ged_global").glob("*.zip")] == ["ged261-csv.zip"]
    assert set(ucdp_ged.events("auto")["source"]) == {"UCDP GED 26.1"}


def test_fetch_falls_back_to_251_while_261_is_not_published(release, tmp_path, monkeypatch):
    server = Server({"/downloads/ged/ged251-csv.zip": zipped("GEDEvent_v25_1.csv", csv_bytes(as_251(release.head(50))))})
    try:
        _project(tmp_path, server.url, monkeypatch)
        [result] = fetch.fetch(["ucdp_ged_global"], progress=False)
    finally:
        server.close()
    assert result.status == "fetched" and "ged251-csv.zip" in result.detail and "ged261-csv.zip not published yet" in result.detail


def test_an_older_release_a_user_has_is_still_read(release, tmp_path, monkeypatch):
    root = _project(tmp_path, "http://127.0.0.1:9", monkeypatch)
    folder = root / "data" / "raw" / "ucdp_ged_global"
    folder.mkdir(parents=True)
    (folder / "ged241-csv.zip").write_bytes(zipped("GEDEvent_v24_1.csv", csv_bytes(as_251(release.head(20)))))
    ev = ucdp_ged.events("auto")
    assert set(ev["source"]) == {"UCDP GED 24.1"} and len(ev) == 20


def _revised(frame: pd.DataFrame, add: int) -> pd.DataFrame:
    out = frame.copy()
    for col in ("best", "high", "deaths_unknown"):
        out[col] = (out[col].astype(float).astype(int) + add).astype(str)
    return out


def test_cumulative_and_monthly_candidate_files_the_newest_file_wins_per_event(release, tmp_path, monkeypatch):
    final = release[release["date_start"] < "2019-01-01"]
    later = as_251(release[release["date_start"] >= "2019-01-01"], code_status="Clear")
    month = later["date_start"].str[5:7].astype(int)
    files = {"/downloads/ged/ged261-csv.zip": zipped("GEDEvent_v26_1.csv", csv_bytes(as_251(final)))}
    for m in range(1, 8):  # monthly files for January to July
        files[f"/downloads/candidateged/GEDEvent_v26_0_{m}.csv"] = csv_bytes(later[month == m])
    # the cumulative file of January to June, compiled after the monthly file of June: every event revised (+1)
    files["/downloads/candidateged/GEDEvent_v26_01_26_06.csv"] = csv_bytes(_revised(later[month <= 6], 1))
    server = Server(files)
    try:
        _project(tmp_path, server.url, monkeypatch)
        results = {r.source: r for r in fetch.fetch(["ucdp_ged_global", "ucdp_ged_candidate"], progress=False)}
    finally:
        server.close()
    assert results["ucdp_ged_candidate"].status == "fetched", results["ucdp_ged_candidate"].line()
    assert results["ucdp_ged_candidate"].files == 8
    ev = ucdp_ged.events("auto")
    prelim = ev[ev["preliminary"]].set_index("event_id")
    original = later.assign(event_id=later["id"].astype(int), best=later["best"].astype(float)).set_index("event_id")
    first_half = original[month.to_numpy() <= 6]
    july = original[month.to_numpy() == 7]
    got = prelim["best"].astype(float)
    assert (got.loc[first_half.index].to_numpy() == first_half["best"].to_numpy() + 1).all()  # the cumulative file's
    assert (got.loc[july.index].to_numpy() == july["best"].to_numpy()).all()  # July only in its monthly file
    assert len(prelim) == len(first_half) + len(july) and not ev["event_id"].duplicated().any()
    assert (ev[~ev["preliminary"]]["date_start"] < pd.Timestamp("2019-01-01")).all()
    assert measures.events_label(ev) == "UCDP GED 26.1 + UCDP Candidate 26.0.1-26.0.7"


def test_a_cumulative_candidate_file_alone_is_found_not_missing(release, tmp_path, monkeypatch):
    root = _project(tmp_path, "http://127.0.0.1:9", monkeypatch)
    folder = root / "data" / "raw" / "ucdp_ged_candidate"
    folder.mkdir(parents=True)
    (folder / "GEDEvent_v26_01_26_06.csv").write_bytes(csv_bytes(as_251(release.head(30))))
    assert [f.path.name for f in catalog.find_all(catalog.source("ucdp_ged_candidate"))] == ["GEDEvent_v26_01_26_06.csv"]
    assert len(ucdp_ged.candidate_events()) == 30


def test_candidate_events_not_yet_clear_are_kept_counted_and_preliminary(release, tmp_path, monkeypatch):
    from syriawar.datasets import ucdp_ged as ged

    rows = pd.concat([as_251(release.head(7), code_status="Clear"), as_251(release.iloc[7:10], code_status="Check dyad")])
    path = tmp_path / "GEDEvent_v26_0_3.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.warns(ged.PreliminaryStatusWarning, match="3 of 10 Candidate event"):
        ev = ged.read_candidates([path])
    assert len(ev) == 10 and ev["preliminary"].all() and ged.uncleared(ev) == 3


def test_the_api_waits_out_a_rate_limit_and_asks_again(release, tmp_path, monkeypatch):
    server = Server({}, api_pages=_api_pages(release), token="t", rate_limited=2)
    monkeypatch.setattr(ucdp_api, "BACKOFF_S", 0.01)
    try:
        _project(tmp_path, server.url, monkeypatch)
        monkeypatch.setenv("UCDP_API_TOKEN", "t")
        monkeypatch.setenv("SYRIAWAR_UCDP_API_URL", server.url + "/api")
        path = ucdp_api.fetch_api("25.1")
    finally:
        server.close()
    assert server.api_calls() == 5 and len(pd.read_csv(path)) == 9


def test_the_api_gives_up_after_a_bounded_number_of_rate_limits(release, tmp_path, monkeypatch):
    server = Server({}, api_pages=_api_pages(release), token="t", rate_limited=100)
    monkeypatch.setattr(ucdp_api, "BACKOFF_S", 0.01)
    try:
        _project(tmp_path, server.url, monkeypatch)
        monkeypatch.setenv("UCDP_API_TOKEN", "t")
        monkeypatch.setenv("SYRIAWAR_UCDP_API_URL", server.url + "/api")
        with pytest.raises(SourceNotFound, match="kept answering 400"):
            ucdp_api.fetch_api("25.1")
    finally:
        server.close()
    assert server.api_calls() == ucdp_api.RATE_LIMIT_TRIES


def test_a_totalcount_above_the_rows_is_said_not_failed(release, tmp_path, monkeypatch):
    server = Server({}, api_pages=_api_pages(release), token="t", uncounted=4)
    try:
        _project(tmp_path, server.url, monkeypatch)
        monkeypatch.setenv("UCDP_API_TOKEN", "t")
        monkeypatch.setenv("SYRIAWAR_UCDP_API_URL", server.url + "/api")
        with pytest.warns(ucdp_api.CountShortfallWarning, match=r"counts 13 events .* held 9.*type_of_violence 4"):
            path = ucdp_api.fetch_api("25.1")
    finally:
        server.close()
    assert len(pd.read_csv(path)) == 9


def test_an_api_whose_next_page_is_itself_is_stopped_at_once(release, tmp_path, monkeypatch):
    server = Server({}, api_pages=_api_pages(release), token="t", loop=True)
    try:
        root = _project(tmp_path, server.url, monkeypatch)
        monkeypatch.setenv("UCDP_API_TOKEN", "t")
        monkeypatch.setenv("SYRIAWAR_UCDP_API_URL", server.url + "/api")
        with pytest.raises(DataError, match="looping; nothing was saved"):
            ucdp_api.fetch_api("25.1")
    finally:
        server.close()
    assert server.api_calls() == 1 and not (root / "data" / "raw" / "ucdp_ged_global").exists()


def test_the_api_stops_at_its_page_bound(release, tmp_path, monkeypatch):
    server = Server({}, api_pages=_api_pages(release), token="t")
    monkeypatch.setattr(ucdp_api, "MAX_PAGES", 2)
    try:
        _project(tmp_path, server.url, monkeypatch)
        monkeypatch.setenv("UCDP_API_TOKEN", "t")
        monkeypatch.setenv("SYRIAWAR_UCDP_API_URL", server.url + "/api")
        with pytest.raises(DataError, match="more than 2 pages"):
            ucdp_api.fetch_api("25.1")
    finally:
        server.close()
    assert server.api_calls() == 2
