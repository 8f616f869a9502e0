# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
OUT     := out
DB      := $(OUT)/storyline.duckdb
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint clean browser

$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade "pip==26.3" || true
	# torch first: the CPU build 2.13.0; anything else pulls GBs of CUDA packages.
	$(VENV)/bin/pip install -q "torch==2.13.0"
	$(VENV)/bin/pip install -q -r requirements.lock
	$(VENV)/bin/pip install -q --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	rm -f $(DB)
	$(VENV)/bin/storyline analyze samples/ --registry demo/outlets.json --db $(DB) --out $(OUT)/report
	@echo "Report: $(OUT)/report/index.html (also briefing.md, briefing.json); store: $(DB)"

# Browser tests drive Debian's chromium; install it when missing (needs root, as on CI).
browser:
	@test -x $(CHROMIUM) || (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) || echo "chromium not installed: browser tests will be skipped"

test: $(STAMP) browser
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) $(OUT) test-artifacts
