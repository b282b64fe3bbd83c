# Gevinstportalen – two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8050
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test bench chromium office postgresql redis web-deps assets clean-db help

help:
	@echo "make run    – set up .venv, database and default data, start gunicorn on http://$(HOST):$(PORT)/"
	@echo "make test   – set up test dependencies (incl. Debian chromium) and run the tests"
	@echo "make bench  – national-scale benchmark: import, pages, browser, report, 20-user load"

$(VENV)/.runtime: requirements.txt constraints.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PIP) install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $@

# The look: Digdir's Designsystemet (CSS and its default theme, pinned in package.json/package-lock.json, from the
# npm registry) and the Inter typeface (Debian's fonts-inter), copied into assets/vendor/ (not committed), which
# the app serves itself: no CDN at run time.
INTER := /usr/share/fonts/opentype/inter
DS := node_modules/@digdir/designsystemet-css

web-deps:
	@need=""; command -v npm >/dev/null 2>&1 || need="npm"; [ -f $(INTER)/Inter-Regular.otf ] || need="$$need fonts-inter"; \
	if [ -n "$$need" ]; then \
		echo "Installing Debian's$$need (the design system's CSS and the typeface)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$need; \
	fi

assets/vendor/.installed: package.json package-lock.json
	@$(MAKE) --no-print-directory web-deps
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf assets/vendor && mkdir -p assets/vendor/fonts
	cp $(DS)/dist/theme/designsystemet.css assets/vendor/designsystemet-theme.css
	cp $(DS)/dist/src/index.css assets/vendor/designsystemet.css
	cp $(INTER)/Inter-Regular.otf $(INTER)/Inter-Italic.otf $(INTER)/Inter-SemiBold.otf $(INTER)/Inter-Bold.otf \
		assets/vendor/fonts/
	@touch $@

assets: assets/vendor/.installed

chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftoppm ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || [ ! -f $(INTER)/Inter-Regular.otf ]; then \
		echo "Installing Debian's chromium, poppler-utils, DejaVu and Inter fonts (browser tests, report charts, PDF checks)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium poppler-utils fonts-dejavu-core fonts-inter; \
	fi

office:
	@if ! dpkg -s libreoffice-calc libreoffice-writer libreoffice-impress fonts-crosextra-carlito >/dev/null 2>&1; then \
		echo "Installing Debian's LibreOffice (calc, writer, impress) and Carlito (Calibri's metrics): the document check and a re-saved template"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libreoffice-calc libreoffice-writer libreoffice-impress fonts-crosextra-carlito; \
	fi

postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1 || ! command -v openssl >/dev/null; then \
		echo "Installing Debian's postgresql (PostgreSQL test pass) and openssl (the README's production steps)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql openssl; \
	fi

redis:
	@if ! command -v redis-server >/dev/null 2>&1; then \
		echo "Installing Debian's redis-server for the Celery worker test (background jobs on several hosts)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server; \
	fi

run: $(VENV)/.runtime assets
	-@$(MAKE) --no-print-directory chromium || echo "Uten Chromium lages rapportene uten diagrambilder (tabellene er med)."
	$(VENV)/bin/gunicorn -c gunicorn.conf.py -w 2 -b $(HOST):$(PORT)

test: $(VENV)/.dev assets chromium office postgresql redis
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -n 2 --dist loadfile --durations=20
	GEVINST_TEST_DB=postgresql $(PY) -m pytest -n 2 --dist loadfile -p no:cacheprovider --durations=10

bench: $(VENV)/.dev assets chromium postgresql
	$(PY) -m bench

clean-db:
	rm -f instance/gevinstportalen.sqlite*
