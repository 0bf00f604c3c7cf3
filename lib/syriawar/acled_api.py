"""ACLED's API for users with an ACLED account: the OAuth password flow ACLED moved to in 2025.

1. ``POST https://acleddata.com/oauth/token`` (form: username, password, grant_type=password, client_id=acled)
   gives an access token and a refresh token;
2. ``GET https://acleddata.com/api/acled/read?_format=json&country=Syria&limit=5000&page=N`` with
   ``Authorization: Bearer <token>``, page by page until a page holds fewer than ``limit`` events; an expired
   token (401) is refreshed once (grant_type=refresh_token).
Credentials come only from ``ACLED_EMAIL`` and ``ACLED_PASSWORD`` and never reach a file, a log or a message.
All pages are read first, then written atomically as one export-format CSV,
``data/raw/acled_syria/acled_syria_api.csv``, so the same reader serves exports and API downloads. A page equal
to the one before (a loop), more than MAX_PAGES pages or DEADLINE_S seconds in all stop it with nothing saved.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .download import write_rows_csv
from .errors import DataError, SourceNotFound
from .paths import raw_dir

TOKEN_URL = "https://acleddata.com/oauth/token"
READ_URL = "https://acleddata.com/api/acled/read"
CLIENT_ID = "acled"
MAX_PAGES = 500  # Syria since 2017 is some 60 pages of 5,000; far more means the API is looping
DEADLINE_S = 1800.0  # every page in all
HOW = ("ACLED's API needs an ACLED account: register at acleddata.com, accept its terms, and set ACLED_EMAIL and "
       "ACLED_PASSWORD in the environment (they are never written anywhere); or export Syria from ACLED's Explorer and "
       "put the CSV in data/raw/acled_syria/ as acled_syria_yourname.csv")


class _Session:
    def __init__(self, token_url: str, timeout: float):
        import requests

        self.http, self.token_url, self.timeout = requests.Session(), token_url, timeout
        self.access, self.refresh = "", ""

    def _token(self, form: dict) -> None:
        import requests

        try:
            resp = self.http.post(self.token_url, data={**form, "client_id": CLIENT_ID}, timeout=self.timeout)
        except requests.exceptions.RequestException as exc:
            raise SourceNotFound(f"ACLED's token endpoint {self.token_url} could not be reached ({type(exc).__name__})") from exc
        if resp.status_code != 200:
            raise SourceNotFound(f"ACLED refused the account in ACLED_EMAIL and ACLED_PASSWORD ({resp.status_code}). {HOW}")
        body = resp.json()
        self.access, self.refresh = body["access_token"], body.get("refresh_token", "")

    def login(self, email: str, password: str) -> None:
        self._token({"username": email, "password": password, "grant_type": "password"})

    def get(self, url: str, params: dict) -> dict:
        import requests

        for attempt in (1, 2):
            try:
                resp = self.http.get(url, params=params, timeout=self.timeout, headers={"Authorization": f"Bearer {self.access}"})
            except requests.exceptions.RequestException as exc:
                raise SourceNotFound(f"ACLED's API at {url} could not be read ({type(exc).__name__}); nothing was saved") from exc
            if resp.status_code == 401 and attempt == 1 and self.refresh:
                self._token({"grant_type": "refresh_token", "refresh_token": self.refresh})  # expired: refresh once
                continue
            if resp.status_code != 200:
                raise SourceNotFound(f"ACLED's API answered {resp.status_code} for {url}; nothing was saved. {HOW}")
            try:
                return resp.json()
            except ValueError as exc:
                raise DataError("ACLED's API sent a page that is not JSON; nothing was saved") from exc
        raise SourceNotFound(f"ACLED's API refused a refreshed token; nothing was saved. {HOW}")


def fetch_acled(country: str = "Syria", limit: int = 5000, token_url: str = TOKEN_URL, read_url: str = READ_URL,
                timeout: float = 120, target: Path | None = None) -> Path:
    """Read every page of ``country``'s ACLED events and save them as one export-format CSV."""
    email, password = os.environ.get("ACLED_EMAIL", "").strip(), os.environ.get("ACLED_PASSWORD", "")
    if not email or not password:
        raise SourceNotFound(HOW)
    session = _Session(token_url, timeout)
    session.login(email, password)
    rows, page, previous, deadline = [], 1, None, time.monotonic() + DEADLINE_S
    while True:
        if page > MAX_PAGES:
            raise DataError(f"ACLED's API sent more than {MAX_PAGES} full pages; expected far fewer for one country; nothing was saved")
        if time.monotonic() > deadline:
            raise SourceNotFound(f"ACLED's API was still sending pages after {DEADLINE_S:g} s ({page - 1} read); nothing was saved")
        body = session.get(read_url, {"_format": "json", "country": country, "limit": limit, "page": page})
        data = body.get("data")
        if not isinstance(data, list):
            raise DataError("ACLED's API sent a page without a 'data' list; nothing was saved")
        if data and data == previous:  # the same page again: following it would never end
            raise DataError(f"ACLED's API sent page {page} identical to page {page - 1}; it is looping; nothing was saved")
        rows += data
        if len(data) < limit:
            break
        previous, page = data, page + 1
    if not rows:
        raise DataError(f"ACLED's API returned no events for {country}; nothing was saved")
    return write_rows_csv(rows, target or raw_dir() / "acled_syria" / "acled_syria_api.csv")
