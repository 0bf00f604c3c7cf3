"""ACLED: the user's export read into its own table (never added to UCDP), militias named as actors and associated
actors, one clear error for each way a file breaks, deleted events removed and counted."""

from __future__ import annotations

import pytest

from acledfactory import good_rows, write_acled
from syriawar import actors, foreign
from syriawar.datasets.acled import DeletedEventsWarning, read_acled
from syriawar.errors import DataError


def read(path):
    return read_acled([path], "ACLED (test)")


def test_a_small_export_reads_with_governorates_and_lists_of_associated_actors(tmp_path):
    ev = read(write_acled(tmp_path / "acled_syria_test.csv"))
    assert len(ev) == 30 and set(ev["governorate"]) >= {"Idleb", "Aleppo", "Deir-ez-Zor", "Dar'a", "Al-Hasakeh"}
    five = ev.set_index("event_id").loc["SYR00005"]
    assert five["assoc_actor_1"] == ["Fatemiyoun Brigade", "Zainabiyoun Brigade"]
    assert five["date"].strftime("%Y-%m-%d") == "2024-12-01"  # '01 December 2024' and '2017-03-04' both read


def test_dated_state_forces_map_to_their_group():
    assert actors.acled_group("Military Forces of Syria (2000-2024)") == "Syrian government"
    assert actors.acled_group("Military Forces of Russia (2000-)") == "Russia"
    assert actors.acled_group("Military Forces of Turkey (2016-)") == "Turkey"  # other years, same forces
    assert actors.acled_group("Unlisted Local Militia") is None


def test_militias_are_counted_as_primary_or_associated_actors_never_both(tmp_path):
    long = foreign.acled_foreign(read(write_acled(tmp_path / "acled_syria_test.csv")))
    militias = long[long["group"] == "Iran-backed militias"].set_index("event_id")["role"]
    assert militias.to_dict() == {"SYR00001": "associated", "SYR00004": "primary", "SYR00005": "associated",
                                  "SYR00008": "primary"}
    russia = long[long["group"] == "Russia"]
    assert set(russia["event_id"]) == {"SYR00002", "SYR00009"} and set(russia["role"]) == {"primary"}


@pytest.mark.parametrize("change, message", [
    ({"fatalities": "many"}, r"column 'fatalities' has 1 value\(s\) that are not numbers, first at line 4: 'many'"),
    ({"fatalities": "2.5"}, r"column 'fatalities' has 1 value\(s\) that are not whole numbers"),
    ({"admin1": "Narnia"}, r"an unknown governorate in admin1, first at line 4 \(event_id_cnty='SYR00003', admin1='Narnia'\)"),
    ({"event_date": "31 February 2024"}, r"an event_date that is not a date, first at line 4"),
    ({"event_date": "2031-01-01"}, r"an impossible event_date, first at line 4"),
    ({"event_id_cnty": "SYR00001"}, r"duplicate event_id_cnty, first at line 2 \(event_id_cnty='SYR00001'\)"),
    ({"latitude": "48.85", "longitude": "2.35"}, r"coordinates outside Syria, first at line 4"),
])
def test_bad_rows_name_file_line_column_and_value(tmp_path, change, message):
    rows = good_rows()
    rows[2].update(change)
    with pytest.raises(DataError, match=message):
        read(write_acled(tmp_path / "acled_syria_test.csv", rows))


def test_a_missing_column_is_named(tmp_path):
    from acledfactory import COLUMNS

    path = write_acled(tmp_path / "acled_syria_test.csv", columns=[c for c in COLUMNS if c != "fatalities"])
    with pytest.raises(DataError, match=r"missing required column\(s\) fatalities"):
        read(path)


def test_deleted_events_are_removed_and_counted(tmp_path):
    path = write_acled(tmp_path / "acled_syria_test.csv")
    with pytest.warns(DeletedEventsWarning, match=r"2 event\(s\) deleted by ACLED"):
        ev = read_acled([path], "ACLED (test)", {"SYR00002", "SYR00009", "SYR99999"})
    assert len(ev) == 28 and "SYR00002" not in set(ev["event_id"])


def test_other_countries_rows_are_left_out(tmp_path):
    rows = good_rows()
    rows[0]["country"] = "Lebanon"
    assert len(read(write_acled(tmp_path / "acled_syria_test.csv", rows))) == 29


