# The whole pipeline lives here: `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE := build/store

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the package with its test tools

build: $(STAMP) ## build, reason, validate and persist the graph into build/store
	$(BIN)/syriakg build

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check src tests bench server
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test: $(STAMP) static ## every test (browser tests need the npm files), then lint
	$(BIN)/pytest
	$(MAKE) lint

bench: $(STAMP) ## benchmarks: full build, then serving (ours vs Virtuoso vs in-process); SERVE_ARGS=...
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/build_time.py
	$(BIN)/python bench/serve_bench.py $(SERVE_ARGS)

# --- serving: the SPARQL endpoint and its browser UI (src/syriakg/web, server/) ---
VENDOR := src/syriakg/web/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed

$(VENDOR_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/yasgui $(VENDOR)/cytoscape
	cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.js.map \
	   node_modules/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/yasgui/
	cp node_modules/cytoscape/dist/cytoscape.min.js node_modules/cytoscape/LICENSE $(VENDOR)/cytoscape/
	touch $@

static: $(VENDOR_STAMP) ## install YASGUI and Cytoscape from npm into the web app's static/vendor/

$(STORE): | $(STAMP)
	$(BIN)/syriakg build

serve: install static $(STORE) ## build the graph if needed, serve it on http://127.0.0.1:8000
	$(BIN)/syriakg serve

bench-http: $(STAMP) ## HTTP benchmark: our endpoint vs in-process pyoxigraph vs rdflib-endpoint
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/http_bench.py

clean: ## remove generated files
	rm -rf build

.PHONY: help install build lint test bench clean static serve bench-http
