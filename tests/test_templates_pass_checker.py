"""Every message the library ships passes the library's own checker with no finding."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from excuses import (
    Commitment,
    Criticality,
    Gesture,
    GestureKind,
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
MOMENTS = ["2026-11-23T10:30", "2026-11-24T17:00", "2026-11-25T12:00"]


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


_PRIORITY = {
    "fr": "le traitement prioritaire de toute nouvelle demande liée à ce dossier",
    "en": "priority handling of any further request about this issue",
}


def _variants(path: Path) -> list[tuple[str, Stage, IncidentRecord, datetime]]:
    record = load_record(path)
    start = record.incident.reported_at
    slips = tuple(
        Commitment(
            "vous rappeler" if record.language == "fr" else "call you back",
            start + timedelta(hours=n + 1),
            None if n == 2 else start + timedelta(hours=n + 2),
        )
        for n in range(3)
    )
    open_record = dataclasses.replace(record, commitments=slips, updates=(), resolution=None)
    idle = dataclasses.replace(
        open_record,
        commitments=(),
        actions=tuple(dataclasses.replace(a, done=False, done_at=None) for a in record.actions),
    )
    bare = dataclasses.replace(
        record,
        incident=dataclasses.replace(
            record.incident,
            questions=(),
            symptoms=(),
            already_tried=(),
            client_words=None,
            known_facts=(),
            criticality=Criticality.ANNOYING,
        ),
    )
    assert record.resolution is not None
    bare = dataclasses.replace(
        bare,
        resolution=dataclasses.replace(
            record.resolution,
            gesture=Gesture(GestureKind.PRIORITY_HANDLING, _PRIORITY[record.language]),
            client_satisfied=True,
        ),
    )
    later = start + timedelta(hours=6)
    resolved = record.resolution.resolved_at
    return [
        ("three slips", Stage.UPDATE, open_record, later),
        ("three slips", Stage.APOLOGY, open_record, later),
        ("no progress", Stage.UPDATE, idle, later),
        ("defaults", Stage.ACKNOWLEDGEMENT, bare, start),
        ("annoying", Stage.CLOSING, bare, resolved),
        ("annoying", Stage.DEBRIEF, bare, resolved),
    ]


VARIANTS = [
    pytest.param(record, stage, now, id=f"{path.stem}-{name}-{stage.value}")
    for path in EXAMPLES
    for name, stage, record, now in _variants(path)
]


@pytest.mark.parametrize(("record", "stage", "now"), VARIANTS)
def test_every_variant_drafts_clean(record: IncidentRecord, stage: Stage, now: datetime) -> None:
    item = draft(record, stage, now=now)
    assert findings(item) == []
