"""The send gate: check the exact message that goes out, then hand it to an SMTP server.

:func:`send` serialises the message once, runs the checker on those very
bytes parsed back (subject, plain text and HTML), refuses when a finding is
at or above ``fail_on`` unless the sender gives a reason to force it, and
only then hands those bytes to :func:`excuses.delivery.deliver`, which sends
to all recipients or to none. The sent-log records a message only once the
server has accepted it.

Errors, with the exit status of the command line (the delivery ones follow
``sysexits.h``, as mail tools do, so scripts can tell "retry later" apart)::

    SendError
     ├── SendRefused           1  the checker found what fail_on forbids
     ├── AlreadySent           1  the sent-log holds this message already (again=True to repeat it)
     ├── MaybeSent             1  its last attempt may have been delivered (again=True to retry)
     ├── SmtpConfigError       2  settings missing or not valid (smtp_config)
     ├── RecipientRefused     67  the server refused an address; nothing was sent (75 if temporary)
     ├── ConnectionFailed     69  no SMTP server could be reached
     ├── MessageRejected      69  the server refused the sender or the content (75 if temporary)
     ├── SentLogUnusable      73  the sent-log cannot be written; checked before anything is sent
     ├── NotLogged            74  sent, but the sent-log could not be written
     ├── ConnectionDropped    75  the server closed the connection before accepting
     ├── SendTimeout          75  the server stopped answering
     ├── TlsFailed            76  STARTTLS missing or the TLS handshake failed
     └── AuthenticationFailed 77  the user name or password was refused

Exactly once: with a ``log_path``, :func:`send` holds the sent-log's lock
from the moment it reads the log until the message is logged. A message the
log already holds (the same stage of the same incident, or the same
Message-ID) is refused with :class:`AlreadySent`, unless ``again=True`` makes
it a deliberate second message with the next sequence in its Message-ID. A
delivery cut off after the whole message was transmitted is logged as
``uncertain``; the next send of it raises :class:`MaybeSent`, and
``again=True`` then retries it under the same Message-ID, so that a mailbox
that did get the first copy can tell it is the same message.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .delivery import (
    AuthenticationFailed,
    ConnectionDropped,
    ConnectionFailed,
    DeliveryError,
    MessageRejected,
    RecipientRefused,
    SendTimeout,
    TlsFailed,
    deliver,
)
from .errors import HeaderInjectionError, SendError
from .lint._types import Severity
from .mailthread import header_list, references, resequenced
from .mailthread import message_id as thread_message_id
from .record import Stage
from .sentlog import (
    SENT,
    UNCERTAIN,
    SentLogEntry,
    append_sent,
    check_writable,
    locked,
    read_sent_log,
)
from .smtp_config import SmtpConfigError, SmtpSettings, load_smtp_settings

if TYPE_CHECKING:
    from .lint._types import Finding, LintConfig

# The delivery errors are part of this module's interface: callers catch them from here.
__all__ = [
    "OVERRIDE_HEADER",
    "AlreadySent",
    "AuthenticationFailed",
    "Checker",
    "ConnectionDropped",
    "ConnectionFailed",
    "DeliveryError",
    "DraftLike",
    "MaybeSent",
    "MessageRejected",
    "NotLogged",
    "RecipientRefused",
    "SendRefused",
    "SendResult",
    "SendTimeout",
    "SentLogUnusable",
    "SmtpConfigError",
    "TlsFailed",
    "deliver",
    "send",
]

#: The header that records why a message was sent despite the checker.
OVERRIDE_HEADER = "X-Excuses-Override"

_RANKS = {"info": 0, "warning": 1, "error": 2}
# Every character str.splitlines() breaks on: any of them would end a header line.
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Fold only at the RFC 5322 limit, as drafts do: the email package's folding at 78
# columns drops the space between two encoded words, changing a non-ASCII header.
_SMTP_POLICY = policy.SMTP.clone(max_line_length=998)
_PARSE_POLICY = policy.default


class DraftLike(Protocol):
    """What :func:`send` needs of a :class:`excuses.drafting.Draft`."""

    @property
    def stage(self) -> Stage: ...

    @property
    def record(self) -> Any: ...

    @property
    def language(self) -> str: ...

    @property
    def update_number(self) -> int | None: ...

    @property
    def references(self) -> tuple[str, ...]: ...

    def to_email(
        self, *, date: datetime | None = None, message_id: str | None = None
    ) -> EmailMessage: ...


#: The checker the gate runs: the message and its stage in, the findings out.
Checker = Callable[[EmailMessage, Stage | None], Sequence["Finding"]]


class SendRefused(SendError):
    """The checker found something at or above the chosen severity; nothing was sent."""

    exit_code = 1

    def __init__(self, findings: Sequence[Finding], fail_on: str) -> None:
        self.findings = tuple(findings)
        self.fail_on = fail_on
        count = len(self.findings)
        noun = "finding" if count == 1 else "findings"
        #: What happened, without advice: the command line adds its own option names.
        self.summary = f"refused to send: {count} {noun} at or above {fail_on}"
        super().__init__(
            f"{self.summary}; fix the message, or send it anyway by giving force_reason "
            "(why the findings are acceptable)"
        )


class _Logged(SendError):
    """The sent-log holds this message already; nothing was sent."""

    exit_code = 1
    #: What a library caller can do about it; the command line says it with its own options.
    advice = ""

    def __init__(self, summary: str, entry: SentLogEntry) -> None:
        #: What happened, without advice.
        self.summary = summary
        #: The log's entry of the earlier send.
        self.entry = entry
        super().__init__(f"{summary}; {self.advice}")


class AlreadySent(_Logged):
    """The sent-log holds this message as delivered; nothing was sent."""

    advice = (
        "to send a second message on purpose, pass again=True (it gets a Message-ID of its own)"
    )


class MaybeSent(_Logged):
    """The last attempt at this message may have been delivered; nothing was sent."""

    advice = (
        "if it did not arrive, pass again=True to send it once more (it keeps its Message-ID, "
        "so a mailbox that has the first copy can tell)"
    )


class SentLogUnusable(SendError):
    """The sent-log cannot be written; found before anything was sent."""

    exit_code = 73


class NotLogged(SendError):
    """The server accepted the message, but the sent-log could not be written."""

    exit_code = 74


@dataclass(frozen=True)
class SendResult:
    """What was sent (or, with ``dry_run``, would have been) and what the checker said."""

    #: The message exactly as transmitted, parsed back from the bytes sent.
    message: EmailMessage
    #: The bytes handed to the server (CRLF line ends, Bcc removed).
    data: bytes
    message_id: str
    envelope_from: str
    recipients: tuple[str, ...]
    stage: Stage | None
    incident_id: str | None
    #: Every finding of the checker, blocking or not.
    findings: tuple[Finding, ...]
    #: The findings at or above ``fail_on`` that ``force_reason`` overrode.
    overridden: tuple[Finding, ...]
    override_reason: str | None
    dry_run: bool
    #: The server as ``host:port`` (None when nothing was configured for a dry run).
    server: str | None
    #: When the server accepted it; None for a dry run.
    sent_at: datetime | None = None
    #: The server's final reply, like ``250 OK``.
    response: str | None = None
    log_path: Path | None = None
    #: 1 for the first send of this message, more for a deliberate repeat (``again``).
    sequence: int = 1


def utc_now() -> datetime:
    """The moment of sending; the command line has no other clock, so tests replace this one."""
    return datetime.now(UTC)


def send(
    draft_or_message: DraftLike | EmailMessage,
    *,
    settings: SmtpSettings | None = None,
    fail_on: Severity | str = Severity.WARNING,
    force_reason: str | None = None,
    log_path: Path | str | None = None,
    dry_run: bool = False,
    stage: Stage | str | None = None,
    incident_id: str | None = None,
    lint_config: LintConfig | None = None,
    checker: Checker | None = None,
    now: Callable[[], datetime] | None = None,
    again: bool = False,
    lock_timeout: float = 120.0,
) -> SendResult:
    """Check the message and, when the checker allows it, deliver it over SMTP.

    ``draft_or_message`` is a :class:`~excuses.drafting.Draft` (its stage and
    incident id are used) or a ready ``EmailMessage`` (pass ``stage`` and
    ``incident_id`` to have them checked and logged). ``settings`` default to
    :func:`~excuses.smtp_config.load_smtp_settings`. A finding at or above
    ``fail_on`` raises :class:`SendRefused` unless ``force_reason`` is given:
    it is then written in the ``X-Excuses-Override`` header and the log.
    ``log_path`` is the sent-log: it is checked before sending (a message it
    holds already raises :class:`AlreadySent` unless ``again``), gives the
    reply chain (``In-Reply-To``, ``References``) and is appended to; its lock
    is awaited at most ``lock_timeout`` seconds. ``dry_run`` checks and
    prepares everything but connects to nothing and writes nothing.
    ``checker`` replaces :func:`excuses.lint.check_message`, and ``now`` the
    clock that dates the message and stamps the log.
    """
    threshold = _severity_name(fail_on)
    reason = _check_reason(force_reason)
    clock = now or utc_now
    draft: DraftLike | None = None
    language: str | None = None
    if isinstance(draft_or_message, EmailMessage):
        chosen_stage = _stage(stage)
    else:
        draft = draft_or_message
        language = draft.language
        chosen_stage = _stage(stage) or draft.stage
        if chosen_stage is not draft.stage:
            raise SendError(
                f"stage: the draft is the {draft.stage.value}, not the {chosen_stage.value}; "
                f"draft the {chosen_stage.value} to send it"
            )
        if incident_id is None:
            incident_id = draft.record.incident.id
    if settings is None:
        settings = load_smtp_settings()
    log = Path(log_path) if log_path is not None else None
    if log is not None and not dry_run and not log.parent.is_dir():
        raise SentLogUnusable(
            f"the sent-log {log} cannot be written: its folder {log.parent} does not exist; "
            "nothing was sent"
        )
    hold: AbstractContextManager[None] = (
        _locked_log(log, lock_timeout) if log is not None and not dry_run else nullcontext()
    )
    with hold:
        return _send_held(
            draft_or_message,
            draft,
            settings=settings,
            threshold=threshold,
            reason=reason,
            log=log,
            dry_run=dry_run,
            stage=chosen_stage,
            incident_id=incident_id,
            language=language,
            lint_config=lint_config,
            checker=checker,
            clock=clock,
            again=again,
        )


def _send_held(
    original: DraftLike | EmailMessage,
    draft: DraftLike | None,
    *,
    settings: SmtpSettings,
    threshold: str,
    reason: str | None,
    log: Path | None,
    dry_run: bool,
    stage: Stage | None,
    incident_id: str | None,
    language: str | None,
    lint_config: LintConfig | None,
    checker: Checker | None,
    clock: Callable[[], datetime],
    again: bool,
) -> SendResult:
    """:func:`send` once the sent-log is locked: nothing can be logged between read and append."""
    logged = _read_log(log)
    number = draft.update_number if draft is not None else None
    if draft is not None:
        record = draft.record
        base_id = thread_message_id(
            record.incident.id, draft.stage, record.sender.email, number=number
        )
        built = draft.to_email(date=clock(), message_id=base_id)
        _thread(built, draft, logged, incident_id)
    else:
        assert isinstance(original, EmailMessage)
        built = original
        base_id = str(built["Message-ID"] or "").strip()
    same = _same_message(logged, incident_id, stage, number, base_id)
    sequence = _sequence(same, stage, incident_id, again)
    message = _prepare(built, settings, reason, clock, sequence)
    envelope_from, recipients = _envelope(message, settings)
    if draft is not None and draft.stage is Stage.DEBRIEF:
        _internal_only(draft, recipients)
    utf8 = not all(a.isascii() for a in (envelope_from, *recipients))
    for header in ("Bcc", "Resent-Bcc"):
        del message[header]  # blind copies travel in the envelope only
    data = message.as_bytes(policy=_SMTP_POLICY.clone(utf8=utf8))
    # Read back the way a mail client stores it (LF line ends), so the checker's lines and
    # columns are the reader's.
    sent = BytesParser(policy=_PARSE_POLICY).parsebytes(data.replace(b"\r\n", b"\n"))
    assert isinstance(sent, EmailMessage)

    findings = tuple(_run_checker(checker, lint_config, sent, stage, language))
    blocking = tuple(f for f in findings if _RANKS[str(f.severity)] >= _RANKS[threshold])
    if blocking and reason is None:
        raise SendRefused(blocking, threshold)

    message_id = str(sent["Message-ID"]).strip()
    server = f"{settings.host}:{settings.effective_port}" if settings.host else None
    result = SendResult(
        message=sent,
        data=data,
        message_id=message_id,
        envelope_from=envelope_from,
        recipients=recipients,
        stage=stage,
        incident_id=incident_id,
        findings=findings,
        overridden=blocking,
        override_reason=reason,
        dry_run=dry_run,
        server=server,
        sequence=sequence,
    )
    if dry_run:
        return result

    def entry(status: str) -> SentLogEntry:
        return SentLogEntry(
            message_id=message_id,
            sent_at=clock(),
            recipients=recipients,
            stage=stage,
            incident_id=incident_id,
            subject=str(sent["Subject"] or "").strip(),
            override_reason=reason,
            overridden_rules=tuple(dict.fromkeys(f.rule_id for f in blocking)),
            server=server,
            number=number,
            sequence=sequence,
            status=status,
        )

    try:
        response = deliver(settings, envelope_from, recipients, data, utf8=utf8)
    except DeliveryError as failed:
        if failed.maybe_delivered and log is not None:
            _log_uncertain(log, entry(UNCERTAIN), failed)
        raise
    done = entry(SENT)
    if log is not None:
        try:
            append_sent(log, done)
        except OSError as exc:
            raise NotLogged(
                f"the message {message_id} was accepted by {server} and sent to "
                f"{', '.join(recipients)}, but it could not be recorded in {log} "
                f"({exc.strerror or exc}); do not send it again, and add it to the log by hand"
            ) from exc
    return replace(result, sent_at=done.sent_at, response=response, log_path=log)


@contextmanager
def _locked_log(log: Path, timeout: float) -> Iterator[None]:
    """Hold the log's lock, and find out that the log can be written before anything is sent."""
    with ExitStack() as stack:
        try:
            stack.enter_context(locked(log, timeout))
            check_writable(log)
        except OSError as exc:
            raise SentLogUnusable(
                f"the sent-log {log} cannot be written ({exc.strerror or exc}); nothing was sent"
            ) from None
        yield


