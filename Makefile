# Quick start: `make serve` (build and preview the example site), `make test` (all tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
JS_READY := tests/js/node_modules/.package-lock.json
CMS_READY := cms/node_modules/.package-lock.json
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve edit build site check new new-site import test lint benchmark screenshots clean

help:  ## list these targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(READY)

serve: $(READY) $(CMS_READY)  ## build the example site and preview it at http://127.0.0.1:8000
	$(BIN)/python -m generator serve

edit: $(READY) $(CMS_READY)  ## the preview and the browser editor together: open http://127.0.0.1:8000/admin/
	@echo "Edit the site at http://127.0.0.1:8000/admin/ (Login, then choose what to edit); Ctrl-C stops both."
	@trap 'kill 0' INT TERM EXIT; \
	PORT=8081 BIND_HOST=127.0.0.1 GIT_REPO_DIRECTORY="$(CURDIR)" node cms/node_modules/decap-server/dist/index.js & \
	$(BIN)/python -m generator serve

site: $(READY) $(CMS_READY)  ## build the whole site; it replaces build/site only once the build has succeeded
	$(BIN)/mkdocs build --strict

build: $(READY)  ## run the generator alone (Markdown for MkDocs in build/docs)
	$(BIN)/python -m generator build

# When content has errors, the check's own last line says what to do next; make's
# "*** [Makefile:…] Error 1" after it would read like a crash to the person fixing their
# files, so make check ends quietly. Scripts still see the failure: under CI (which
# GitHub Actions and most CI services set) make check fails too, and
# `python -m generator check` always exits 1 on errors. make new is the same: its own
# message says what to type next.
check: $(READY)  ## check all content without building
	@$(BIN)/python -m generator check || test -z "$(CI)"

new: $(READY)  ## start a file; it asks for what it needs: make new KIND=visit TITLE="Title" [ARGS="--place Swansea --nation Wales --date 2023-10-11"]
	@$(BIN)/python -m generator new $(KIND) "$(TITLE)" $(ARGS) || test -z "$(CI)"

import: $(READY)  ## bring in existing events: make import FROM=ics SOURCE=events.ics, or FROM=events-calendar SOURCE=folder [ARGS="--series NAME --dry-run"]
	@$(BIN)/python -m generator import $(FROM) "$(SOURCE)" $(ARGS) || test -z "$(CI)"

new-site: $(READY)  ## start your own site: make new-site DIR=../our-site NAME="Our Learning Exchange" URL=https://learning.example.org/ EMAIL=learning@example.org [ARGS="--timezone Europe/London --organiser NAME"]
	$(BIN)/python -m generator new-site "$(DIR)" --name "$(NAME)" --base-url "$(URL)" --email "$(EMAIL)" $(ARGS)

# Mozilla's ical.js (Thunderbird's calendar parser) reads our feeds in the tests.
$(JS_READY): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --no-audit --no-fund; \
	else echo "npm not found: the ical.js calendar checks will be skipped (and fail under CI=true)"; fi

# Decap CMS, the browser editor at /admin/ (cms/package.json); without npm the site has no /admin/.
$(CMS_READY): cms/package.json cms/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix cms --no-audit --no-fund; \
	else echo "npm not found: the site is built without the editor at /admin/"; fi

test: lint $(JS_READY) $(CMS_READY)  ## run the linter and every test
	$(BIN)/python -m pytest

lint: $(READY)  ## check the code with ruff (the rules are in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

benchmark: $(READY)  ## time builds of synthetic archives of 300 to 10,000 items (not a test)
	$(BIN)/python scripts/benchmark.py $(ARGS)

# The pictures are taken of a site built as of a fixed day (SOURCE_DATE_EPOCH, 1 December 2026),
# so that which events are upcoming, and so the pictures, change only when the site does.
screenshots: $(READY) $(CMS_READY)  ## build the example site and photograph six pages, desktop and phone, into docs/screenshots/
	SOURCE_DATE_EPOCH=1796126400 $(BIN)/mkdocs build --strict
	$(BIN)/python scripts/screenshots.py build/site docs/screenshots

clean:  ## remove what builds and tests made (never content/)
	rm -rf build/site build/site.building build/site.old build/.cache test-output
	find build/docs -mindepth 1 ! -name .gitignore -delete
