"""Drafting is linear in the size of the input: one huge field, 1 MB then 10 MB, timed.

Each shipped example gets one text field replaced by N characters of a
given shape (words, one unbroken word, a run of spaces before French
punctuation), then every stage is drafted and built as an email. The
seconds per stage should grow tenfold from 1 MB to 10 MB, not a hundredfold.
The field and file limits are raised for the run (EXCUSES_MAX_FIELD_CHARS,
EXCUSES_MAX_INPUT_BYTES), since 10 MB is past the defaults.

Usage: python bench/huge_field_bench.py [MEGABYTES ...]   (default: 1 10)
"""

from __future__ import annotations

import copy
import os
import sys
import time
from datetime import datetime
from pathlib import Path

import yaml

from excuses import load_record
from excuses.drafting import draft_with
from excuses.rendering import Renderer
from excuses.stages import STAGES

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 23, 17, 0)
SHAPES = {
    "words": lambda n: ("mot " * (n // 4))[:n],
    "one word": lambda n: "x" * n,
    "spaces then ;": lambda n: "a" + " " * (n - 3) + " ;",
}


def seconds_per_stage(example: Path, field: str, text: str, renderer: Renderer) -> float:
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["incident"][field] = text
    record = load_record(data)
    started = time.perf_counter()
    for stage in STAGES:
        draft_with(renderer, record, stage, now=NOW).to_email().as_bytes()
    return (time.perf_counter() - started) / len(STAGES)


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1, 10]
    biggest = max(sizes) * 2**20 + 16
    os.environ["EXCUSES_MAX_FIELD_CHARS"] = str(biggest)
    os.environ["EXCUSES_MAX_INPUT_BYTES"] = str(4 * biggest)
    renderer = Renderer()
    example = ROOT / "examples" / "livraison-en-retard.fr.yaml"
    print(f"{'shape':<16}" + "".join(f"{f'{mb} MB':>12}" for mb in sizes) + "   (s per stage)")
    for name, make in SHAPES.items():
        cells = [
            seconds_per_stage(example, "what_happened", make(mb * 2**20), renderer) for mb in sizes
        ]
        print(f"{name:<16}" + "".join(f"{c:>12.2f}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