def _read_log(log: Path | None) -> list[SentLogEntry]:
    if log is None:
        return []
    try:
        return read_sent_log(log)
    except OSError as exc:  # pragma: no cover - read_sent_log reports its own read errors
        raise SentLogUnusable(f"the sent-log {log} cannot be read ({exc})") from None


def _thread(
    message: EmailMessage,
    draft: DraftLike,
    logged: Sequence[SentLogEntry],
    incident_id: str | None,
) -> None:
    """Reply to the last message the log shows went out; the record's history when it shows none."""
    earlier = [
        e.message_id
        for e in logged
        if e.status == SENT
        and e.incident_id == incident_id
        # The client never received the internal debrief: their thread does not include it.
        and (e.stage is not Stage.DEBRIEF or draft.stage is Stage.DEBRIEF)
    ]
    if not earlier:
        return
    report = draft.record.incident.message_id
    chain = references([report, *earlier] if report else earlier)
    del message["In-Reply-To"]
    del message["References"]
    message["In-Reply-To"] = chain[-1]
    message["References"] = header_list(chain)


def _internal_only(draft: DraftLike, recipients: Sequence[str]) -> None:
    """The debrief is for the team: refuse it outright if any client address would get it."""
    from .drafting import client_addresses

    theirs = client_addresses(draft.record)
    leaked = [r for r in recipients if r.lower() in theirs]
    if leaked:
        raise SendError(
            f"refused to send the internal debrief to the client ({', '.join(leaked)}): "
            "it goes to the team only; nothing was sent"
        )


