"""The sent-log: append-only JSON lines that survive a crash mid-write."""

from __future__ import annotations

import json
import threading
import warnings
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excuses.record import Stage
from excuses.sentlog import (
    SentLogBusy,
    SentLogEntry,
    SentLogError,
    SentLogWarning,
    append_sent,
    default_sent_log_path,
    lock_path,
    locked,
    read_sent_log,
    sent_messages,
)

PARIS = timezone(timedelta(hours=1))


def entry(number: int = 1, **changes: object) -> SentLogEntry:
    fields: dict[str, object] = {
        "message_id": f"<{number}.ack@northwind.example>",
        "sent_at": datetime(2026, 11, 23, 10, 30, tzinfo=UTC) + timedelta(minutes=number),
        "recipients": ("emma.hartley@hartley-sons.example",),
        "stage": Stage.ACKNOWLEDGEMENT,
        "incident_id": "INC-2026-0142",
        "subject": "Order 4471: we are on it",
        "server": "127.0.0.1:2525",
    }
    fields.update(changes)
    return SentLogEntry(**fields)  # type: ignore[arg-type]


def test_an_entry_is_one_json_line_with_every_field(tmp_path: Path) -> None:
    log = tmp_path / "late.sent.jsonl"
    append_sent(
        log,
        entry(override_reason="the client asked for this wording", overridden_rules=("EN-X",)),
    )
    lines = log.read_text("utf-8").split("\n")
    assert lines[1:] == [""]
    assert json.loads(lines[0]) == {
        "v": 1,
        "message_id": "<1.ack@northwind.example>",
        "sent_at": "2026-11-23T10:31:00+00:00",
        "stage": "acknowledgement",
        "recipients": ["emma.hartley@hartley-sons.example"],
        "incident_id": "INC-2026-0142",
        "subject": "Order 4471: we are on it",
        "override_reason": "the client asked for this wording",
        "overridden_rules": ["EN-X"],
        "server": "127.0.0.1:2525",
        "number": None,
        "sequence": 1,
        "status": "sent",
    }


def test_entries_read_back_equal_and_in_order(tmp_path: Path) -> None:
    log = tmp_path / "late.sent.jsonl"
    written = [
        entry(1),
        entry(2, stage=Stage.APOLOGY, sent_at=datetime(2026, 11, 23, 16, 0, tzinfo=PARIS)),
        entry(3, stage=None, incident_id=None, subject="Réponse à « votre commande »"),
    ]
    for item in written:
        append_sent(log, item)
    assert read_sent_log(log) == written


def test_a_log_that_does_not_exist_yet_is_empty(tmp_path: Path) -> None:
    assert read_sent_log(tmp_path / "none.sent.jsonl") == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("incidents/late-delivery.en.yaml", "incidents/late-delivery.en.sent.jsonl"),
        ("incidents/late.json", "incidents/late.sent.jsonl"),
        ("out/message.eml", "out/message.sent.jsonl"),
        ("INCIDENT", "INCIDENT.sent.jsonl"),
    ],
)
def test_the_default_log_sits_beside_its_source(source: str, expected: str) -> None:
    assert default_sent_log_path(source) == Path(expected)


def test_a_torn_last_line_is_skipped_with_a_warning(tmp_path: Path) -> None:
    log = tmp_path / "late.sent.jsonl"
    append_sent(log, entry(1))
    append_sent(log, entry(2))
    with log.open("ab") as handle:
        handle.write(b'{"v":1,"message_id":"<3.ack@north')
    with pytest.warns(SentLogWarning) as caught:
        entries = read_sent_log(log)
    assert entries == [entry(1), entry(2)]
    assert [str(w.message) for w in caught] == [
        f"{log}: line 3: skipped an incomplete entry (a write cut short, e.g. by a crash): "
        '\'{"v":1,"message_id":"<3.ack@north\''
    ]


def test_a_crash_at_any_byte_of_the_last_write_leaves_the_log_readable(tmp_path: Path) -> None:
    log = tmp_path / "late.sent.jsonl"
    first, second = entry(1), entry(2, subject="Commande 4471 : livrée à 16 h 15")
    append_sent(log, first)
    whole = log.read_bytes()
    append_sent(log, second)
    complete = log.read_bytes()
    for cut in range(len(whole), len(complete) + 1):
        log.write_bytes(complete[:cut])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            entries = read_sent_log(log)
        # Only the newline may be missing for the second entry to count; never a garbled one.
        whole_second = cut >= len(complete) - 1
        assert entries == ([first, second] if whole_second else [first]), cut
        torn = len(whole) < cut < len(complete) - 1
        assert [w.category for w in caught] == ([SentLogWarning] if torn else []), cut


def test_an_append_after_a_torn_line_starts_on_a_line_of_its_own(tmp_path: Path) -> None:
    log = tmp_path / "late.sent.jsonl"
    append_sent(log, entry(1))
    with log.open("ab") as handle:
        handle.write(b'{"v":1,"mess')
    append_sent(log, entry(3))
    with pytest.warns(SentLogWarning, match="line 2: skipped an incomplete entry"):
        assert read_sent_log(log) == [entry(1), entry(3)]


