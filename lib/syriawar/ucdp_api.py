"""UCDP's API as a second way to the GED events, for users who want Syria only.

``GET https://ucdpapi.pcr.uu.se/api/gedevents/<version>?Country=652&pagesize=1000`` returns pages of JSON
(``TotalCount``, ``TotalPages``, ``NextPageUrl``, ``Result``: a list of events with GED's columns). UCDP now asks
for an access token, sent as the ``x-ucdp-access-token`` header; it is read from the ``UCDP_API_TOKEN``
environment variable only and never written to a file, a log or a message. All pages are fetched first; the
events are then written as one CSV in GED columns, atomically, under a file name the catalog knows for the
global source (``GEDEvent_v25_1_api_syria.csv``), so the same reader and cache serve it. A page that breaks
off leaves nothing behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from .download import write_rows_csv
from .errors import DataError, SourceNotFound
from .paths import raw_dir

API_URL = "https://ucdpapi.pcr.uu.se/api/gedevents/{version}"
TOKEN_ENV = "UCDP_API_TOKEN"
TOKEN_HEADER = "x-ucdp-access-token"
SYRIA_GWNO = 652
HOW_TO_GET_A_TOKEN = (f"UCDP's API needs an access token: request one from UCDP (see https://ucdp.uu.se/apidocs/) and "
                      f"set it in the {TOKEN_ENV} environment variable; or fetch the whole release with "
                      "`syriawar data fetch ucdp_ged_global`, which needs none")


def _pages(url: str, token: str, timeout: float):
    import requests

    with requests.Session() as session:
        session.headers[TOKEN_HEADER] = token
        while url:
            try:
                resp = session.get(url, timeout=timeout)
            except requests.exceptions.RequestException as exc:
                raise SourceNotFound(f"UCDP's API at {url.split('?')[0]} could not be read ({type(exc).__name__}); nothing was saved") from exc
            if resp.status_code in (401, 403):
                raise SourceNotFound(f"UCDP's API refused the request ({resp.status_code}): {HOW_TO_GET_A_TOKEN}")
            if resp.status_code != 200:
                raise SourceNotFound(f"UCDP's API answered {resp.status_code} for {url.split('?')[0]}; nothing was saved")
            try:
                page = resp.json()
                rows, url = page["Result"], page.get("NextPageUrl") or ""
            except (ValueError, KeyError, TypeError) as exc:
                raise DataError(f"UCDP's API sent a page that is not the expected JSON ({type(exc).__name__}); nothing was saved") from exc
            yield rows


def fetch_api(version: str = "25.1", country: int = SYRIA_GWNO, base_url: str = API_URL, pagesize: int = 1000,
              timeout: float = 60, target: Path | None = None) -> Path:
    """Fetch every page of ``country``'s events in GED ``version`` and save them as one GED-format CSV."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise SourceNotFound(HOW_TO_GET_A_TOKEN)
    url = f"{base_url.format(version=version)}?Country={country}&pagesize={pagesize}"
    rows = [row for page in _pages(url, token, timeout) for row in page]
    if not rows:
        raise DataError(f"UCDP's API returned no events for country {country} in GED {version}; nothing was saved")
    major, minor = version.split(".")
    return write_rows_csv(rows, target or raw_dir() / "ucdp_ged_global" / f"GEDEvent_v{major}_{minor}_api_syria.csv")
