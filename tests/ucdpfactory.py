"""GED 25.1-layout and Candidate-layout files made from the Syria release in the mirror, zipped as UCDP does,
and a local HTTP server that serves them (and UCDP's API pages) on 127.0.0.1."""

from __future__ import annotations

import http.server
import io
import json
import threading
import zipfile
from pathlib import Path

import pandas as pd

# GED 25.1's 49 columns, in UCDP's order
COLUMNS_251 = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
    "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office", "source_date",
    "source_headline", "source_original", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2",
    "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region", "event_clarity",
    "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best",
    "high", "low", "gwnoa", "gwnob",
]


def syria_release(mirror: Path) -> pd.DataFrame:
    return pd.read_csv(mirror / "ucdp-ged-syria-2016-2019" / "ged_syria_2016_2019.csv.gz", dtype=str, keep_default_na=False)


def as_251(frame: pd.DataFrame, code_status: str = "Clear") -> pd.DataFrame:
    """The Syria release's events in the 25.1 layout: ids as integers, the columns 25.1 adds filled in."""
    out = frame.copy()
    for col in ("id", "year", "type_of_violence", "country_id", "where_prec", "date_prec"):
        out[col] = out[col].str.replace(r"\.0$", "", regex=True)
    out["relid"] = "SYR-" + out["year"] + "-1-" + out["id"]
    out["code_status"] = code_status
    for col in ("conflict_dset_id", "dyad_dset_id", "side_a_dset_id", "side_b_dset_id"):
        out[col] = out[col.replace("dset", "new")]
    out["where_description"] = out["where_coordinates"]
    out["gwnoa"] = "652"
    return out[COLUMNS_251]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def zipped(member: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, data)
    return buf.getvalue()


class Server:
    """Serves ``files`` (path -> bytes) and API pages; records the headers of each request. Faults on request:
    ``trickle`` paths send one byte every ``trickle_s`` seconds; the API answers 400 to its first ``rate_limited``
    requests, counts ``uncounted`` more events in TotalCount than its pages hold, and with ``loop`` names the
    page itself as the next one."""

    def __init__(self, files: dict[str, bytes], api_pages: list[dict] | None = None, token: str = "",
                 break_page: int | None = None, trickle: tuple[str, ...] = (), trickle_s: float = 0.2,
                 rate_limited: int = 0, uncounted: int = 0, loop: bool = False):
        self.files, self.api_pages, self.token, self.break_page = files, api_pages or [], token, break_page
        self.trickle, self.trickle_s, self.rate_limited, self.uncounted, self.loop = trickle, trickle_s, rate_limited, uncounted, loop
        self.requests: list[tuple[str, dict]] = []
        self.stop = threading.Event()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requests.append((self.path, dict(self.headers)))
                path = self.path.split("?")[0]
                if path.startswith("/api/gedevents/"):
                    return outer._api(self)
                if path in outer.trickle:
                    return outer._trickle(self, outer.files[path])
                if path in outer.files:
                    body = outer.files[path]
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_error(404)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def _trickle(self, handler, body: bytes) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        for i in range(len(body)):
            if self.stop.wait(self.trickle_s):
                return
            try:
                handler.wfile.write(body[i:i + 1])
                handler.wfile.flush()
            except OSError:  # the client gave up
                return

    def api_calls(self) -> int:
        return sum(p.startswith("/api/") for p, _ in self.requests)

    def _api(self, handler) -> None:
        if handler.headers.get("x-ucdp-access-token") != self.token:
            handler.send_error(401)
            return
        if self.api_calls() <= self.rate_limited:
            handler.send_error(400, "Too many requests")
            return
        query = dict(p.split("=") for p in handler.path.split("?")[1].split("&"))
        page = int(query.get("page", "0"))
        following = (f"{self.url}/api/gedevents/25.1?Country=652&pagesize=1000&page={page + 1}"
                     if page + 1 < len(self.api_pages) else "")
        body = json.dumps({"TotalCount": sum(len(p) for p in self.api_pages) + self.uncounted,
                           "TotalPages": len(self.api_pages), "PreviousPageUrl": "", "Result": self.api_pages[page],
                           "NextPageUrl": f"{self.url}{handler.path}" if self.loop else following}).encode()
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2] if page == self.break_page else body)
        handler.close_connection = True

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
