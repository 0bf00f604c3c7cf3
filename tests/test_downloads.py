"""Downloads that end and do not lie (issue 30): a total deadline, a content check before a file is kept or its
checksum recorded, a non-zero exit for anything not fetched, and Ctrl-C in one line. Served on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from syriawar import catalog, cli, download, fetch
from syriawar.errors import DataError, SourceNotFound
from ucdpfactory import Server, zipped

ROOT = Path(__file__).resolve().parents[1]
GED_CSV = b"id,country_id,date_start,date_end,best\n1,652,2024-01-01,2024-01-01,3\n"
HTML = b"<!DOCTYPE html><html><body>Maintenance: back soon</body></html>\n"


def _project(tmp_path: Path, server_url: str, monkeypatch) -> Path:
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    text = (ROOT / "data" / "sources.toml").read_text().replace("https://ucdp.uu.se", server_url)
    (root / "data" / "sources.toml").write_text(text)
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_DATA_MIRROR", str(tmp_path / "no-mirror"))
    catalog._catalog_cached.cache_clear()
    return root


def test_a_server_that_trickles_is_given_up_at_the_deadline(tmp_path):
    server = Server({"/slow.csv": GED_CSV * 50}, trickle=("/slow.csv",), trickle_s=0.05)
    target = tmp_path / "raw" / "slow.csv"
    try:
        with pytest.raises(SourceNotFound, match="passed its deadline"):
            download.download_file(f"{server.url}/slow.csv", target, timeout=30, deadline_s=1, retries=1)
    finally:
        server.close()
    assert not target.parent.exists()


def test_a_404_is_not_present_and_the_command_exits_non_zero(tmp_path, monkeypatch, capsys):
    server = Server({})
    try:
        root = _project(tmp_path, server.url, monkeypatch)
        code = cli.main(["data", "fetch", "--quiet", "ucdp_ged_global"])
    finally:
        server.close()
    out = capsys.readouterr().out
    assert code == 1 and out.startswith("ucdp_ged_global: missing") and "404" in out
    assert not (root / "data" / "raw" / "ucdp_ged_global").exists()


def test_a_truncated_zip_is_refused_before_it_is_kept_or_recorded(tmp_path, monkeypatch):
    whole = zipped("GEDEvent_v26_1.csv", GED_CSV * 200)
    server = Server({"/downloads/ged/ged261-csv.zip": whole[: len(whole) // 2]})  # complete as sent, broken as a zip
    try:
        root = _project(tmp_path, server.url, monkeypatch)
        [result] = fetch.fetch(["ucdp_ged_global"], progress=False)
    finally:
        server.close()
    assert result.status == "refused" and "not a complete zip" in result.detail, result.line()
    assert not (root / "data" / "raw" / "ucdp_ged_global").exists()  # no file, no .fetched.toml


def test_an_html_page_served_as_a_candidate_file_is_refused(tmp_path, monkeypatch):
    server = Server({"/downloads/candidateged/GEDEvent_v26_0_1.csv": HTML})
    try:
        root = _project(tmp_path, server.url, monkeypatch)
        [result] = fetch.fetch(["ucdp_ged_candidate"], progress=False)
    finally:
        server.close()
    assert result.status == "refused" and "HTML" in result.detail, result.line()
    folder = root / "data" / "raw" / "ucdp_ged_candidate"
    assert not folder.exists() or not list(folder.iterdir())


def test_a_csv_without_the_expected_header_is_refused(tmp_path):
    server = Server({"/GEDEvent_v26_0_1.csv": b"a,b,c\n1,2,3\n"})
    try:
        with pytest.raises(DataError, match="header lacks id, country_id"):
            download.download_file(f"{server.url}/GEDEvent_v26_0_1.csv", tmp_path / "GEDEvent_v26_0_1.csv",
                                   columns=("id", "country_id"))
    finally:
        server.close()
    assert not (tmp_path / "GEDEvent_v26_0_1.csv").exists()


def test_a_good_download_is_checked_then_recorded(tmp_path, monkeypatch):
    server = Server({"/downloads/candidateged/GEDEvent_v26_0_1.csv": GED_CSV})
    try:
        root = _project(tmp_path, server.url, monkeypatch)
        [result] = fetch.fetch(["ucdp_ged_candidate"], progress=False)
    finally:
        server.close()
    assert result.status == "fetched" and result.files == 1
    assert "GEDEvent_v26_0_1.csv" in download.read_lock(root / "data" / "raw" / "ucdp_ged_candidate")


def test_ctrl_c_during_data_fetch_ends_in_one_line_and_leaves_no_part(tmp_path, monkeypatch):
    server = Server({"/downloads/ged/ged261-csv.zip": zipped("GEDEvent_v26_1.csv", GED_CSV * 100)},
                    trickle=("/downloads/ged/ged261-csv.zip",), trickle_s=0.05)
    try:
        root = _project(tmp_path, server.url, monkeypatch)
        env = dict(os.environ, PYTHONPATH=str(ROOT / "lib"))
        proc = subprocess.Popen([sys.executable, "-m", "syriawar", "data", "fetch", "--quiet", "ucdp_ged_global"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            for _ in range(600):  # until the download has begun
                if any(p.endswith("ged261-csv.zip") for p, _ in server.requests):
                    break
                time.sleep(0.05)
            time.sleep(0.3)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    finally:
        server.close()
    assert proc.returncode != 0 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "interrupted" in err
    folder = root / "data" / "raw" / "ucdp_ged_global"
    assert not folder.exists() or not list(folder.iterdir())
    shutil.rmtree(root)


class _SamePageForever:
    """ACLED's token endpoint, and a read endpoint that sends the same full page whatever page is asked for."""

    def __init__(self, page: list[dict]):
        import http.server
        import json
        import threading

        self.reads = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, body: bytes):
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                self._send(json.dumps({"access_token": "a", "refresh_token": "r"}).encode())

            def do_GET(self):
                outer.reads += 1
                self._send(json.dumps({"status": 200, "data": page}).encode())

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_an_acled_api_that_repeats_its_page_is_stopped_at_the_second(tmp_path, monkeypatch):
    from syriawar.acled_api import fetch_acled

    monkeypatch.setenv("ACLED_EMAIL", "a@example.org")
    monkeypatch.setenv("ACLED_PASSWORD", "pw")
    server = _SamePageForever([{"event_id_cnty": f"SYR{i}"} for i in range(3)])
    target = tmp_path / "acled_syria_api.csv"
    try:
        with pytest.raises(DataError, match="identical to page 1; it is looping; nothing was saved"):
            fetch_acled(limit=3, token_url=server.url + "/oauth/token", read_url=server.url + "/read", target=target)
    finally:
        server.close()
    assert server.reads == 2 and not target.exists()
