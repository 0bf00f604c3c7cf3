"""Parquet cache of canonical tables, keyed by the source file's checksum and the reader's version.

A table is written to a temporary file and renamed into place, so a failed build never replaces a
good cache and two processes building the same table at once never see a half-written file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

import pandas as pd

from .paths import cache_dir


def cache_path(table: str, sha256: str, reader_version: str) -> Path:
    return cache_dir() / f"{table}-{sha256[:16]}-v{reader_version}.parquet"


def cached_table(table: str, sha256: str, reader_version: str, build: Callable[[], pd.DataFrame],
                 use_cache: bool = True) -> pd.DataFrame:
    """Load ``table`` from the cache, or build it with ``build()`` and store it atomically."""
    path = cache_path(table, sha256, reader_version)
    if use_cache and path.is_file():
        try:
            return pd.read_parquet(path)
        except Exception:  # an unreadable cache file is rebuilt, never trusted
            pass
    frame = build()
    if use_cache:
        write_parquet_atomic(frame, path)
    return frame


def write_parquet_atomic(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
