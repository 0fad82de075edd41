# Kith's two entry points: `make run` (service on the embedded engine) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup clean-engine

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and exactly pinned: a looser pin pulls gigabytes of CUDA packages.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/kith engine start
	$(BIN)/kith schema apply
	$(BIN)/kith demo
	$(BIN)/kith households
	$(BIN)/kith train
	$(BIN)/kith score
	$(BIN)/kith evaluate
	$(BIN)/kith engine status
	$(BIN)/kith serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

clean-engine: $(STAMP)
	$(BIN)/kith engine stop
