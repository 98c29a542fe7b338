# pdca: `make run` serves the app with its worker; `make test` runs the whole suite.
# Both set everything up first (virtual environment, locked dependencies, front-end assets).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PDCA   := $(BIN)/pdca
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Parallel test workers (pytest-xdist); CI machines have 2 cores.
TEST_WORKERS ?= auto

.PHONY: run test test-only lint format bench setup setup-dev assets prereqs demo clean

run: prereqs setup assets
	@mkdir -p var
	$(PDCA) migrate --noinput
	$(PDCA) demo
	@scripts/serve $(HOST) $(PORT)

test: prereqs setup-dev assets
	$(BIN)/pytest -n $(TEST_WORKERS)

# The suite alone, for a set-up checkout (CI's second run, against PostgreSQL).
test-only:
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: setup-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: setup-dev
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: prereqs setup-dev assets
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

demo: setup
	$(PDCA) migrate --noinput
	$(PDCA) demo

prereqs:
	@$(PYTHON) scripts/check-prereqs

setup: $(VENV)/.base-installed
setup-dev: $(VENV)/.dev-installed
assets: node_modules/.installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: requirements/dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@ $(VENV)/.base-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Regenerate the lock files after changing pyproject.toml (needs `uv` on PATH).
lock:
	uv pip compile pyproject.toml --python-version 3.11 --universal -o requirements/base.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --universal -o requirements/dev.lock

clean:
	rm -rf $(VENV) node_modules var
