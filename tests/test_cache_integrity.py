"""The cache serves only what it wrote: each table's checksum is written beside it and checked on every load; a
table that differs, or whose notes are not a list of warnings, is built again from the raw file and said once. A
cache that cannot be written costs speed, never the table. Files get the user's umask."""

from __future__ import annotations

import errno
import os
import pathlib
import warnings

import pandas as pd
import pytest

from syriawar.cache import CacheNotWrittenWarning, cache_path, cached_table

SHA = "c" * 64


class Builder:
    """A table of headlines, and how many times it was built."""

    def __init__(self):
        self.calls = 0

    def __call__(self) -> pd.DataFrame:
        self.calls += 1
        warnings.warn("3 rows skipped", UserWarning)
        return pd.DataFrame({"event_id": range(2000), "source_headline": [f"headline {i} of the day" for i in range(2000)]})


def _load(build):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = cached_table("events-test", SHA, "1", build)
    return frame, caught


def test_a_warm_load_serves_the_table_without_building_it(private_cache):
    build = Builder()
    first, _ = _load(build)
    again, caught = _load(build)
    assert build.calls == 1 and again.equals(first)
    assert [str(w.message) for w in caught] == ["3 rows skipped"], "the build's warnings are said again"


def _said(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "syriawar.cache"]


def test_a_cache_file_zeroed_in_the_middle_is_rebuilt_from_the_raw_file_and_said_once(private_cache, caplog):
    build = Builder()
    good, _ = _load(build)
    path = cache_path("events-test", SHA, "1")
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle - 4096:middle + 4096] = bytes(8192)  # the footer intact: Arrow itself would read it
    path.write_bytes(bytes(data))
    served, caught = _load(build)
    assert build.calls == 2 and served.equals(good)
    assert _said(caplog) == [f"cache file {path} does not match its checksum; rebuilt it from the raw file"]
    assert [str(w.message) for w in caught] == ["3 rows skipped"], "not a note about the data"
    _load(build)
    assert build.calls == 2 and len(_said(caplog)) == 1, "said once"


@pytest.mark.parametrize("notes", ["null", '{"a": 1}', "[1]", "not json"])
def test_a_warnings_file_that_is_not_a_list_of_warnings_is_rebuilt(private_cache, notes, caplog):
    build = Builder()
    _load(build)
    cache_path("events-test", SHA, "1").with_suffix(".warnings.json").write_text(notes)
    frame, _ = _load(build)
    assert build.calls == 2 and len(frame) == 2000
    assert [m for m in _said(caplog) if "warnings.json does not match its checksum" in m]


def test_notes_that_match_their_checksum_but_hold_no_warnings_list_are_rebuilt(private_cache, caplog):
    import hashlib

    build = Builder()
    _load(build)
    path = cache_path("events-test", SHA, "1")
    notes, sums = path.with_suffix(".warnings.json"), path.with_suffix(".sha256")
    mapping = b'{"a": 1}'
    notes.write_bytes(mapping)
    lines = sums.read_text().splitlines()
    sums.write_text(f"{lines[0]}\n{hashlib.sha256(mapping).hexdigest()}  {notes.name}\n")
    _load(build)
    assert build.calls == 2
    assert [m for m in _said(caplog) if m.endswith("does not hold a list of warnings; rebuilt it from the raw file")]


def test_a_table_without_its_checksum_file_is_not_trusted(private_cache):
    build = Builder()
    _load(build)
    cache_path("events-test", SHA, "1").with_suffix(".sha256").unlink()
    _load(build)
    assert build.calls == 2
    assert cache_path("events-test", SHA, "1").with_suffix(".sha256").is_file(), "written again with the table"


def test_a_disk_that_fills_while_the_cache_is_written_costs_the_cache_not_the_table(private_cache, monkeypatch):
    real = pathlib.Path.write_bytes

    def half_then_full(self, data):
        real(self, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(pathlib.Path, "write_bytes", half_then_full)
    build = Builder()
    frame, caught = _load(build)
    assert len(frame) == 2000
    full = [str(w.message) for w in caught if w.category is CacheNotWrittenWarning]
    assert full == [f"cannot keep table events-test in the cache folder {private_cache} (No space left on device): it is "
                    "built again at every load; free some space or make the folder writable, or set SYRIAWAR_CACHE_DIR "
                    "to a folder that is"]
    assert list(private_cache.iterdir()) == [], "no half-written file, no temporary file"


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_cache_files_are_written_with_the_users_umask(private_cache, umask, mode):
    old = os.umask(umask)
    try:
        _load(Builder())
    finally:
        os.umask(old)
    modes = {p.name.split(".", 1)[1]: p.stat().st_mode & 0o777 for p in private_cache.iterdir()}
    assert modes == {"arrow": mode, "warnings.json": mode, "sha256": mode}
