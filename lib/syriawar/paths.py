"""Where the project keeps things: one place for every location.

Settings live in one place, the ``[tool.syriawar]`` table of the project's pyproject.toml (read by the Makefile
too); an environment variable of the same setting overrides it (``SYRIAWAR_DATA_MIRROR`` for ``data_mirror``).
"""

from __future__ import annotations

import os
from pathlib import Path

import tomllib

from .errors import WorkbookError

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


def settings() -> dict:
    """The ``[tool.syriawar]`` table of the project's pyproject.toml ({} when there is none)."""
    path = project_root() / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        with open(path, "rb") as f:
            return tomllib.load(f).get("tool", {}).get("syriawar", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WorkbookError(f"{path}: cannot read the [tool.syriawar] settings ({exc}); expected a valid TOML file") from exc


def setting(name: str, env: str) -> str:
    """A setting: the environment variable ``env`` when it is set (even empty), else ``[tool.syriawar] name``."""
    if env in os.environ:
        return os.environ[env]
    return str(settings().get(name, ""))


def mirror_dirs() -> list[Path]:
    """Folders named by SYRIAWAR_DATA_MIRROR, else by ``data_mirror`` in ``[tool.syriawar]`` (separated by
    os.pathsep), relative to the project."""
    value = setting("data_mirror", MIRROR_ENV)
    out = []
    for part in value.split(os.pathsep):
        if part.strip():
            p = Path(part.strip())
            out.append(p if p.is_absolute() else (project_root() / p).resolve())
    return out
