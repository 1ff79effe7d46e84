"""``python -m tests.fuzzing --cases 100000``: a long fuzzing campaign that lists every crash.

The cases are shared between the three targets (records with odd values,
mutated record files, texts for the checker). A crash is any exception but
``ExcusesError``; each distinct one (its type and the line that raised it)
is printed once with a small input that shows it, and the campaign goes on.
Exit status 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzzing.exercise import exercise_policy, exercise_record, exercise_text
from fuzzing.strategies import (
    STAGES,
    lint_texts,
    mutated_text,
    policy_tables,
    record_data,
)

CHUNK = 500


def _signature(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/excuses/" in f.filename] or frames
    last = ours[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno} ({last.name})"


def _targets() -> dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]]:
    return {
        "record": (
            st.tuples(record_data(), st.sampled_from(STAGES)),
            lambda case: exercise_record(case[0], stage=case[1]),
        ),
        "file": (
            st.tuples(mutated_text(), st.sampled_from(STAGES)),
            lambda case: exercise_record(case[0][1], case[0][0], stage=case[1]),
        ),
        "text": (lint_texts, exercise_text),
        "policy": (
            st.tuples(policy_tables, st.sampled_from(STAGES)),
            lambda case: exercise_policy(case[0], case[1]),
        ),
    }


def _campaign(
    name: str,
    strategy: st.SearchStrategy[Any],
    target: Callable[[Any], None],
    size: int,
    chunk_seed: int,
    crashes: dict[str, str],
    ran: list[int],
    out: Any,
) -> Callable[[], None]:
    @seed(chunk_seed)
    @settings(
        max_examples=size,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def case(value: Any) -> None:
        ran[0] += 1
        try:
            target(value)
        except Exception as exc:
            signature = _signature(exc)
            if signature not in crashes:
                crashes[signature] = repr(value)[:2000]
                print(f"CRASH {name}: {signature}\n  input: {crashes[signature]}", file=out)
                traceback.print_exception(exc, file=out)

    result: Callable[[], None] = case
    return result


def run(cases: int, first_seed: int, out: Any) -> int:
    crashes: dict[str, str] = {}
    count = 0
    started = time.monotonic()
    chunk_seed = first_seed
    targets = _targets()
    while count < cases:
        for name, (strategy, target) in targets.items():
            size = min(CHUNK, cases - count)
            if size <= 0:
                break
            ran = [0]
            case = _campaign(name, strategy, target, size, chunk_seed, crashes, ran, out)
            case()
            chunk_seed += 1
            count += ran[0]

        elapsed = time.monotonic() - started
        print(f"{count} cases, {len(crashes)} distinct crashes, {elapsed:.0f} s", file=out)
        out.flush()
    print(f"done: {count} cases in {time.monotonic() - started:.0f} s", file=out)
    for signature in crashes:
        print(f"  {signature}", file=out)
    return 1 if crashes else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzzing", description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000, help="how many inputs to try")
    parser.add_argument("--seed", type=int, default=0, help="the first seed (runs are repeatable)")
    args = parser.parse_args(argv)
    return run(args.cases, args.seed, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
