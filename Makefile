# Two commands on a fresh machine:
#   make run   - create .venv, install the app, start the dashboard on http://127.0.0.1:8501
#   make test  - create .venv, install the app and test tools (and Chromium if missing), run every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint validate export bench load clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(PY) -m loaders validate metrics.yaml
	$(PY) -m streamlit run app.py

chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Chromium is needed for the browser tests and PNG export: run 'sudo apt-get install -y chromium'" >&2; exit 1; fi; }

test: $(TEST_STAMP) chromium
	$(PY) -m ruff check .
	$(PY) -m loaders validate metrics.yaml
	$(PY) -m pytest

lint: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

validate: $(STAMP)
	$(PY) -m loaders validate metrics.yaml

export: $(STAMP)
	$(PY) -m dashboard export --out exports

bench: $(TEST_STAMP) chromium
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
