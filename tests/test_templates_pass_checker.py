"""Every message the library ships passes the library's own checker with no finding."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from excuses import Commitment, Criticality, Stage, draft, load_record
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
    item = draft(example, stage, now=datetime.fromisoformat(moment))
    assert findings(item) == []


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
        actions=tuple(dataclasses.replace(a, done=False) for a in record.actions),
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
        resolution=dataclasses.replace(record.resolution, gesture=None, client_satisfied=True),
    )
    later = start + timedelta(hours=6)
    return [
        ("three slips", Stage.UPDATE, open_record, later),
        ("three slips", Stage.APOLOGY, open_record, later),
        ("no progress", Stage.UPDATE, idle, later),
        ("defaults", Stage.ACKNOWLEDGEMENT, bare, start),
        ("annoying", Stage.CLOSING, bare, later),
        ("annoying", Stage.DEBRIEF, bare, later),
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
