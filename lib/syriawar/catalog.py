"""The data catalog: which sources exist, where their files are, and how to fetch them.

A source is resolved by looking, in order, in
1. ``data/raw/<source>/``,
2. each folder named by the ``SYRIAWAR_DATA_MIRROR`` variable (``<mirror>/<mirror_dir>/`` or ``<mirror>/<source>/``),
3. the producer's official address (downloaded into ``data/raw/<source>/``).
Raw files are never modified. Downloads are written to a temporary file and moved into
place only once complete and checked.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tomllib

from .errors import DataError, SourceNotFound
from .paths import MIRROR_ENV, data_dir, mirror_dirs, raw_dir

DOWNLOAD_TIMEOUT_S = 60
DOWNLOAD_RETRIES = 3


@dataclass(frozen=True)
class Source:
    """One entry of ``data/sources.toml``."""

    name: str
    title: str
    producer: str
    version: str
    licence: str
    citation: str
    url: str
    mirror_dir: str
    files: tuple[str, ...]
    coverage: str
    unit: str
    optional: bool = False
    sha256: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ResolvedFile:
    source: Source
    path: Path
    origin: str  # "raw", "mirror" or "download"
    sha256: str


def load_catalog(path: Path | None = None) -> dict[str, Source]:
    """Read the catalog file into ``{name: Source}``."""
    path = path or data_dir() / "sources.toml"
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: cannot read the data catalog ({exc}); expected a TOML file") from exc
    out = {}
    for name, entry in raw.items():
        out[name] = Source(
            name=name,
            title=entry["title"],
            producer=entry["producer"],
            version=str(entry["version"]),
            licence=entry["licence"],
            citation=entry["citation"],
            url=entry.get("url", ""),
            mirror_dir=entry.get("mirror_dir", name),
            files=tuple(entry["files"]),
            coverage=entry.get("coverage", ""),
            unit=entry.get("unit", ""),
            optional=bool(entry.get("optional", False)),
            sha256=dict(entry.get("sha256", {})),
        )
    return out


@lru_cache(maxsize=None)
def _catalog_cached(path: str) -> dict[str, Source]:
    return load_catalog(Path(path))


def source(name: str) -> Source:
    """The catalog entry called ``name``."""
    cat = _catalog_cached(str(data_dir() / "sources.toml"))
    if name not in cat:
        raise SourceNotFound(f"unknown source {name!r}; the catalog data/sources.toml lists: {', '.join(sorted(cat))}")
    return cat[name]


def sources() -> dict[str, Source]:
    return dict(_catalog_cached(str(data_dir() / "sources.toml")))


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_SHA_MEMO: dict[tuple[str, int, int], str] = {}


def file_sha256(path: Path) -> str:
    """sha256 of a file, remembered per (path, size, mtime) within a process."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _SHA_MEMO:
        _SHA_MEMO[key] = sha256_of(path)
    return _SHA_MEMO[key]


def _check_known_sum(src: Source, path: Path) -> str:
    digest = file_sha256(path)
    expected = src.sha256.get(path.name)
    if expected and expected != digest:
        raise DataError(
            f"{path}: sha256 is {digest}, but the catalog expects {expected} for {path.name} "
            f"({src.title} {src.version}); the file is damaged or a different version"
        )
    return digest


def candidate_folders(src: Source) -> list[tuple[str, Path]]:
    folders = [("raw", raw_dir() / src.name)]
    for m in mirror_dirs():
        folders.append(("mirror", m / src.mirror_dir))
        if src.mirror_dir != src.name:
            folders.append(("mirror", m / src.name))
    return folders


def find_local(src: Source) -> ResolvedFile | None:
    """The first expected file found in data/raw or a mirror, or None."""
    for origin, folder in candidate_folders(src):
        for fname in src.files:
            # a .csv may also come gzipped, as many mirrors and users keep it
            for p in (folder / fname, folder / f"{fname}.gz") if fname.endswith(".csv") else (folder / fname,):
                if p.is_file():
                    return ResolvedFile(src, p, origin, _check_known_sum(src, p))
    return None