# --- ACLED's API, served by a local HTTP server on 127.0.0.1 -------------------------------------------------

class _Acled:
    """Token endpoint and paged reads; the first access token expires after one read when ``expire`` is set."""

    def __init__(self, pages: list[list[dict]], expire: bool = False, break_page: int | None = None):
        import http.server
        import json
        import threading
        import urllib.parse

        self.pages, self.expire, self.break_page, self.log = pages, expire, break_page, []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code, body: bytes, cut: bool = False):
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2] if cut else body)
                self.close_connection = True

            def do_POST(self):
                form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                outer.log.append(("token", form.get("grant_type", [""])[0]))
                if form.get("grant_type") == ["password"] and form.get("password") != ["pw-123"]:
                    return self._send(401, b'{"error": "invalid_grant"}')
                token = "fresh" if form.get("grant_type") == ["refresh_token"] else "first"
                self._send(200, json.dumps({"access_token": token, "refresh_token": "r1", "expires_in": 86400}).encode())

            def do_GET(self):
                q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                page = int(q["page"][0])
                auth = self.headers.get("Authorization", "")
                outer.log.append(("read", page, auth))
                if auth not in ("Bearer first", "Bearer fresh") or (outer.expire and auth == "Bearer first" and page > 1):
                    return self._send(401, b'{"error": "expired"}')
                data = outer.pages[page - 1] if page <= len(outer.pages) else []
                self._send(200, json.dumps({"status": 200, "success": True, "count": len(data), "data": data}).encode(),
                           cut=page == outer.break_page)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _fetch(server, tmp_path, **kw):
    from syriawar.acled_api import fetch_acled

    return fetch_acled(limit=10, token_url=server.url + "/oauth/token", read_url=server.url + "/api/acled/read",
                       target=tmp_path / "raw" / "acled_syria" / "acled_syria_api.csv", **kw)


@pytest.fixture()
def account(monkeypatch):
    monkeypatch.setenv("ACLED_EMAIL", "analyst@example.org")
    monkeypatch.setenv("ACLED_PASSWORD", "pw-123")


def test_the_api_pages_become_one_export_read_by_the_same_reader(tmp_path, account):
    rows = good_rows()
    server = _Acled([rows[0:10], rows[10:20], rows[20:25]])
    try:
        path = _fetch(server, tmp_path)
    finally:
        server.close()
    assert [e[1] for e in server.log if e[0] == "read"] == [1, 2, 3]
    ev = read(path)
    assert len(ev) == 25
    assert "pw-123" not in path.read_text() and "analyst@example.org" not in path.read_text()


def test_an_expired_token_is_refreshed_once(tmp_path, account):
    rows = good_rows()
    server = _Acled([rows[0:10], rows[10:12]], expire=True)
    try:
        path = _fetch(server, tmp_path)
    finally:
        server.close()
    assert ("token", "refresh_token") in server.log and len(read(path)) == 12


def test_a_refused_account_says_how_and_never_echoes_the_password(tmp_path, monkeypatch, account):
    from syriawar.errors import SourceNotFound

    monkeypatch.setenv("ACLED_PASSWORD", "wrong-pw")
    server = _Acled([good_rows()[:3]])
    try:
        with pytest.raises(SourceNotFound, match=r"refused the account .*\(401\)") as info:
            _fetch(server, tmp_path)
    finally:
        server.close()
    assert "wrong-pw" not in str(info.value)
    assert not (tmp_path / "raw" / "acled_syria").exists()


def test_a_page_that_breaks_off_leaves_nothing(tmp_path, account):
    from syriawar.errors import SourceNotFound

    rows = good_rows()
    server = _Acled([rows[0:10], rows[10:20], rows[20:25]], break_page=2)
    try:
        with pytest.raises((SourceNotFound, DataError), match="nothing was saved"):
            _fetch(server, tmp_path)
    finally:
        server.close()
    folder = tmp_path / "raw" / "acled_syria"
    assert not folder.exists() or [p.name for p in folder.iterdir()] == []


# --- the brief's claims and the ACLED panels in reports ------------------------------------------------------

