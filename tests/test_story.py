"""One story told in time: every stage of every example, drafted at five moments of its history.

Each draft is held against the record as it stood at its moment: a step is
done only from its ``done_at`` and says when; a step past its due time says
it is late; an update promises the next update the record says it promised;
a missed promise is owned up to once, in the first message after it was due.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from excuses import Stage, draft, load_record
from excuses.business_time import in_zone
from excuses.deadlines import client_zone
from excuses.drafting import Draft
from excuses.lint import check_draft
from excuses.record import IncidentRecord
from excuses.story import history, promises

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
MINUTES = timedelta(minutes=10)


def moments(record: IncidentRecord) -> list[datetime]:
    """Before and after each of the first two promises is due, and the resolution."""
    dues = sorted({p.due for p in promises(record)})[:2]
    assert len(dues) == 2 and record.resolution is not None
    zone = client_zone(record)
    return [
        dues[0] - MINUTES,
        dues[0] + MINUTES,
        dues[1] - MINUTES,
        dues[1] + MINUTES,
        in_zone(record.resolution.resolved_at, zone),
    ]


CASES = [
    pytest.param(path, stage, index, id=f"{path.stem}-{stage.value}-{index}")
    for path in EXAMPLES
    for stage in Stage
    for index in range(5)
]


def flat(text: str) -> str:
    """Text with wrapping undone, no-break spaces as spaces and apostrophes straight."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text)


def step_line(item: Draft, description: str) -> str | None:
    """The listed step's own lines: from its description to the next item or blank line."""
    items = re.split(r"\n(?:\s*\n|(?=\d+\.\s))", item.text)
    wanted = flat(description[0].upper() + description[1:])
    return next((flat(i) for i in items if wanted in flat(i)), None)


@pytest.mark.parametrize(("path", "stage", "index"), CASES)
def test_each_stage_at_each_moment_tells_what_was_true_then(
    path: Path, stage: Stage, index: int
) -> None:
    record = load_record(path)
    now = moments(record)[index]
    item = draft(record, stage, now=now)
    fr = record.language == "fr"
    at = item.date
    assert at is not None

    # Done, late or due: each step of the plan as it stood when the message left.
    if stage in (Stage.APOLOGY, Stage.UPDATE):
        for action in record.actions:
            line = step_line(item, action.description)
            assert line is not None, action.description
            if action.done_at is not None and action.done_at <= at:
                assert ("Fait le " if fr else "Done on ") in line, line
            elif action.due < at:
                assert ("En retard" if fr else "Late") in line, line
            else:
                assert ("Fait" if fr else "Done") not in line, line
                assert ("Échéance" if fr else "Due ") in line, line

    # The next update: the one the record says this message promised, and never a past time.
    if stage in (Stage.APOLOGY, Stage.UPDATE):
        promised = item.facts["next_update_at"]
        assert promised > at
        same = [u for u in record.updates if abs(u.sent_at - at) < timedelta(minutes=1)]
        if stage is Stage.UPDATE and same and same[0].next_update_at is not None:
            assert promised == same[0].next_update_at

    # A slip is named in the first message after it was due, and only then.
    if stage in (Stage.APOLOGY, Stage.UPDATE, Stage.CLOSING):
        sent_before = [when for _, when in history(record) if when < at - timedelta(minutes=1)]
        for due in item.facts["missed"]:
            assert due < at
            assert not any(due < when for when in sent_before), "already named"
        owned_up = "nous n'avons pas tenu" in flat(item.text) or "parvient avec" in item.text
        if not fr:
            owned_up = "did not keep that promise" in item.text or "reaches you" in item.text
        assert owned_up == bool(item.facts["missed"]), item.text
        # The subject apologises only in the message that owns up to the slip.
        if stage is Stage.UPDATE:
            apologises = "excuses" in item.subject or "apolog" in item.subject
            assert apologises == bool(item.facts["missed"]), item.subject

    # The phrase checker and the record's own consistency check find nothing.
    assert [f"{f.rule_id} {f.matched!r}" for f in check_draft(item)] == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_all_stages_draft_is_consistent_with_its_record(path: Path) -> None:
    from excuses.stages import STAGES, sending_moment

    record = load_record(path)
    for stage in STAGES:
        moment = sending_moment(record, stage)
        assert moment is not None
        item = draft(record, stage, now=moment)
        assert item.warnings == ()
        assert check_draft(item) == []
