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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tomllib

from .download import download_file, read_lock, sha256_of
from .errors import DataError, SourceNotFound
from .paths import MIRROR_ENV, data_dir, mirror_dirs, raw_dir

DOWNLOAD_TIMEOUT_S = 60
DOWNLOAD_RETRIES = 3
DOWNLOAD_DEADLINE_S = 3600  # one file in all, however slowly it comes


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
    urls: tuple[str, ...] = ()  # several files (monthly releases); each is fetched and all are read
    size: str = ""  # what a download weighs, for the README and the fetch command
    fallbacks: tuple[str, ...] = ()  # older releases tried in turn when ``url`` is not published (yet)
    columns: tuple[str, ...] = ()  # header names a downloaded CSV must have before it is kept
    package: str = ""  # 'distribution_module:folder': a file shipped inside an installed package (PyPI)
    homepage: str = ""  # the producer's page for the data (what a report's source name links to)
    doi: str = ""  # the DOI a citation of the source gives, where it has one
    year: str = ""  # the year of the release cited

    @property
    def many(self) -> bool:
        """Published as several files (monthly releases, exports): every file matching ``files`` is read."""
        return bool(self.urls) or any("*" in f for f in self.files)

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address to fetch: all of ``urls`` for a many-file source, else ``url`` (its fallbacks are tried
        only when it answers 404, see ``choices``)."""
        return self.urls or ((self.url,) if self.url else ())

    @property
    def choices(self) -> tuple[str, ...]:
        """A one-file source's addresses, newest release first: ``url`` then each fallback."""
        return ((self.url,) if self.url else ()) + self.fallbacks


@dataclass(frozen=True)
class ResolvedFile:
    source: Source
    path: Path
    origin: str  # "raw", "mirror", "package" or "download"
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
            size=entry.get("size", ""),
            homepage=entry.get("homepage", ""), doi=entry.get("doi", ""), year=str(entry.get("year", "")),
            urls=_template_urls(entry["url_template"], entry.get("url_values", {})) if entry.get("url_template")
            else tuple(entry.get("urls", [])),
            fallbacks=tuple(entry.get("fallback_urls", [])),
            columns=tuple(entry.get("columns", [])),
            package=entry.get("package", ""),
        )
    return out


def _template_urls(template: str | list[str], values: dict) -> tuple[str, ...]:
    """Every address a template (or each of a list of templates) gives: 'GEDEvent_v{yy}_0_{m}.csv' with yy in
    [25, 26] and m in 1..12."""
    import itertools

    keys = list(values)
    ranges = [v if isinstance(v, list) else list(range(v["from"], v["to"] + 1)) for v in values.values()]
    templates = [template] if isinstance(template, str) else list(template)
    return tuple(t.format(**dict(zip(keys, combo))) for t in templates for combo in itertools.product(*ranges))


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
    expected = src.sha256.get(path.name) or read_lock(path.parent).get(path.name, {}).get("sha256")
    if expected and expected != digest:
        raise DataError(
            f"{path}: sha256 is {digest}, but the catalog expects {expected} for {path.name} "
            f"({src.title} {src.version}); the file is damaged or a different version"
        )
    return digest


def package_folder(spec: str) -> Path | None:
    """The folder 'module:sub/folder' names inside an installed package, found without importing it; None when
    the package is not installed."""
    import importlib.util

    module, _, sub = spec.partition(":")
    try:
        found = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if found is None or not found.submodule_search_locations:
        return None
    return Path(list(found.submodule_search_locations)[0]) / sub


def candidate_folders(src: Source) -> list[tuple[str, Path]]:
    """Where a source's files are looked for, in order: data/raw, each mirror, then the installed package that
    ships it (if any)."""
    folders = [("raw", raw_dir() / src.name)]
    for m in mirror_dirs():
        folders.append(("mirror", m / src.mirror_dir))
        if src.mirror_dir != src.name:
            folders.append(("mirror", m / src.name))
    if src.package and (folder := package_folder(src.package)) is not None:
        folders.append(("package", folder))
    return folders


def find_all(src: Source) -> list[ResolvedFile]:
    """Every file matching the source's ``files`` patterns (with '*') in the first folder that holds any:
    for sources published as many files (UCDP's monthly Candidate releases), sorted by name."""
    for origin, folder in candidate_folders(src):
        paths = sorted({p for pattern in src.files for p in folder.glob(pattern) if p.is_file() and not p.name.startswith(".")})
        if paths:
            return [ResolvedFile(src, p, origin, _check_known_sum(src, p)) for p in paths]
    return []


def _as_one(files: list[ResolvedFile]) -> ResolvedFile | None:
    """A many-file source as one resolved entry: named 'first ... last (n files)', keyed by all their checksums."""
    if not files:
        return None
    name = files[0].path.name if len(files) == 1 else f"{files[0].path.name} ... {files[-1].path.name} ({len(files)} files)"
    digest = hashlib.sha256("".join(f.sha256 for f in files).encode()).hexdigest()
    return ResolvedFile(files[0].source, files[0].path.parent / name, files[0].origin, digest)


def find_local(src: Source) -> ResolvedFile | None:
    """The first expected file found in data/raw or a mirror, or None (a many-file source: all its files, as one)."""
    if src.many:
        return _as_one(find_all(src))
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
            download_file(src.url, target, expected_sha256=src.sha256.get(target.name), timeout=DOWNLOAD_TIMEOUT_S,
                          retries=DOWNLOAD_RETRIES, columns=src.columns)
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
