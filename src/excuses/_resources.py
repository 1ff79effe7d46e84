"""Where the shipped data lives: templates in the wheel, or at the top of a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def templates_dir() -> Path:
    """The folder holding ``fr/`` and ``en/`` templates.

    A built wheel carries them as ``excuses/templates``; a source checkout
    (or an editable install) keeps them at the top of the tree.
    """
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"
