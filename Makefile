# `make site` sets everything up and builds the archive into site/;
# `make test` sets up and runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

NODE_STAMP := node_modules/.installed

.PHONY: site test setup browser-deps vendor golden schema serve validate clean zensical-compare zensical-venv benchmark-scale

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

# Synthetic archives of 1k, 5k and 20k pages, built by Chronicle and by plain
# `mkdocs build` with Material's search; writes benchmarks/RESULTS.md.
benchmark-scale: setup browser-deps
	$(BIN)/python -m benchmarks.scale --write benchmarks/RESULTS.md --json build/scale-results.json

# Build the same mkdocs.yml with MkDocs and with Zensical (Material's named
# successor), index both with Pagefind, and report what differs: pages, links,
# search entries. Reports,
# never fails on a difference; in CI the report goes to the step summary.
# 0.0.73 is the newest Zensical that installs from PyPI: 0.0.74 and later need
# zensical-ui, which PyPI does not serve. Zensical has no output-folder option
# and keeps site_dir inside the config's folder, so it builds a copy of
# mkdocs.yml, overrides/ and build/docs in build/zensical-project/.
ZENSICAL_VERSION ?= 0.0.73
ZVENV := .venv-zensical
ZSTAMP := $(ZVENV)/.installed-$(ZENSICAL_VERSION)

$(ZSTAMP):
	$(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet zensical==$(ZENSICAL_VERSION)
	touch $(ZSTAMP)

# Only the Zensical virtualenv: with it, the suite's real Zensical test runs too.
zensical-venv: $(ZSTAMP)

zensical-compare: setup $(ZSTAMP)
	$(BIN)/chronicle generate
	rm -rf build/mkdocs-site build/zensical-project
	$(BIN)/mkdocs build --quiet --site-dir build/mkdocs-site
	$(BIN)/python -m build_tools.search_index build/mkdocs-site
	mkdir -p build/zensical-project/build
	cp -R mkdocs.yml overrides build/zensical-project/
	cp -R build/docs build/zensical-project/build/docs
	cd build/zensical-project && ../../$(ZVENV)/bin/zensical build --config-file mkdocs.yml \
	  || echo "**Zensical $(ZENSICAL_VERSION) build failed; its messages are in the job log.**" >> "$${GITHUB_STEP_SUMMARY:-/dev/stderr}"
	-$(BIN)/python -m build_tools.search_index build/zensical-project/site
	$(BIN)/python -m build_tools.compare_sites build/mkdocs-site build/zensical-project/site $${GITHUB_STEP_SUMMARY:+--summary "$$GITHUB_STEP_SUMMARY"}