def _same_message(
    logged: Sequence[SentLogEntry],
    incident_id: str | None,
    stage: Stage | None,
    number: int | None,
    message_id: str,
) -> list[SentLogEntry]:
    """The log's entries of this very message: the same stage of the incident, or the same id."""
    family = resequenced(message_id, 1) if message_id else None
    return [
        e
        for e in logged
        if (
            incident_id is not None
            and stage is not None
            and (e.incident_id, e.stage, e.number) == (incident_id, stage, number)
        )
        or (family is not None and resequenced(e.message_id, 1) == family)
    ]


def _sequence(
    same: Sequence[SentLogEntry], stage: Stage | None, incident_id: str | None, again: bool
) -> int:
    """1 for a first send; refuse a repeat unless ``again``, which then says which sequence."""
    if not same:
        return 1
    last = same[-1]
    what = f"the {stage.value}" if stage is not None else "this message"
    of = f" of {incident_id}" if incident_id else ""
    when = last.sent_at.isoformat(timespec="minutes")
    if last.status == UNCERTAIN:
        if not again:
            raise MaybeSent(
                f"{what}{of} may already have been delivered: on {when} the connection to "
                f"{last.server or 'the server'} failed after the whole message "
                f"{last.message_id} was transmitted; nothing was sent now. Check the "
                f"recipients' mailbox or the server's log",
                last,
            )
        return last.sequence
    if not again:
        raise AlreadySent(
            f"{what}{of} was already sent on {when} to {', '.join(last.recipients)} "
            f"({last.message_id}); nothing was sent",
            last,
        )
    return max(e.sequence for e in same) + 1


