# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1:8000

# make run is a development server: DEBUG on, a throw-away key, SQLite unless DATABASE_URL is set.
DEV_ENV := DJANGO_DEBUG=1 DJANGO_SECRET_KEY=dev-only-not-for-production

.PHONY: install system-libs run setup test test-e2e lint bench load clean

install: system-libs $(STAMP)

# WeasyPrint subsets the PDF fonts with HarfBuzz when libharfbuzz-subset is there (fonttools otherwise:
# slower, and deprecated by WeasyPrint). Debian's package; without root the portal still works.
system-libs:
	@ldconfig -p | grep -q libharfbuzz-subset || apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1 \
	  || (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1) \
	  || echo "libharfbuzz-subset0 не установлен: PDF строятся медленнее (подмножества шрифтов через fonttools)."

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py load_real_data
	$(DEV_ENV) $(BIN)/python manage.py demo_data

run: setup
	@echo "Портал: http://$(HOST)/  (демо-входы: methodist, school_a, school_b, official; пароль salsk-demo)"
	$(DEV_ENV) $(BIN)/python manage.py devserver $(HOST)

test: install
	DJANGO_SETTINGS_MODULE=salsk_mentoring.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 -q

# Debian's chromium for Playwright, with its Russian strings (chromium-l10n); poppler-utils' pdftoppm turns the
# downloaded PDFs into PNG artefacts.
test-e2e: install
	command -v chromium >/dev/null && command -v pdftoppm >/dev/null && test -f /usr/lib/chromium/locales/ru.pak \
	  || (apt-get update -qq && apt-get install -y -qq chromium chromium-l10n poppler-utils)
	$(BIN)/pytest -q -m e2e -p no:xdist tests/e2e

lint: install
	$(BIN)/ruff check .

bench: install
	$(DEV_ENV) $(BIN)/python manage.py bench $(BENCH_ARGS)

load: setup
	$(DEV_ENV) $(BIN)/python manage.py loadtest $(LOAD_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media
