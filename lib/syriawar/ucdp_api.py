"""UCDP's API as a second way to the GED events, for users who want Syria only.

``GET https://ucdpapi.pcr.uu.se/api/gedevents/<version>?Country=652&pagesize=1000`` (the base address may be set
in ``SYRIAWAR_UCDP_API_URL``, for a mirror or a test server) returns pages of JSON
(``TotalCount``, ``TotalPages``, ``NextPageUrl``, ``Result``: a list of events with GED's columns). UCDP now asks
for an access token, sent as the ``x-ucdp-access-token`` header; it is read from the ``UCDP_API_TOKEN``
environment variable only and never written to a file, a log or a message. All pages are fetched first; the
events are then written as one CSV in GED columns, atomically, under a file name the catalog knows for the
global source (``GEDEvent_v25_1_api_syria.csv``), so the same reader and cache serve it. A page that breaks
off leaves nothing behind. A 400 (UCDP's answer to a burst of requests) is waited out and asked again, a bounded
number of times; a page address that comes back, too many pages or a total deadline end the fetch with an error.
"""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

from .codebook import SYRIA
from .download import write_rows_csv
from .errors import DataError, SourceNotFound
from .paths import raw_dir

API_URL_ENV = "SYRIAWAR_UCDP_API_URL"
DEFAULT_API_URL = "https://ucdpapi.pcr.uu.se/api"
TOKEN_ENV = "UCDP_API_TOKEN"
TOKEN_HEADER = "x-ucdp-access-token"
MAX_PAGES = 2000  # Syria's whole history is about 100 pages of 1,000; far more means the API is looping
RATE_LIMIT_TRIES = 6  # UCDP answers 400 after a burst: wait and ask again, this many times per page at most
BACKOFF_S = 2.0  # first wait after a 400; doubled each time (2, 4, 8, 16, 32 s)
DEADLINE_S = 1800.0  # every page in all
HOW_TO_GET_A_TOKEN = (f"UCDP's API needs an access token: request one from UCDP (see https://ucdp.uu.se/apidocs/) and "
                      f"set it in the {TOKEN_ENV} environment variable; or fetch the whole release with "
                      "`syriawar data fetch ucdp_ged_global`, which needs none")


class CountShortfallWarning(UserWarning):
    """The pages hold fewer events than the API's TotalCount (which counts type_of_violence 4 events the pages
    leave out); the events are kept and the difference said."""


def api_url() -> str:
    """The API's events address, with ``{version}`` left to fill: from SYRIAWAR_UCDP_API_URL (a mirror or a test
    server; its base, e.g. http://127.0.0.1:8000/api) or UCDP's own."""
    base = os.environ.get(API_URL_ENV, "").strip() or DEFAULT_API_URL
    return base if "{version}" in base else base.rstrip("/") + "/gedevents/{version}"


def _get(session, url: str, timeout: float, deadline: float):
    """One page, waiting and asking again (boundedly) while the API answers 400 for too many requests."""
    import requests

    for attempt in range(RATE_LIMIT_TRIES):
        if time.monotonic() > deadline:
            break
        try:
            resp = session.get(url, timeout=timeout)
        except requests.exceptions.RequestException as exc:
            raise SourceNotFound(f"UCDP's API at {url.split('?')[0]} could not be read ({type(exc).__name__}); nothing was saved") from exc
        if resp.status_code != 400:
            return resp
        if attempt + 1 < RATE_LIMIT_TRIES:
            time.sleep(min(BACKOFF_S * 2 ** attempt, max(deadline - time.monotonic(), 0)))
    raise SourceNotFound(f"UCDP's API kept answering 400 (too many requests) for {url.split('?')[0]} after "
                         f"{RATE_LIMIT_TRIES} tries with waits; nothing was saved. Try again later")


def _pages(url: str, token: str, timeout: float, deadline_s: float):
    """(TotalCount, rows) of each page, following NextPageUrl; a page address seen before, more than MAX_PAGES
    pages, or the deadline passing ends it with an error."""
    import requests

    deadline, seen = time.monotonic() + deadline_s, set()
    with requests.Session() as session:
        session.headers[TOKEN_HEADER] = token
        while url:
            if url in seen:
                raise DataError(f"UCDP's API sent a next page it had sent before ({url.split('?')[-1]}); it is looping; nothing was saved")
            if len(seen) >= MAX_PAGES:
                raise DataError(f"UCDP's API sent more than {MAX_PAGES} pages; expected far fewer for one country; nothing was saved")
            if time.monotonic() > deadline:
                raise SourceNotFound(f"UCDP's API was still sending pages after {deadline_s:g} s ({len(seen)} read); nothing was saved")
            seen.add(url)
            resp = _get(session, url, timeout, deadline)
            if resp.status_code in (401, 403):
                raise SourceNotFound(f"UCDP's API refused the request ({resp.status_code}): {HOW_TO_GET_A_TOKEN}")
            if resp.status_code != 200:
                raise SourceNotFound(f"UCDP's API answered {resp.status_code} for {url.split('?')[0]}; nothing was saved")
            try:
                page = resp.json()
                rows, url, total = page["Result"], page.get("NextPageUrl") or "", page.get("TotalCount")
                if not isinstance(rows, list):
                    raise TypeError("Result is not a list")
            except (ValueError, KeyError, TypeError) as exc:
                raise DataError(f"UCDP's API sent a page that is not the expected JSON ({type(exc).__name__}); nothing was saved") from exc
            yield total, rows


def fetch_api(version: str = "25.1", country: int = SYRIA.gleditsch_ward, base_url: str | None = None, pagesize: int = 1000,
              timeout: float = 60, target: Path | None = None, deadline_s: float | None = None) -> Path:
    """Fetch every page of ``country``'s events in GED ``version`` and save them as one GED-format CSV. A
    TotalCount above the rows the pages hold is said in a CountShortfallWarning, not an error: UCDP counts
    events of type_of_violence 4 there that the pages leave out."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise SourceNotFound(HOW_TO_GET_A_TOKEN)
    url = f"{(base_url or api_url()).format(version=version)}?Country={country}&pagesize={pagesize}"
    rows, totals = [], []
    for total, page in _pages(url, token, timeout, DEADLINE_S if deadline_s is None else deadline_s):
        rows.extend(page)
        totals.append(total)
    if not rows:
        raise DataError(f"UCDP's API returned no events for country {country} in GED {version}; nothing was saved")
    total = next((t for t in totals if isinstance(t, int)), None)
    if total is not None and total > len(rows):
        warnings.warn(f"UCDP's API counts {total:,} events (TotalCount) but its pages held {len(rows):,}: "
                      f"TotalCount includes events of type_of_violence 4, which the pages leave out (so the "
                      f"{total - len(rows):,} are expected); the events read were kept", CountShortfallWarning, stacklevel=2)
    major, minor = version.split(".")
    return write_rows_csv(rows, target or raw_dir() / "ucdp_ged_global" / f"GEDEvent_v{major}_{minor}_api_syria.csv")
