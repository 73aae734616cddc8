# WGEC Redline: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# The demo run keeps its own secret key in .secret_key (git ignores it).
RUN_ENV := SECRET_KEY_FILE=$(CURDIR)/.secret_key ALLOWED_HOSTS=127.0.0.1,localhost
# The suite needs a key too; it is not a secret.
TEST_ENV := SECRET_KEY=wgec-test-suite-key-not-secret STATIC_MANIFEST=0

.PHONY: run test lint bench venv serve-setup clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

.secret_key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

serve-setup: venv .secret_key
	$(RUN_ENV) $(PY) manage.py migrate --noinput -v0
	$(RUN_ENV) $(PY) manage.py load_wgec
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0

run: serve-setup
	@echo ""
	@echo "  WGEC Redline: http://127.0.0.1:$(PORT)/"
	@echo "  Demo logins (password wgec-demo): secretariat, chair, russia, japan, ashtonhart, observer"
	@echo ""
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles test-artefacts .pytest_cache .hypothesis

bench: venv
	$(PY) benchmarks/bench_diff.py
	$(PY) benchmarks/bench_report.py
	$(PY) benchmarks/bench_export.py
	$(PY) benchmarks/bench_revision.py
