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

.PHONY: trainer pdf

# Trainers' build: the site with the facilitator notes (handbok_trainer), in its own folder.
trainer: $(VENV)/.site-installed
	$(BIN)/sphinx-build -b html -W --keep-going -n -D handbok_trainer=1 -d $(BUILD)/doctrees-trainer $(SPHINXOPTS) . $(BUILD)/trainer

# Printable handbook: LaTeX builder, then latexmk with XeLaTeX. Result: $(BUILD)/latex/*.pdf.
# Needs TeX from Debian (see .ci/run).
pdf: $(VENV)/.site-installed
	$(BIN)/sphinx-build -b latex -W --keep-going -n -d $(BUILD)/doctrees-latex $(SPHINXOPTS) . $(BUILD)/latex
	$(MAKE) -C $(BUILD)/latex all-pdf LATEXMKOPTS="-interaction=nonstopmode -halt-on-error"
