"""Every message the library ships passes the library's own checker with no finding."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from checker_corpus import MOMENTS, draft_variants

from excuses import (
    Stage,
    draft,
    load_record,
)
from excuses.business_time import in_zone
from excuses.drafting import Draft
from excuses.lint import check_draft
from excuses.record import IncidentRecord

ROOT = Path(__file__).resolve().parents[1]


EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def findings(item: Draft) -> list[str]:
    return [
        f"{f.rule_id} ({f.category}) {f.part}:{f.line}:{f.column} {f.matched!r}"
        for f in check_draft(item)
    ]


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.value)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.stem)
def test_every_example_stage_and_moment_drafts_clean(
    example: Path, stage: Stage, moment: str
) -> None:
    record = load_record(example)
    now = in_zone(datetime.fromisoformat(moment), ZoneInfo(record.client.timezone))
    assert record.resolution is not None
    resolved = record.resolution.resolved_at <= now
    item = draft(record, stage, now=now)
    assert findings(item) == []
    if stage is Stage.ACKNOWLEDGEMENT and resolved:
        # It would say the problem is being studied: drafted as of the report, and said so.
        assert item.date == record.incident.reported_at
        said = {"fr": "rédigé à la date du signalement", "en": "it is drafted as of the report"}
        assert said[record.language] in item.warnings[0]


VARIANTS = [
    pytest.param(record, stage, now, id=f"{path.stem}-{name}-{stage.value}")
    for path in EXAMPLES
    for name, stage, record, now in draft_variants(path)
]


@pytest.mark.parametrize(("record", "stage", "now"), VARIANTS)
def test_every_variant_drafts_clean(record: IncidentRecord, stage: Stage, now: datetime) -> None:
    item = draft(record, stage, now=now)
    assert findings(item) == []
