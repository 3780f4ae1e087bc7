# The README's two commands: `make html` and `make test`. Every target sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPHINXOPTS ?=
BUILD := _build

.PHONY: html test preflight serve clean lint redline checks new-case new-policy archive-policy

# pip installs only uv; uv installs the packages of pyproject.toml, in about a tenth of pip's
# time on a fresh clone (it downloads and unpacks in parallel).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv>=0.8"
# Every package at the version (and hash) of requirements.lock, so a new upstream release
# cannot break a build or a test; `make lock` writes the lock file again from pyproject.toml.
# --compile-bytecode: every build would otherwise compile Sphinx's modules again wherever
# PYTHONDONTWRITEBYTECODE is set (CI), a second of each incremental build (issue 30).
LOCK := requirements.lock
INSTALL = $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --constraint $(LOCK)

# Reinstall when the dependency list or the lock file changes.
$(VENV)/.site-installed: pyproject.toml $(LOCK) | $(BIN)/uv
	$(INSTALL) -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(LOCK) $(VENV)/.site-installed
	$(INSTALL) -e ".[test]"
	touch $@

html: $(VENV)/.site-installed
	$(BIN)/sphinx-build -b html -W --keep-going -n -d $(BUILD)/doctrees $(SPHINXOPTS) . $(BUILD)/html

# First the system programs the tests need (.ci/test-tools): one message if any is missing.
# The tests run in parallel, one worker more than there are cores, since a worker often waits
# for a browser or a shared build (TEST_WORKERS=1 runs them one at a time); a test file stays
# on one worker, so its module fixtures are made once.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
# The tests start many Python processes (the workers, make targets, the command-line tools, the
# benchmark's builds), and each would compile the extension and pytest's rewritten test files
# again where PYTHONDONTWRITEBYTECODE is set, as in CI: about two seconds of each worker's start
# and a third of a second of each tool. The tests keep that bytecode (in __pycache__, which git
# ignores).
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE
test: preflight $(VENV)/.test-installed $(VENV)/.node-installed
	$(TEST_ENV) $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

preflight:
	@$(PYTHON) tests/preflight.py

# The everyday loop: every test except the browser and the PDF tests (markers browser and pdf,
# set in tests/conftest.py), in about a minute and a half. `make test` runs them all. The
# pipeline tests (gitlab-ci-local, from npm) are in it, so it installs what they need too.
# The test files go out heaviest first (the order of tests/conftest.py's HEAVY_FILES, not
# xdist's by number of tests), so that no worker starts a long file when the others are done.
.PHONY: test-fast
test-fast: preflight $(VENV)/.test-installed $(VENV)/.node-installed
	$(TEST_ENV) $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder \
		-m "not browser and not pdf" $(PYTEST_ARGS)

serve: $(VENV)/.site-installed
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port 8000 -d $(BUILD)/doctrees-serve . $(BUILD)/serve

lint: $(VENV)/.test-installed
	$(BIN)/ruff check exts tests conf.py
	$(BIN)/mypy

clean:
	rm -rf $(BUILD)

# Redline: what a change does to the policy texts (BASE = a git ref): _build/redline/index.html
# and the same as Markdown for the pull request (sammanfattning.md, what CI writes to the job
# summary and the comment). redline-pdf also prints redline.pdf for the committee's papers.
BASE ?= main
REDLINE_ARGS = --bas $(BASE) --ut $(BUILD)/redline --sammanfattning $(BUILD)/redline/sammanfattning.md
redline: $(VENV)/.site-installed
	rm -f $(BUILD)/redline/sammanfattning.md
	$(BIN)/handbok redline $(REDLINE_ARGS)

.PHONY: redline-pdf
redline-pdf: $(VENV)/.test-installed
	rm -f $(BUILD)/redline/sammanfattning.md
	$(BIN)/handbok redline $(REDLINE_ARGS) --pdf $(BUILD)/redline/redline.pdf

