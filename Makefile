# Recovery resource directory. `make help` lists what you can do.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The site's public address: the demo puts it on the Site record, and feeds and
# admin links are built from it.
BASE_URL ?= http://$(HOST):$(PORT)
export BASE_URL

.DEFAULT_GOAL := help
.PHONY: help run serve test bench lint check messages elasticsearch lock clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

run: $(VENV)/.installed ## Start the site on SQLite at http://127.0.0.1:8000 (admin at /admin/) and its import worker
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_directory
	$(MANAGE) create_demo_admin
	@# Imports run in a background worker beside the site; it stops with the site.
	$(MANAGE) db_worker --backend background --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

serve: $(VENV)/.installed ## Run the site the production way (production settings, gunicorn, worker, Redis) at http://127.0.0.1:8000
	HOST=$(HOST) PORT=$(PORT) SERVE_DEMO=1 bin/serve

test: $(VENV)/.installed ## Lint, checks and the whole test suite (starts Elasticsearch if ELASTICSEARCH_URL is unset)
	bin/run-tests

bench: $(VENV)/.installed ## Benchmarks: search on both engines, SQLite and PostgreSQL, one client and 50; failover; feed; import; subscriptions; TSML UI
	bench/run

lint: $(VENV)/.installed ## ruff lint and format check, and the apps' layering contract
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check: $(VENV)/.installed ## Django system checks and the missing-migrations check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

messages: $(VENV)/.installed ## Update the Spanish catalogue (locale/) from the code and templates, and compile it (needs gettext)
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemessages -l es
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) compilemessages -l es --ignore '.venv' --ignore 'var' --ignore 'node_modules'

elasticsearch: ## Run the development Elasticsearch in the foreground on 127.0.0.1:9200
	es/elasticsearch.sh foreground

lock: $(VENV)/.installed ## Re-resolve requirements.lock from pyproject.toml
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean: ## Remove the virtual environment and everything under var/ (database, media, search data)
	rm -rf $(VENV) var
