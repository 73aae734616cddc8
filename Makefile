# WGEC Redline: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# The demo run keeps its own secret key in .secret_key (git ignores it) and serves plain HTTP locally.
RUN_ENV := SECRET_KEY_FILE=$(CURDIR)/.secret_key ALLOWED_HOSTS=127.0.0.1,localhost HTTPS=0
# The suite needs a key too (not a secret); it runs over plain HTTP, and turns the login lockout on
# only in the tests that check it (the test client logs in without a request).
# ENV_FILE= : the suite reads no .env, whatever a developer keeps there.
TEST_ENV := SECRET_KEY=wgec-test-suite-key-not-secret STATIC_MANIFEST=0 HTTPS=0 AXES_ENABLED=0 ENV_FILE=

.PHONY: run test lint bench venv serve-setup clean lock

venv: $(VENV)/.installed

# Every package, direct or not, comes from the lock file at the version and with the hash it records.
$(VENV)/.installed: requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

# After a change to requirements.txt or requirements-dev.txt: resolve both lock files again.
PIP_TOOLS := pip-tools==7.6.2
LOCK_ARGS := --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	test -x .lock-venv/bin/pip-compile || ($(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet $(PIP_TOOLS))
	.lock-venv/bin/pip-compile $(LOCK_ARGS) --output-file requirements.lock requirements.txt
	.lock-venv/bin/pip-compile $(LOCK_ARGS) --output-file requirements-dev.lock requirements-dev.txt

.secret_key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# The same settings for `python manage.py …` typed in this folder (git ignores .env). Written once:
# an operator's edits are kept, and the environment still takes precedence over the file.
.env:
	@printf '%s\n' "# Read by manage.py in this folder; the environment takes precedence (README, Configuration)." \
		$(RUN_ENV) > $@

serve-setup: venv .secret_key .env
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

# axe-core for the accessibility tests (skipped outside CI when npm is missing).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

test: venv node_modules/.installed
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

# mypy loads the Django settings (django-stubs), which need a key; its options are in pyproject.toml.
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TEST_ENV) $(VENV)/bin/mypy amendments/core amendments/actions amendments/queries amendments/exporters amendments/importers amendments/views amendments/templatetags amendments/forms.py amendments/staff_forms.py amendments/notice_forms.py amendments/search_forms.py amendments/submission_forms.py amendments/screen_forms.py amendments/context_processors.py amendments/models amendments/notifications.py amendments/warming.py amendments/at_commit.py amendments/live
	@# No function of the app over cyclomatic complexity 20 (radon rank D or worse).
	@out="$$($(VENV)/bin/radon cc -n D amendments wgec)"; if [ -n "$$out" ]; then echo "Too complex:"; echo "$$out"; exit 1; fi

clean:
	rm -rf $(VENV) .lock-venv staticfiles test-artefacts .pytest_cache .hypothesis

# Every benchmark runs and prints its figures; the target fails at the end if one missed a goal.
BENCHMARKS := bench_diff bench_report bench_restart bench_live bench_instances bench_export bench_revision bench_alignment bench_wordml bench_refusals bench_redline_docx bench_pdf_text bench_word_round_trips

bench: venv
	@failed=""; for name in $(BENCHMARKS); do echo "== $$name"; $(PY) benchmarks/$$name.py || failed="$$failed $$name"; done; \
	if [ -n "$$failed" ]; then echo "Goals missed in:$$failed"; exit 1; fi
