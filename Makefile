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

# The workspace's libraries, exactly as locked, served by the app itself (no CDN).
WEB_DEPS := web/node_modules/.package-lock.json
$(WEB_DEPS): web/package-lock.json
	npm ci --prefix web --no-audit --no-fund --loglevel=error

# The supergraph test composes Kith with Apollo's composition and gateway, as locked.
FEDERATION_DEPS := tests/federation/node_modules/.package-lock.json
$(FEDERATION_DEPS): tests/federation/package-lock.json
	npm ci --prefix tests/federation --no-audit --no-fund --loglevel=error

# The workspace's end-to-end tests drive Debian's Chromium.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# The metrics test scrapes the service with Debian's Prometheus.
PROMETHEUS := /usr/bin/prometheus
$(PROMETHEUS):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends prometheus

setup: $(STAMP) $(WEB_DEPS) $(FEDERATION_DEPS) $(CHROMIUM) $(PROMETHEUS)

run: $(STAMP) $(WEB_DEPS)
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

test: lint $(WEB_DEPS) $(FEDERATION_DEPS) $(CHROMIUM) $(PROMETHEUS)
	$(BIN)/pytest

clean-engine: $(STAMP)
	$(BIN)/kith engine stop
