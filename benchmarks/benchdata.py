"""Data for the benchmarks: a GED-format file many times the Syria release, and a project copy that reads it."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def big_file(tmp: Path, repeat: int = 25) -> Path:
    """The Syria release repeated ``repeat`` times with new event ids (about 414,000 events at 25), gzipped."""
    from syriawar import catalog

    raw = pd.read_csv(catalog.resolve("ucdp_ged_syria").path, dtype=str)
    ids = pd.to_numeric(raw["id"]).astype("int64")
    parts = [raw.assign(id=(ids + k * 10_000_000).astype(str)) for k in range(repeat)]
    path = Path(tmp) / f"ged_x{repeat}.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        pd.concat(parts, ignore_index=True).to_csv(fh, index=False)
    return path


def project_copy(tmp: Path, events_file: Path | None) -> Path:
    """The notebooks and reference tables in a folder of their own; ``events_file`` as its GED Syria release
    (other sources come from the mirror as usual: its folders are made absolute, as they were relative to this
    project)."""
    mirrors = os.environ.get("SYRIAWAR_DATA_MIRROR", "")
    os.environ["SYRIAWAR_DATA_MIRROR"] = os.pathsep.join(str((ROOT / m).resolve()) for m in mirrors.split(os.pathsep) if m)
    root = Path(tmp) / "project"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    shutil.copy(ROOT / "data" / "sources.toml", root / "data" / "sources.toml")
    if events_file is not None:
        (root / "data" / "raw" / "ucdp_ged_syria").mkdir(parents=True)
        # a name whose checksum the catalog does not pin: this is not the published file
        shutil.copy(events_file, root / "data" / "raw" / "ucdp_ged_syria" / "ged_syria.csv.gz")
    return root


def each_data_set(tmp: Path, repeat: int = 25):
    """(name, project root, work folder) for the Syria release and for the GED-format file ``repeat`` times its
    size, each in a project copy of its own under ``tmp``."""
    for name, events in (("GED Syria release", None), (f"GED format x{repeat}", big_file(tmp, repeat))):
        work = Path(tmp) / name.replace(" ", "-")
        work.mkdir()
        yield name, project_copy(work, events), work
