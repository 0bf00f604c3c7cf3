"""The data catalog: resolution order raw -> mirror -> download, and safe downloads."""

from __future__ import annotations

import hashlib
import http.server
import threading
from pathlib import Path

import pytest

from syriawar import catalog
from syriawar.errors import DataError, SourceNotFound

PAYLOAD = b"Entity,Year,Deaths\nSyria,2013,76363\n" * 200


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        if self.path == "/good.csv":
            self.send_response(200)
            self.send_header("Content-Length", str(len(PAYLOAD)))
            self.end_headers()
            self.wfile.write(PAYLOAD)
        elif self.path == "/cut.csv":  # announces the whole file, sends half, hangs up
            self.send_response(200)
            self.send_header("Content-Length", str(len(PAYLOAD)))
            self.end_headers()
            self.wfile.write(PAYLOAD[: len(PAYLOAD) // 2])
            self.wfile.flush()
            self.close_connection = True
        else:
            self.send_error(404)


@pytest.fixture()
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_writes_a_complete_file(server, tmp_path):
    target = tmp_path / "raw" / "owid.csv"
    catalog.download_file(f"{server}/good.csv", target, expected_sha256=hashlib.sha256(PAYLOAD).hexdigest())
    assert target.read_bytes() == PAYLOAD
    assert [p.name for p in target.parent.iterdir()] == ["owid.csv"]


def test_download_with_checksum_mismatch_leaves_no_file(server, tmp_path):
    target = tmp_path / "raw" / "owid.csv"
    with pytest.raises(DataError, match="sha256 other than expected 0000; nothing was saved"):
        catalog.download_file(f"{server}/good.csv", target, expected_sha256="0000", retries=1)
    assert not target.parent.exists() or list(target.parent.iterdir()) == []


def test_download_cut_off_mid_file_fails_and_leaves_no_file(server, tmp_path):
    target = tmp_path / "raw" / "owid.csv"
    with pytest.raises(SourceNotFound, match="failed after 2 attempts"):
        catalog.download_file(f"{server}/cut.csv", target, retries=2, timeout=5)
    assert not target.parent.exists() or list(target.parent.iterdir()) == []  # not even an empty folder is left


def _project(tmp_path: Path, url: str = "") -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sources.toml").write_text(f"""
[owid_deaths]
title = "OWID deaths"
producer = "OWID"
version = "test"
licence = "CC BY 4.0"
citation = "OWID"
url = "{url}"
mirror_dir = "owid-mirror"
files = ["owid.csv"]
""")
    return tmp_path


def test_raw_folder_comes_before_the_mirror(tmp_path, monkeypatch):
    root = _project(tmp_path)
    (root / "data" / "raw" / "owid_deaths").mkdir(parents=True)
    (root / "data" / "raw" / "owid_deaths" / "owid.csv").write_bytes(PAYLOAD)
    (root / "mirror" / "owid-mirror").mkdir(parents=True)
    (root / "mirror" / "owid-mirror" / "owid.csv").write_bytes(PAYLOAD)
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_DATA_MIRROR", str(root / "mirror"))
    assert catalog.resolve("owid_deaths").origin == "raw"
    (root / "data" / "raw" / "owid_deaths" / "owid.csv").unlink()
    found = catalog.resolve("owid_deaths")
    assert found.origin == "mirror" and found.path == root / "mirror" / "owid-mirror" / "owid.csv"


def test_missing_source_offline_names_source_address_and_variable(tmp_path, monkeypatch):
    root = _project(tmp_path, url="http://127.0.0.1:9/owid.csv")  # port 9: nothing listens
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_DATA_MIRROR", str(root / "nowhere"))
    monkeypatch.setattr(catalog, "DOWNLOAD_RETRIES", 1)
    with pytest.raises(SourceNotFound) as info:
        catalog.resolve("owid_deaths")
    text = str(info.value)
    assert "'owid_deaths'" in text and "http://127.0.0.1:9/owid.csv" in text and "SYRIAWAR_DATA_MIRROR" in text


def test_missing_source_is_downloaded_into_data_raw(server, tmp_path, monkeypatch):
    root = _project(tmp_path, url=f"{server}/good.csv")
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_DATA_MIRROR", "")
    found = catalog.resolve("owid_deaths")
    assert found.origin == "download" and found.path == root / "data" / "raw" / "owid_deaths" / "owid.csv"
    assert catalog.resolve("owid_deaths").origin == "raw", "the downloaded file is found locally next time"


def test_a_mirror_file_with_a_wrong_checksum_is_refused(tmp_path, monkeypatch):
    root = _project(tmp_path)
    with open(root / "data" / "sources.toml", "a") as fh:
        fh.write('[owid_deaths.sha256]\n"owid.csv" = "' + "0" * 64 + '"\n')
    (root / "m" / "owid-mirror").mkdir(parents=True)
    (root / "m" / "owid-mirror" / "owid.csv").write_bytes(PAYLOAD)
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_DATA_MIRROR", str(root / "m"))
    with pytest.raises(DataError, match="owid.csv: sha256 is .* but the catalog expects 000"):
        catalog.resolve("owid_deaths")


def test_every_catalog_entry_names_producer_version_licence_and_citation():
    for src in catalog.sources().values():
        assert src.producer and src.version and src.licence and src.citation and src.files, src.name


def test_events_use_a_global_release_when_one_is_in_data_raw(tmp_path, monkeypatch):
    import shutil
    import zipfile

    from gedfactory import write_ged
    from syriawar.datasets import ucdp_ged
    from syriawar.paths import project_root

    root = tmp_path / "project"
    (root / "data" / "raw" / "ucdp_ged_global").mkdir(parents=True)
    shutil.copy(project_root() / "data" / "sources.toml", root / "data" / "sources.toml")
    shutil.copytree(project_root() / "data" / "reference", root / "data" / "reference")
    with zipfile.ZipFile(root / "data" / "raw" / "ucdp_ged_global" / "ged251-csv.zip", "w") as zf:
        zf.write(write_ged(tmp_path / "GEDEvent_v25_1.csv"), "GEDEvent_v25_1.csv")
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(tmp_path / "cache"))
    assert ucdp_ged.events_source_name("auto") == "ucdp_ged_global"
    ev = ucdp_ged.events("auto")
    assert len(ev) == 3 and set(ev["source"]) == {"UCDP GED 25.1"}
