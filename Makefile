# policy-chat — two commands matter: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1

.PHONY: install index run test lint bench bench-load bench-scale eval clean system-deps screenshot

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the project with its dev extras (idempotent)

index: install  ## parse and index corpus/ into ./data (incremental)
	$(VENV)/bin/policy-chat index

run: index  ## build the index if needed and open the chat UI on http://127.0.0.1:7860
	$(PY) app.py

lint: install
	$(VENV)/bin/ruff check .

system-deps:  ## Debian's Chromium and a Chinese font for the browser tests (installed when root; otherwise the command to run)
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; } || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	  else \
	    echo "make test needs Chromium and a Chinese font for its browser tests; run: sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk" >&2; \
	    exit 1; \
	  fi; }

test: install system-deps  ## lint, unit + integration + browser tests; the eval gate runs inside pytest
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -p no:cacheprovider

screenshot: install system-deps  ## regenerate docs/screenshot.png from the current UI (headless Chromium)
	$(PY) docs/screenshot.py

bench: install  ## index build time, embedding throughput, peak RSS, query latency
	$(PY) -m benchmarks.bench

bench-load: install  ## a fresh UI server: 50 concurrent questions + a 100,000-character question + a 60 MB upload
	$(PY) -m benchmarks.load

bench-scale: install  ## 10/100/1,000 generated notices into a Chroma server and the embedded store (hours; resumable; not in make test)
	$(PY) -m benchmarks.scale $(BENCH_SCALE_ARGS)

eval: install  ## full eval report with baselines into reports/
	$(VENV)/bin/policy-chat eval --report reports

clean:
	rm -rf data reports .pytest_cache
