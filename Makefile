# Two commands on a fresh machine:
#   make run   — install into .venv, migrate, load the demo, start the web server and Celery (worker + beat)
#   make test  — the whole suite on two workers (SQLite by default; PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv lint vendor messages check clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --no-logins
	HOST=$(HOST) PORT=$(PORT) ./scripts/run_dev.sh

# Two pytest-xdist workers (the machine has two cores); --dist loadfile keeps a file's tests on one
# worker. Each worker has its own test database, media folder and Redis key prefix (settings_test.py).
TEST_WORKERS ?= 2
test: venv
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check: venv
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

messages: venv
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=static/vendor --ignore=tests
	$(PY) scripts/po_fill.py
	$(PY) manage.py compilemessages -l en --ignore=.venv

vendor:
	./scripts/vendor_assets.sh

clean:
	rm -rf var/celery-broker var/beat-schedule*
