"""The timeline: which message is next and by when, and which promises were kept or missed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from excuses import (
    Commitment,
    MissedCommitment,
    SentMessage,
    Span,
    Stage,
    Timeline,
    TimelineEntry,
    build_timeline,
    load_record,
)
from excuses.timeline import iso_duration, span_text
from test_deadlines import make_record

PARIS = ZoneInfo("Europe/Paris")
EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


def at(text: str) -> datetime:
    """A Paris wall-clock time, as the records of these tests use."""
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def rows(timeline: Timeline) -> list[tuple[str, str, str | None, str, str]]:
    return [
        (e.at.strftime("%d %H:%M"), e.kind, e.stage and e.stage.value, e.label, e.status)
        for e in timeline.entries
    ]


def fresh(**extra: Any) -> Any:
    return make_record("2026-11-23T10:02", "important", **extra)


def test_nothing_sent_yet_the_acknowledgement_is_next() -> None:
    timeline = build_timeline(fresh(), at("2026-11-23T10:30"))
    assert timeline.next_stage is Stage.ACKNOWLEDGEMENT
    assert timeline.next_due == at("2026-11-23T11:15")
    assert rows(timeline) == [
        ("23 10:02", "reported", None, "reported by the client (important)", "done"),
        ("23 11:15", "due", "acknowledgement", "acknowledgement due (1 hour)", "upcoming"),
        ("23 18:00", "due", "apology", "answer due (end of business day)", "upcoming"),
    ]
    assert timeline.missed == ()
    assert timeline.overdue == ()
    assert timeline.last_promise_missed is None
    # The first update comes one business day after the answer is due.
    assert timeline.next_update_at == at("2026-11-24T18:00")


def test_a_late_acknowledgement_is_overdue() -> None:
    timeline = build_timeline(fresh(), at("2026-11-23T11:30"))
    entry = timeline.entries[1]
    assert (entry.status, entry.late_by) == ("overdue", timedelta(minutes=15))
    assert timeline.next_stage is Stage.ACKNOWLEDGEMENT


def test_the_apology_follows_the_acknowledgement() -> None:
    sent = [SentMessage(Stage.ACKNOWLEDGEMENT, at("2026-11-23T10:20"), "<a@x>", "claire@x.fr")]
    timeline = build_timeline(fresh(), at("2026-11-23T11:30"), sent=sent)
    assert timeline.next_stage is Stage.APOLOGY
    assert timeline.next_due == at("2026-11-23T18:00")
    assert rows(timeline)[1:3] == [
        (
            "23 10:20",
            "sent",
            "acknowledgement",
            "acknowledgement sent to claire@x.fr",
            "done",
        ),
        ("23 11:15", "due", "acknowledgement", "acknowledgement due (1 hour)", "kept"),
    ]


def test_a_late_answer_is_missed_and_updates_follow_the_cadence() -> None:
    sent = [
        SentMessage(Stage.ACKNOWLEDGEMENT, at("2026-11-23T10:20")),
        SentMessage(Stage.APOLOGY, at("2026-11-23T19:00")),
    ]
    timeline = build_timeline(fresh(), at("2026-11-23T19:30"), sent=sent)
    answer = next(e for e in timeline.entries if e.stage is Stage.APOLOGY and e.kind == "due")
    assert (answer.status, answer.late_by) == ("missed", timedelta(hours=1))
    assert timeline.next_stage is Stage.UPDATE
    # One business day after a message sent after hours: the end of the next one.
    assert timeline.next_due == at("2026-11-24T18:00")
    assert timeline.next_update_at == at("2026-11-24T18:00")


def test_messages_after_now_are_not_known_yet() -> None:
    sent = [SentMessage(Stage.ACKNOWLEDGEMENT, at("2026-11-23T12:00"))]
    timeline = build_timeline(fresh(), at("2026-11-23T11:00"), sent=sent)
    assert timeline.next_stage is Stage.ACKNOWLEDGEMENT
    assert all(e.kind != "sent" for e in timeline.entries)


def test_sender_zone_messages_are_shown_in_the_client_zone() -> None:
    sent = [SentMessage(Stage.ACKNOWLEDGEMENT, datetime.fromisoformat("2026-11-23T09:20+00:00"))]
    timeline = build_timeline(fresh(), datetime.fromisoformat("2026-11-23T10:00+00:00"), sent=sent)
    assert timeline.now.isoformat() == "2026-11-23T11:00:00+01:00"
    assert timeline.entries[1].at.isoformat() == "2026-11-23T10:20:00+01:00"


CRITICAL_STORY: dict[str, Any] = {
    "commitments": [
        {
            "promise": "vous rappeler avec un plan d'action",
            "due": "2026-11-23T10:00",
            "delivered_at": "2026-11-23T09:50",
            "stage": "acknowledgement",
        }
    ],
    "updates": [{"sent_at": "2026-11-23T11:00", "next_update_at": "2026-11-23T13:00"}],
}


def critical(**changes: Any) -> Any:
    return make_record("2026-11-23T09:00", "critical", **{**CRITICAL_STORY, **changes})


def test_an_update_promise_not_kept_is_overdue_and_must_be_admitted() -> None:
    timeline = build_timeline(critical(), at("2026-11-23T14:00"))
    promise = Commitment("prochain point d’avancement", at("2026-11-23T13:00"), None, Stage.UPDATE)
    missed = MissedCommitment(promise, timedelta(hours=1), delivered=False)
    assert timeline.overdue == (missed,)
    assert timeline.missed == (missed,)
    assert timeline.last_promise_missed == missed
    assert timeline.next_stage is Stage.UPDATE
    assert timeline.next_due == at("2026-11-23T13:00")
    assert rows(timeline) == [
        ("23 09:00", "reported", None, "reported by the client (critical)", "done"),
        ("23 10:00", "promised", "acknowledgement", "vous rappeler avec un plan d'action", "kept"),
        ("23 11:00", "sent", "update", "update sent", "done"),
        ("23 13:00", "update-due", "update", "prochain point d’avancement", "overdue"),
    ]


def test_an_update_sent_late_keeps_the_miss_on_record() -> None:
    updates = [*CRITICAL_STORY["updates"], {"sent_at": "2026-11-23T13:30"}]
    timeline = build_timeline(critical(updates=updates), at("2026-11-23T14:00"))
    assert timeline.overdue == ()
    assert [(m.commitment.due, m.late_by, m.delivered) for m in timeline.missed] == [
        (at("2026-11-23T13:00"), timedelta(minutes=30), True)
    ]
    # The late update is itself the message that owned up to the delay: nothing is left to name.
    assert timeline.last_promise_missed is None
    # No next time was promised: two hours after the last update.
    assert timeline.next_due == at("2026-11-23T15:30")


def test_a_kept_promise_after_a_missed_one_clears_the_last_promise() -> None:
    updates = [
        *CRITICAL_STORY["updates"],
        {"sent_at": "2026-11-23T13:30", "next_update_at": "2026-11-23T15:30"},
        {"sent_at": "2026-11-23T15:20"},
    ]
    timeline = build_timeline(critical(updates=updates), at("2026-11-23T16:00"))
    assert len(timeline.missed) == 1
    assert timeline.last_promise_missed is None


def test_a_commitment_not_delivered_yet_is_upcoming_then_overdue() -> None:
    record = critical(commitments=[{"promise": "livrer", "due": "2026-11-24T12:00"}], updates=[])
    assert build_timeline(record, at("2026-11-24T11:00")).missed == ()
    after = build_timeline(record, at("2026-11-24T12:45"))
    assert [(m.commitment.promise, m.late_by, m.delivered) for m in after.overdue] == [
        ("livrer", timedelta(minutes=45), False)
    ]


def test_a_delivery_after_now_is_not_known_yet() -> None:
    commitments = [
        {"promise": "livrer", "due": "2026-11-24T12:00", "delivered_at": "2026-11-24T16:15"}
    ]
    record = critical(commitments=commitments)
    at_one = build_timeline(record, at("2026-11-24T13:00"))
    assert [(m.commitment.promise, m.delivered, m.late_by) for m in at_one.missed] == [
        ("prochain point d’avancement", False, timedelta(hours=24)),
        ("livrer", False, timedelta(hours=1)),
    ]
    at_six = build_timeline(record, at("2026-11-24T18:00"))
    assert (at_six.missed[1].delivered, at_six.missed[1].late_by) == (
        True,
        timedelta(hours=4, minutes=15),
    )


def test_resolution_makes_the_closing_note_next() -> None:
    resolution = {
        "resolved_at": "2026-11-23T12:00",
        "summary": "Réglé.",
        "root_cause": "Un contrôle manquait.",
        "detection_gap": "Aucune alerte.",
    }
    record = critical(resolution=resolution)
    timeline = build_timeline(record, at("2026-11-23T12:30"))
    assert timeline.next_stage is Stage.CLOSING
    # The update promised for 13:00 is owed as the closing note.
    assert timeline.next_due == at("2026-11-23T13:00")
    assert timeline.next_update_at is None
    assert timeline.missed == ()
    late = build_timeline(record, at("2026-11-23T14:00"))
    assert late.entries[-1] == TimelineEntry(
        at("2026-11-23T13:00"),
        "due",
        Stage.CLOSING,
        "closing note due",
        "overdue",
        timedelta(hours=1),
        "note de clôture attendue",
    )
    closed = build_timeline(
        record, at("2026-11-23T14:00"), sent=[SentMessage(Stage.CLOSING, at("2026-11-23T12:40"))]
    )
    assert closed.next_stage is None
    assert closed.next_due is None
    # Before the resolution, it is not known yet.
    assert build_timeline(record, at("2026-11-23T11:30")).next_stage is Stage.UPDATE


def test_closing_after_a_late_resolution_is_due_one_cadence_later() -> None:
    resolution = {
        "resolved_at": "2026-11-23T16:00",
        "summary": "Réglé.",
        "root_cause": "Un contrôle manquait.",
        "detection_gap": "Aucune alerte.",
    }
    timeline = build_timeline(critical(resolution=resolution), at("2026-11-23T16:30"))
    assert timeline.next_stage is Stage.CLOSING
    assert timeline.next_due == at("2026-11-23T18:00")
    assert [m.commitment.due for m in timeline.overdue] == [at("2026-11-23T13:00")]


def test_record_answer_by_is_shown_as_set_by_the_record() -> None:
    record = fresh(policy={"answer_by": "2026-11-23T15:00"})
    timeline = build_timeline(record, at("2026-11-23T10:30"))
    assert ("23 15:00", "due", "apology", "answer due (set by the record)", "upcoming") in rows(
        timeline
    )


def test_to_dict_is_json_ready() -> None:
    timeline = build_timeline(critical(), at("2026-11-23T14:00"))
    data = timeline.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["now"] == "2026-11-23T14:00:00+01:00"
    assert data["next_stage"] == "update"
    assert data["next_due"] == "2026-11-23T13:00:00+01:00"
    assert data["entries"][3] == {
        "at": "2026-11-23T13:00:00+01:00",
        "kind": "update-due",
        "stage": "update",
        "label": "prochain point d’avancement",
        "status": "overdue",
        "late_by": "PT1H",
    }
    assert data["last_promise_missed"] == {
        "promise": "prochain point d’avancement",
        "due": "2026-11-23T13:00:00+01:00",
        "delivered_at": None,
        "stage": "update",
        "delivered": False,
        "late_by": "PT1H",
        "late_by_minutes": 60,
    }


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "PT0M"), (30, "PT30M"), (60, "PT1H"), (255, "PT4H15M"), (1560, "P1DT2H"), (1440, "P1D")],
)
def test_iso_duration(minutes: int, text: str) -> None:
    assert iso_duration(timedelta(minutes=minutes)) == text


def test_span_text() -> None:
    spans = ("1h", "2h", "1 business day", "3 business days", "end of business day")
    assert [span_text(Span.parse(s)) for s in spans] == [
        "1 hour",
        "2 hours",
        "1 business day",
        "3 business days",
        "end of business day",
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_has_its_late_commitment_missed(path: Path) -> None:
    record = load_record(path)
    late = [c for c in record.commitments if c.delivered_at and c.delivered_at > c.due]
    assert late, "each example tells of one commitment delivered late"
    timeline = build_timeline(record)
    flagged = [(m.commitment.promise, m.commitment.due) for m in timeline.missed]
    for commitment in late:
        assert (commitment.promise, commitment.due) in flagged
