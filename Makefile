# The two commands of the README, and the steps they stand on.
# Only Python 3.11+, pip, git and make are needed: everything else is installed here.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE ?= examples/livraison-en-retard.fr.yaml

.PHONY: demo test lint typecheck unit docs bench clean test-tools fuzz model

# Debian tools some tests use (each such test is skipped, with its reason, where the tool is
# missing). Installed only where apt-get is usable, that is as root on Debian or Ubuntu.
TEST_DEBS ?= faketime mutt tmux grammalecte-cli hunspell hunspell-en-us hunspell-en-gb
TOOLS_STAMP := $(VENV)/.test-tools-stamp

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

$(TOOLS_STAMP): Makefile
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get install -y -qq --no-install-recommends $(TEST_DEBS) >/dev/null 2>&1 \
		 || (apt-get update -qq >/dev/null 2>&1 \
		     && apt-get install -y -qq --no-install-recommends $(TEST_DEBS) >/dev/null 2>&1)) \
		|| echo "make: could not install $(TEST_DEBS); the tests that need them are skipped"; \
	else \
		echo "make: not root or no apt-get: the tests that need $(TEST_DEBS) are skipped if missing"; \
	fi
	@mkdir -p $(VENV) && touch $(TOOLS_STAMP)

test-tools: $(TOOLS_STAMP)

unit: $(STAMP) $(TOOLS_STAMP)
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
	$(BIN)/python bench/huge_field_bench.py

# A long fuzzing campaign (make test runs a small budget of the same cases).
FUZZ_CASES ?= 100000
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzzing --cases $(FUZZ_CASES)

# Retrain the checker's classifier from tests/corpus/ and measure it again.
model: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -e '.[dev,train]'
	$(BIN)/python scripts/train_checker.py
	$(BIN)/python scripts/gen_docs.py
	$(BIN)/python bench/lint_quality.py --open-only

clean:
	rm -rf $(VENV) dist build site .mypy_cache .ruff_cache .pytest_cache