_USED: dict[str, ResolvedFile] = {}


def used() -> list[ResolvedFile]:
    """The files resolved so far in this process, in the order first used (for provenance)."""
    return list(_USED.values())


def forget_used() -> None:
    """Start a new provenance record (a kernel forked from a warm parent has read nothing yet)."""
    _USED.clear()


def resolve(name: str, download: bool = True) -> ResolvedFile:
    """Find a source's file locally, or download it from the producer's address; remember it for provenance."""
    found = _resolve(name, download)
    _USED.setdefault(name, found)
    return found


def _resolve(name: str, download: bool) -> ResolvedFile:
    src = source(name)
    found = find_local(src)
    if found:
        return found
    looked = [str(f) for _, f in candidate_folders(src)]
    if download and src.url:
        # saved under a name the catalog expects, so the next lookup finds it in data/raw/
        url_name = Path(src.url.split("?")[0]).name
        target = raw_dir() / src.name / (url_name if url_name in src.files else src.files[0])
        try:
            download_file(src.url, target, expected_sha256=src.sha256.get(target.name))
        except SourceNotFound as exc:
            raise SourceNotFound(
                f"source {name!r} ({src.title}) is not in {', '.join(looked)} and could not be downloaded: {exc}. "
                f"Put {' or '.join(src.files)} in data/raw/{name}/ or name a mirror folder in {MIRROR_ENV}."
            ) from exc
        return ResolvedFile(src, target, "download", file_sha256(target))
    how = f"download from {src.url} was not attempted" if src.url else "it has no download address"
    raise SourceNotFound(
        f"source {name!r} ({src.title}) not found: looked for {' or '.join(src.files)} in {', '.join(looked) or 'no folder'}; "
        f"{how}. Put the file in data/raw/{name}/ or set {MIRROR_ENV} to a folder that holds {src.mirror_dir}/."
    )


def download_file(url: str, target: Path, expected_sha256: str | None = None,
                  timeout: float = DOWNLOAD_TIMEOUT_S, retries: int = DOWNLOAD_RETRIES) -> Path:
    """Download ``url`` to ``target`` atomically: temp file, length and checksum checks, then rename.

    A checksum mismatch is final (no retry) and leaves nothing behind; a dropped connection is retried.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    last: Exception | None = None
    for attempt in range(1, retries + 1):
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                with urllib.request.urlopen(url, timeout=timeout) as resp:
                    expected_len = resp.headers.get("Content-Length")
                    got = 0
                    h = hashlib.sha256()
                    while True:
                        try:
                            block = resp.read(1 << 16)
                        except http.client.IncompleteRead as exc:
                            raise ConnectionError(f"connection closed after {got + len(exc.partial)} bytes") from exc
                        if not block:
                            break
                        got += len(block)
                        h.update(block)
                        out.write(block)
                    if expected_len is not None and got != int(expected_len):
                        raise ConnectionError(f"connection closed after {got} of {expected_len} bytes")
            digest = h.hexdigest()
            if expected_sha256 and digest != expected_sha256:
                tmp.unlink(missing_ok=True)
                raise DataError(f"{url}: downloaded file has sha256 {digest}, expected {expected_sha256}; nothing was saved")
            os.replace(tmp, target)
            return target
        except DataError:
            raise
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, http.client.HTTPException) as exc:
            last = exc
            tmp.unlink(missing_ok=True)
            if attempt < retries:
                time.sleep(0.2 * attempt)
        finally:
            if tmp.exists() and tmp != target:
                tmp.unlink(missing_ok=True)
    try:  # a failed download leaves nothing behind in data/raw, not even an empty folder
        target.parent.rmdir()
    except OSError:
        pass
    raise SourceNotFound(f"download of {url} failed after {retries} attempts ({last})")
