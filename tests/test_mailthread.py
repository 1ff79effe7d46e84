"""One thread per incident: stable Message-IDs, the reply chain, the topic, the Date of drafts."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from excuses import RecordError, Stage, draft, load_record
from excuses.cli import main
from excuses.mailthread import (
    MAX_REFERENCES,
    message_id,
    record_chain,
    references,
    resequenced,
    update_number,
)
from excuses.record import Update

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FR = EXAMPLES / "livraison-en-retard.fr.yaml"
EN = EXAMPLES / "late-delivery.en.yaml"
INVOICES = EXAMPLES / "duplicate-invoices.en.yaml"


def parse(data: bytes) -> EmailMessage:
    parsed = message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_the_date_of_a_draft_is_its_now_not_the_clock() -> None:
    item = draft(FR, Stage.APOLOGY, now=datetime(2026, 11, 23, 10, 40))
    assert parse(item.to_email().as_bytes())["Date"] == "Mon, 23 Nov 2026 10:40:00 +0100"
    assert item.date == datetime.fromisoformat("2026-11-23T10:40:00+01:00")


def test_the_date_is_written_in_the_senders_time_zone() -> None:
    # The client is in New York, the sender in Paris: 9:40 in New York is 15:40 in Paris.
    item = draft(INVOICES, Stage.ACKNOWLEDGEMENT, now=datetime(2026, 11, 23, 9, 40))
    assert parse(item.to_email().as_bytes())["Date"] == "Mon, 23 Nov 2026 15:40:00 +0100"


def test_draft_on_the_command_line_dates_the_message_at_now(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    status = main(
        ["draft", str(EN), "--stage", "apology", "--now", "2026-11-23T10:40", "--format", "eml"]
    )
    assert status == 0
    parsed = parse(capsysbinary.readouterr().out)
    assert parsed["Date"] == "Mon, 23 Nov 2026 10:40:00 +0000"
    assert parsed["Message-ID"] == "<INC-2026-0142.apology.1@northwind.example>"
    assert parsed["In-Reply-To"] == "<INC-2026-0142.acknowledgement.1@northwind.example>"


def test_a_redraft_keeps_its_message_id_and_each_message_has_its_own() -> None:
    record = load_record(EN)
    first = draft(record, Stage.UPDATE, now=datetime(2026, 11, 24, 17, 0))
    again = draft(record, Stage.UPDATE, now=datetime(2026, 11, 24, 17, 5))
    assert first.message_id == again.message_id == "<INC-2026-0142.update-1.1@northwind.example>"
    assert parse(first.to_email().as_bytes())["Message-ID"] == first.message_id
    ids = {draft(record, s, now=datetime(2026, 11, 26, 12, 0)).message_id for s in Stage}
    assert len(ids) == len(Stage)


def test_each_update_of_the_record_is_its_own_message() -> None:
    record = load_record(EN)
    second = Update(sent_at=datetime.fromisoformat("2026-11-25T09:00:00+00:00"))
    record = dataclasses.replace(record, updates=(*record.updates, second))
    early = draft(record, Stage.UPDATE, now=datetime(2026, 11, 24, 17, 0))
    late = draft(record, Stage.UPDATE, now=datetime(2026, 11, 25, 9, 0))
    assert (early.update_number, late.update_number) == (1, 2)
    assert late.message_id == "<INC-2026-0142.update-2.1@northwind.example>"
    assert late.in_reply_to == early.message_id
    assert late.references == (
        "<INC-2026-0142.acknowledgement.1@northwind.example>",
        "<INC-2026-0142.apology.1@northwind.example>",
        "<INC-2026-0142.update-1.1@northwind.example>",
    )


def test_the_chain_starts_at_the_clients_own_report_when_the_record_has_it() -> None:
    record = load_record(EN)
    assert (
        draft(record, Stage.ACKNOWLEDGEMENT, now=datetime(2026, 11, 23, 10, 5)).in_reply_to is None
    )
    incident = dataclasses.replace(record.incident, message_id="<CAF3x9Q@mail.hartley.example>")
    record = dataclasses.replace(record, incident=incident)
    ack = draft(record, Stage.ACKNOWLEDGEMENT, now=datetime(2026, 11, 23, 10, 5))
    assert ack.in_reply_to == "<CAF3x9Q@mail.hartley.example>"
    assert ack.references == ("<CAF3x9Q@mail.hartley.example>",)
    closing = draft(record, Stage.CLOSING, now=datetime(2026, 11, 26, 12, 0))
    assert closing.references[0] == "<CAF3x9Q@mail.hartley.example>"
    parsed = parse(closing.to_email().as_bytes())
    assert parsed["References"].split() == list(closing.references)
    assert parsed["In-Reply-To"] == "<INC-2026-0142.update-1.1@northwind.example>"


def test_the_report_message_id_is_read_with_or_without_brackets_and_checked(
    tmp_path: Path,
) -> None:
    text = FR.read_text(encoding="utf-8")
    marker = "  reported_at:"
    for written in ("CAF3x9Q@mail.example.fr", "<CAF3x9Q@mail.example.fr>"):
        path = tmp_path / "with-id.yaml"
        path.write_text(text.replace(marker, f"  message_id: '{written}'\n{marker}", 1))
        assert load_record(path).incident.message_id == "<CAF3x9Q@mail.example.fr>"
    path.write_text(text.replace(marker, f"  message_id: not an id\n{marker}", 1))
    with pytest.raises(RecordError) as caught:
        load_record(path)
    line = text[: text.index(marker)].count("\n") + 1
    # The record is French, and so is its message.
    assert f"ligne {line}\u00a0: incident.message_id\u00a0: doit être un Message-ID comme " in str(
        caught.value
    )


def test_thread_topic_is_the_subject_base_every_stage_shares() -> None:
    record = load_record(FR)
    topics = {
        str(
            parse(draft(record, s, now=datetime(2026, 11, 26, 12)).to_email().as_bytes())[
                "Thread-Topic"
            ]
        )
        for s in Stage
    }
    # The title after the colon, without its French capital and shortened to fit 78 characters.
    assert topics == {"commande n°\u00a04471 livrée en retard\u2026 (INC-2026-0142)"}


def test_json_carries_date_message_id_and_the_reply_chain(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    status = main(
        ["draft", str(FR), "--stage", "closing", "--now", "2026-11-26T12:00", "--format", "json"]
    )
    assert status == 0
    data = json.loads(capsysbinary.readouterr().out)
    assert data["date"] == "2026-11-26T12:00:00+01:00"
    assert data["message_id"] == "<INC-2026-0142.closing.1@onirio.example>"
    assert data["in_reply_to"] == "<INC-2026-0142.update-1.1@onirio.example>"
    assert data["references"] == [
        "<INC-2026-0142.acknowledgement.1@onirio.example>",
        "<INC-2026-0142.apology.1@onirio.example>",
        "<INC-2026-0142.update-1.1@onirio.example>",
    ]


def test_a_long_chain_keeps_its_root_and_the_most_recent_identifiers() -> None:
    chain = [f"<m{n}@x.example>" for n in range(1, 41)]
    kept = references(chain)
    assert len(kept) == MAX_REFERENCES
    assert kept[0] == "<m1@x.example>"
    assert kept[1:] == tuple(chain[-(MAX_REFERENCES - 1) :])
    assert references(["<a@x>", "<b@x>", "<a@x>"]) == ("<a@x>", "<b@x>")


def test_a_long_incident_keeps_references_short() -> None:
    record = load_record(EN)
    start = datetime.fromisoformat("2026-11-24T09:00:00+00:00")
    many = tuple(
        Update(sent_at=start.replace(day=24 + n // 10, hour=9 + n % 10)) for n in range(30)
    )
    record = dataclasses.replace(record, updates=many)
    chain = record_chain(record, Stage.CLOSING, datetime.fromisoformat("2026-11-30T12:00+00:00"))
    assert len(chain) == 32
    item = draft(record, Stage.CLOSING, now=datetime(2026, 11, 30, 12, 0))
    assert len(item.references) == MAX_REFERENCES
    assert item.references[0] == "<INC-2026-0142.acknowledgement.1@northwind.example>"
    assert item.in_reply_to == "<INC-2026-0142.update-30.1@northwind.example>"
    header = parse(item.to_email().as_bytes())["References"]
    assert max(len(line) for line in str(header).splitlines()) <= 998


@pytest.mark.parametrize(
    ("incident_id", "email", "expected"),
    [
        ("INC-2026-0142", "a@onirio.example", "<INC-2026-0142.closing.1@onirio.example>"),
        # Characters some clients mangle become "-", and a digest keeps distinct ids distinct.
        ("Ticket #42 / B", "a@x.example", "<Ticket-42-B-"),
        ("Ticket #42 / b", "a@x.example", "<Ticket-42-b-"),
        ("INC-1", "a@bücher.example", "<INC-1.closing.1@xn--bcher-kva.example>"),
        ("INC-1", "a@[127.0.0.1]", "<INC-1.closing.1@localhost>"),
    ],
)
def test_message_ids_are_plain_ascii_and_distinct(
    incident_id: str, email: str, expected: str
) -> None:
    made = message_id(incident_id, Stage.CLOSING, email)
    assert made.startswith(expected)
    assert made.isascii() and " " not in made
    assert made.count("@") == 1


def test_ids_that_differ_only_in_punctuation_stay_distinct() -> None:
    one = message_id("A/B", Stage.APOLOGY, "a@x.example")
    other = message_id("A.B", Stage.APOLOGY, "a@x.example")
    assert one != other


def test_a_deliberate_second_send_gets_the_next_sequence() -> None:
    first = message_id("INC-7", Stage.APOLOGY, "a@x.example")
    assert resequenced(first, 2) == "<INC-7.apology.2@x.example>"
    assert resequenced("<abc@y.example>", 2) == "<abc.2@y.example>"


def test_update_number_counts_the_updates_sent_by_then() -> None:
    record = load_record(EN)
    assert update_number(record, datetime.fromisoformat("2026-11-24T16:00+00:00")) == 1
    assert update_number(record, datetime.fromisoformat("2026-11-24T17:00+00:00")) == 1
