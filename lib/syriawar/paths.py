"""Where the project keeps things: one place for every location."""

from __future__ import annotations

import os
from pathlib import Path

MIRROR_ENV = "SYRIAWAR_DATA_MIRROR"
CACHE_ENV = "SYRIAWAR_CACHE_DIR"


def project_root() -> Path:
    """The project folder (the one holding data/sources.toml), or the current folder."""
    env = os.environ.get("SYRIAWAR_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in [Path.cwd(), *Path.cwd().parents, *here.parents]:
        if (parent / "data" / "sources.toml").is_file():
            return parent
    return Path.cwd()


def data_dir() -> Path:
    return project_root() / "data"


def raw_dir() -> Path:
    return data_dir() / "raw"


def reference_dir() -> Path:
    return data_dir() / "reference"


def cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else data_dir() / "cache"


def mirror_dirs() -> list[Path]:
    """Folders named by SYRIAWAR_DATA_MIRROR (separated by os.pathsep), relative to the project."""
    value = os.environ.get(MIRROR_ENV, "")
    out = []
    for part in value.split(os.pathsep):
        if part.strip():
            p = Path(part.strip())
            out.append(p if p.is_absolute() else (project_root() / p).resolve())
    return out
