# The two commands of the README, and the steps they stand on.
# Only Python 3.11+, pip, git and make are needed: everything else is installed here.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE ?= examples/livraison-en-retard.fr.yaml

.PHONY: demo test lint typecheck unit docs bench clean

# Re-installs only when the dependencies change, so a second run is quick.
$(STAMP): pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/excuses draft $(EXAMPLE) --all-stages

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

docs: $(STAMP)
	$(BIN)/python scripts/gen_docs.py --check
	$(BIN)/mkdocs build --strict --site-dir build/site

bench: $(STAMP)
	$(BIN)/python bench/draft_bench.py
	$(BIN)/python bench/deadlines_speed.py
	$(BIN)/python bench/lint_quality.py
	$(BIN)/python bench/lint_speed.py
	$(BIN)/python bench/send_bench.py

clean:
	rm -rf $(VENV) dist build site .mypy_cache .ruff_cache .pytest_cache
