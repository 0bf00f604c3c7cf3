"""``syriawar data fetch``: bring every catalog source that has an official address into ``data/raw/<source>/``.

Each file goes through ``download.download_file`` (progress bar, read timeout and total deadline, retries with
back-off, a content check, sha256 where the catalog knows it, atomic move); a file already in data/raw is kept.
Where the catalog knows no checksum, the download is recorded in ``data/raw/<source>/.fetched.toml`` (only once
its content has been checked). A one-file source with fallbacks (UCDP GED: 26.1, then 25.1) takes the newest
release that answers. Offline, each source gets one line naming its address and how to place the file by hand.
Nothing is downloaded for sources with no address (Airwars, VDC, boundaries): users bring those. Anything asked
for and not fetched (404, refused content, unreachable) has a status that makes the command exit non-zero.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from . import catalog
from .download import NotPublished, download_file, record_fetch
from .errors import DataError, SourceNotFound, WorkbookError
from .paths import MIRROR_ENV, raw_dir


@dataclass
class Fetched:
    source: str
    status: str  # fetched, present, skipped; not fetched: missing (404), unreachable, refused
    detail: str
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        size = f", {self.bytes / 2**20:,.1f} MB in {self.seconds:.1f} s" if self.bytes else ""
        return f"{self.source}: {self.status}{size}; {self.detail}"


def _fetch_one(src: catalog.Source, url: str, progress: bool) -> tuple[Path, bool]:
    """Download one address into data/raw/<source>/ under its own name; (path, downloaded)."""
    name = Path(url.split("?")[0]).name
    target = raw_dir() / src.name / name
    if target.is_file():
        return target, False
    download_file(url, target, expected_sha256=src.sha256.get(name), timeout=catalog.DOWNLOAD_TIMEOUT_S,
                  retries=catalog.DOWNLOAD_RETRIES, progress=progress, deadline_s=catalog.DOWNLOAD_DEADLINE_S,
                  columns=src.columns)
    if not src.sha256.get(name):
        record_fetch(target, url)
    return target, True


@lru_cache(maxsize=32)
def _resolves(host: str) -> bool:
    try:
        socket.getaddrinfo(host, None)
        return True
    except (socket.gaierror, UnicodeError):
        return False


def _host_resolves(url: str) -> bool:
    return _resolves(urlsplit(url).hostname or "")


def _fetch_newest(src: catalog.Source, progress: bool) -> Fetched:
    """A one-file source: its address, then each fallback, until one answers; 404 everywhere is 'missing'."""
    t0, missing = time.perf_counter(), []
    for url in src.choices:
        try:
            path, new = _fetch_one(src, url, progress)
        except NotPublished:
            missing.append(url)
            continue
        except SourceNotFound as exc:
            return Fetched(src.name, "unreachable", f"{exc}; download {url} by hand into data/raw/{src.name}/")
        except DataError as exc:
            return Fetched(src.name, "refused", str(exc))
        older = f" ({', '.join(Path(u).name for u in missing)} not published yet)" if missing else ""
        if not new:
            return Fetched(src.name, "present", f"{path.name} in data/raw/{src.name}/{older}")
        return Fetched(src.name, "fetched", f"{path.name} in data/raw/{src.name}/{older}", 1, path.stat().st_size,
                       time.perf_counter() - t0)
    return Fetched(src.name, "missing", f"{' and '.join(missing)} answer 404 (not published); nothing was fetched. "
                   f"Download the release by hand into data/raw/{src.name}/ or name a mirror folder in {MIRROR_ENV}")


def fetch_source(src: catalog.Source, progress: bool = True, force: bool = False) -> Fetched:
    """Fetch every address of one source; a missing month of a many-file source is skipped, not an error."""
    if not src.addresses:
        return Fetched(src.name, "skipped", f"no official address; put {' or '.join(src.files)} in data/raw/{src.name}/ "
                       f"or name a mirror folder in {MIRROR_ENV}")
    if not force:
        found = catalog.find_all(src) if src.urls else [f for f in [catalog.find_local(src)] if f]
        if found and found[0].origin == "mirror":
            return Fetched(src.name, "present", f"in the mirror {found[0].path.parent} (--force fetches it into data/raw)")
    if not _host_resolves(src.addresses[0]):  # offline: say so at once instead of retrying every file
        where = " (or, while that is not published, " + " or ".join(src.fallbacks) + ")" if src.fallbacks and not src.urls else ""
        return Fetched(src.name, "unreachable", f"{urlsplit(src.addresses[0]).hostname} cannot be reached (no network?); "
                       f"download {src.addresses[0]}{where} by hand into data/raw/{src.name}/")
    if not src.urls:
        return _fetch_newest(src, progress)
    t0, got, size, missing, failed = time.perf_counter(), 0, 0, [], []
    for url in src.addresses:
        try:
            path, new = _fetch_one(src, url, progress)
            got += new
            size += path.stat().st_size if new else 0
        except NotPublished as exc:
            missing.append((url, exc))
        except SourceNotFound as exc:
            failed.append((url, exc))
        except DataError as exc:
            return Fetched(src.name, "refused", str(exc))
    seconds = time.perf_counter() - t0
    here = len(src.addresses) - len(missing) - len(failed)
    if failed and not got and not here:
        url, exc = failed[0]
        return Fetched(src.name, "unreachable", f"{exc}; download {url} by hand into data/raw/{src.name}/")
    detail = f"{here} of {len(src.addresses)} file(s) in data/raw/{src.name}/"
    if missing:
        detail += f"; {len(missing)} not published (yet)"
    if failed:  # some files could not be had: the command must not say all is well
        detail += f"; {len(failed)} unreachable, first {failed[0][0]}"
        return Fetched(src.name, "unreachable", detail, got, size, seconds)
    if not here:
        return Fetched(src.name, "missing", detail + "; nothing was fetched", got, size, seconds)
    return Fetched(src.name, "fetched" if got else "present", detail, got, size, seconds)


class Interrupted(WorkbookError):
    """``data fetch`` was stopped (Ctrl-C): the files fetched so far stay, the one being read is dropped."""


def fetch(names: list[str] | None = None, progress: bool = True, force: bool = False) -> list[Fetched]:
    """Fetch the named sources, or every source with an address (those a mirror holds are left, unless force)."""
    sources = catalog.sources()
    chosen = [sources[n] if n in sources else catalog.source(n) for n in names] if names else \
        [s for s in sources.values() if s.addresses]
    done: list[Fetched] = []
    try:
        for src in chosen:
            done.append(fetch_source(src, progress, force))
    except KeyboardInterrupt:
        # one line, not a traceback; download_file has already removed the part it was writing
        finished = ", ".join(f"{r.source} {r.status}" for r in done) or "none"
        raise Interrupted(f"data fetch interrupted while fetching {chosen[len(done)].name}; nothing half-written was "
                          f"kept (finished before: {finished}); run it again to go on") from None
    return done
