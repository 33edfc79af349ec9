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

test: $(STAMP) ## every test, then lint
	$(BIN)/pytest
	$(MAKE) lint

bench: $(STAMP) ## benchmarks under bench/
	$(BIN)/python bench/build_time.py

clean: ## remove generated files
	rm -rf build

.PHONY: help install build lint test bench clean
