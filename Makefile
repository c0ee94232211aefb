# Public consultation and transparency portal: `make run` to try it, `make test` to check it.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Django 6 needs Python >= 3.12: pyenv's 3.12 if there is one, else python3.12 on PATH.
PYENV_ROOT ?= $(or $(shell pyenv root 2>/dev/null),$(HOME)/.pyenv)
PYTHON ?= $(or $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/3.12*/bin/python3.12 /root/.pyenv/versions/3.12*/bin/python3.12))),$(shell command -v python3.12 2>/dev/null),python3.12)
# Every template of the site (the Wagtail admin's own are not ours to format).
TEMPLATES := templates $(wildcard */templates)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test check lint format messages clean bench bench-search bench-http bench-soak bench-scorecard

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12 or newer is needed (set PYTHON=...)"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed ## Install, migrate SQLite, load the demo content and serve on http://127.0.0.1:8000
	@mkdir -p var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo --admin
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev ## Lint, checks and the whole test suite (browser tests included) on a throwaway PostgreSQL and Redis
	scripts/ensure-chromium
	scripts/ensure-redis
	$(MAKE) --no-print-directory lint
	DJANGO_SETTINGS_MODULE=config.settings.test scripts/with-test-postgres scripts/with-test-redis $(MAKE) --no-print-directory check pytest
	@echo "The search behaviour suite again, on SQLite (the quick-start database):"
	DATABASE_URL=sqlite:///var/search-suite.sqlite3 $(PY) -m pytest tests/search/test_search_behaviour.py tests/search/test_long_questions.py -p no:cacheprovider

check: ## Django's system checks and the missing-migrations check
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

.PHONY: pytest
pytest:
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## ruff, the layers of the code (import-linter) and the templates' format (djLint)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/djlint --check --lint $(TEMPLATES)

format: $(VENV)/.installed-dev ## Format and fix what ruff and djLint can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djlint --reformat $(TEMPLATES)

messages: $(VENV)/.installed ## Update the Vietnamese catalogue from the source, then compile it
	$(MANAGE) makemessages --locale vi --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'staticfiles/*'
	$(MANAGE) compilemessages --locale vi --ignore '.venv/*'

bench: $(VENV)/.installed-dev ## Benchmarks (see bench/README.md), on a throwaway PostgreSQL
	DJANGO_SETTINGS_MODULE=config.settings.test scripts/with-test-postgres $(PY) -m bench

bench-search: $(VENV)/.installed-dev ## Archive search at 100,000 documents (about 75 min), on a throwaway PostgreSQL
	DJANGO_SETTINGS_MODULE=config.settings.test scripts/with-test-postgres $(PY) -m bench search --documents 100000

bench-scorecard: $(VENV)/.installed-dev ## The agency scorecard at 50 agencies and 10,000 documents, on a throwaway PostgreSQL
	DJANGO_SETTINGS_MODULE=config.settings.test scripts/with-test-postgres $(PY) -m bench scorecard --runs 20

# BENCH_HTTP_ARGS: e.g. --duration 3 for a quick try, --only policy search (see bench/http.py --help).
bench-http: $(VENV)/.installed-dev ## Load test over HTTP: gunicorn + wrk, cached and uncached (about 5 min)
	scripts/ensure-wrk
	scripts/with-test-postgres scripts/with-test-redis $(PY) -m bench.http $(BENCH_HTTP_ARGS)

MINUTES ?= 10
bench-soak: $(VENV)/.installed-dev ## No comment lost: 20 comments/s + 200 views/s, PostgreSQL stopped 20 s (MINUTES=10; 2 for a trial)
	$(PY) bench/soak/run.py --minutes $(MINUTES)

clean: ## Remove the virtualenv, the SQLite database and uploads
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
