"""Downloads that end and do not lie: a read timeout and a total deadline, retries with back-off, the file's
content checked (a zip opens, a CSV has the expected header and is not an HTML page), sha256 checked where it
is known, and the file moved into place only once all of that holds (an interrupted, refused or cut download
leaves the earlier file, or nothing, behind).

Where the catalog knows no checksum, the download is recorded in ``<folder>/.fetched.toml`` (date, address,
size, sha256), so a later change of the file is seen; the record is written only after the content check.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import tomllib

from .atomic import write_text_atomic
from .errors import DataError, SourceNotFound

LOCK_NAME = ".fetched.toml"
DEADLINE_S = 3600.0  # a whole download, however slowly the bytes come (GED's 40 MB zip needs well under this)
BACKOFF_S = 1.0  # first wait between attempts; doubled each time
CHUNK = 1 << 16


class NotPublished(SourceNotFound):
    """The address answers 404: the file does not exist (yet); retrying cannot help."""


class _Retry(Exception):
    """An attempt failed in a way another attempt may mend (cut off, 5xx, connection refused)."""


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _first_line(raw: bytes) -> str:
    return raw.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip()


def _head(path: Path, name: str, member_pattern: str = ".csv") -> tuple[str, str]:
    """(what was read, its first line): the first CSV member of a zip, a gzip's text, or the file itself; the kind
    of file is told by ``name`` (a download is checked under a temporary name)."""
    label, name = name, name.lower()
    if name.endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.namelist() if m.lower().endswith(member_pattern)]
                if not members:
                    raise DataError(f"{label}: the zip holds no {member_pattern} file; expected UCDP's CSV inside")
                with zf.open(members[0]) as fh:
                    return members[0], _first_line(fh.read(CHUNK))
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise DataError(f"{label}: the download is not a complete zip ({exc}); expected a zip archive") from exc
    if name.endswith(".gz"):
        try:
            with gzip.open(path, "rb") as fh:
                return label, _first_line(fh.read(CHUNK))
        except (OSError, EOFError) as exc:
            raise DataError(f"{label}: the download is not a complete gzip file ({exc})") from exc
    with open(path, "rb") as fh:
        return label, _first_line(fh.read(CHUNK))


def check_content(path: Path, columns: tuple[str, ...] = (), name: str | None = None) -> None:
    """DataError unless ``path`` is what its name (or ``name``) promises: a zip that opens, a CSV (plain, gzipped
    or inside the zip) whose header is not an HTML page and holds every name in ``columns``."""
    path = Path(path)
    name = name or path.name
    what, first = _head(path, name)
    if first.lstrip().startswith("<"):
        raise DataError(f"{name}: the server sent an HTML or XML page ({first[:60]!r}), not the data file; "
                        "nothing was saved")
    if what.lower().endswith((".csv", ".csv.gz")) and columns:
        header = [c.strip().strip('"') for c in first.replace(";", ",").split(",")]
        lacking = [c for c in columns if c not in header]
        if lacking:
            raise DataError(f"{name}: {what}'s header lacks {', '.join(lacking)} (first line {first[:80]!r}); "
                            f"expected a CSV with {', '.join(columns)}; nothing was saved")


def _stream(url: str, tmp: Path, timeout: float, deadline: float, headers: dict, progress: bool) -> int:
    """One attempt: the body into ``tmp``; the number of bytes. Reads what has arrived (read1), so the deadline is
    checked at least once per read timeout even when the server sends one byte at a time."""
    import requests

    try:
        resp = requests.get(url, stream=True, timeout=(min(timeout, 30), timeout), headers=headers)
    except requests.exceptions.RequestException as exc:
        raise _Retry(type(exc).__name__) from exc
    with resp:
        if resp.status_code == 404:
            raise NotPublished(f"{url} answers 404 (not published)")
        if resp.status_code >= 500 or resp.status_code in (408, 429):
            raise _Retry(f"HTTP {resp.status_code}")
        if resp.status_code != 200:
            raise SourceNotFound(f"{url} answers HTTP {resp.status_code}; expected 200 and the file")
        expected = int(resp.headers.get("Content-Length") or 0) or None
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=expected, unit="B", unit_scale=True, desc=Path(url.split("?")[0]).name, leave=False)
        got = 0
        try:
            with open(tmp, "wb") as out:
                while True:
                    if time.monotonic() > deadline:
                        raise SourceNotFound(f"download of {url} passed its deadline after {got:,} bytes (the server "
                                             "sends too slowly); nothing was saved")
                    try:
                        block = resp.raw.read1(CHUNK, decode_content=True)
                    except Exception as exc:  # requests', urllib3's and the socket's errors alike: try again
                        raise _Retry(f"{type(exc).__name__} after {got:,} bytes") from exc
                    if not block:
                        break
                    out.write(block)
                    got += len(block)
                    if bar is not None:
                        bar.update(len(block))
        finally:
            if bar is not None:
                bar.close()
        if expected is not None and got < expected and not resp.headers.get("Content-Encoding"):
            raise _Retry(f"cut off after {got:,} of {expected:,} bytes")
        return got


def download_file(url: str, target: Path, expected_sha256: str | None = None, timeout: float = 60,
                  retries: int = 3, headers: dict | None = None, progress: bool = False,
                  deadline_s: float | None = None, columns: tuple[str, ...] = ()) -> Path:
    """Download ``url`` to ``target``: SourceNotFound (NotPublished for a 404) when it cannot be had in ``retries``
    attempts or within ``deadline_s`` seconds in all (``DEADLINE_S`` by default); DataError when what came is not
    the file (a zip that does not open, an HTML page, a CSV without ``columns``, another sha256). Nothing partial
    is ever left at ``target``, nor an empty folder where there was none."""
    target = Path(target)
    folder_existed = target.parent.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + (DEADLINE_S if deadline_s is None else deadline_s)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        attempts, done, reason = 0, False, ""
        while attempts < max(retries, 1) and not done:
            if attempts:
                time.sleep(min(BACKOFF_S * 2 ** (attempts - 1), max(deadline - time.monotonic(), 0)))
            if time.monotonic() > deadline:
                reason = f"deadline of {deadline_s or DEADLINE_S:g} s passed; {reason}"
                break
            attempts += 1
            try:
                _stream(url, tmp, timeout, deadline, headers or {}, progress)
                done = True
            except _Retry as exc:
                reason = str(exc)
        if not done:
            raise SourceNotFound(f"download of {url} failed after {attempts} attempts ({reason}); nothing was saved")
        # what it is first, then its checksum: an HTML page is named as one
        check_content(tmp, columns, name=target.name)
        if expected_sha256:
            digest = sha256_of(tmp)
            if digest != expected_sha256:
                raise DataError(f"{url}: downloaded file has sha256 other than expected {expected_sha256}; nothing "
                                f"was saved (it has {digest})")
        os.replace(tmp, target)
    except BaseException:  # an interrupt too: the partial file goes, the earlier one stays
        if tmp.exists():
            tmp.unlink()
        _tidy(target, folder_existed)
        raise
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
