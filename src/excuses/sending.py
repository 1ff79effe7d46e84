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
     ├── SmtpConfigError       2  settings missing or not valid (smtp_config)
     ├── RecipientRefused     67  the server refused an address; nothing was sent (75 if temporary)
     ├── ConnectionFailed     69  no SMTP server could be reached
     ├── MessageRejected      69  the server refused the sender or the content (75 if temporary)
     ├── NotLogged            74  sent, but the sent-log could not be written
     ├── ConnectionDropped    75  the server closed the connection before accepting
     ├── SendTimeout          75  the server stopped answering
     ├── TlsFailed            76  STARTTLS missing or the TLS handshake failed
     └── AuthenticationFailed 77  the user name or password was refused
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
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
from .record import Stage
from .sentlog import SentLogEntry, append_sent
from .smtp_config import SmtpConfigError, SmtpSettings, load_smtp_settings

if TYPE_CHECKING:
    from .lint._types import Finding, LintConfig

# The delivery errors are part of this module's interface: callers catch them from here.
__all__ = [
    "OVERRIDE_HEADER",
    "AuthenticationFailed",
    "Checker",
    "ConnectionDropped",
    "ConnectionFailed",
    "DeliveryError",
    "DraftLike",
    "MessageRejected",
    "NotLogged",
    "RecipientRefused",
    "SendRefused",
    "SendResult",
    "SendTimeout",
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
        super().__init__(
            f"refused to send: {count} {noun} at or above {fail_on}; "
            "fix the message, or send it anyway with --force REASON"
        )


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
) -> SendResult:
    """Check the message and, when the checker allows it, deliver it over SMTP.

    ``draft_or_message`` is a :class:`~excuses.drafting.Draft` (its stage and
    incident id are used) or a ready ``EmailMessage`` (pass ``stage`` and
    ``incident_id`` to have them checked and logged). ``settings`` default to
    :func:`~excuses.smtp_config.load_smtp_settings`. A finding at or above
    ``fail_on`` raises :class:`SendRefused` unless ``force_reason`` is given:
    it is then written in the ``X-Excuses-Override`` header and the log.
    ``log_path`` is the sent-log to append to (none when ``None``);
    ``dry_run`` checks and prepares everything but connects to nothing.
    ``checker`` replaces :func:`excuses.lint.check_message`, and ``now`` the
    clock that stamps the log.
    """
    threshold = _severity_name(fail_on)
    reason = _check_reason(force_reason)
    language: str | None = None
    clock = now or utc_now
    if isinstance(draft_or_message, EmailMessage):
        original = draft_or_message
        chosen_stage = _stage(stage)
    else:
        # A draft is dated when it leaves, not when it was drafted.
        original = draft_or_message.to_email(date=clock())
        language = draft_or_message.language
        chosen_stage = _stage(stage) or draft_or_message.stage
        if incident_id is None:
            incident_id = draft_or_message.record.incident.id
    if settings is None:
        settings = load_smtp_settings()

    message = _prepare(original, settings, reason, clock)
    envelope_from, recipients = _envelope(message, settings)
    utf8 = not all(a.isascii() for a in (envelope_from, *recipients))
    for header in ("Bcc", "Resent-Bcc"):
        del message[header]  # blind copies travel in the envelope only
    data = message.as_bytes(policy=_SMTP_POLICY.clone(utf8=utf8))
    # Read back the way a mail client stores it (LF line ends), so the checker's lines and
    # columns are the reader's.
    sent = BytesParser(policy=_PARSE_POLICY).parsebytes(data.replace(b"\r\n", b"\n"))
    assert isinstance(sent, EmailMessage)

    findings = tuple(_run_checker(checker, lint_config, sent, chosen_stage, language))
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
        stage=chosen_stage,
        incident_id=incident_id,
        findings=findings,
        overridden=blocking,
        override_reason=reason,
        dry_run=dry_run,
        server=server,
    )
    if dry_run:
        return result

    response = deliver(settings, envelope_from, recipients, data, utf8=utf8)
    sent_at = clock()
    log = Path(log_path) if log_path is not None else None
    if log is not None:
        entry = SentLogEntry(
            message_id=message_id,
            sent_at=sent_at,
            recipients=recipients,
            stage=chosen_stage,
            incident_id=incident_id,
            subject=str(sent["Subject"] or "").strip(),
            override_reason=reason,
            overridden_rules=tuple(dict.fromkeys(f.rule_id for f in blocking)),
            server=server,
        )
        try:
            append_sent(log, entry)
        except OSError as exc:
            raise NotLogged(
                f"the message {message_id} was accepted by {server} and sent to "
                f"{', '.join(recipients)}, but it could not be recorded in {log} "
                f"({exc.strerror or exc}); do not send it again, and add it to the log by hand"
            ) from exc
    return replace(result, sent_at=sent_at, response=response, log_path=log)


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
            "a forced send needs a reason (--force REASON): say why the findings are acceptable"
        )
    return text


def _prepare(
    original: EmailMessage,
    settings: SmtpSettings,
    reason: str | None,
    clock: Callable[[], datetime],
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
    if message["Date"] is None:
        message["Date"] = format_datetime(clock().astimezone(UTC))
    if message["Message-ID"] is None:
        domain = parseaddr(str(message["From"]))[1].rpartition("@")[2] or "localhost"
        message["Message-ID"] = make_msgid(domain=domain)
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
