"""A newcomer's first hour: the Makefile, the one configuration place, dates and `data status` in a terminal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from syriawar import parameters, paths, status
from syriawar.errors import ParameterError

ROOT = Path(__file__).resolve().parents[1]


def _make_dry_run(target: str, venv: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    out = subprocess.run(["make", "-n", "--no-print-directory", "-C", str(ROOT), target, f"VENV={venv}", *args], capture_output=True, text=True,
                         env=env, check=True)
    return out.stdout


@pytest.fixture()
def installed_venv(tmp_path) -> Path:
    """A venv folder whose install stamp is newer than pyproject.toml: make runs only the target's own command."""
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / ".installed").touch()
    return tmp_path / "venv"


def test_make_lab_passes_lab_args_to_jupyter(installed_venv):
    line = _make_dry_run("lab", installed_venv, "LAB_ARGS=--port 8891 --no-browser").strip().splitlines()[-1]
    assert "jupyter lab" in line and line.endswith("--port 8891 --no-browser")


def test_make_lab_allows_root_exactly_when_run_as_root(installed_venv):
    line = _make_dry_run("lab", installed_venv).strip().splitlines()[-1]
    assert ("--allow-root" in line) == (os.geteuid() == 0)


def test_make_says_it_is_installing_before_the_quiet_install(tmp_path):
    lines = _make_dry_run("report", tmp_path / "fresh-venv").splitlines()
    said = next(i for i, ln in enumerate(lines) if "Installing the workbook" in ln)
    quiet = next(i for i, ln in enumerate(lines) if "pip install --quiet -e" in ln)
    assert said < quiet


def test_make_test_fast_leaves_out_the_slow_tests(installed_venv):
    assert '-m "not slow"' in _make_dry_run("test-fast", installed_venv)


def test_the_makefile_reads_the_data_mirror_from_pyproject():
    env = {k: v for k, v in os.environ.items() if k != paths.MIRROR_ENV and not k.startswith(("MAKE", "MFLAGS"))}
    out = subprocess.run(["make", "-s", "-C", str(ROOT), "--eval", "mirror: ; @echo $(SYRIAWAR_DATA_MIRROR)", "mirror"],
                         capture_output=True, text=True, env=env, check=True).stdout.strip()
    assert out == paths.settings()["data_mirror"] == "../shared/data"


def _project(tmp_path: Path, mirror: str) -> Path:
    """A project folder with the real catalog and a [tool.syriawar] table naming ``mirror``."""
    (tmp_path / "proj" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "sources.toml", tmp_path / "proj" / "data" / "sources.toml")
    (tmp_path / "proj" / "pyproject.toml").write_text(f'[tool.syriawar]\ndata_mirror = "{mirror}"\n')
    return tmp_path / "proj"


def test_the_data_mirror_comes_from_tool_syriawar_without_the_environment(tmp_path, monkeypatch):
    project = _project(tmp_path, "elsewhere")
    monkeypatch.setenv("SYRIAWAR_ROOT", str(project))
    monkeypatch.delenv(paths.MIRROR_ENV)
    assert paths.mirror_dirs() == [project / "elsewhere"]


def test_the_environment_overrides_the_configured_mirror(tmp_path, monkeypatch):
    monkeypatch.setenv("SYRIAWAR_ROOT", str(_project(tmp_path, "elsewhere")))
    monkeypatch.setenv(paths.MIRROR_ENV, str(tmp_path / "mine"))
    assert paths.mirror_dirs() == [tmp_path / "mine"]


def test_data_status_finds_the_mirror_in_a_fresh_shell(tmp_path, mirror):
    project = _project(tmp_path, str(mirror))
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "SYRIAWAR_ROOT": str(project),
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-m", "syriawar", "data", "status", "--no-load", "--json"], cwd=project,
                         capture_output=True, text=True, env=env)
    rows = {r["source"]: r for r in json.loads(out.stdout)}
    assert rows["ucdp_ged_syria"]["found"] == "mirror"


@pytest.mark.parametrize("value", ["01/02/2016", "2/1/2016", "01.02.2016"])
def test_a_date_read_either_day_or_month_first_is_refused_with_the_form_expected(value):
    with pytest.raises(ParameterError, match=r"ambiguous.*expected YYYY-MM-DD .*or a written month"):
        parameters.parse_date("start", value)


def test_a_two_digit_year_is_refused():
    with pytest.raises(ParameterError, match="start='30/09/15' has a two-digit year"):
        parameters.parse_date("start", "30/09/15")


@pytest.mark.parametrize("value, expected", [("30/09/2015", "2015-09-30"), ("05/05/2016", "2016-05-05"),
                                             ("1 February 2016", "2016-02-01"), ("2016-01-02", "2016-01-02")])
def test_unambiguous_dates_are_still_read(value, expected):
    assert parameters.parse_date("start", value) == pd.Timestamp(expected)


def _status_table(note: str) -> pd.DataFrame:
    return pd.DataFrame([{"source": "ucdp_ged_syria", "version": "1", "found": "mirror", "sha256": "ab", "rows": "16,566",
                          "coverage": "2016-01-01 to 2019-12-01 (in file)", "licence": "CC BY 4.0 " * 12, "note": note}])


def test_data_status_fits_a_100_column_terminal_by_default():
    text = status.compact_text(_status_table("a long note " * 40), 100)
    assert max(map(len, text.splitlines())) <= 100 and "--wide" in text.splitlines()[-1]


def test_syriawar_data_status_fits_100_columns_and_says_how_to_see_the_rest(monkeypatch, capsys):
    from syriawar import cli

    monkeypatch.setenv("COLUMNS", "100")
    cli.main(["data", "status", "--no-load"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["source", "found", "rows", "coverage", "note"]
    assert max(map(len, lines)) <= 100


def test_data_status_wide_shows_every_column_whole():
    assert "CC BY 4.0 " * 11 in status.wide_text(_status_table("x"))


def test_a_source_refused_by_its_checksum_is_marked_in_its_row_and_the_table_still_prints(tmp_path, monkeypatch):
    project = _project(tmp_path, str(tmp_path / "mirror"))
    monkeypatch.setenv("SYRIAWAR_ROOT", str(project))
    monkeypatch.setenv(paths.MIRROR_ENV, str(tmp_path / "mirror"))
    (tmp_path / "mirror" / "ucdp-brd-dyadic-v24.1").mkdir(parents=True)
    (tmp_path / "mirror" / "ucdp-brd-dyadic-v24.1" / "BattleDeaths_v24_1.csv").write_text("not the release\n")
    table = status.data_status(load=False).set_index("source")
    assert table.loc["ucdp_brd", "found"] == "refused" and "sha256" in table.loc["ucdp_brd", "note"]
    assert "REFUSED" in status.compact_text(table.reset_index(), 100)
    assert len(table) > 1
