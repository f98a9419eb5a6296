# Firmas: `make run` starts the app with the sample letter; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
SAMPLE := samples/mexico-asylum-letter-2023-12-18.txt
SAMPLE_SLUG := mexico-asylum-letter-2023-12-18
SAMPLE_TITLE := Letter to the Secretary of Foreign Affairs of Mexico on U.S. asylum restrictions
# Tests run on every core (pytest-xdist, a database per worker); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup
# The local cluster is used only when DATABASE_URL is not set.
DB_START := $(if $(DATABASE_URL),@true,@scripts/devdb start)

.PHONY: audit help install db db-stop run stop test test-quick screenshots fuzz fidelity lint migrations-check pytest messages clean bench

help:
	@echo "make run    - start Firmas with the sample letter on http://$(HOST):$(PORT)/"
	@echo "make test   - lint, migration check and the whole test suite"
	@echo "make test-quick - the tests without browser and scale tests, 50 hostile examples each (the inner loop)"
	@echo "make screenshots - the browser tests, writing a screenshot of each page they check to tests/e2e/screenshots/"
	@echo "make fuzz   - the hostile-input tests with many more examples (long)"
	@echo "make fidelity - how well imports read real signatory lists (docs/import.md)"
	@echo "make stop   - stop the local database started by make run"
	@echo "make bench  - load and scale measurements (bench-<scenario> for one: $(BENCH_SCENARIOS))"

# The virtualenv is rebuilt whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml scripts/system-deps
	@scripts/system-deps
	@# Python 3.11 is the development default; any newer Python 3 serves as well.
	@python=$$(command -v python3.11 || command -v python3) && "$$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed"; exit 1; }; \
		test -x $(PY) || "$$python" -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

db:
	$(DB_START)

db-stop:
	@scripts/devdb stop

stop: db-stop

run: install db
	$(PY) manage.py migrate --noinput
	@$(PY) manage.py shell -c "from letters.models import Letter; import sys; sys.exit(0 if Letter.objects.filter(slug='$(SAMPLE_SLUG)').exists() else 1)" \
		|| $(PY) manage.py import_letter $(SAMPLE) --slug $(SAMPLE_SLUG) --title "$(SAMPLE_TITLE)"
	@$(PY) manage.py ensure_demo_owner $(SAMPLE_SLUG)
	@echo
	@echo "Firmas is running: http://$(HOST):$(PORT)/letters/$(SAMPLE_SLUG)/   (Ctrl-C to stop; then 'make stop' stops the database)"
	@echo
	@# The mail worker runs beside the server (its mail shows in this console) and stops with it.
	@export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: install db
	$(PY) manage.py makemigrations --check --dry-run

pytest: install db
	$(PYTEST)

# The browser tests, writing each checked page's screenshots to tests/e2e/screenshots/.
screenshots: install db
	E2E_SCREENSHOTS=1 $(PYTEST) tests/e2e

# The inner loop: no browser, no scale tests, and the `quick` hypothesis profile
# (50 examples plus the explicit ones for NUL, 10,000 characters and markup).
test-quick: install db
	FIRMAS_HYPOTHESIS_PROFILE=quick $(PYTEST) -m "not browser and not scale" --ignore=tests/e2e

# Known-vulnerability check of the installed packages (skipped, saying so, when offline).
audit: install
	$(PY) devtools/audit.py

test: lint migrations-check audit pytest

# The property-based tests of tests/test_fuzz_*.py, with the long `fuzz` profile
# (tests/conftest.py) instead of the 300 examples each that `make test` runs.
fuzz: install db
	FIRMAS_HYPOTHESIS_PROFILE=fuzz $(PYTEST) tests/test_fuzz_*.py

# Precision, recall and F1 of the importer's reading, letter by letter (docs/import.md).
# FIRMAS_LETTER_CORPUS adds folders of letters kept outside the repository (":"-separated).
fidelity: install
	$(PY) devtools/fidelity.py tests/fixtures/letters $(subst :, ,$(FIRMAS_LETTER_CORPUS))

# Load and scale measurements on a throwaway stack, never the dev database (docs/performance.md).
BENCH_SCENARIOS := workers surge letter-page public-data export moderation scaleout

bench: install
	@bench/system-deps
	$(PY) -m bench

bench-%: install
	@bench/system-deps
	$(PY) -m bench $(subst -,_,$*)

# Regenerate the translation catalogs after changing user-facing strings.
messages: install
	$(PY) manage.py makemessages -l es --no-obsolete --ignore '$(VENV)/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --ignore '$(VENV)/*'

clean: db-stop
	rm -rf $(VENV) .pgdata .pgdata.log staticfiles .pytest_cache .ruff_cache
