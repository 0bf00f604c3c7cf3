"""The code's own shape: small functions and modules, each idea in one home, no private name used across
modules. These read the source, so they fail the day a second copy or a long function comes back."""

from __future__ import annotations

import ast
import re
from pathlib import Path

LIB = Path(__file__).resolve().parents[1] / "lib" / "syriawar"
SOURCES = sorted(LIB.rglob("*.py"))
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_no_function_is_longer_than_60_lines():
    long = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(_text(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(LIB)}:{node.lineno} {node.name} ({n} lines)")
    assert long == []


def test_no_module_is_longer_than_400_lines():
    assert [p.name for p in SOURCES if len(_text(p).splitlines()) > MAX_MODULE_LINES] == []


def test_choice_lists_are_written_once():
    lib = "\n".join(_text(p) for p in SOURCES)
    assert len(re.findall(r'"spread",\s*"apart"', lib)) == 1
    assert len(re.findall(r'"low",\s*"best",\s*"high"', lib)) == 1


def test_every_reader_of_a_datasets_coverage_gets_one_answer_computed_from_its_rows(events):
    """Coverage has one home: the selection, the explorer and the provenance footer give the registry's answer, and
    that answer is the first and last day the rows hold (a yearly table: 1 January to 31 December)."""
    import pandas as pd

    from syriawar import provenance, registry
    from syriawar.explorer import Explorer
    from syriawar.figures import casualties

    ucdp = registry.coverage("ucdp_ged_syria")
    assert ucdp == (events["date_start"].min().normalize(), events["date_end"].max().normalize())
    assert casualties.select().coverage == ucdp and Explorer(events).coverage == ucdp
    assert provenance.describe("ucdp_ged_syria").endswith(f"(coverage {ucdp.text})")
    brd = registry.load("ucdp_brd")
    assert registry.coverage("ucdp_brd") == (pd.Timestamp(int(brd["year"].min()), 1, 1),
                                             pd.Timestamp(int(brd["year"].max()), 12, 31))


def test_no_private_name_is_imported_from_another_module():
    crossing = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(_text(path))):
            if isinstance(node, ast.ImportFrom):
                crossing += [f"{path.relative_to(LIB)}: {a.name}" for a in node.names if a.name.startswith("_")
                             and not a.name.startswith("__")]
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                if isinstance(node.value, ast.Name) and node.value.id not in ("self", "cls", "os", "sys", "r", "row"):
                    crossing.append(f"{path.relative_to(LIB)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert crossing == []


def test_no_load_warning_is_silenced_in_the_library():
    for path in SOURCES:
        assert 'simplefilter("ignore")' not in _text(path), path.name


def test_a_report_worker_process_imports_no_pandas():
    """A batch's worker processes run papermill, nbconvert and Chromium, never a table: the kernels do that."""
    import subprocess
    import sys

    code = ("import sys; import syriawar.report.runner, syriawar.report.render; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'geopandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_module_stands_on_a_floor_of_the_import_contracts():
    import tomllib

    config = tomllib.loads((LIB.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    floors = config["tool"]["importlinter"]["contracts"][0]["layers"]
    placed = {name.strip() for floor in floors for name in floor.split("|")}
    modules = {f"syriawar.{p.stem}" for p in LIB.glob("*.py") if p.stem != "__init__"}
    packages = {f"syriawar.{p.parent.name}" for p in LIB.glob("*/__init__.py")}
    assert sorted((modules | packages) - placed) == []


def test_pandera_contracts_live_only_in_the_datasets_package():
    outside = [p.relative_to(LIB) for p in SOURCES if "datasets" not in p.parts and "pandera" in _text(p)]
    assert outside == []


def test_syrias_country_codes_are_written_once():
    codes = {652, 760, "652", "760"}
    found = [f"{p.relative_to(LIB)}:{node.lineno}" for p in SOURCES if p.name != "codebook.py"
             for node in ast.walk(ast.parse(_text(p)))
             if isinstance(node, ast.Constant) and not isinstance(node.value, bool) and node.value in codes]
    assert found == []


def test_datasets_report_bad_rows_only_through_rowchecks():
    """A row-level error names its line; in the dataset modules only ``rowchecks`` (and the contract) write one."""
    hand_rolled = []
    for path in sorted((LIB / "datasets").glob("*.py")):
        text = _text(path)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Raise) and re.search(r"\bline\b", ast.get_source_segment(text, node) or ""):
                hand_rolled.append(f"{path.name}:{node.lineno}")
    assert hand_rolled == []
