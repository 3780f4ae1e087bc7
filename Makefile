# The README's two commands: `make html` and `make test`. Every target sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPHINXOPTS ?=
BUILD := _build

.PHONY: html test preflight serve clean lint redline checks new-case archive-policy

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

# First the system programs the tests need (.ci/test-tools): one message if any is missing.
test: preflight $(VENV)/.test-installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

preflight:
	@$(PYTHON) tests/preflight.py

serve: $(VENV)/.site-installed
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port 8000 -d $(BUILD)/doctrees-serve . $(BUILD)/serve

lint: $(VENV)/.test-installed
	$(BIN)/ruff check exts tests conf.py

clean:
	rm -rf $(BUILD)

# Redline: what a change does to the policy texts, word by word (BASE = a git ref).
BASE ?= main
redline: $(VENV)/.site-installed
	$(BIN)/python -m handbok_cli.redline --base $(BASE) --out $(BUILD)/redline

# Personal data (personnummer, private e-mail, mobile numbers) in the sources.
checks: $(VENV)/.site-installed
	$(BIN)/python -m handbok_cli.checks

# A new case study from mallar/exempel.md. Asks questions, or give them as variables:
# make new-case TYP=studiebesök TITEL="Studiebesök om skolmat" METODER=huddinge-metod-2
new-case: $(VENV)/.site-installed
	$(BIN)/python -m handbok_cli.newcase $(if $(TYP),--typ "$(TYP)") $(if $(TITEL),--titel "$(TITEL)") \
		$(if $(METODER),--metoder "$(METODER)") $(if $(MAL),--mal "$(MAL)") \
		$(if $(ENHET),--enhet "$(ENHET)") $(if $(PERIOD),--period "$(PERIOD)")

# Keep the current version of a policy as an older version beside it (status upphävd):
# make archive-policy FIL=policy/huddinge/strategi.md GILTIGHET=2016-2020
archive-policy: $(VENV)/.site-installed
	$(BIN)/python -m handbok_cli.archive "$(FIL)" "$(GILTIGHET)"

.PHONY: trainer pdf

# Trainers' build: the site with the facilitator notes (handbok_trainer), in its own folder.
trainer: $(VENV)/.site-installed
	$(BIN)/sphinx-build -b html -W --keep-going -n -D handbok_trainer=1 -d $(BUILD)/doctrees-trainer $(SPHINXOPTS) . $(BUILD)/trainer

# Printable PDFs, printed by Chromium from the HTML build (tagged, language sv; see
# exts/handbok_cli/printpdf.py). `make pdf`: the reader's book $(BUILD)/pdf/handbok-internationellt-arbete.pdf
# and the editors' $(BUILD)/pdf/handbok-redaktion.pdf. `make handouts`: per training module a
# participants' and a facilitator PDF in $(BUILD)/html/utskrift/ (the site links them);
# `make handouts MODULER=1,3` puts modules 1 and 3 in one pack. Needs Chromium (.ci/debian-packages).
.PHONY: handouts
MODULER ?=
$(VENV)/.print-installed: pyproject.toml $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet -e ".[print]"
	touch $@

pdf: html $(VENV)/.print-installed
	$(BIN)/python -m handbok_cli.printpdf book --html $(BUILD)/html --out $(BUILD)/pdf

handouts: html trainer $(VENV)/.print-installed
	$(BIN)/python -m handbok_cli.printpdf handouts --html $(BUILD)/html --trainer $(BUILD)/trainer \
		--out $(BUILD)/html/utskrift $(if $(MODULER),--moduler "$(MODULER)")
# Benchmark against plain MyST, the basic theme and sphinx-needs: `make bench` (200, 1000, 5000
# and 10000 cases; takes an hour or more, not part of `make test`) or `make bench N=1000` (one
# size). Prints a table of medians; JSON in _build/bench/.
.PHONY: bench
N ?=
$(VENV)/.bench-installed: pyproject.toml $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python tests/bench/run.py $(if $(N),--sizes $(N))
