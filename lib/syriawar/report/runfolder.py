"""The run folder: where reports land, the checks made before any notebook runs (writable, space, the latest link
not in the way, a cache that can be written), a new folder for each run, and ``reports/latest`` moved atomically."""

from __future__ import annotations

import os
import secrets
from datetime import datetime, timezone
from pathlib import Path

from ..errors import WorkbookError
from ..paths import cache_dir, project_root


def reports_dir() -> Path:
    return project_root() / "reports"


MIN_FREE_BYTES = 200 * 2**20  # a batch writes some tens of MB; below this it would fail half-way


def probe(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f".write-test-{os.getpid()}"
    probe.write_bytes(b"")
    probe.unlink()


def check_writable(base: Path, moves_latest: bool = False) -> None:
    """One clear error before any notebook runs when the reports folder cannot take a run (or, for a run that
    moves ``latest``, when something other than a link is in the way there)."""
    import shutil

    try:
        probe(base)
    except OSError as exc:
        raise WorkbookError(f"reports folder {base} is not writable ({exc.strerror or exc}); expected a folder the "
                            "batch can create runs in (see --out)") from exc
    if moves_latest:
        check_latest_is_a_link(base / "latest")
    free = shutil.disk_usage(base).free
    if free < MIN_FREE_BYTES:
        raise WorkbookError(f"reports folder {base} has {free / 2**20:,.0f} MB free; a batch needs at least "
                            f"{MIN_FREE_BYTES / 2**20:,.0f} MB. Free some space or choose another folder with --out")


def check_cache_writable() -> None:
    """One clear error before any notebook runs when the cache folder cannot be written: a cold table would
    otherwise be built again by every report, each failing to keep it."""
    folder = cache_dir()
    try:
        probe(folder)
    except OSError as exc:
        raise WorkbookError(f"cache folder {folder} is not writable ({exc.strerror or exc}); reports build and keep "
                            "their tables there: make it writable, or set SYRIAWAR_CACHE_DIR to a folder that "
                            "is") from exc


def check_latest_is_a_link(latest: Path) -> None:
    if latest.is_symlink() or not latest.exists():
        return
    kind = "a folder" if latest.is_dir() else "a file"
    raise WorkbookError(f"{latest} is {kind}, not a link to a run; move it away (e.g. `mv {latest} "
                        f"{latest}.old`) so that the batch can point it at its run")


def new_run_dir(base: Path) -> tuple[str, Path]:
    base.mkdir(parents=True, exist_ok=True)
    while True:
        run_id = f"{datetime.now(timezone.utc):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        path = base / run_id
        try:
            path.mkdir()
            return run_id, path
        except FileExistsError:
            continue


def point_latest(base: Path, run_dir: Path) -> bool:
    """Move reports/latest to ``run_dir`` atomically (a new symlink renamed over the old one), unless it already
    points at a newer run (two batches finishing out of order). True if it moved. Anything in the way is one clear
    error, and no temporary link is left."""
    latest = base / "latest"
    check_latest_is_a_link(latest)
    if latest.is_symlink():
        current = Path(os.readlink(latest)).name
        if current > run_dir.name and (base / current).is_dir():  # run ids begin with their UTC start time
            return False
    tmp = base / f".latest-{os.getpid()}-{secrets.token_hex(3)}"
    try:
        os.symlink(run_dir.name, tmp)
        os.replace(tmp, latest)
    except OSError as exc:
        raise WorkbookError(f"cannot point {latest} at {run_dir.name} ({exc.strerror or exc}); the reports are in "
                            f"{run_dir}; make {base} writable, or move {latest} away, and run the batch again") from exc
    finally:
        if tmp.is_symlink():
            tmp.unlink()
    return True
