"""Provenance text: which source, version and coverage a figure or report rests on."""

from __future__ import annotations

import subprocess

import pandas as pd

from . import catalog, tables
from .paths import project_root


def describe(source_name: str, coverage: str | None = None) -> str:
    src = catalog.source(source_name)
    return f"{src.title}, {src.version} (coverage {coverage or src.coverage})"


def caption(parts: list[str], note: str = "") -> str:
    """'Sources: A; B. note' from describe() strings."""
    text = "Sources: " + "; ".join(parts) + "."
    return f"{text} {note}".strip()


def span_text(first: pd.Timestamp, last: pd.Timestamp) -> str:
    return f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"


def used_sources_table() -> pd.DataFrame:
    """Every source the tables of this process read: name, version, file, sha256, origin, coverage, licence, citation."""
    rows = []
    for f in tables.used_sources():
        rows.append({"source": f.source.title, "version": f.source.version, "file": f.path.name,
                     "sha256": f.sha256, "found in": f.origin, "coverage": f.source.coverage,
                     "licence": f.source.licence, "citation": f.source.citation})
    return pd.DataFrame(rows)


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=project_root(), capture_output=True,
                             text=True, timeout=5)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=project_root(),
                               capture_output=True, text=True, timeout=5).stdout.strip()
        return (out.stdout.strip() or "unknown") + ("+changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
