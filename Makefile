# Two commands do all the set-up: `make report` (default reports) and `make test` (the test suite).
# Each creates the virtual environment in .venv if it is missing and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Settings come from one place, [tool.syriawar] in pyproject.toml, which the command line reads too. Where source
# files are looked for after data/raw/ (os.pathsep-separated): override with `make report SYRIAWAR_DATA_MIRROR=...`.
SYRIAWAR_DATA_MIRROR ?= $(shell sed -n 's/^data_mirror *= *"\(.*\)".*/\1/p' pyproject.toml)
export SYRIAWAR_DATA_MIRROR
# options for `make lab`, e.g. LAB_ARGS="--port 8890 --no-browser"; as root, --allow-root is added
LAB_ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: install data report test test-fast lint lab status bench clean-cache

$(BIN)/.installed: pyproject.toml
	@echo "Installing the workbook and its dependencies into $(VENV): about 2 minutes the first time, quietly..."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (syriawar)" >/dev/null
	touch $@
	@echo "Installed into $(VENV)."

install: $(BIN)/.installed

# downloads every source with an official address that neither data/raw nor a mirror holds (see README)
data: install
	$(BIN)/syriawar data fetch

# REPORT_ARGS: a report of one's own, e.g. make report REPORT_ARGS="--notebook casualties -p start=2016-06-01"
REPORT_ARGS ?=
report: install
	$(BIN)/syriawar report $(REPORT_ARGS)

# the whole suite, as CI runs it
test: install
	$(BIN)/python -m pytest -q

# the tests not marked slow (tests/conftest.py), for work between changes: under a minute on two cores
test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

# style and layers: ruff, and the import contracts in pyproject.toml (no import cycle, data flows one way)
lint: install
	$(BIN)/ruff check lib tests benchmarks
	$(BIN)/lint-imports

lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/explore.ipynb $(ROOT_FLAG) $(LAB_ARGS)

status: install
	$(BIN)/syriawar data status

bench: install
	$(BIN)/python benchmarks/bench_tables.py
	$(BIN)/python benchmarks/bench_explorer.py
	$(BIN)/python benchmarks/bench_explorer_browser.py
	$(BIN)/python benchmarks/bench_memory.py
	$(BIN)/python benchmarks/bench_reports.py --weasyprint-too
	$(BIN)/python benchmarks/bench_batches.py

clean-cache:
	rm -rf data/cache
