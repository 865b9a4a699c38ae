# madoguchi — one command to set up and run, one to test.
#   make run    create both venvs, build the index, train Rasa if needed, start everything on localhost
#   make test   the whole test suite (what .ci/run calls)
#   make bench  the benchmarks (JSON figures)
SHELL := /bin/bash
PYTHON311 ?= python3.11
PYTHON310 ?= $(shell scripts/find_python310.sh)
VENV := .venv
RASA_VENV := .venv-rasa
PY := $(VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
INDEX := var/index
KB_FILES := $(shell find knowledge/data -name '*.yml' 2>/dev/null)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup index train run test bench clean

setup: $(VENV)/.installed $(RASA_VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON311) -m venv $(VENV)
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

$(RASA_VENV)/.installed: requirements-rasa.txt
	$(PYTHON310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install -q -r requirements-rasa.txt
	touch $@

# Tests also exercise the optional embedders (torch is the local CPU wheel; see pyproject.toml).
$(VENV)/.extras: $(VENV)/.installed
	$(VENV)/bin/pip install -q -e '.[test,torch,use]'
	touch $@

# The index is rebuilt only when the knowledge base changes.
$(INDEX)/current/manifest.json: $(VENV)/.installed $(KB_FILES) knowledge/calibration.json
	$(PY) -m knowledge build --out $(INDEX)

index: $(INDEX)/current/manifest.json

test: $(VENV)/.extras $(RASA_VENV)/.installed index
	$(PY) -m pytest tests

bench: $(VENV)/.installed
	$(PY) benchmarks/retrieval.py

clean:
	rm -rf var models .pytest_cache
