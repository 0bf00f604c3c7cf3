# Two commands do all the set-up: `make report` (default reports) and `make test` (the test suite).
# Each creates the virtual environment in .venv if it is missing and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Where source files are looked for after data/raw/ (os.pathsep-separated). Override as you need.
SYRIAWAR_DATA_MIRROR ?= ../shared/data
export SYRIAWAR_DATA_MIRROR

.PHONY: install data report test lint lab status bench clean-cache

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (syriawar)" >/dev/null
	touch $@

install: $(BIN)/.installed

# downloads every source with an official address that neither data/raw nor a mirror holds (see README)
data: install
	$(BIN)/syriawar data fetch

report: install
	$(BIN)/syriawar report

test: install
	$(BIN)/python -m pytest -q

# style and layers: ruff, and the import contracts in pyproject.toml (no import cycle, data flows one way)
lint: install
	$(BIN)/ruff check lib tests benchmarks
	$(BIN)/lint-imports

lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/explore.ipynb

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
