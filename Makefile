# Two entry points: `make run` (set up and start the assistant) and `make test` (set up and run the tests).
# Both are idempotent: the virtual environment is rebuilt only when pyproject.toml changes.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export GRADIO_ANALYTICS_ENABLED := False
# Browser tests drive Debian's Chromium; Chinese text in screenshots needs a CJK font. The accessibility
# tests inject axe-core (from npm, pinned) into the pages.
BROWSER_PACKAGES := chromium fonts-wqy-microhei
AXE_VERSION := 4.14.1
AXE := build/npm/node_modules/axe-core/axe.min.js
# Tests of several replicas start a real PostgreSQL cluster (as an unprivileged user) from Debian's package.
POSTGRES_PACKAGES := postgresql
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: setup browser postgres run test lint eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/policy-assistant ingest

browser: $(AXE)
	@dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(BROWSER_PACKAGES); }

postgres:
	@dpkg -s $(POSTGRES_PACKAGES) >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(POSTGRES_PACKAGES); }

$(AXE):
	@command -v npm >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends npm; }
	npm install --prefix build/npm --no-audit --no-fund --no-save --silent axe-core@$(AXE_VERSION)

run: setup
	$(BIN)/policy-assistant serve

test: setup browser postgres
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

eval: setup
	$(BIN)/policy-assistant eval --retriever hybrid dense bm25

bench: setup
	$(BIN)/python -m evals.bench

clean:
	rm -rf $(VENV) data
