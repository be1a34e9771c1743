# linkedin-audit: every target sets up .venv on first use (only Python, make and the package registries needed).
# `make help` lists the targets.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
# EXPORT: your export (ZIP or folder), ingested into data/linkedin.duckdb. Default: every ZIP of the bundled
# sample (a two-export history), in a database of its own (data/sample.duckdb): the demo never stands in the
# way of your own data.
ifdef EXPORT
INPUT   := "$(EXPORT)"
DB      ?= data/linkedin.duckdb
OUT     ?= reports/report.html
else
# a folder of export ZIPs stands for its ZIPs, ingested oldest first (by the date in LinkedIn's names)
INPUT   := data/sample
DB      ?= data/sample.duckdb
# the sample's report never replaces yours
OUT     ?= reports/sample-report.html
endif
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup report lab kernel test test-slow lint bench bench-typical bench-tiny sample schema-docs clean lock test-lowest test-newest

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'
	@echo "  variables: EXPORT=path/to/export.zip (or folder)  DB=$(DB)  OUT=$(OUT)"

# The lock: constraints.txt pins every package (dependencies and dev tools) to the versions the suite passed
# with; pyproject.toml keeps the ranges (their lower bounds tested by `make test-lowest`).
$(STAMP): pyproject.toml constraints.txt
	@echo "setting up $(VENV) (first time: about 2-3 minutes, mostly downloading JupyterLab, DuckDB, polars)"
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -c constraints.txt -e '.[dev]'
	@# the notebooks' kernel, "Python (linkedin-audit)", inside .venv (jupyter nbconvert/papermill in notebooks/ find it)
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name linkedin-audit --display-name "Python (linkedin-audit)"
	@# the package's bytecode, once: with PYTHONDONTWRITEBYTECODE set, every command would compile it again
	$(BIN)/python -m compileall -q linkedin_audit
	@touch $(STAMP)
	@echo "installed: \`source $(BIN)/activate\` puts the command linkedin-audit on your PATH"

setup: $(STAMP) ## create .venv and install the package with its dev tools

report: $(STAMP) ## ingest EXPORT (default: the bundled sample, into data/sample.duckdb) into DB, then write OUT
	@# every export in one ingest, oldest first: audit_history gets a row set per export all the same
	$(BIN)/linkedin-audit ingest $(INPUT) --db "$(DB)"
	$(BIN)/linkedin-audit report --db "$(DB)" --out "$(OUT)"
	@echo "the command is $(BIN)/linkedin-audit: \`source $(BIN)/activate\` puts linkedin-audit on your PATH \
	(then e.g. \`linkedin-audit status --db $(DB)\`)"

lab: $(STAMP) ## open JupyterLab on the notebooks, reading DB if given, else the database the last ingest wrote
	$(BIN)/linkedin-audit lab $(if $(filter command line environment,$(origin DB)),--db "$(DB)")

kernel: $(STAMP) ## register this environment as the kernel "Python (linkedin-audit)" for your own JupyterLab
	$(BIN)/python -m ipykernel install --user --name linkedin-audit --display-name "Python (linkedin-audit)"

# Whole test modules go to the two workers (--dist loadfile: a module's fixtures are built once, not once per
# worker), longest first in the order of LONGEST_FIRST in tests/conftest.py (--no-loadscope-reorder).
PYTEST_XDIST := -n 2 --dist loadfile --no-loadscope-reorder

test: lint ## lint and types, then the test suite without the tests marked slow (installs headless Chromium when it can)
	@bash scripts/ensure-chromium.sh || echo "the browser tests will be skipped (pytest lists each with the reason)"
	$(BIN)/python -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

test-slow: $(STAMP) ## only the tests marked slow: the wheel, Lab servers and signals, kills in a loop, the tiny benchmark
	@bash scripts/ensure-chromium.sh || echo "the browser tests will be skipped (pytest lists each with the reason)"
	$(BIN)/python -m pytest $(PYTEST_XDIST) -m slow $(PYTEST_ARGS)

lint: $(STAMP) ## ruff lint and format check (the notebooks' code too) and mypy (package, tests, benchmarks)
	$(BIN)/ruff check linkedin_audit tests benchmarks notebooks
	$(BIN)/ruff format --check linkedin_audit tests benchmarks notebooks
	$(BIN)/mypy

# A quick subset for other versions of the dependencies: ingest against the truth, charts, the CLI, the
# report's notebooks, and the database in older DuckDB clients.
QUICK_TESTS := tests/test_sample.py tests/test_charts.py tests/test_ingest_cli.py tests/test_report.py \
               tests/test_storage_clients.py

lock: ## re-resolve every package to its newest allowed version and write the lock (constraints.txt)
	rm -rf .venv-lock && $(PY) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -e '.[dev]'
	@echo "# The lock: \`make\` installs exactly these (pip install -c constraints.txt -e '.[dev]')." > constraints.txt
	@echo "# Regenerate with \`make lock\` (newest versions pyproject.toml allows), then run \`make test\`." >> constraints.txt
	.venv-lock/bin/python -m pip freeze --exclude-editable >> constraints.txt
	rm -rf .venv-lock

test-lowest: ## the quick subset with every dependency at its lower bound in pyproject.toml (.venv-lowest)
	rm -rf .venv-lowest && $(PY) -m venv .venv-lowest
	$(PY) scripts/lower_bounds.py > .venv-lowest/lower-bounds.txt
	.venv-lowest/bin/python -m pip install --quiet -c .venv-lowest/lower-bounds.txt -e '.[dev]'
	.venv-lowest/bin/python -m pytest -n 2 $(QUICK_TESTS) $(PYTEST_ARGS)

test-newest: ## the quick subset with the newest release of every dependency, ignoring the lock (.venv-newest)
	rm -rf .venv-newest && $(PY) -m venv .venv-newest
	.venv-newest/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
	.venv-newest/bin/python -m pytest -n 2 $(QUICK_TESTS) $(PYTEST_ARGS)

bench: $(STAMP) ## the benchmark: a typical export, then max scale (slow, ~25 min: 30,000 connections, 1,000,000 messages)
	$(BIN)/python benchmarks/run.py --fractions 0.1 0.3 1.0 --reps 3 --report-floor --typical

bench-typical: $(STAMP) ## only the typical export's rows: its ingest and its report against their floors (~3 min)
	$(BIN)/python benchmarks/run.py --fractions --typical --reps 5

bench-tiny: $(STAMP) ## the benchmark at tiny scale, to keep it working
	$(BIN)/python benchmarks/run.py --scale tiny --typical tiny

sample: $(STAMP) ## regenerate the bundled sample export (deterministic)
	$(BIN)/linkedin-audit synth --scale small --era 2026 --history 2 --seed 7 --zip --out data/sample

schema-docs: $(STAMP) ## regenerate docs/schema.md from the contracts (linkedin_audit/contracts/*.toml)
	$(BIN)/python -m linkedin_audit.contracts --write docs/schema.md

clean: ## remove generated artefacts (keeps the sample and .venv)
	rm -rf reports benchmarks/out data/*.duckdb data/*.duckdb.wal
