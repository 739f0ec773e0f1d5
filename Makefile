# Two commands on a fresh machine:
#   make run   - create .venv, install the app, start the dashboard on http://127.0.0.1:8501
#   make test  - create .venv, install the app and test tools (and Chromium if missing), run every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint validate export bench load clean chromium

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

# Chromium renders the PNG export and runs the browser tests; a CJK font (Debian's fonts-noto-cjk)
# keeps the Chinese source titles in chart footnotes from rendering as boxes. Installed when root,
# otherwise named: missing Chromium stops here, missing CJK fonts only warn.
chromium:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing=" chromium"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  elif [ "$${missing# }" = "fonts-noto-cjk" ]; then \
	    echo "warning: no CJK font, Chinese source titles in exported charts will show as boxes: run 'sudo apt-get install -y fonts-noto-cjk'" >&2; \
	  else \
	    echo "Chromium is needed for the browser tests and PNG export: run 'sudo apt-get install -y$$missing'" >&2; exit 1; \
	  fi; \
	fi

test: $(TEST_STAMP) chromium
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m loaders validate metrics.yaml
	$(PY) -m pytest

lint: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

validate: $(STAMP)
	$(PY) -m loaders validate metrics.yaml

export: $(STAMP)
	$(PY) -m dashboard export --out exports

# what a reader waits for, against fair floors (docs/performance.md); e.g. make bench BENCH_ARGS='--only builds --quick'
bench: $(TEST_STAMP) chromium
	$(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
