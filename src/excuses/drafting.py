"""A drafted message (:class:`Draft`) and :func:`draft`, which writes one from a record.

A draft is the subject, plain text and HTML of one stage, with the deadline
facts it states; it becomes a standard-library ``EmailMessage`` (refusing any
header value with a line break) or JSON.
"""

from __future__ import annotations

import email.policy
import json
import os
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any

from .business_time import in_zone
from .errors import HeaderInjectionError, Problem, RecordError
from .loader import load_record
from .mailthread import (
    header_list,
    message_id,
    record_chain,
    references,
    thread_topic,
    update_number,
)
from .policy import Policy
from .record import IncidentRecord, Stage
from .rendering import Renderer, renderer_for
from .stages import parse_stage, stage_context, stage_moment

# Headers fold only past RFC 5322's hard limit: Python's folding of a subject just
# over 78 characters starts it on a continuation line, which parses back with a
# leading space, so the subject read back would differ from the one drafted.
_POLICY = email.policy.default.clone(max_line_length=998)

#: Plain-text bodies are wrapped at this width (lists keep a hanging indent).
WRAP_WIDTH = 72

# Every character str.splitlines() breaks on: any of them would end a header line.
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BULLET = re.compile(r"^(\s*(?:[-•*]|\d+[.)])\s+)")


@dataclass(frozen=True)
class Draft:
    """One stage's message for one record: subject, text, HTML and the deadline facts it states."""

    stage: Stage
    language: str
    subject: str
    text: str
    html: str
    #: The deadline facts the message states (``answer_by``, ``next_update_at``, ``missed``…).
    facts: dict[str, Any] = field(hash=False)
    record: IncidentRecord = field(repr=False, hash=False)
    #: The moment it is drafted for (``now``): its ``Date`` until it is sent.
    date: datetime | None = None
    #: Which progress update it is (1 for the first); None for the other stages.
    update_number: int | None = None
    #: Its stable ``Message-ID`` (see :mod:`excuses.mailthread`); "" when built by hand.
    message_id: str = ""
    #: The message it replies to: the last one of the incident before it, if any.
    in_reply_to: str | None = None
    #: The thread it belongs to, oldest first (trimmed when long).
    references: tuple[str, ...] = ()
    #: What every subject of the incident shares after its stage label: the title
    #: (shortened when long) and reference (see :mod:`excuses.subjects`); ``Thread-Topic``.
    thread_topic: str = ""
    #: What makes this stage odd at its moment (sent late, after the resolution…), in words,
    #: in the record's language (record field names stay as written).
    warnings: tuple[str, ...] = ()

    def recipients(self) -> list[tuple[str, str]]:
        """(name, address) of each recipient: the client, or the team for the internal debrief.

        The debrief goes to the team's shared address when the record has one, else to
        every team member with an email, else (a team of one) to the sender.
        """
        if self.stage is Stage.DEBRIEF:
            record = self.record
            theirs = client_addresses(record)
            # Internal, whatever the record says: a client address is never a team address.
            if record.team_email and _addr(record.team_email) not in theirs:
                return [(record.sender.organisation, record.team_email)]
            team = [
                (m.name, m.email) for m in record.team if m.email and _addr(m.email) not in theirs
            ]
            return team or [(record.sender.name, record.sender.email)]
        client = self.record.client
        return [(client.contact_name, client.email)]

    def cc(self) -> list[str]:
        """The copies: the client's and ours for a client message, only ours for the debrief."""
        record = self.record
        if self.stage is Stage.DEBRIEF:
            return _internal(record, record.sender.cc)
        return list(dict.fromkeys((*record.client.cc, *record.sender.cc)))

    def bcc(self) -> list[str]:
        """The blind copies, by the same rule as :meth:`cc`."""
        record = self.record
        if self.stage is Stage.DEBRIEF:
            return _internal(record, record.sender.bcc)
        return list(dict.fromkeys((*record.client.bcc, *record.sender.bcc)))

    def reply_to(self) -> str | None:
        """Where the client's replies should go; None for the debrief, which the team answers."""
        return None if self.stage is Stage.DEBRIEF else self.record.sender.reply_to

    def to_email(
        self, *, date: datetime | None = None, message_id: str | None = None
    ) -> EmailMessage:
        """The draft as a multipart/alternative UTF-8 email, headers taken from the record.

        Raises :class:`~excuses.errors.HeaderInjectionError` when any header
        value (a name, an address, the subject) carries a line break.
        """
        sender = self.record.sender
        moment = date or self.date or datetime.now(UTC)
        if moment.tzinfo is None:
            moment = in_zone(moment, _zone(self.record))
        # The Date a reader sees is the sender's clock: their zone, else the client's.
        moment = moment.astimezone(_sender_zone(self.record))
        msg_id = message_id or self.message_id or make_msgid(domain=_domain(sender.email))
        _single_line("From", sender.name, sender.email)
        for name, address in self.recipients():
            _single_line("To", name, address)
        cc, bcc, reply_to = self.cc(), self.bcc(), self.reply_to()
        _single_line("Cc", *cc)
        _single_line("Bcc", *bcc)
        _single_line("Reply-To", *([reply_to] if reply_to else []))
        _single_line("Subject", self.subject)
        _single_line("Message-ID", msg_id)
        message = EmailMessage(policy=_POLICY)
        message["From"] = _address(sender.name, sender.email)
        message["To"] = [_address(name, address) for name, address in self.recipients()]
        if cc:
            message["Cc"] = ", ".join(cc)
        if bcc:
            message["Bcc"] = ", ".join(bcc)
        if reply_to:
            message["Reply-To"] = reply_to
        message["Subject"] = self.subject
        message["Date"] = format_datetime(moment)
        message["Message-ID"] = msg_id
        if self.in_reply_to:
            message["In-Reply-To"] = self.in_reply_to
        if self.references:
            message["References"] = header_list(self.references)
        message["Thread-Topic"] = self.thread_topic or thread_topic(self.record)
        message.set_content(self.text, charset="utf-8")
        message.add_alternative(self.html, subtype="html", charset="utf-8")
        return message

    def to_dict(self) -> dict[str, Any]:
        """The draft as plain JSON-ready data (datetimes in ISO 8601)."""
        return {
            "incident": self.record.incident.id,
            "stage": self.stage.value,
            "language": self.language,
            "to": [{"name": n, "email": a} for n, a in self.recipients()],
            "cc": self.cc(),
            "bcc": self.bcc(),
            "reply_to": self.reply_to(),
            "subject": self.subject,
            "date": self.date.isoformat() if self.date else None,
            "message_id": self.message_id or None,
            "in_reply_to": self.in_reply_to,
            "references": list(self.references),
            "text": self.text,
            "html": self.html,
            "facts": {key: _jsonable(value) for key, value in self.facts.items()},
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8 characters kept as they are)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def draft(
    record_or_path: IncidentRecord | str | os.PathLike[str],
    stage: Stage | str | None = None,
    *,
    now: datetime | None = None,
    templates: Path | None = None,
    policy: Policy | None = None,
) -> Draft:
    """Draft ``stage`` (by default the next one due by the timeline) for an incident record.

    ``now`` (default: the current time; a naive value is read in the client's
    time zone) is what relative deadlines count from; ``templates`` is a
    folder whose ``fr/`` and ``en/`` files override ours one by one;
    ``policy`` is the team's deadline scale (default:
    :data:`~excuses.policy.DEFAULT_POLICY`), to which the record's own
    overrides apply.
    """
    record = load_record(record_or_path)
    return draft_with(renderer_for(templates), record, stage, now=now, policy=policy)