def _log_uncertain(log: Path, entry: SentLogEntry, failed: DeliveryError) -> None:
    try:
        append_sent(log, entry)
    except OSError as exc:
        failed.args = (f"{failed}; it could not be logged as uncertain in {log} ({exc})",)
        return
    failed.args = (
        f"{failed}; it is logged as uncertain in {log}, so the next send of it will ask to confirm",
    )


def _stage(value: Stage | str | None) -> Stage | None:
    if value is None:
        return None
    try:
        return Stage(value)
    except ValueError:
        names = ", ".join(s.value for s in Stage)
        raise SendError(f"stage: expected one of {names}, got {value!r}") from None


def _severity_name(value: Any) -> str:
    name = str(value).lower()
    if name not in _RANKS:
        raise SendError(f"fail_on: expected info, warning or error, got {value!r}")
    return name


def _check_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    if _LINE_BREAKS.search(reason):
        raise HeaderInjectionError(OVERRIDE_HEADER, reason)
    text = reason.strip()
    if not text:
        raise SendError(
            "force_reason is blank: a forced send needs a reason saying why the findings "
            "are acceptable"
        )
    return text


def _prepare(
    original: EmailMessage,
    settings: SmtpSettings,
    reason: str | None,
    clock: Callable[[], datetime],
    sequence: int = 1,
) -> EmailMessage:
    """A copy of ``original`` with the From override, a Date, a Message-ID and the override."""
    # A deep copy, not a serialise-and-parse round trip: the stdlib parser keeps the
    # whitespace of a header folded right after its colon, which a round trip would add to.
    message = copy.deepcopy(original)
    if settings.from_address:
        if message["Reply-To"] is None and message["From"] is not None:
            # Replies still reach the person who wrote, not the relay's mailbox.
            message["Reply-To"] = str(message["From"])
        del message["From"]
        message["From"] = settings.from_address
    if message["From"] is None:
        raise SendError(
            "the message has no From header; add one, or set EXCUSES_SMTP_FROM "
            "(or `from` in the [smtp] settings)"
        )
    # Dated when it leaves, as a mail client dates a message when Send is pressed (a ready
    # .eml may have been written days before); its offset, the writer's zone, is kept.
    written = getattr(message["Date"], "datetime", None)
    zone = written.tzinfo if isinstance(written, datetime) and written.tzinfo else UTC
    del message["Date"]
    message["Date"] = format_datetime(clock().astimezone(zone))
    if message["Message-ID"] is None:
        domain = parseaddr(str(message["From"]))[1].rpartition("@")[2] or "localhost"
        message["Message-ID"] = make_msgid(domain=domain)
    if sequence > 1:
        repeat = resequenced(str(message["Message-ID"]), sequence)
        del message["Message-ID"]
        message["Message-ID"] = repeat
    del message[OVERRIDE_HEADER]
    if reason is not None:
        message[OVERRIDE_HEADER] = reason
    return message


def _envelope(message: EmailMessage, settings: SmtpSettings) -> tuple[str, tuple[str, ...]]:
    sender = parseaddr(settings.from_address or str(message["From"]))[1]
    if "@" not in sender:
        raise SendError(f"the From address {str(message['From'])!r} is not an email address")
    fields = [str(value) for name in ("To", "Cc", "Bcc") for value in message.get_all(name, [])]
    recipients = tuple(dict.fromkeys(addr for _name, addr in getaddresses(fields) if addr))
    if not recipients:
        raise SendError("the message has no recipient: it needs a To, Cc or Bcc address")
    bad = [addr for addr in recipients if "@" not in addr]
    if bad:
        raise SendError(f"not an email address in To, Cc or Bcc: {', '.join(bad)}")
    return sender, recipients


def _run_checker(
    checker: Checker | None,
    config: LintConfig | None,
    message: EmailMessage,
    stage: Stage | None,
    language: str | None,
) -> Sequence[Finding]:
    if checker is not None:
        return checker(message, stage)
    from .lint._check import check_message

    return check_message(message, stage=stage, config=config, language=language)
