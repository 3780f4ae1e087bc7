# The README's two commands: `make html` and `make test`. Every target sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPHINXOPTS ?=
BUILD := _build

.PHONY: html test serve clean lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the dependency list changes.
$(VENV)/.site-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

html: $(VENV)/.site-installed
	$(BIN)/sphinx-build -b html -W --keep-going -n -d $(BUILD)/doctrees $(SPHINXOPTS) . $(BUILD)/html

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: $(VENV)/.site-installed
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port 8000 -d $(BUILD)/doctrees-serve . $(BUILD)/serve

lint: $(VENV)/.test-installed
	$(BIN)/ruff check exts tests conf.py

clean:
	rm -rf $(BUILD)

# Benchmark against plain MyST, the basic theme and sphinx-needs: `make bench` (200, 1000 and
# 5000 cases) or `make bench N=1000` (one size). Prints a table; JSON in _build/bench/.
.PHONY: bench
N ?=
$(VENV)/.bench-installed: pyproject.toml $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python tests/bench/run.py $(if $(N),--sizes $(N))
