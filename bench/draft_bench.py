"""How many complete drafts (subject, text and HTML) per second, with and without the MJML cache.

Drafts N varied records (each example in turn, every stage in turn, a
different client, organisation and incident reference for each record) on
one core, and prints records per second:

- cached: the normal path, MJML compiled once per template;
- uncached: MJML (and the HTML template) compiled again for every draft,
  measured on the first 1,000 records since it is two orders slower;
- floor: Jinja filling an already compiled HTML template with a prepared
  context, and nothing else, measured in the same run on the same records.

Usage: python bench/draft_bench.py [N ...]   (default: 1000 10000)
"""

from __future__ import annotations

import dataclasses
import gc
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from excuses import IncidentRecord, Stage, load_record
from excuses.drafting import draft_with
from excuses.filters import CURRENT, LOCALE_KEY, NOW_KEY, ZONE_KEY, Settings
from excuses.rendering import Renderer
from excuses.stages import stage_context

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 25, 12, 0)
STAGES = list(Stage)
UNCACHED_SAMPLE = 1_000


def varied_records(count: int) -> list[tuple[IncidentRecord, Stage]]:
    """``count`` records, no two alike, each with the stage to draft for it."""
    bases = [load_record(path) for path in sorted((ROOT / "examples").glob("*.yaml"))]
    out = []
    for i in range(count):
        base = bases[i % len(bases)]
        client = dataclasses.replace(
            base.client,
            contact_name=f"Client {i}",
            organisation=f"{base.client.organisation} n° {i}",
            email=f"client{i}@example.com",
        )
        incident = dataclasses.replace(base.incident, id=f"{base.incident.id}-{i:05d}")
        record = dataclasses.replace(base, client=client, incident=incident)
        out.append((record, STAGES[(i // len(bases)) % len(STAGES)]))
    return out


def rate(count: int, run: Callable[[], None]) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return count / (time.perf_counter() - start)


def bench(count: int) -> None:
    records = varied_records(count)

    def drafts(renderer: Renderer, batch: list[tuple[IncidentRecord, Stage]]) -> Callable[[], None]:
        def run() -> None:
            for record, stage in batch:
                item = draft_with(renderer, record, stage, now=NOW)
                assert item.subject and item.text and item.html

        return run

    cached = Renderer()
    drafts(cached, records[:100])()  # compile every template once, as a long batch would
    with_cache = rate(count, drafts(cached, records))

    # Without the cache every draft recompiles (about a hundred times slower), so
    # that rate is measured on the first UNCACHED_SAMPLE records only.
    uncached = Renderer(cache_mjml=False)
    sample = records[:UNCACHED_SAMPLE]
    without_cache = rate(len(sample), drafts(uncached, sample))

    # The floor: the compiled HTML templates and the contexts are ready; only Jinja runs.
    prepared = []
    for record, stage in records:
        values = stage_context(record, stage, NOW).values
        values["subject"] = "subject"
        template = cached.compiled_html(record.language, stage.value)
        settings = Settings(values[LOCALE_KEY], values[ZONE_KEY], values[NOW_KEY])
        prepared.append((template, values, settings))

    def floor_run() -> None:
        for template, values, settings in prepared:
            token = CURRENT.set(settings)
            template.render(values)
            CURRENT.reset(token)

    floor = rate(count, floor_run)
    print(
        f"N={count:>6,}  with MJML cache: {with_cache:>8,.0f} drafts/s   "
        f"without: {without_cache:>6,.0f} drafts/s (first {len(sample):,})   "
        f"floor (Jinja filling compiled HTML only): {floor:>8,.0f} renders/s   "
        f"MJML runs: cached {cached.mjml_runs}, uncached {uncached.mjml_runs}"
    )


def main(argv: list[str]) -> None:
    counts = [int(arg) for arg in argv] or [1_000, 10_000]
    print(f"excuses drafting benchmark, one core, Python {sys.version.split()[0]}")
    for count in counts:
        bench(count)


if __name__ == "__main__":
    main(sys.argv[1:])
