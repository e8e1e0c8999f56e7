# Two entry points: `make run` (set up and start the assistant) and `make test` (set up and run the tests).
# Both are idempotent: the virtual environment is rebuilt only when pyproject.toml changes.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: setup run test lint eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/policy-assistant ingest

run: setup
	$(BIN)/policy-assistant chat

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

eval: setup
	$(BIN)/policy-assistant eval --retriever hybrid dense bm25

bench: setup
	$(BIN)/python -m evals.bench

clean:
	rm -rf $(VENV) data
