"""The project's own promises: dependency lists agree, CI runs the README's test command, no data in git."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[]", req.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_packages_as_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in py["dependencies"] + py["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    # besides Python and pip, conda also brings the programs pip cannot: librsvg (rsvg-convert)
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip", "librsvg"}
    assert wanted == conda


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make report" in readme
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)


def test_no_source_data_file_is_tracked_by_git():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [f for f in files if f.startswith("data/raw/") and not f.endswith("README.md")]
    assert not [f for f in files if f.endswith((".csv.gz", ".rda", ".shp", ".parquet", ".zip"))]
