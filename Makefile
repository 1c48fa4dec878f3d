# The two commands a new machine needs: `make build` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Root installs Debian packages directly; others go through sudo.
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: build test test-tools lint check bench clean style

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/mcg build

# Real promtool, prometheus, alertmanager and amtool from Debian, installed once, and chromium
# (headless, for the out/docs/ browser test). (Debian names the Alertmanager binary prometheus-alertmanager.)
test-tools:
	@if ! command -v promtool >/dev/null || ! command -v amtool >/dev/null || ! command -v prometheus >/dev/null \
	    || ! { command -v alertmanager || command -v prometheus-alertmanager; } >/dev/null \
	    || ! command -v chromium >/dev/null; then \
	  echo "installing prometheus, prometheus-alertmanager and chromium (Debian)"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends \
	    prometheus prometheus-alertmanager chromium; \
	fi

# The whole suite (tests/unit, tests/integration, tests/e2e), one worker per CPU.
# Options pass through: make test PYTEST_ARGS="-k lint --durations=20", PYTEST_WORKERS=0 for one process.
PYTEST_WORKERS ?= auto
PYTEST_ARGS    ?=
# ruff (lint and format) and mypy first: a finding fails `make test` like a failing test.
style: $(STAMP)
	$(BIN)/ruff check monitoring_codegen definitions bench tests examples templates/project
	$(BIN)/ruff format --check monitoring_codegen definitions bench tests examples templates/project
	$(BIN)/mypy

test: $(STAMP) test-tools style
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/mcg lint --strict

check: $(STAMP)
	$(BIN)/mcg check

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) bench/.work .pytest_cache
