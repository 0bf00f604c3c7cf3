"""Downloads with pooch: timeout, retries with back-off, sha256 checked where it is known, a progress bar, and
the file moved into place only once complete (an interrupted or refused download leaves the earlier file, or
nothing, behind). Replaces the workbook's own urllib downloader.

Where the catalog knows no checksum, the download is recorded in ``<folder>/.fetched.toml`` (date, address,
size, sha256), so a later change of the file is seen.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timezone
from pathlib import Path

import tomllib

from .atomic import write_text_atomic
from .errors import DataError, SourceNotFound

LOCK_NAME = ".fetched.toml"


class NotPublished(SourceNotFound):
    """The address answers 404: the file does not exist (yet); retrying cannot help."""


def _downloader(timeout: float, headers: dict, progress: bool):
    """pooch's HTTP downloader, except that a 404 fails at once instead of being retried."""
    import pooch
    import requests

    inner = pooch.HTTPDownloader(timeout=timeout, progressbar=progress, headers=headers)

    def download(url, output_file, pooch_obj, check_only=False):
        try:
            return inner(url, output_file, pooch_obj, check_only=check_only)
        except requests.exceptions.HTTPError as exc:
            if exc.response is not None and exc.response.status_code == 404:
                raise NotPublished(f"{url} answers 404 (not published)") from exc
            raise

    return download


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def download_file(url: str, target: Path, expected_sha256: str | None = None, timeout: float = 60,
                  retries: int = 3, headers: dict | None = None, progress: bool = False) -> Path:
    """Download ``url`` to ``target`` (pooch); DataError on a checksum mismatch, SourceNotFound when the address
    cannot be reached after ``retries`` attempts. Nothing partial is ever left at ``target``."""
    import pooch
    import requests

    pooch.get_logger().setLevel(logging.WARNING)
    target = Path(target)
    folder_existed = target.parent.exists()
    store = pooch.create(path=target.parent, base_url="", registry={target.name: f"sha256:{expected_sha256}" if expected_sha256 else None},
                         urls={target.name: url}, retry_if_failed=max(retries - 1, 0), allow_updates=True)
    try:
        store.fetch(target.name, downloader=_downloader(timeout, headers or {}, progress))
    except NotPublished:
        _tidy(target, folder_existed)
        raise
    except ValueError as exc:  # pooch's hash mismatch: the temporary file is already gone
        _tidy(target, folder_existed)
        raise DataError(f"{url}: downloaded file has sha256 other than expected {expected_sha256}; nothing was saved "
                        f"({str(exc).splitlines()[0][:160]})") from exc
    except (requests.exceptions.RequestException, OSError) as exc:
        _tidy(target, folder_existed)
        reason = type(exc).__name__ + (f": {exc.response.status_code}" if getattr(exc, "response", None) is not None else "")
        raise SourceNotFound(f"download of {url} failed after {retries} attempts ({reason})") from exc
    return target


def _tidy(target: Path, folder_existed: bool) -> None:
    if not folder_existed:
        try:  # a failed download leaves nothing behind in data/raw, not even an empty folder
            target.parent.rmdir()
        except OSError:
            pass


def record_fetch(path: Path, url: str) -> dict:
    """Record a download whose checksum the catalog does not know, in the folder's lock file."""
    lock = path.parent / LOCK_NAME
    entries = read_lock(path.parent)
    entries[path.name] = {"fetched": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "url": url,
                          "bytes": path.stat().st_size, "sha256": sha256_of(path)}
    # a JSON string or number is also a TOML value
    text = "".join(f"[{json.dumps(name)}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in e.items()) + "\n"
                   for name, e in sorted(entries.items()))
    write_text_atomic(lock, "# Files fetched by `syriawar data fetch` whose checksum the catalog does not know.\n" + text)
    return entries[path.name]


def read_lock(folder: Path) -> dict:
    lock = Path(folder) / LOCK_NAME
    if not lock.is_file():
        return {}
    try:
        return tomllib.loads(lock.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{lock}: cannot read the record of fetched files ({exc}); delete it to fetch again") from exc


def write_rows_csv(rows: list[dict], target: Path) -> Path:
    """Records (from an API's JSON pages) as one CSV with every key a column, written atomically."""
    import csv
    import io

    columns = list(dict.fromkeys(k for row in rows for k in row))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(target, buf.getvalue())
    return target