def test_the_brief_says_which_sources_can_speak_to_each_claim():
    from syriawar.figures import brief, claims

    t = claims.claims(brief.select(start="2024-11-27", end="2024-12-08"))
    said = dict(zip(t["claim"] + " | " + t["source"], t["what it says for the window"]))
    assert "Russia: 45 incidents, 125-197 civilians killed" in said["Deaths from air strikes, by perpetrator | Airwars"]
    assert said["Deaths from air strikes, by perpetrator | Airwars (limit)"].endswith("2 incident(s) in its whole archive")
    militia = said["Presence and actions of Iran-backed militias | no source in hand"]
    assert militia.startswith("no source in hand names Iran-backed militias in this window")
    assert "2019" in militia  # last named in UCDP's 2016-2019 events


def test_the_actors_parameter_filters_every_part_of_the_brief():
    from syriawar.figures import brief, claims

    sel = brief.select(start="2024-11-27", end="2024-12-08", actors=["Turkey"])
    assert brief.reading_belligerents(sel).startswith("Airwars records 11 incidents")
    incidents = brief.incidents_table(sel)
    assert len(incidents) == 11 and incidents["belligerents"].str.contains("Turkish").all()
    t = claims.claims(sel)
    assert not t["what it says for the window"].str.contains("Russia").any()
    fig = brief.daily_strikes_figure(sel)
    assert [b.get_label() for b in fig.axes[0].containers] == ["Turkey"]  # the bars drawn, one group each


def test_reports_show_acled_panels_when_an_export_is_in_hand(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    from syriawar.report.batch import Job, check_parameters
    from syriawar.report.runner import run_batch

    root_src = Path(__file__).resolve().parents[1]
    root = tmp_path / "project"
    shutil.copytree(root_src / "notebooks", root / "notebooks")
    shutil.copytree(root_src / "data" / "reference", root / "data" / "reference")
    shutil.copy(root_src / "data" / "sources.toml", root / "data" / "sources.toml")
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    jobs = [Job("foreign-none", "foreign_involvement", check_parameters("foreign_involvement", {"start": "2017-01-01"}))]
    run_dir, results = run_batch(jobs, out=root / "reports", progress=False, pdf=False)
    assert results[0]["status"] == "ok", results[0]["error"]
    assert "appear only in reports made with a user's own ACLED export" in (run_dir / "foreign-none.html").read_text()
    write_acled(root / "data" / "raw" / "acled_syria" / "acled_syria_export.csv")
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(tmp_path / "cache"))
    jobs = [Job("foreign", "foreign_involvement", check_parameters("foreign_involvement", {"start": "2017-01-01"})),
            Job("brief", "period_brief", {})]
    run_dir, results = run_batch(jobs, out=root / "reports", progress=False, pdf=True)
    assert [r["status"] for r in results] == ["ok", "ok"], [r["error"] for r in results]
    html = (run_dir / "foreign.html").read_text()
    assert "ACLED events and fatalities by foreign party, role and event type" in html
    assert "Iran-backed militias" in html and "associated" in html
    brief_html = (run_dir / "brief.html").read_text()
    assert "as an associated actor" in brief_html and "air/drone strikes" in brief_html


def test_the_explorer_explores_acled_on_its_own(tmp_path):
    from syriawar.explorer import Explorer, View
    from syriawar.explorer.cube import events_from_acled

    ev = events_from_acled(read(write_acled(tmp_path / "acled_syria_test.csv")))
    ex = Explorer(ev)
    assert ex.cube["best"].sum() == ev["best"].sum() == 83 + 40  # rows 1-10, then 20 rows of i % 5
    assert "Air/drone strike" not in ex.data.kinds and "Battles" in ex.data.kinds  # ACLED's event types
    view = View(start="2024-11-01", end="2024-12-31", actors=["Iran-backed militias"]).checked(ex.data.kinds)
    table = ex.compute(view)["table"]
    assert len(table) == 4 and table["best"].sum() == 12 + 7 + 15 + 5
    out = ex.update(View(start="2017-01-01", end="2024-12-31", types=["Battles"]).checked(ex.data.kinds))
    assert all(out[k].startswith(b"\x89PNG") for k in ("timeline", "heatmap", "map"))


def test_exploring_acled_without_an_export_says_how_to_add_it(tmp_path, monkeypatch):
    from syriawar.errors import ParameterError
    from syriawar.explorer.widgets import explore_data

    monkeypatch.setenv("SYRIAWAR_DATA_MIRROR", str(tmp_path / "nothing"))
    with pytest.raises(ParameterError, match="explorer_source='acled': no ACLED file is in hand; export Syria"):
        explore_data("acled")
