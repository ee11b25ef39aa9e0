# Tollgate — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.8
SYNCED := $(VENV)/.synced
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: help install run test lint fmt typecheck pytest types openapi migrate makemigration bench clean web web-test
FRONTEND_DEPS := frontend/node_modules/.package-lock.json

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(SYNCED): backend/pyproject.toml backend/uv.lock | $(UV)
	scripts/ensure-pango.sh
	$(UV) sync --project backend --frozen
	@touch $@

install: $(SYNCED) ## create .venv and install the locked dependencies

$(FRONTEND_DEPS): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

web: $(FRONTEND_DEPS) ## build the web app into frontend/dist
	cd frontend && npm run build

run: install web ## serve API + worker + web app on http://127.0.0.1:8000 (embedded PostgreSQL/Redis unless configured)
	exec $(BIN)/tollgate run

test: install ## every check: lint, types, the Python suite, the web app (unit and browser tests)
	$(MAKE) --no-print-directory lint typecheck pytest web-test

web-test: install ## web app: generated-types check, tsc, Vitest, build, Playwright in Debian's Chromium
	cd frontend && npm ci --no-audit --no-fund && npm run check:generated && npm run typecheck && npm test && npm run build
	frontend/scripts/ensure-chromium.sh
	cd frontend && npm run e2e

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install ## format and autofix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install ## mypy, strict on backend/app
	$(BIN)/mypy

pytest: install ## the Python test suite
	$(BIN)/pytest

types: openapi $(FRONTEND_DEPS) ## regenerate openapi/openapi.json and the web app's API types
	cd frontend && npm run generate

openapi: install ## write openapi/openapi.json from the app
	$(BIN)/tollgate openapi

migrate: install ## apply migrations
	$(BIN)/tollgate migrate

makemigration: install ## autogenerate a migration: make makemigration ID=0002 M="add users"
	$(BIN)/tollgate makemigration --id "$(ID)" -m "$(M)"

bench: install ## run every benchmark and print its figures
	@for script in benchmarks/*.py; do echo "== $$script"; PYTHONPATH=backend:. $(BIN)/python $$script || exit 1; done

clean: ## remove the virtual environment and caches (keeps .data)
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis frontend/node_modules frontend/dist frontend/test-results
