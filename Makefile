# The README's commands. `make run` and `make test` work on a fresh machine.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format messages migrate demo worker beat bench screenshots

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# Runs the app on SQLite with the demo school; with Redis reachable (REDIS_URL),
# a Celery worker and beat run beside it.
run: demo
	@$(BIN)/python scripts/run_dev.py $(HOST):$(PORT)

# The whole suite, browser tests included. Set DATABASE_URL for PostgreSQL.
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy .
	$(BIN)/python -m pytest --create-db

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Apps with their own catalog are the folders with a locale/ dir; the rest (config,
# core, school) share the project catalog in locale/.
APP_LOCALES := $(wildcard */locale)
messages: install
	for dir in $(APP_LOCALES); do \
		(cd $${dir%/locale} && ../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete); done
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=tests --ignore=static* \
		$(foreach dir,$(APP_LOCALES),--ignore=$(patsubst %/locale,%,$(dir)))
	$(BIN)/python scripts/compile_messages.py

# One worker for both queues; in production, workers per queue (docs/deploy.md).
worker: install
	$(BIN)/celery -A config worker -l info -Q $${CELERY_DEFAULT_QUEUE:-celery},$${CELERY_EXPORT_QUEUE:-exports}

beat: install
	$(BIN)/celery -A config beat -l info

# The performance budget (issue 19): builds the bench school once in DATABASE_URL (use a
# database of its own), then prints the page table, the export, the wrk load test and one
# met / not met line per target. BENCH_ARGS="--scale 10" for the 10× school.
bench: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bench $(BENCH_ARGS)
