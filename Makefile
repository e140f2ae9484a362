# `make site` sets everything up and builds the archive into site/;
# `make test` sets up and runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test setup golden schema serve validate clean

site: setup
	$(BIN)/chronicle build

test: setup
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

validate: setup
	$(BIN)/chronicle validate

serve: setup
	$(BIN)/chronicle serve

schema: setup
	$(BIN)/chronicle schema

# Refresh the golden pages after an intended change to templates or content; review the diff.
golden: setup
	$(BIN)/python -m tests.golden refresh

clean:
	rm -rf build site .pytest_cache
