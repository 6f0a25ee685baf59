# One entry point for humans and CI. Every target creates the virtualenv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system-deps node-deps test lint typecheck unit bench run sandbox clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) system-deps

# Tesseract OCR (receipt photos) and fonts the OCR tests draw receipts with.
system-deps:
	@command -v tesseract >/dev/null 2>&1 && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      tesseract-ocr tesseract-ocr-eng fonts-dejavu-core fonts-liberation; \
	  elif command -v brew >/dev/null 2>&1; then brew install tesseract; \
	  else echo 'Install Tesseract OCR (tesseract-ocr + English data); see README' >&2; exit 1; fi; }

# npm tools for the offline model and manifest checks (bpmnlint, dmn-moddle, CRD schemas), pinned by lock files.
NODE_TOOLS := $(wildcard tools/modelcheck/package-lock.json tests/deployment/crd-validator/package-lock.json)
node-deps:
	@for lock in $(NODE_TOOLS); do \
	  dir=$$(dirname $$lock); \
	  [ -d $$dir/node_modules ] && [ $$dir/node_modules -nt $$lock ] || \
	    npm ci --prefix $$dir --no-audit --no-fund --loglevel=error; \
	done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) system-deps node-deps
	$(BIN)/pytest -q

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m benchmarks

sandbox: $(STAMP)
	$(BIN)/python -m sandbox --port-base 18100 --env-file .data/sandbox.env

run: $(STAMP)
	$(BIN)/fleet dev --demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
