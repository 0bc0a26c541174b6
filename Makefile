# `make run` and `make test` work on a fresh Debian machine with Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
LIGHTHOUSE := tests/lighthouse/node_modules/.bin/lighthouse
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8050
# make run serves this machine only; HOST=0.0.0.0 make run shares it on the network (the
# production command and the image listen where HOST tells them, 0.0.0.0 by default).
HOST ?= 127.0.0.1
# Real extracts for the real-data tests (CI sets this; locally the sibling checkout is used).
export SCORECARD_TEST_DATA ?= $(wildcard $(CURDIR)/../shared/data/scorecard)

.PHONY: run test setup setup-dev system browser prepare audit audit-latest lint clean

$(VENV)/bin/pip:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "Installing Debian's python3-venv"; rm -rf $(VENV); \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv >/dev/null && \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip

# What the app needs to serve (make run, the image) ...
$(STAMP): requirements.txt | $(VENV)/bin/pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

# ... and, for make test, the test runners, load generators and audit tools on top.
$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

setup: $(STAMP)
setup-dev: $(DEV_STAMP)

# Debian's Chromium drives the browser tests (never `playwright install`: it needs a CDN);
# the shared-cache tests start their own redis-server, the scale-out tests their own
# haproxy; Node runs Lighthouse's audit.
# (nodejs first: NodeSource's nodejs carries npm and conflicts with Debian's npm package)
system:
	@command -v chromium >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 && \
	  command -v haproxy >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium, redis-server, haproxy and nodejs for the tests"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq chromium redis-server haproxy nodejs >/dev/null && \
	  { command -v npm >/dev/null 2>&1 || $(SUDO) apt-get install -y -qq npm >/dev/null; }; }

# Lighthouse from npm's registry, at the version its lock file pins.
$(LIGHTHOUSE): tests/lighthouse/package-lock.json
	npm ci --prefix tests/lighthouse --no-audit --no-fund --loglevel=error
	touch $(LIGHTHOUSE)

prepare: setup
	$(BIN)/python -m dashboard prepare

# Chart images and the PDF report are drawn by Debian's Chromium (kaleido drives it): without
# it they answer 503, so make run installs it, as make test does.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium, which draws chart images and PDF reports"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null || \
	  echo "Could not install chromium: chart images and reports answer 503 until it is"; }

run: prepare browser
	@echo "Serving on http://$(HOST):$(PORT)/ (HOST=0.0.0.0 make run to share it on the network)"
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py dashboard.wsgi:server

# Style and the import rule between the rooms (pyproject.toml's ruff settings and
# contracts, docs/architecture.md); `make test` runs it first.
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

test: setup-dev lint system $(LIGHTHOUSE)
	$(BIN)/python -m pytest

# Known vulnerabilities in the installed packages (PyPI's advisory data); --strict fails when a
# package cannot be checked, so an unreachable advisory service never reads as "clean".
audit: setup-dev
	$(BIN)/pip-audit --strict --progress-spinner off

# Where only PyPI's project pages are reachable: the advisories PyPI lists for each package's
# latest release, which the installed one must be; the exceptions are written down in the
# docs/reliability.md.
AUDIT_EXCEPTIONS := numpy scipy jsonschema-rs
audit-latest: setup-dev
	$(BIN)/python .ci/audit_latest.py --unchecked $(AUDIT_EXCEPTIONS)

clean:
	rm -rf var .pytest_cache
