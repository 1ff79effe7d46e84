"""Who gets each message: Cc and Bcc on both sides, Reply-To, and a debrief kept in the team."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from excuses import RecordError, Stage, draft, load_record
from excuses.errors import SendError
from excuses.record import IncidentRecord, TeamMember
from excuses.sending import send
from excuses.smtp_config import Security, SmtpSettings
from smtp_server import LOOPBACK, Recorder, running

FR = Path(__file__).resolve().parents[1] / "examples" / "livraison-en-retard.fr.yaml"
NOW = datetime(2026, 11, 23, 16, 30)
CLIENT = "claire.vasseur@maison-vasseur.example"
BOSS = "Paul Vasseur <paul.vasseur@maison-vasseur.example>"
BUYING = "achats@maison-vasseur.example"
MANAGER = "Nadia Haddad <n.haddad@onirio.example>"
ARCHIVE = "archives@onirio.example"
SUPPORT = "Service client <service.client@onirio.example>"


def with_copies(text: str) -> str:
    """The French example with copies on both sides and a support address for replies."""
    text = text.replace(
        "  timezone: Europe/Paris\n",
        f"  timezone: Europe/Paris\n  cc: ['{BOSS}']\n  bcc: [{BUYING}]\n",
        1,
    )
    return text.replace(
        "sender:\n",
        f"sender:\n  cc: ['{MANAGER}']\n  bcc: [{ARCHIVE}]\n  reply_to: '{SUPPORT}'\n",
        1,
    )


@pytest.fixture
def record(tmp_path: Path) -> IncidentRecord:
    path = tmp_path / "copies.yaml"
    path.write_text(with_copies(FR.read_text(encoding="utf-8")), encoding="utf-8")
    return load_record(path)


@pytest.fixture
def server() -> Iterator[tuple[Recorder, SmtpSettings]]:
    recorder = Recorder()
    with running(recorder) as port:
        yield recorder, SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)


def test_a_client_message_copies_both_sides_and_asks_for_replies_to_support(
    record: IncidentRecord,
) -> None:
    item = draft(record, Stage.APOLOGY, now=NOW)
    message = item.to_email()
    assert str(message["Cc"]) == f"{BOSS}, {MANAGER}"
    assert str(message["Bcc"]) == f"{BUYING}, {ARCHIVE}"
    assert str(message["Reply-To"]) == SUPPORT
    data = json.loads(item.to_json())
    assert (data["cc"], data["bcc"], data["reply_to"]) == (
        [BOSS, MANAGER],
        [BUYING, ARCHIVE],
        SUPPORT,
    )


def test_sent_the_copies_travel_and_the_blind_ones_stay_hidden(
    record: IncidentRecord, server: tuple[Recorder, SmtpSettings]
) -> None:
    recorder, settings = server
    send(draft(record, Stage.APOLOGY, now=NOW), settings=settings)
    [got] = recorder.received
    assert got.rcpt_tos == [
        CLIENT,
        "paul.vasseur@maison-vasseur.example",
        "n.haddad@onirio.example",
        BUYING,
        ARCHIVE,
    ]
    assert got.message["Bcc"] is None
    assert b"archives@onirio.example" not in got.content
    assert str(got.message["Reply-To"]) == SUPPORT


def test_the_debrief_goes_to_the_team_and_never_to_the_client(
    record: IncidentRecord, server: tuple[Recorder, SmtpSettings]
) -> None:
    # A colleague entered by mistake with the client's address, and the client as team mailbox.
    team = (
        TeamMember(name="Cyril Dubois", email="cyril.dubois@onirio.example"),
        TeamMember(name="Claire", email=CLIENT.upper()),
    )
    record = dataclasses.replace(record, team=team, team_email=None)
    item = draft(record, Stage.DEBRIEF, now=datetime(2026, 11, 26, 9, 0))
    assert item.recipients() == [("Cyril Dubois", "cyril.dubois@onirio.example")]
    assert (item.cc(), item.bcc(), item.reply_to()) == ([MANAGER], [ARCHIVE], None)
    shared = dataclasses.replace(record, team_email=CLIENT)
    assert draft(shared, Stage.DEBRIEF, now=datetime(2026, 11, 26, 9, 0)).recipients() == [
        ("Cyril Dubois", "cyril.dubois@onirio.example")
    ]
    recorder, settings = server
    send(item, settings=settings)
    [got] = recorder.received
    assert got.rcpt_tos == ["cyril.dubois@onirio.example", "n.haddad@onirio.example", ARCHIVE]


def test_a_client_message_cannot_be_sent_as_the_debrief(
    record: IncidentRecord, server: tuple[Recorder, SmtpSettings]
) -> None:
    recorder, settings = server
    with pytest.raises(SendError) as caught:
        send(draft(record, Stage.APOLOGY, now=NOW), settings=settings, stage="debrief")
    assert str(caught.value) == (
        "stage: the draft is the apology, not the debrief; draft the debrief to send it"
    )
    assert recorder.commands == []


class LeakyDebrief:
    """A debrief built elsewhere (a script's own draft type) that puts the client in Cc."""

    def __init__(self, record: IncidentRecord) -> None:
        self.inner = draft(record, Stage.DEBRIEF, now=datetime(2026, 11, 26, 9, 0))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def to_email(self, **kwargs: Any) -> EmailMessage:
        message = self.inner.to_email(**kwargs)
        copies = str(message["Cc"])
        del message["Cc"]
        message["Cc"] = f"{copies}, {CLIENT}"
        return message


def test_a_debrief_addressed_to_the_client_is_refused(
    record: IncidentRecord, server: tuple[Recorder, SmtpSettings]
) -> None:
    recorder, settings = server
    with pytest.raises(SendError) as caught:
        send(LeakyDebrief(record), settings=settings)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"refused to send the internal debrief to the client ({CLIENT}): it goes to the "
        "team only; nothing was sent"
    )
    assert recorder.commands == []


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("cc", "['Paul Vasseur']", "client.cc[0]"),
        ("cc", "['a@x.example, b@x.example']", "client.cc[0]"),
        ("bcc", "['archives at onirio']", "client.bcc[0]"),
    ],
)
def test_a_bad_address_is_refused_at_load_with_its_place(
    tmp_path: Path, field: str, value: str, problem: str
) -> None:
    text = FR.read_text(encoding="utf-8")
    marker = "  timezone: Europe/Paris\n"
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(marker, f"{marker}  {field}: {value}\n", 1), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_record(path)
    line = text[: text.index(marker)].count("\n") + 2
    # The record is French, and so is its message.
    assert (
        f"ligne {line}\u00a0: {problem}\u00a0: doit être une seule adresse comme "
        "`Nom <nom@example.com>` ou nom@example.com, et non «\u00a0"
    ) in str(caught.value)


def test_a_bad_reply_to_is_refused_at_load(tmp_path: Path) -> None:
    text = FR.read_text(encoding="utf-8").replace(
        "sender:\n", "sender:\n  reply_to: service client\n", 1
    )
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError, match="sender\\.reply_to\u00a0: doit être une seule adresse"):
        load_record(path)
