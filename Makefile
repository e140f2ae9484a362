# `make site` sets everything up and builds the archive into site/;
# `make test` sets up and runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

NODE_STAMP := node_modules/.installed

.PHONY: site test setup browser-deps vendor golden schema serve validate clean

site: setup
	$(BIN)/chronicle build

test: setup browser-deps
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

# axe-core for the browser tests (and Leaflet, vendored below), pinned in package-lock.json.
browser-deps: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Copy Leaflet from the pinned npm package into the assets the site ships.
vendor: browser-deps
	mkdir -p build_tools/assets/vendor/leaflet
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE build_tools/assets/vendor/leaflet/
	cp -r node_modules/leaflet/dist/images build_tools/assets/vendor/leaflet/

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
	rm -rf build site .pytest_cache test-artifacts
