# Two commands on a fresh machine: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.reflect-installed

.PHONY: run test lint typecheck unit browser-deps postgres-deps proxy-deps editor-deps bench schema docs clean

$(STAMP): pyproject.toml $(wildcard src/reflect/jupyter_data/voila/templates/reflect/* src/reflect/jupyter_data/voila/templates/reflect/static/*)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reflect serve

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work offline).
# The tests launch /usr/bin/chromium itself, so that exact file is checked, not any chromium on PATH.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
		&& test -x /usr/bin/chromium \
		|| { echo "Installing chromium did not give /usr/bin/chromium"; exit 1; }; \
	else \
		echo "The browser tests need /usr/bin/chromium. Install it with: sudo apt-get install chromium"; \
		exit 1; \
	fi

# The store's tests (and the cohort benchmark) start a real PostgreSQL from Debian's package,
# as the postgres user the package creates when run as root (pg_ctl refuses root).
postgres-deps:
	@if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's postgresql for the store's tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
		&& ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 \
		|| { echo "Installing postgresql did not give /usr/lib/postgresql/*/bin/pg_ctl"; exit 1; }; \
	else \
		echo "The store's tests need PostgreSQL. Install it with: sudo apt-get install postgresql"; \
		exit 1; \
	fi

# A training room (`reflect hub`) is served through JupyterHub's Node proxy, pinned in proxy/.
proxy-deps:
	@if ! command -v npm >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
		else \
			echo "A training room needs Node.js and npm. Install them with: sudo apt-get install nodejs npm"; \
			exit 1; \
		fi; \
	fi
	@test -x proxy/node_modules/.bin/configurable-http-proxy \
		|| npm ci --prefix proxy --no-audit --no-fund --loglevel=error

# `reflect author` checks scenario files in JupyterLab's editor with the YAML language server,
# pinned in editor/ (Node, as the proxy).
editor-deps: proxy-deps
	@test -x editor/node_modules/.bin/yaml-language-server \
		|| npm ci --prefix editor --no-audit --no-fund --loglevel=error

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -m "not browser"

test: $(STAMP) browser-deps postgres-deps proxy-deps editor-deps lint typecheck
	REFLECT_REQUIRE_BROWSER=1 REFLECT_REQUIRE_POSTGRES=1 REFLECT_REQUIRE_EDITOR=1 \
		$(BIN)/pytest --nbval-lax -p no:cacheprovider

bench: $(STAMP) browser-deps postgres-deps proxy-deps
	$(BIN)/python benchmarks/bench_identifiers.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_cohort.py
	$(BIN)/python benchmarks/bench_room.py --browser-nice 19
	$(BIN)/python benchmarks/bench_tti.py
	$(BIN)/python benchmarks/bench_arrivals.py

schema: $(STAMP)
	$(BIN)/reflect schema > scenarios/scenario.schema.json

# The format reference in the trainer's guide is generated from the schema.
docs: schema
	$(BIN)/python -m reflect._format_reference > docs/format-reference.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
