"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = ROOT / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))


@pytest.fixture(params=EXAMPLES, ids=[p.name for p in EXAMPLES])
def example_path(request: pytest.FixtureRequest) -> Path:
    """Each shipped example incident file in turn."""
    path: Path = request.param
    return path