# Personal data (personnummer, private e-mail, mobile numbers) in the sources.
checks: $(VENV)/.site-installed
	$(BIN)/handbok kontroll

# A new case study from mallar/exempel.md. Asks questions, or give them as variables:
# make new-case TYP=studiebesök TITEL="Studiebesök om skolmat" METODER=huddinge-metod-2
new-case: $(VENV)/.site-installed
	$(BIN)/handbok nytt-exempel $(if $(TYP),--typ "$(TYP)") $(if $(TITEL),--titel "$(TITEL)") \
		$(if $(METODER),--metoder "$(METODER)") $(if $(MAL),--mal "$(MAL)") \
		$(if $(ENHET),--enhet "$(ENHET)") $(if $(PERIOD),--period "$(PERIOD)") \
		$(if $(GENOMFORD),--genomford "$(GENOMFORD)")

# A new municipality's policy folder from mallar/styrdokument.md. Asks, or give the answers:
# make new-policy KOMMUN="Botkyrka kommun" TYP=strategi TITEL="Botkyrka kommuns strategi ..."
new-policy: $(VENV)/.site-installed
	$(BIN)/handbok nytt-styrdokument $(if $(KOMMUN),--kommun "$(KOMMUN)") \
		$(if $(TYP),--typ "$(TYP)") $(if $(TITEL),--titel "$(TITEL)") $(if $(ID),--id "$(ID)") \
		$(if $(GILTIGHET),--giltighet "$(GILTIGHET)")

# Keep the current version of a policy as an older version beside it (status upphävd):
# make archive-policy FIL=policy/huddinge/strategi.md GILTIGHET=2016-2020
archive-policy: $(VENV)/.site-installed
	$(BIN)/handbok arkivera "$(FIL)" "$(GILTIGHET)"

.PHONY: trainer pdf

# Trainers' build: the site with the facilitator notes (handbok_trainer), in its own folder.
trainer: $(VENV)/.site-installed
	$(BIN)/sphinx-build -b html -W --keep-going -n -D handbok_trainer=1 -d $(BUILD)/doctrees-trainer $(SPHINXOPTS) . $(BUILD)/trainer

# Printable PDFs, printed by Chromium from the HTML build (tagged, language sv; see
# exts/handbok_cli/printpdf.py). `make pdf`: the reader's book $(BUILD)/pdf/handbok-internationellt-arbete.pdf
# and the editors' $(BUILD)/pdf/handbok-redaktion.pdf. `make handouts`: per training module a
# participants' and a facilitator PDF in $(BUILD)/html/utskrift/ (the site links them);
# `make handouts MODULER=1,3` puts modules 1 and 3 in one pack. Needs Chromium (.ci/debian-packages).
# `make handouts PAKET=arbetsplatstraff` prints one ready pack (the 45-minute workplace meeting).
.PHONY: handouts
MODULER ?=
PAKET ?=
$(VENV)/.print-installed: pyproject.toml $(LOCK) $(VENV)/.site-installed
	$(INSTALL) -e ".[print]"
	touch $@

pdf: html $(VENV)/.print-installed
	$(BIN)/handbok utskrift bok --html $(BUILD)/html --ut $(BUILD)/pdf

