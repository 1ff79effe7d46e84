"""A draft as an email message and as JSON: headers from the record, no header injection."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from excuses import HeaderInjectionError, Stage, draft, load_record
from excuses.record import IncidentRecord

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))
NOW = datetime(2026, 11, 23, 10, 30)


def parse(message: EmailMessage) -> EmailMessage:
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.stem)
@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.value)
def test_eml_parses_back_into_the_same_subject_text_and_html(example: Path, stage: Stage) -> None:
    item = draft(example, stage, now=NOW)
    parsed = parse(item.to_email())
    assert parsed["Subject"] == item.subject
    assert parsed.get_content_type() == "multipart/alternative"
    text_part = parsed.get_body(("plain",))
    html_part = parsed.get_body(("html",))
    assert text_part is not None and html_part is not None
    assert text_part.get_content_charset() == "utf-8"
    assert html_part.get_content_charset() == "utf-8"
    assert text_part.get_content() == item.text
    assert html_part.get_content() == item.html


def test_headers_come_from_the_record() -> None:
    item = draft(EXAMPLES[3], Stage.APOLOGY, now=NOW)
    moment = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    parsed = parse(item.to_email(date=moment, message_id="<apology.0142@onirio.example>"))
    assert parsed["From"] == "Jérôme Labastie <jerome.labastie@onirio.example>"
    assert parsed["To"] == "Madame Vasseur <claire.vasseur@maison-vasseur.example>"
    # The sender's clock: the sender has no zone of their own, so the client's (Paris).
    assert parsed["Date"] == "Mon, 23 Nov 2026 17:30:00 +0100"
    assert parsed["Message-ID"] == "<apology.0142@onirio.example>"


def test_message_id_and_date_have_defaults() -> None:
    parsed = parse(draft(EXAMPLES[0], Stage.ACKNOWLEDGEMENT, now=NOW).to_email())
    assert parsed["Message-ID"].endswith("@ledgerly.example>")
    assert parsed["Date"].datetime.tzinfo is not None


def test_debrief_goes_to_the_team_or_the_sender() -> None:
    record = load_record(EXAMPLES[3])
    parsed = parse(draft(record, Stage.DEBRIEF, now=NOW).to_email())
    assert parsed["To"] == "Onirio Distribution <equipe-preparation@onirio.example>"
    members = dataclasses.replace(record, team_email=None)
    parsed = parse(draft(members, "debrief", now=NOW).to_email())
    assert parsed["To"] == (
        "Cyril Dubois <cyril.dubois@onirio.example>, Nadia Benali <nadia.benali@onirio.example>"
    )
    alone = dataclasses.replace(record, team_email=None, team=())
    parsed = parse(draft(alone, "debrief", now=NOW).to_email())
    assert parsed["To"] == "Jérôme Labastie <jerome.labastie@onirio.example>"


def _with(record: IncidentRecord, **changes: object) -> IncidentRecord:
    incident = {k: v for k, v in changes.items() if k in ("title", "id")}
    client = {k: v for k, v in changes.items() if k in ("contact_name", "email")}
    sender = {k.removeprefix("sender_"): v for k, v in changes.items() if k.startswith("sender_")}
    return dataclasses.replace(
        record,
        incident=dataclasses.replace(record.incident, **incident),  # type: ignore[arg-type]
        client=dataclasses.replace(record.client, **client),  # type: ignore[arg-type]
        sender=dataclasses.replace(record.sender, **sender),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("change", "header", "value"),
    [
        ({"title": "Retard\r\nBcc: tous@example.com"}, "Subject", None),
        ({"contact_name": "Madame Vasseur\nBcc: x@example.com"}, "To", None),
        ({"sender_name": "Jérôme\rLabastie"}, "From", None),
        ({"title": "Retard\u2028Bcc: x@example.com"}, "Subject", None),
    ],
)
def test_a_line_break_in_a_header_value_is_refused(
    change: dict[str, str], header: str, value: None
) -> None:
    record = _with(load_record(EXAMPLES[3]), **change)
    item = draft(record, Stage.APOLOGY, now=NOW)
    with pytest.raises(HeaderInjectionError) as caught:
        item.to_email()
    assert caught.value.header == header
    assert str(caught.value).startswith(f"the {header} header would carry a line break (")
    assert str(caught.value).endswith(
        "a header value must be a single line, so remove the CR/LF from that field"
    )


def test_message_id_with_a_line_break_is_refused() -> None:
    item = draft(EXAMPLES[3], Stage.APOLOGY, now=NOW)
    with pytest.raises(HeaderInjectionError, match="the Message-ID header"):
        item.to_email(message_id="<a@b>\r\nBcc: x@example.com")


def test_json_holds_the_draft_and_its_facts_in_iso_form() -> None:
    item = draft(EXAMPLES[3], Stage.UPDATE, now=datetime(2026, 11, 24, 17, 0))
    data = json.loads(item.to_json())
    assert data["incident"] == "INC-2026-0142"
    assert data["stage"] == "update"
    assert data["language"] == "fr"
    assert data["to"] == [
        {"name": "Madame Vasseur", "email": "claire.vasseur@maison-vasseur.example"}
    ]
    assert data["subject"] == item.subject
    assert data["text"] == item.text
    assert data["html"] == item.html
    assert data["facts"] == {
        # The update sent at 17:00 promised the next one for noon, as the record says.
        "next_update_at": "2026-11-25T12:00:00+01:00",
        "estimated_recovery": "2026-11-25T12:00:00+01:00",
        "missed": ["2026-11-24T12:00:00+01:00"],
    }
    assert item.to_dict() == data
