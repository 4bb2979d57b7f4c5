# The two commands: `make build` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
# the published warehouse; BI tools and reports read this file
export DUCKDB_PATH ?= $(CURDIR)/warehouse/warehouse.duckdb
# the demo world committed in seeds/raw
DEMO_PEOPLE := 2000
DEMO_SEED := 20251123

.PHONY: build test venv lint dbt-test pytest demo-data bench clean reports reports-deps docs chromium

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@echo "==> Python environment: the pinned packages of requirements.lock (first time only, about 3 minutes)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check --progress-bar off -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## build: environment, demo data, dbt build (models, tests, contracts), quality gate, publish,
## dbt docs, Evidence reports (reports/build)
build: venv reports-deps
	@echo "==> Warehouse: pre-flight, dbt build, quality gate, publish (about a minute; skipped when nothing changed)"
	$(BIN)/cjw build
	@echo "==> dbt docs"
	$(BIN)/cjw docs
	@echo "==> Reports: Evidence sources and site (about 2 minutes; skipped when nothing changed)"
	$(BIN)/cjw reports

## reports: rebuild the Evidence site from the published warehouse (offline)
reports: venv reports-deps
	$(BIN)/cjw reports

## docs: dbt docs (target/docs/index.html) from the published warehouse
docs: venv
	$(BIN)/cjw docs

# the Evidence app's npm packages (exact lock file; postinstall applies reports/patches)
reports-deps: venv
	$(BIN)/python -c "from cjw.reports import npm_install; npm_install()"

# the browser tests drive Debian's Chromium (never a downloaded browser)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@command -v chromium >/dev/null 2>&1 || $(SUDO) apt-get install -y chromium \
		|| { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

## test: lint, dbt build + tests + gate on the demo data, pytest (generated worlds scored against
## truth, publishing, BI access, reports in Chromium)
test: venv reports-deps chromium lint dbt-test pytest

lint: venv
	$(BIN)/ruff check src tests
	CJW_DEV_DUCKDB=:memory: $(BIN)/sqlfluff lint models tests/dbt --processes 1

dbt-test: venv
	DUCKDB_PATH=$(CURDIR)/.data/test/warehouse.duckdb $(BIN)/cjw build --force

# the tests in two processes (one per core), each test file whole in one of them; the worlds the
# files share are built once (shared in tests/python/tests_support.py). PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= 2
pytest: venv
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

## bench: build a 20,000-person world and print the figures (BENCH_PEOPLE=... to change)
BENCH_PEOPLE ?= 20000
bench: venv
	$(BIN)/cjw bench --people $(BENCH_PEOPLE)

## demo-data: regenerate the committed demo world (deterministic)
demo-data: venv
	$(BIN)/cjw generate --people $(DEMO_PEOPLE) --seed $(DEMO_SEED) --out seeds/raw --truth .data/demo_truth

clean:
	rm -rf target logs .data warehouse reports/build reports/.evidence test-artifacts gx/uncommitted