handouts: html trainer $(VENV)/.print-installed
	$(BIN)/handbok utskrift utbildning --html $(BUILD)/html --handledare $(BUILD)/trainer \
		--ut $(BUILD)/html/utskrift $(if $(MODULER),--moduler "$(MODULER)") \
		$(if $(PAKET),--paket "$(PAKET)")
	mkdir -p $(BUILD)/trainer/utskrift && cp $(BUILD)/html/utskrift/*.pdf $(BUILD)/trainer/utskrift/
# Benchmark against plain MyST, the basic theme and sphinx-needs: `make bench` (200, 1000, 5000
# and 10000 cases; takes an hour or more, not part of `make test`) or `make bench N=1000` (one
# size). Prints a table of medians; JSON in _build/bench/.
.PHONY: bench
N ?=
$(VENV)/.bench-installed: pyproject.toml $(LOCK) $(VENV)/.site-installed
	$(INSTALL) -e ".[bench]"
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python tests/bench/run.py $(if $(N),--sizes $(N))

# Import an adopted document (.docx, .pdf or text) as a draft policy page with suggested markup:
# make import-policy FIL=strategi.docx KOMMUN=huddinge (UT=policy/huddinge/strategi.md to choose
# the file). Prints a report; see CONTRIBUTING.md. `make bench-import` measures the import on
# the two seed texts (fidelity per format, precision and recall of the suggested duties) and on
# the development set tests/data/importset (tuning half and held-back half, as text, Word, PDF).
.PHONY: import-policy bench-import
import-policy: $(VENV)/.site-installed
	$(BIN)/handbok importera "$(FIL)" "$(KOMMUN)" $(if $(UT),--ut "$(UT)")

bench-import: $(VENV)/.test-installed
	$(BIN)/handbok importmatning

# Search: Sphinx's search (as the site ships it, and as Sphinx comes) against Pagefind, on the
# Swedish queries of tests/bench/search-queries.tsv, both run in Chromium. Prints recall@5 and
# bytes per engine (docs/sokning.md); every query's results in _build/bench/search.json.
.PHONY: bench-search
# ENGINES=sphinx measures only the handbook's own search (a few minutes, not twenty); SETS=trim2
# only those queries.
bench-search: html $(VENV)/.bench-installed $(VENV)/.test-installed
	$(BIN)/python tests/bench/search.py $(if $(ENGINES),--engines $(ENGINES)) \
		$(if $(SETS),--sets $(SETS))

# Weight of a first visit against a bare sphinx-book-theme page built in the same run (issue 12):
# requests, bytes and gzipped bytes of both and the ratio; fails above 0.5 (gzipped).
# `make weight PAGE=policy/huddinge/strategi.html` opens another page of the handbook.
.PHONY: weight
PAGE ?= index.html
weight: $(VENV)/.test-installed
	$(BIN)/python tests/bench/weight.py --page $(PAGE)

# The lock file: every package of pyproject.toml and its extras, for every platform, with hashes.
# Run after changing a dependency in pyproject.toml; Dependabot updates it otherwise.
.PHONY: lock
lock: | $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
		--generate-hashes --quiet -o $(LOCK)

# Policies to review: review date within 90 days or past, or the period ended, with the owner.
# `make review-reminders ISSUES=1` opens or updates one issue per policy on the forge (the
# scheduled CI jobs); DRY_RUN=1 shows what it would do.
.PHONY: review-reminders
review-reminders: $(VENV)/.site-installed
	$(BIN)/handbok paminnelser $(if $(ISSUES),--arenden) $(if $(DRY_RUN),--provkorning) \
		$(if $(TODAY),--idag $(TODAY))

# gitlab-ci-local runs .gitlab-ci.yml in the tests (tests/test_gitlab_ci.py), from npm into
# .venv/node. 4.66.1: later versions need a newer Node than Debian's.
GITLAB_CI_LOCAL := gitlab-ci-local@4.66.1
$(VENV)/.node-installed: Makefile | $(BIN)/python
	npm install --prefix $(VENV)/node --no-audit --no-fund --silent $(GITLAB_CI_LOCAL)
	touch $@

# CI's guard against super-linear builds (issue 30), a separate step, not part of `make test`:
# the handbook at 20, 200 and 2000 cases in 3 interleaved rounds (the least of 3 builds for
# the small sizes); fails when the median round's CPU time per case above the 20-case build
# grows more than 30 % from 200 to 2000 (a ratio of one run, not a timed assertion).
# JSON in _build/bench/guard.json.
.PHONY: bench-guard
bench-guard: $(VENV)/.site-installed
	$(BIN)/python tests/bench/run.py --guard
