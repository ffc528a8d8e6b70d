# Two commands do everything on a fresh machine with python3:
#   make run    set up and serve the blog with gunicorn on http://127.0.0.1:8000 (PORT overrides),
#               with the background worker that sends comment mail beside it
#   make test   the whole test suite (browser tests need Debian's chromium)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: run test check bench install messages screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Generated once, kept out of git (see .gitignore).
.secret_key:
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@
	@echo "Generated a secret key in .secret_key"

run: install .secret_key
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-0} DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}"; \
	set -e; \
	$(PY) manage.py migrate --noinput; \
	$(PY) manage.py load_seed; \
	$(PY) manage.py collectstatic --noinput --verbosity 0; \
	echo "Serving on http://$${HOST:-127.0.0.1}:$${PORT:-8000}/  (Ctrl-C stops)"; \
	$(PY) manage.py db_worker --no-reload --no-startup-delay --interval 2 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/gunicorn -c gunicorn.conf.py config.wsgi

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Style, lint, the import layering (config <- pagecache <- blog <- jekyll), function length and
# the templates (djlint), as CI runs them.
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(PY) scripts/check_function_length.py
	$(BIN)/djlint templates --check
	$(BIN)/djlint templates --lint

bench: install
	$(PY) bench/run.py

# Recompile translations after editing locale/*/LC_MESSAGES/django.po (needs gettext).
messages: install
	DJANGO_DEBUG=1 $(PY) manage.py makemessages --all --ignore=.venv --ignore=node_modules --ignore=bench --ignore=tests --ignore=scripts
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

# Refresh the README's screenshots in docs/ from the browser tests.
screenshots: install
	UPDATE_SCREENSHOTS=1 $(BIN)/pytest -m browser tests tests/system/screenshots.py $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .cache .pytest_cache
