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
MODEL := models/madoguchi.tar.gz
RASA_FILES := config.yml domain.yml bot/tokenizer.py bot/intent_guard.py bot/emergency_terms.py $(shell find nlu_data -name '*.yml' 2>/dev/null)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export RASA_TELEMETRY_ENABLED := false

.PHONY: setup index train run test test-rasa bench clean

setup: $(VENV)/.installed $(RASA_VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON311) -m venv $(VENV)
	$(VENV)/bin/pip install -q -e '.[admin]'
	touch $@

$(RASA_VENV)/.installed: requirements-rasa.txt
	$(PYTHON310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install -q -r requirements-rasa.txt
	touch $@

# Tests also exercise the optional embedders (torch is the local CPU wheel; see pyproject.toml).
$(VENV)/.extras: $(VENV)/.installed
	$(VENV)/bin/pip install -q -e '.[admin,test,torch,use,voice,line]'
	touch $@

# The index serves the staff store's current release (knowledge/data seeds an empty store). Always
# run, and cheap when nothing changed: it rebuilds only if the served index differs from the release
# (thresholds, tokenizer, format), and never over what staff published (admin/publishing.py).
index: | $(VENV)/.installed
	$(PY) -m admin index

# Rasa is retrained only when its data, config or custom components change (the touch keeps the
# stamp fresh when rasa's own fingerprint decides nothing needs training).
$(MODEL): $(RASA_FILES) | $(RASA_VENV)/.installed
	$(RASA) train --data nlu_data --domain domain.yml --config config.yml --out models --fixed-model-name madoguchi
	touch $@

train: $(MODEL)

# Action server (:5055), Rasa (:5005) and the chat page (:8080) on localhost; Ctrl-C stops them.
run: setup index train
	scripts/run_assistant.sh

# The Rasa side's tests, in the Rasa venv: tokenizer/channel unit tests and intent routing in every
# ward language (tests/rasa), Japanese NLU and conversation tests, then the NLU scores as JSON.
test-rasa: $(RASA_VENV)/.installed train
	$(RASA_VENV)/bin/python -m pytest -q tests/rasa
	$(RASA) test nlu --nlu tests/rasa/test_nlu.yml -m $(MODEL) --out results/nlu
	$(RASA) test core --stories tests/rasa/test_stories.yml -m $(MODEL) --out results/core --fail-on-prediction-errors
	$(RASA_VENV)/bin/python scripts/nlu_scores.py --min 0.85

# Debian packages for the tests: Chromium and CJK fonts (browser tests, screenshots), espeak-ng
# (speech in the non-Japanese languages), sip-tester (SIPp, the phone-line tests), postgresql (the
# staff and conversation stores on PostgreSQL: tests/postgres.py starts a private cluster); see scripts/system_deps.sh.
SYSTEM_TEST_DEPS := chromium fonts-noto-cjk espeak-ng sip-tester postgresql

# Everything: the 3.11 suite (unit, retrieval, actions, end-to-end over Rasa's REST webhook, browser,
# staff) with Rasa required, then the Rasa venv's tests.
test: $(VENV)/.extras $(RASA_VENV)/.installed index train
	scripts/system_deps.sh $(SYSTEM_TEST_DEPS)
	command -v npm >/dev/null || scripts/system_deps.sh npm  # NodeSource's nodejs brings its own npm
	scripts/node_deps.sh
	MADOGUCHI_REQUIRE_RASA=1 MADOGUCHI_REQUIRE_POSTGRES=1 $(PY) -m pytest tests
	$(MAKE) test-rasa

bench: $(VENV)/.extras index train
	$(PY) benchmarks/retrieval.py
	$(PY) benchmarks/whole_path.py
	$(RASA_VENV)/bin/python benchmarks/routing.py
	$(PY) benchmarks/turn_latency.py
	$(PY) benchmarks/report.py
	$(PY) benchmarks/voice.py

clean:
	rm -rf var models .pytest_cache
