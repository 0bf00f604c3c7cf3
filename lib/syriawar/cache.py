"""Cache of canonical tables, keyed by the source file's checksum and the reader's version.

Tables are kept as uncompressed Arrow IPC files and read memory-mapped: the columns pandas gets are the file's
own pages, so a warm load neither decompresses nor copies (a 414,000-event table: 40 MB more memory until its
columns are used, where parquet's decoding peaked 290 MB higher). The files are larger than parquet's (120 MB for
that table against 24 MB). A table is written to a temporary file and renamed into place, so a failed build never
replaces a good cache, two processes building the same table at once never see a half-written file, and a kernel
that has a table mapped keeps reading the file it opened.

Beside each table: ``<table>.warnings.json`` (what its build skipped or repaired) and ``<table>.sha256`` (the
SHA-256 of both, in ``sha256sum`` form, written last). A load checks both against it, on the very bytes it then
serves, and rebuilds from the raw file when they differ (a disk that zeroed a block once had every headline of a
table served as NUL bytes), saying so once. Hashing costs about 0.1 s for a 120 MB table.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import warnings
from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow as pa

from .atomic import replacing, write_text_atomic
from .paths import cache_dir

# A rebuilt cache is said on stderr (once, by the process that rebuilds it), not as a warning: a dataset's warnings
# become the notes printed under every report that uses it, and a cache rebuilt once is no fact about the data.
log = logging.getLogger(__name__)


class CacheNotWrittenWarning(UserWarning):
    """A table was built but could not be kept in the cache folder (full, read-only, not permitted)."""


def cache_path(table: str, sha256: str, reader_version: str) -> Path:
    return cache_dir() / f"{table}-{sha256[:16]}-v{reader_version}.arrow"


def cached_table(table: str, sha256: str, reader_version: str, build: Callable[[], pd.DataFrame],
                 use_cache: bool = True) -> pd.DataFrame:
    """Load ``table`` from the cache, or build it with ``build()`` and store it atomically.

    Warnings raised while building (skipped or repaired rows) are stored beside the table and raised again
    on every warm load, so that a cached table still says what was skipped. A cached table whose bytes do not
    match its checksum is never served: it is built again, and a line on stderr (logger ``syriawar.cache``) names
    the file. A
    table that cannot be written to the cache is returned all the same, with a ``CacheNotWrittenWarning``.
    """
    path = cache_path(table, sha256, reader_version)
    notes = path.with_suffix(".warnings.json")
    sums = path.with_suffix(".sha256")
    problem = None
    if use_cache and path.is_file():
        try:
            frame, items = load_verified(path, notes, sums)
            for item in items:
                warnings.warn(item["message"], _category(item["category"]), stacklevel=3)
            return frame
        except CacheMismatch as exc:
            problem = str(exc)
        except (OSError, ValueError):  # an unreadable cache file is rebuilt, never trusted
            pass
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = build()
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if problem:
        log.warning("%s; rebuilt it from the raw file", problem)
    if use_cache:
        try:
            _store(frame, caught, path, notes, sums)
        except OSError as exc:
            warnings.warn(f"cannot keep table {table} in the cache folder {path.parent} ({exc.strerror or exc}): it "
                          "is built again at every load; free some space or make the folder writable, or set "
                          "SYRIAWAR_CACHE_DIR to a folder that is", CacheNotWrittenWarning, stacklevel=2)
    return frame


class CacheMismatch(ValueError):
    """A cache file whose bytes differ from its recorded checksum."""


def _store(frame: pd.DataFrame, caught: list, path: Path, notes: Path, sums: Path) -> None:
    """The table, its notes, then the checksums of both (last: a table without them is rebuilt, never trusted)."""
    text = json.dumps([{"message": str(w.message), "category": f"{w.category.__module__}.{w.category.__qualname__}"}
                       for w in caught])
    write_text_atomic(notes, text)
    digest = write_arrow_atomic(frame, path)
    write_text_atomic(sums, f"{digest}  {path.name}\n{hashlib.sha256(text.encode()).hexdigest()}  {notes.name}\n")


def _recorded(sums: Path) -> dict[str, str]:
    """{file name: SHA-256} from a ``sha256sum``-style file."""
    out = {}
    for line in sums.read_text(encoding="ascii").splitlines():
        digest, _, name = line.partition("  ")
        out[name] = digest
    return out


def load_verified(path: Path, notes: Path, sums: Path) -> tuple[pd.DataFrame, list[dict]]:
    """The table in ``path`` and its notes, each checked against ``sums``. Raises CacheMismatch when a file differs
    from its checksum or the notes are not a list of warnings; OSError or ValueError when a file is missing or
    unreadable (then the table is simply built again)."""
    recorded = _recorded(sums)
    raw_notes = notes.read_bytes()
    if hashlib.sha256(raw_notes).hexdigest() != recorded.get(notes.name):
        raise CacheMismatch(f"cache file {notes} does not match its checksum in {sums.name}")
    items = json.loads(raw_notes)
    if not (isinstance(items, list) and all(isinstance(i, dict) and isinstance(i.get("message"), str)
                                            and isinstance(i.get("category"), str) for i in items)):
        raise CacheMismatch(f"cache file {notes} does not hold a list of warnings")
    return read_arrow(path, expect_sha256=recorded.get(path.name, "missing")), items


def _category(dotted: str) -> type[Warning]:
    module, _, name = dotted.rpartition(".")
    try:
        cat = getattr(importlib.import_module(module), name)
        return cat if isinstance(cat, type) and issubclass(cat, Warning) else UserWarning
    except (ImportError, AttributeError):
        return UserWarning


_MAPPED: list[pd.DataFrame] = []


def read_arrow(path: Path, expect_sha256: str | None = None) -> pd.DataFrame:
    """The table in ``path``, its columns backed by the memory-mapped file wherever pandas can take them as they
    are (numbers, dates and Arrow strings); the pandas metadata written with it restores each column's dtype.
    ``expect_sha256``: the checksum the mapped bytes must have (CacheMismatch otherwise); they are hashed as mapped,
    so what is checked is what is served."""
    with pa.memory_map(str(path)) as source:
        data = source.read_buffer()
    if expect_sha256 is not None and hashlib.sha256(data).hexdigest() != expect_sha256:
        raise CacheMismatch(f"cache file {path} does not match its checksum")
    table = pa.ipc.open_file(data).read_all()
    mapped = table.to_pandas(split_blocks=True)
    # Those columns are read-only, and pandas would try to write into them in place; a frame that shares them
    # with a twin copies a column before writing to it (copy-on-write), so a user's change is made to a copy
    # of theirs and never reaches the file. The twin is kept alive, at no cost: it holds no data of its own.
    _MAPPED.append(mapped)
    return mapped.copy(deep=False)


def write_arrow_atomic(frame: pd.DataFrame, path: Path) -> str:
    """Write ``frame`` to ``path`` (atomically); returns the file's SHA-256."""
    # one record batch: a column in one piece is handed to pandas as it lies in the file, not concatenated
    table = pa.Table.from_pandas(frame, preserve_index=False).combine_chunks()
    with replacing(path) as tmp:
        with pa.OSFile(tmp, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        with open(tmp, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
