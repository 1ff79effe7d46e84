"""Time of the checker on huge or hostile single texts: linear work, about a second per MB.

Each case is one text (a single line, or one record field) of the given size;
the figures are seconds of ``check_text`` in this process, after the rules
are loaded. The suite runs the 1 MB single lines without timing them
(tests/test_lint_hostile_text.py); this script prints the 1 MB and 10 MB times.

    python bench/lint_long_input.py [--sizes 1,10]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from excuses.lint import check_text

_VOCABULARY = (
    "nous étions débordés ce n'est pas un petit souci au plus vite Cyril qui a géré oublié "
    "la faute du transporteur we were swamped soon you must have made a mistake not our fault "
    'Hello World « » " -- > as soon as'
)
WORDS = _VOCABULARY.split()


def cases(size: int) -> dict[str, Callable[[], str]]:
    rng = random.Random(size)
    return {
        "capitals": lambda: "H" * size,
        "capitalised words": lambda: "Hh " * (size // 3),
        "zero-width in words": lambda: "a\u200b" * (size // 2),
        "straight quotes": lambda: '"' * size,
        "guillemets": lambda: "«" * size,
        "mixed words, one line": lambda: " ".join(rng.choice(WORDS) for _ in range(size // 6)),
        "reflexes, one line": lambda: "We were swamped, just a minor glitch, " * (size // 38),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="sizes in MB (default: 1,10)")
    args = parser.parse_args()
    check_text("warm-up: we will reply soon.", language="en")
    print(f"{'case':24} {'MB':>4} {'seconds':>8} {'findings':>9}")
    for megabytes in (int(s) for s in args.sizes.split(",")):
        for name, make in cases(megabytes * 1_000_000).items():
            text = make()
            start = time.perf_counter()
            findings = check_text(text, language="en")
            seconds = time.perf_counter() - start
            print(f"{name:24} {megabytes:4} {seconds:8.2f} {len(findings):9}")


if __name__ == "__main__":
    main()
