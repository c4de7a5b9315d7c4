# Two commands set up everything on a fresh Debian machine with Python 3.11:
#   make run    install, migrate, load the Halmstad demo data, serve on http://127.0.0.1:8000
#   make test   install what tests need, then ruff, mypy, the layers check and the whole pytest suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The database is chosen by DATABASE_URL (default: an embedded SQLite file in .local/).

.PHONY: run test pytest test-stack bench install install-dev lint messages audit hashes

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: lint
	$(VENV)/bin/pytest

# The suite without the lint, with pytest's options in PYTEST_ARGS (CI's PostgreSQL pass).
pytest: install-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The documented production stack (nginx, gunicorn, PostgreSQL from deploy/) and the crawler,
# in Chromium; says what it skipped if nginx, PostgreSQL or Chromium is missing.
test-stack: install-dev
	TRYGGVE_STACK=1 $(VENV)/bin/pytest -m stack -rs

bench: install-dev
	$(PY) bench/run.py

# After changing texts: update the Swedish catalogue, translate, then compile.
messages: install-dev
	$(PY) manage.py makemessages -l sv -l ar --ignore ".venv/*" --no-obsolete
	$(PY) manage.py compilemessages --ignore ".venv/*"

# Known vulnerabilities in the pinned packages (needs the network: never part of `make test`).
audit: install-dev
	$(PY) -m pip install --quiet pip-audit==2.10.1
	$(VENV)/bin/pip-audit --strict --require-hashes --disable-pip -r requirements.txt -r requirements-dev.txt

# After changing a pinned version: download each package and write its sha256 hashes.
hashes: install-dev
	$(PY) tools/pin_hashes.py