def test_concurrent_appends_never_interleave(tmp_path: Path) -> None:
    log = tmp_path / "late.sent.jsonl"

    def writer(first: int) -> None:
        for number in range(first, first + 25):
            append_sent(log, entry(number, subject="x" * 2000))

    threads = [threading.Thread(target=writer, args=(n * 100,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = sorted(item.message_id for item in read_sent_log(log))
    assert ids == sorted(
        f"<{n * 100 + k}.ack@northwind.example>" for n in range(4) for k in range(25)
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"v":1,"sent_at":"2026-11-23T10:31:00+00:00","recipients":[]}',
            "line 2: message_id: expected the Message-ID as a non-empty string, got None",
        ),
        (
            '{"v":1,"message_id":"<a@b>","sent_at":"2026-11-23T10:31","recipients":[]}',
            "line 2: sent_at: expected an ISO 8601 date-time with its offset, "
            "got '2026-11-23T10:31'",
        ),
        (
            '{"v":1,"message_id":"<a@b>","sent_at":"yesterday","recipients":[]}',
            "line 2: sent_at: expected an ISO 8601 date-time with its offset, got 'yesterday'",
        ),
        (
            '{"v":1,"message_id":"<a@b>","sent_at":"2026-11-23T10:31:00Z",'
            '"recipients":"emma@example.com"}',
            "line 2: recipients: expected a list of addresses, got 'emma@example.com'",
        ),
        (
            '{"v":1,"message_id":"<a@b>","sent_at":"2026-11-23T10:31:00Z","recipients":[],'
            '"stage":"apologies"}',
            "line 2: stage: expected null or one of acknowledgement, apology, update, "
            "closing, debrief, got 'apologies'",
        ),
        (
            '{"v":1,"message_id":"<a@b>","sent_at":"2026-11-23T10:31:00Z","recipients":[],'
            '"incident_id":142}',
            "line 2: incident_id: expected a string or null, got 142",
        ),
    ],
)
def test_a_complete_but_invalid_entry_is_an_error_naming_line_and_field(
    tmp_path: Path, line: str, message: str
) -> None:
    log = tmp_path / "late.sent.jsonl"
    append_sent(log, entry(1))
    with log.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    with pytest.raises(SentLogError) as caught:
        read_sent_log(log)
    assert str(caught.value) == f"{log}: {message}"


@settings(max_examples=60, deadline=None)
@given(
    subject=st.text(max_size=80),
    reason=st.none() | st.text(max_size=80),
    recipients=st.lists(st.emails(), min_size=1, max_size=3),
    minutes=st.integers(min_value=-10_000, max_value=10_000),
)
def test_any_entry_reads_back_equal(
    tmp_path_factory: pytest.TempPathFactory,
    subject: str,
    reason: str | None,
    recipients: list[str],
    minutes: int,
) -> None:
    log = tmp_path_factory.mktemp("log") / "any.sent.jsonl"
    written = entry(
        subject=subject,
        override_reason=reason,
        recipients=tuple(recipients),
        sent_at=datetime(2026, 11, 23, 10, 30, tzinfo=PARIS) + timedelta(minutes=minutes),
    )
    append_sent(log, written)
    assert read_sent_log(log) == [written]
    assert log.read_bytes().count(b"\n") == 1


def test_a_line_written_before_sequences_and_statuses_reads_as_a_first_send(
    tmp_path: Path,
) -> None:
    log = tmp_path / "old.sent.jsonl"
    log.write_text(
        '{"v":1,"message_id":"<a@b>","sent_at":"2026-11-23T10:31:00+00:00","recipients":[],'
        '"stage":"apology"}\n',
        encoding="utf-8",
    )
    [old] = read_sent_log(log)
    assert (old.number, old.sequence, old.status) == (None, 1, "sent")


def test_an_uncertain_delivery_is_not_a_message_the_plan_counts_as_sent(tmp_path: Path) -> None:
    log = tmp_path / "late.sent.jsonl"
    append_sent(log, entry(1, status="uncertain"))
    append_sent(log, entry(2, stage=Stage.APOLOGY))
    assert [m.stage for m in sent_messages(log, "INC-2026-0142")] == [Stage.APOLOGY]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("status", '"delivered"', "sent or uncertain"),
        ("sequence", "0", "a whole number from 1"),
        ("number", '"2"', "null or the update's number"),
    ],
)
def test_a_bad_status_sequence_or_number_is_named(
    tmp_path: Path, field: str, value: str, expected: str
) -> None:
    log = tmp_path / "bad.sent.jsonl"
    log.write_text(
        '{"v":1,"message_id":"<a@b>","sent_at":"2026-11-23T10:31:00+00:00","recipients":[],'
        f'"{field}":{value}}}\n',
        encoding="utf-8",
    )
    with pytest.raises(SentLogError, match=f"line 1: {field}: expected {expected}, got "):
        read_sent_log(log)


def test_the_lock_is_a_file_beside_the_log_and_a_busy_one_is_named(tmp_path: Path) -> None:
    log = tmp_path / "late.sent.jsonl"
    assert lock_path(log) == tmp_path / "late.sent.jsonl.lock"
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with locked(log):
            held.set()
            release.wait(30)

    other = threading.Thread(target=holder)
    other.start()
    try:
        held.wait(30)
        with pytest.raises(SentLogBusy) as caught, locked(log, timeout=0.05):
            pass
    finally:
        release.set()
        other.join()
    assert str(caught.value).startswith(
        f"{log}: another send has been using this sent-log for more than 0.05 s; nothing was sent"
    )
    assert caught.value.exit_code == 75
