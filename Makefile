# Peace Operations Working Group portal. `make run` to start, `make test` to test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := powg.settings

.PHONY: run worker serve test check format install install-dev ocr-tools db stop-db bench load clean backup restore messages

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Text recognition of scanned PDFs (documents.ocr) needs Debian's tesseract-ocr with its
# English and French data: installed here when missing and this user may (root);
# otherwise the command to run is printed, and scans wait unrecognised until then.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra
ocr-tools:
	@if ! tesseract --list-langs 2>/dev/null | grep -qx fra || ! tesseract --list-langs 2>/dev/null | grep -qx eng; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "--- installing $(OCR_PACKAGES) (text recognition of scanned PDFs)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_PACKAGES) >/dev/null; \
	  else \
	    echo "Note: scanned PDFs are made searchable once this runs: sudo apt-get install $(OCR_PACKAGES)"; \
	  fi; \
	fi

install: $(VENV)/.installed ocr-tools
install-dev: $(VENV)/.installed-dev ocr-tools

# Migrate, compile translations, load demo content: shared by run and test.
db: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py compile_translations

# The development server with one background-job worker beside it, on the same database
# (emails print in this terminal); the worker stops when the server does, Ctrl-C included.
run: db
	$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (log in at http://127.0.0.1:$(PORT)/accounts/login/, admin at /admin/)"
	@$(PY) manage.py procrastinate worker --name=run-worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# One background-job worker (emails, the daily sync), for production under its own
# service: it reads the same environment as the web processes (DATABASE_URL...) and may
# run on any machine that reaches the database. WORKER_ARGS=--one-shot runs what is due.
worker: install
	$(PY) manage.py procrastinate worker $(WORKER_ARGS)

# Production-like: gunicorn, DEBUG=0, collected static files. HTTPS=0 because it
# answers on plain-HTTP loopback; behind a TLS proxy leave HTTPS unset.
# No gunicorn access log: the portal writes its own JSON line per request (powg/logs.py).
serve: db
	DEBUG=0 HTTPS=0 SECRET_KEY=$${SECRET_KEY:-local-serve-$$(hostname)-not-for-production-use-0123456789} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} $(PY) manage.py collectstatic --noinput -v0
	DEBUG=0 HTTPS=0 SECRET_KEY=$${SECRET_KEY:-local-serve-$$(hostname)-not-for-production-use-0123456789} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	  $(VENV)/bin/gunicorn powg.wsgi --bind 127.0.0.1:$(PORT) --workers $${WORKERS:-3}

test: install-dev
	$(PY) manage.py compile_translations
	$(PY) -m pytest $(PYTEST_ARGS)

check: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check_translations
	DEBUG=0 SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  ALLOWED_HOSTS=portal.example.org $(PY) manage.py check --deploy --fail-level WARNING

# Update the French catalogues from the code (makemessages, needs GNU gettext's
# xgettext), carry French over between catalogues, and list what still lacks French.
messages: install
	$(PY) manage.py check_translations --in-place --skip-templates

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Library benchmark: 20,000 generated documents in a throwaway database (powg_bench).
bench: install
	$(PY) manage.py bench_library $(BENCH_ARGS)

# Load: locust, 50 users for 60 s against gunicorn (as make serve) on a load database
# (powg_loadbench: 20,000 documents, 3,000 events, 2,000 members; filled once, then reused).
# LOAD_ARGS="--users 20 --time 30 --wait 0,1" changes the run; --help lists the options.
load: install-dev
	$(PY) -m powg.bench.load $(LOAD_ARGS)

# Database (pg_dump -Fc) and private files to var/backups/<timestamp>/ with checksums.
backup: install
	$(PY) manage.py backup

# Into an empty database and storage: make restore BACKUP=var/backups/<timestamp> [FORCE=1]
restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/<timestamp> [FORCE=1]"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(FORCE),--force)

stop-db: install
	$(PY) -c "from powg.embedded_db import stop_embedded_database as s; print('stopped' if s('var/pgdata') else 'not running')"

clean:
	rm -rf staticfiles .pytest_cache .ruff_cache