def draft_with(
    renderer: Renderer,
    record: IncidentRecord,
    stage: Stage | str | None = None,
    *,
    now: datetime | None = None,
    policy: Policy | None = None,
) -> Draft:
    """:func:`draft` with a given renderer (the batch and the benchmark share one)."""
    try:
        return _draft_with(renderer, record, stage, now=now, policy=policy)
    except ArithmeticError as exc:
        # Only values no loaded record can hold get here (an amount of 1e30, a year 9999
        # in a record built in Python): name the problem rather than let it crash the caller.
        source = record.source.filename if record.source else None
        raise RecordError(
            [
                Problem(
                    "",
                    f"cannot be drafted ({type(exc).__name__}: {exc}); an amount, date or "
                    "delay is outside what excuses can state (see the limits of a record)",
                )
            ],
            source,
        ) from None


def _draft_with(
    renderer: Renderer,
    record: IncidentRecord,
    stage: Stage | str | None,
    *,
    now: datetime | None,
    policy: Policy | None,
) -> Draft:
    moment = _now(record, now)
    chosen = next_stage(record, moment, policy) if stage is None else parse_stage(stage)
    moment, moved = stage_moment(record, chosen, moment)
    context = stage_context(record, chosen, moment, policy)
    if moved:
        context = replace(context, warnings=(moved, *context.warnings))
    language = record.language
    # An enum's .value is a descriptor call: read once, not once per template.
    name = chosen.value
    subject = renderer.subject(language, name, context.values)
    text = wrap(renderer.text(language, name, context.values))
    # The HTML title repeats the subject; it is the only value the HTML gets that is not data.
    context.values["subject"] = subject
    # Ends with a line break, as the text does and as an email body part always will.
    html = renderer.html(language, name, context.values).rstrip("\n") + "\n"
    number = update_number(record, moment) if chosen is Stage.UPDATE else None
    chain = references(record_chain(record, chosen, moment))
    return Draft(
        chosen,
        language,
        subject,
        text,
        html,
        context.facts,
        record,
        date=moment,
        update_number=number,
        message_id=message_id(record.incident.id, chosen, record.sender.email, number=number),
        in_reply_to=chain[-1] if chain else None,
        references=chain,
        thread_topic=context.values["topic"],
        warnings=context.warnings,
    )


