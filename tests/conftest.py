"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# In CI every run explores the same examples, so a red build is reproducible and
# never a coin toss; locally each run still tries new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
# The checker's corpus is read by the training and bench scripts and by the tests alike, from
# one module: scripts/checker_corpus.py.
sys.path.insert(0, str(ROOT / "scripts"))
EXAMPLES_DIR = ROOT / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))


@pytest.fixture(params=EXAMPLES, ids=[p.name for p in EXAMPLES])
def example_path(request: pytest.FixtureRequest) -> Path:
    """Each shipped example incident file in turn."""
    path: Path = request.param
    return path
