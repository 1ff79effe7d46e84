"""Speed of deadline arithmetic, phrasing and timelines; prints figures, asserts nothing.

The first call for a country loads its holiday calendar; every later call
reads it from a cache. Both are shown.

    python bench/deadlines_speed.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from excuses import answer_deadline, build_timeline, load_record, say_deadline, update_schedule
from excuses.business_time import _holiday_calendar

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))


def per_call(label: str, action: Callable[[], object], repeat: int) -> None:
    start = time.perf_counter()
    for _ in range(repeat):
        action()
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed / repeat * 1e6:10.1f} µs/call  ({repeat} calls)")


def main() -> None:
    records = [load_record(path) for path in EXAMPLES]
    record = next(r for r in records if r.incident.criticality.value == "important")
    zone = ZoneInfo(record.client.timezone)
    now = record.incident.reported_at

    _holiday_calendar.cache_clear()
    start = time.perf_counter()
    answer_deadline(record)
    print(
        f"{'answer_deadline, first call (holidays loaded)':<52} "
        f"{(time.perf_counter() - start) * 1e3:10.1f} ms"
    )

    per_call("answer_deadline (important, warm)", lambda: answer_deadline(record), 2000)
    for r in records:
        per_call(
            f"answer_deadline ({r.incident.criticality.value}, {r.client.country})",
            lambda r=r: answer_deadline(r),
            2000,
        )
    after = datetime(2026, 12, 24, 10, 0, tzinfo=zone)
    per_call(
        "update_schedule, 20 updates over Christmas",
        lambda: update_schedule(record, after, 20),
        200,
    )
    late = datetime(2026, 11, 23, 10, 0, tzinfo=zone) + timedelta(days=400)
    per_call(
        "update_schedule, 20 updates in a year not yet loaded",
        lambda: update_schedule(record, late, 20),
        200,
    )
    deadline = answer_deadline(record)
    per_call("say_deadline (fr)", lambda: say_deadline(deadline, language="fr", now=now), 2000)
    per_call("say_deadline (en)", lambda: say_deadline(deadline, language="en", now=now), 2000)
    for path, r in zip(EXAMPLES, records, strict=True):
        per_call(f"build_timeline ({path.name})", lambda r=r: build_timeline(r), 300)


if __name__ == "__main__":
    main()