def next_stage(record: IncidentRecord, now: datetime, policy: Policy | None = None) -> Stage:
    """The stage the timeline (under ``policy``) says is due next; an error when all were sent."""
    from .timeline import build_timeline

    stage = build_timeline(record, now, policy=policy).next_stage
    if stage is None:
        message = (
            "toutes les étapes ont déjà été envoyées\u202f; indiquez celle à rédiger avec --stage"
            if record.language == "fr"
            else "every stage has already been sent; name the stage to draft with --stage"
        )
        raise RecordError(
            [Problem("", message)],
            record.source.filename if record.source else None,
            record.language,
        )
    return parse_stage(stage)


def wrap(text: str, width: int = WRAP_WIDTH) -> str:
    """Wrap each line of ``text`` at ``width``; list items keep a hanging indent.

    Only ordinary spaces break a line: the no-break spaces of French
    typography ("17 h 00", "« … »") never end one, and words are never cut.
    A line already short enough is left as written; runs of blank lines left
    by optional template blocks become one.
    """
    # Nearly every line recurs from draft to draft (the templates' sentences, the incident's
    # facts): each is looked up as written, in C, and only a line not seen yet is wrapped
    # here, so a draft runs no Python code per line.
    seen = _WRAPPED.setdefault(width, {})
    lines = text.strip("\n").split("\n")
    pieces = list(map(seen.get, lines))
    if None in pieces:
        if len(seen) > _WRAPPED_MAX:
            seen.clear()
        for index, piece in enumerate(pieces):
            if piece is None:
                pieces[index] = seen[lines[index]] = _wrapped(lines[index], width)
    joined = "\n".join(pieces)  # type: ignore[arg-type]  # no None is left
    if "\n\n\n" in joined:
        joined = _BLANK_RUNS.sub("\n\n", joined)
    return joined + "\n"


# One pass over every run of blank lines ("\n{3,}" would be tried at every line break).
_BLANK_RUNS = re.compile("\n\n\n+")


#: Width -> line as written -> the line as the text shows it (blanks stripped, maybe wrapped).
_WRAPPED: dict[int, dict[str, str]] = {}
_WRAPPED_MAX = 8192


def _wrapped(raw: str, width: int) -> str:
    line = raw.rstrip()
    return line if len(line) <= width else "\n".join(_wrap_line(line, width))


@lru_cache(maxsize=16)
def _pieces(width: int) -> re.Pattern[str]:
    # The longest run of at most ``width`` characters that ends before a space
    # (or the end); a word longer than ``width`` stands alone on its line.
    # "5:00 p.m." stays on one line in English, as the no-break spaces keep French times.
    return re.compile(rf"(.{{1,{width}}}(?= (?![ap]\.m\.)|$)|[^ ]+) *")


# A batch repeats the same long lines (our sentences, the incident's facts) for
# every record; only a few lines carry the client's own details.
@lru_cache(maxsize=8192)
def _wrap_line(line: str, width: int) -> tuple[str, ...]:
    bullet = _BULLET.match(line)
    lead = bullet.group(1) if bullet else line[: len(line) - len(line.lstrip(" "))]
    pieces = _pieces(max(width - len(lead), 20)).findall(line[len(lead) :])
    if not pieces:
        return (line,)
    indent = " " * len(lead)
    return (lead + pieces[0], *(indent + piece for piece in pieces[1:]))


def _now(record: IncidentRecord, now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC).astimezone(_zone(record))
    return in_zone(now, _zone(record))


def _zone(record: IncidentRecord) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(record.client.timezone)


def client_addresses(record: IncidentRecord) -> set[str]:
    """Every address of the client side, lower-cased: none of them may get the debrief."""
    client = record.client
    return {_addr(a) for a in (client.email, *client.cc, *client.bcc)}


def _addr(mailbox: str) -> str:
    return parseaddr(mailbox)[1].lower()


def _internal(record: IncidentRecord, mailboxes: tuple[str, ...]) -> list[str]:
    client = client_addresses(record)
    return [m for m in dict.fromkeys(mailboxes) if _addr(m) not in client]


def _sender_zone(record: IncidentRecord) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(record.sender.timezone or record.client.timezone)


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "localhost"


def _single_line(header: str, *values: str) -> None:
    for value in values:
        if _LINE_BREAKS.search(value):
            raise HeaderInjectionError(header, value)


def _address(name: str, email: str) -> Address:
    local, _, domain = email.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value
