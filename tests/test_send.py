"""The send gate against a real SMTP server on the loopback: what arrives, is refused, fails."""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from excuses.errors import HeaderInjectionError, SendError
from excuses.lint import Finding, Severity
from excuses.record import Stage
from excuses.sending import (
    AuthenticationFailed,
    ConnectionDropped,
    ConnectionFailed,
    MessageRejected,
    NotLogged,
    RecipientRefused,
    SendRefused,
    SendTimeout,
    SentLogUnusable,
    TlsFailed,
    send,
)
from excuses.sentlog import read_sent_log
from excuses.smtp_config import Security, SmtpConfigError, SmtpSettings
from smtp_server import (
    LOOPBACK,
    PASSWORD,
    USERNAME,
    Dropper,
    Recorder,
    Rejecter,
    Staller,
    authenticator,
    cutting_mid_data,
    free_port,
    running,
    self_signed,
    server_context,
    silent_listener,
)

SENT_AT = datetime(2026, 11, 23, 10, 31, tzinfo=UTC)
CLIENT = "emma.hartley@hartley-sons.example"
TEXT = "Dear Ms Hartley,\n\nThank you for telling us. We will call you back by 5:00 p.m. today.\n"
HTML = "<p>Dear Ms Hartley,</p><p>We will call you back by <b>5:00 p.m.</b> today.</p>"


def message(text: str = TEXT, html: str = HTML, **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Sarah Collins <sarah.collins@northwind.example>"
    msg["To"] = f"Ms Hartley <{CLIENT}>"
    msg["Subject"] = "Order 4471: we are on it"
    msg["Date"] = "Mon, 23 Nov 2026 10:30:00 +0000"
    msg["Message-ID"] = "<ack-4471@northwind.example>"
    for name, value in headers.items():
        del msg[name.replace("_", "-")]
        msg[name.replace("_", "-")] = value
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


def phrase_checker(msg: EmailMessage, stage: Stage | None) -> Sequence[Finding]:
    """A stand-in checker: 'you must have' is an error, 'soon' a warning, 'PS' an info."""
    found: list[Finding] = []
    body = msg.get_body(("plain",))
    assert isinstance(body, EmailMessage)
    parts = {"subject": str(msg["Subject"]), "text": body.get_content()}
    rules = [
        ("you must have", "EN-BLAME-CLIENT-001", "blame-client", Severity.ERROR),
        ("soon", "EN-VAGUE-001", "vague-deadline", Severity.WARNING),
        ("P.S.", "EN-INFO-001", "style", Severity.INFO),
    ]
    for part, content in parts.items():
        for phrase, rule_id, category, severity in rules:
            start = content.lower().find(phrase.lower())
            if start >= 0:
                line = content.count("\n", 0, start) + 1
                column = start - (content.rfind("\n", 0, start) + 1) + 1
                found.append(
                    Finding(
                        rule_id, category, severity, "why", "instead", phrase,
                        start, start + len(phrase), line, column, part,
                    )
                )  # fmt: skip
    return found


def body_of(msg: EmailMessage, kind: str) -> str:
    part = msg.get_body((kind,))
    assert isinstance(part, EmailMessage)
    content: str = part.get_content()
    return content


@pytest.fixture
def recorder() -> Recorder:
    return Recorder(reject={"nobody@hartley-sons.example"})


@pytest.fixture
def port(recorder: Recorder) -> Iterator[int]:
    with running(recorder) as port:
        yield port


@pytest.fixture
def settings(port: int) -> SmtpSettings:
    return SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)


def gate(msg: EmailMessage, settings: SmtpSettings, **kwargs: object):  # type: ignore[no-untyped-def]
    kwargs.setdefault("checker", phrase_checker)
    kwargs.setdefault("now", lambda: SENT_AT)
    return send(msg, settings=settings, **kwargs)  # type: ignore[arg-type]


def test_a_clean_message_arrives_with_the_same_headers_subject_text_and_html(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path
) -> None:
    original = message(Cc="Priya Shah <priya.shah@northwind.example>")
    log = tmp_path / "late.sent.jsonl"
    result = gate(original, settings, stage="acknowledgement", incident_id="INC-1", log_path=log)

    [got] = recorder.received
    assert got.mail_from == "sarah.collins@northwind.example"
    assert got.rcpt_tos == [CLIENT, "priya.shah@northwind.example"]
    received = got.message
    for header in ("From", "To", "Cc", "Subject", "Message-ID"):
        assert str(received[header]) == str(original[header]), header
    assert str(received["Date"]) == "Mon, 23 Nov 2026 10:31:00 +0000"  # when it left
    assert received["X-Excuses-Override"] is None
    assert body_of(received, "plain") == TEXT
    assert body_of(received, "html") == HTML + "\n"
    assert result.response == "250 2.0.0 Ok: queued as 4F2A1"
    assert result.data == got.content
    assert result.sent_at == SENT_AT
    [entry] = read_sent_log(log)
    assert (entry.message_id, entry.sent_at, entry.stage, entry.recipients, entry.incident_id) == (
        "<ack-4471@northwind.example>",
        SENT_AT,
        Stage.ACKNOWLEDGEMENT,
        (CLIENT, "priya.shah@northwind.example"),
        "INC-1",
    )
    assert (entry.override_reason, entry.overridden_rules) == (None, ())
    assert entry.server == f"{LOOPBACK}:{settings.port}"


def test_a_flagged_message_is_refused_and_the_server_receives_nothing(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path
) -> None:
    flagged = message(text="You must have made a mistake in the order. We will be back soon.\n")
    log = tmp_path / "late.sent.jsonl"
    with pytest.raises(SendRefused) as caught:
        gate(flagged, settings, log_path=log)
    assert str(caught.value) == (
        "refused to send: 2 findings at or above warning; fix the message, or send it "
        "anyway by giving force_reason (why the findings are acceptable)"
    )
    # A library caller is not told about a command-line option.
    assert "--" not in str(caught.value)
    assert caught.value.exit_code == 1
    assert [(f.rule_id, f.part, f.line, f.column) for f in caught.value.findings] == [
        ("EN-BLAME-CLIENT-001", "text", 1, 1),
        ("EN-VAGUE-001", "text", 1, 60),
    ]
    assert recorder.received == [] and recorder.commands == []
    assert not log.exists()


@pytest.mark.parametrize(
    ("fail_on", "refused"),
    [("error", ["EN-BLAME-CLIENT-001"]), ("warning", ["EN-BLAME-CLIENT-001", "EN-VAGUE-001"])],
)
def test_fail_on_sets_the_lowest_severity_that_refuses(
    settings: SmtpSettings, fail_on: str, refused: list[str]
) -> None:
    flagged = message(text="You must have missed it. Back soon. P.S.\n")
    with pytest.raises(SendRefused) as caught:
        gate(flagged, settings, fail_on=fail_on)
    assert [f.rule_id for f in caught.value.findings] == refused


def test_findings_below_fail_on_let_the_message_through_and_are_reported(
    recorder: Recorder, settings: SmtpSettings
) -> None:
    result = gate(message(text="We will be back soon. P.S.\n"), settings, fail_on=Severity.ERROR)
    assert [f.rule_id for f in result.findings] == ["EN-VAGUE-001", "EN-INFO-001"]
    assert result.overridden == ()
    assert len(recorder.received) == 1


def test_a_forced_message_arrives_with_its_override_header_and_is_logged(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path
) -> None:
    seen: list[EmailMessage] = []

    def checker(msg: EmailMessage, stage: Stage | None) -> Sequence[Finding]:
        seen.append(msg)
        return phrase_checker(msg, stage)

    flagged = message(text="You must have been told already: we will be back soon.\n")
    reason = "Mme Martin a demandé ce texte mot pour mot"
    log = tmp_path / "late.sent.jsonl"
    result = gate(flagged, settings, force_reason=reason, checker=checker, log_path=log)

    [got] = recorder.received
    assert got.message["X-Excuses-Override"] == reason
    assert (
        body_of(got.message, "plain") == "You must have been told already: we will be back soon.\n"
    )
    # The checker read the very bytes that went out, override header included.
    assert seen[0].as_bytes() == got.message.as_bytes()
    assert [f.rule_id for f in result.overridden] == ["EN-BLAME-CLIENT-001", "EN-VAGUE-001"]
    [entry] = read_sent_log(log)
    assert entry.override_reason == reason
    assert entry.overridden_rules == ("EN-BLAME-CLIENT-001", "EN-VAGUE-001")


@pytest.mark.parametrize("reason", ["client asked\r\nBcc: x@example.com", "two\nlines", "a\u2028b"])
def test_a_force_reason_with_a_line_break_is_refused_before_anything_is_sent(
    recorder: Recorder, settings: SmtpSettings, reason: str
) -> None:
    with pytest.raises(HeaderInjectionError) as caught:
        gate(message(), settings, force_reason=reason)
    assert str(caught.value) == (
        f"the X-Excuses-Override header would carry a line break ({reason!r}); "
        "a header value must be a single line, so remove the CR/LF from that field"
    )
    assert recorder.commands == []


def test_a_blank_force_reason_is_refused(settings: SmtpSettings) -> None:
    with pytest.raises(SendError) as caught:
        gate(message(), settings, force_reason="   ")
    assert str(caught.value) == (
        "force_reason is blank: a forced send needs a reason saying why the findings are acceptable"
    )


def test_a_dry_run_checks_and_prepares_but_sends_and_logs_nothing(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path
) -> None:
    log = tmp_path / "late.sent.jsonl"
    result = gate(message(), settings, dry_run=True, log_path=log)
    assert result.dry_run and result.sent_at is None and result.response is None
    assert result.message["Message-ID"] == "<ack-4471@northwind.example>"
    assert b"Subject: Order 4471: we are on it\r\n" in result.data
    assert recorder.commands == [] and not log.exists()


def test_a_dry_run_needs_no_server_but_still_refuses_a_flagged_message() -> None:
    result = send(message(), settings=SmtpSettings(), dry_run=True, checker=phrase_checker)
    assert result.server is None
    with pytest.raises(SendRefused):
        send(
            message(text="Back soon.\n"),
            settings=SmtpSettings(),
            dry_run=True,
            checker=phrase_checker,
        )


def test_bcc_travels_in_the_envelope_only(recorder: Recorder, settings: SmtpSettings) -> None:
    gate(message(Bcc="archive@northwind.example"), settings)
    [got] = recorder.received
    assert got.rcpt_tos == [CLIENT, "archive@northwind.example"]
    assert got.message["Bcc"] is None


def test_the_from_override_replaces_from_and_keeps_replies_to_the_writer(
    recorder: Recorder, settings: SmtpSettings
) -> None:
    from dataclasses import replace

    relay = replace(settings, from_address="Northwind Support <support@northwind.example>")
    gate(message(), relay)
    [got] = recorder.received
    assert got.mail_from == "support@northwind.example"
    assert str(got.message["From"]) == "Northwind Support <support@northwind.example>"
    assert str(got.message["Reply-To"]) == "Sarah Collins <sarah.collins@northwind.example>"


def test_a_message_without_message_id_or_date_gets_them_and_the_log_has_the_same_id(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path
) -> None:
    bare = message()
    del bare["Message-ID"], bare["Date"]
    log = tmp_path / "sent.jsonl"
    result = gate(bare, settings, log_path=log)
    [got] = recorder.received
    assert str(got.message["Message-ID"]).endswith("@northwind.example>")
    assert str(got.message["Date"]) == "Mon, 23 Nov 2026 10:31:00 +0000"
    assert result.message_id == str(got.message["Message-ID"])
    assert [e.message_id for e in read_sent_log(log)] == [result.message_id]


def test_a_ready_message_written_days_before_is_dated_when_it_leaves(
    recorder: Recorder, settings: SmtpSettings
) -> None:
    written_monday = message(Date="Mon, 23 Nov 2026 10:40:00 +0100")
    wednesday = datetime(2026, 11, 25, 8, 15, tzinfo=UTC)
    send(written_monday, settings=settings, checker=phrase_checker, now=lambda: wednesday)
    [got] = recorder.received
    assert str(got.message["Date"]) == "Wed, 25 Nov 2026 09:15:00 +0100"


def test_a_message_without_recipient_is_an_input_error(settings: SmtpSettings) -> None:
    bare = message()
    del bare["To"]
    with pytest.raises(SendError) as caught:
        gate(bare, settings)
    assert str(caught.value) == "the message has no recipient: it needs a To, Cc or Bcc address"
    assert caught.value.exit_code == 2


# --- failures: each one named, with its exit status, and nothing logged ----------------------


def test_a_refused_recipient_sends_to_no_one(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path
) -> None:
    log = tmp_path / "sent.jsonl"
    both = message(To=f"{CLIENT}, nobody@hartley-sons.example")
    with pytest.raises(RecipientRefused) as caught:
        gate(both, settings, log_path=log)
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{settings.port} refused nobody@hartley-sons.example "
        "(550 5.1.1 <nobody@hartley-sons.example>: Recipient address rejected: User unknown); "
        "the message was sent to no one"
    )
    assert caught.value.exit_code == 67
    assert recorder.received == []
    assert recorder.commands == ["RCPT", "RCPT", "RSET"]
    assert not log.exists()


def test_a_temporarily_refused_recipient_is_worth_retrying(tmp_path: Path) -> None:
    recorder = Recorder(defer={CLIENT})
    with running(recorder) as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)
        with pytest.raises(RecipientRefused) as caught:
            gate(message(), settings)
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{port} refused {CLIENT} (450 4.2.0 <{CLIENT}>: "
        "Recipient address rejected: Greylisted); the message was sent to no one"
    )
    assert caught.value.exit_code == 75
    assert caught.value.refused == {
        CLIENT: (450, f"4.2.0 <{CLIENT}>: Recipient address rejected: Greylisted")
    }


@pytest.mark.parametrize(
    ("reply", "status"),
    [("554 5.7.1 Message rejected: looks like spam", 69), ("452 4.3.1 Insufficient storage", 75)],
)
def test_content_refused_after_data(tmp_path: Path, reply: str, status: int) -> None:
    rejecter = Rejecter(reply=reply)
    log = tmp_path / "sent.jsonl"
    with running(rejecter) as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)
        with pytest.raises(MessageRejected) as caught:
            gate(message(), settings, log_path=log)
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{port} answered {reply} while transmitting the "
        "message; the message was not sent"
    )
    assert caught.value.exit_code == status
    assert not log.exists()


def test_a_refused_connection(tmp_path: Path) -> None:
    port = free_port()
    settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=0.5)
    log = tmp_path / "sent.jsonl"
    with pytest.raises(ConnectionFailed) as caught:
        gate(message(), settings, log_path=log)
    assert str(caught.value) == (
        f"could not connect to the SMTP server at {LOOPBACK}:{port}: connection refused "
        "(is the server running, and are EXCUSES_SMTP_HOST and EXCUSES_SMTP_PORT right?); "
        "nothing was sent"
    )
    assert caught.value.exit_code == 69
    assert not log.exists()


def test_a_server_that_drops_the_connection_during_data(tmp_path: Path) -> None:
    dropper = Dropper()
    log = tmp_path / "sent.jsonl"
    with running(dropper) as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)
        with pytest.raises(ConnectionDropped) as caught:
            gate(message(), settings, log_path=log)
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{port} closed the connection while waiting for the "
        "server to accept the message; the server never confirmed that it accepted the "
        "message, but it may have been delivered: check before sending it again; it is "
        f"logged as uncertain in {log}, so the next send of it will ask to confirm"
    )
    assert caught.value.exit_code == 75
    assert caught.value.maybe_delivered
    assert dropper.commands == ["RCPT", "DATA"] and dropper.received == []
    [entry] = read_sent_log(log)
    assert (entry.status, entry.message_id) == ("uncertain", "<ack-4471@northwind.example>")


def test_a_server_that_drops_the_connection_while_the_content_streams_in(
    tmp_path: Path,
) -> None:
    recorder = Recorder()
    log = tmp_path / "sent.jsonl"
    # Big enough (8 MB) that the loopback socket buffers cannot swallow it all before the reset.
    big = ("0123456789" * 9 + "\n") * 80_000
    with cutting_mid_data(recorder) as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)
        with pytest.raises(ConnectionDropped) as caught:
            gate(message(text=big), settings, log_path=log, checker=lambda m, s: [])
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{port} closed the connection while transmitting the "
        "message; the message was not sent"
    )
    assert caught.value.exit_code == 75
    # Cut off before the end of the content: surely not delivered, so nothing is logged.
    assert not caught.value.maybe_delivered
    assert recorder.received == [] and not log.exists()


def test_a_server_that_stalls_past_the_timeout(tmp_path: Path) -> None:
    staller = Staller()
    log = tmp_path / "sent.jsonl"
    with running(staller) as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=0.5)
        with pytest.raises(SendTimeout) as caught:
            gate(message(), settings, log_path=log)
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{port} did not answer within 0.5 s while waiting for "
        "the server to accept the message; the server never confirmed that it accepted the "
        "message, but it may have been delivered: check before sending it again; it is "
        f"logged as uncertain in {log}, so the next send of it will ask to confirm"
    )
    assert caught.value.exit_code == 75
    assert [e.status for e in read_sent_log(log)] == ["uncertain"]


def test_a_server_that_never_greets() -> None:
    with silent_listener() as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=0.5)
        with pytest.raises(SendTimeout) as caught:
            gate(message(), settings)
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{port} did not answer within 0.5 s while connecting; "
        "the message was not sent"
    )


def test_login_with_the_right_password_sends(tmp_path: Path) -> None:
    recorder = Recorder()
    with running(recorder, authenticator=authenticator, auth_require_tls=False) as port:
        settings = SmtpSettings(
            host=LOOPBACK, port=port, security=Security.NONE, timeout=2,
            username=USERNAME, password=PASSWORD,
        )  # fmt: skip
        gate(message(), settings)
    assert len(recorder.received) == 1


def test_a_wrong_password_is_an_authentication_failure(tmp_path: Path) -> None:
    recorder = Recorder()
    with running(recorder, authenticator=authenticator, auth_require_tls=False) as port:
        settings = SmtpSettings(
            host=LOOPBACK, port=port, security=Security.NONE, timeout=2,
            username=USERNAME, password="wrong",
        )  # fmt: skip
        with pytest.raises(AuthenticationFailed) as caught:
            gate(message(), settings)
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{port} refused the user name or password for "
        f"{USERNAME} (535 5.7.8 Authentication credentials invalid); check "
        "EXCUSES_SMTP_USERNAME and EXCUSES_SMTP_PASSWORD; nothing was sent"
    )
    assert caught.value.exit_code == 77
    assert recorder.received == []


def test_a_user_name_for_a_server_without_auth(settings: SmtpSettings) -> None:
    from dataclasses import replace

    with pytest.raises(AuthenticationFailed) as caught:
        gate(message(), replace(settings, username=USERNAME, password=PASSWORD))
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{settings.port} does not offer authentication (AUTH), "
        f"but a user name is set ({USERNAME}); nothing was sent"
    )


def test_a_password_is_never_sent_unencrypted_to_another_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the guard must stop before any connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    settings = SmtpSettings(
        host="smtp.invalid", security=Security.NONE, username=USERNAME, password=PASSWORD
    )
    with pytest.raises(SmtpConfigError) as caught:
        gate(message(), settings)
    assert str(caught.value) == (
        f"refusing to send the password for {USERNAME} unencrypted to smtp.invalid: "
        "set EXCUSES_SMTP_SECURITY to starttls or tls"
    )


def test_no_configured_server_is_a_settings_error() -> None:
    with pytest.raises(SmtpConfigError) as caught:
        gate(message(), SmtpSettings())
    assert str(caught.value) == (
        "no SMTP server configured: set EXCUSES_SMTP_HOST, or `host` in the [smtp] table "
        "of excuses.toml"
    )
    assert caught.value.exit_code == 2


def test_starttls_required_but_not_offered(recorder: Recorder, port: int) -> None:
    settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.STARTTLS, timeout=2)
    with pytest.raises(TlsFailed) as caught:
        gate(message(), settings)
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{port} does not offer STARTTLS; set "
        "EXCUSES_SMTP_SECURITY=tls if it expects TLS from the first byte, or none for a "
        "server on this machine; nothing was sent"
    )
    assert caught.value.exit_code == 76
    assert recorder.received == []


@pytest.mark.parametrize("where", ["a folder", "a missing folder"])
def test_a_sent_log_that_cannot_be_written_is_found_before_anything_is_sent(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path, where: str
) -> None:
    log = tmp_path if where == "a folder" else tmp_path / "nowhere" / "sent.jsonl"
    with pytest.raises(SentLogUnusable) as caught:
        gate(message(), settings, log_path=log)
    assert str(caught.value).startswith(f"the sent-log {log} cannot be written")
    assert str(caught.value).endswith("; nothing was sent")
    assert caught.value.exit_code == 73
    assert recorder.commands == []
    assert not (tmp_path / "nowhere").exists()


def test_an_accepted_message_that_cannot_be_logged_says_so(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: object, entry: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("excuses.sending.append_sent", disk_full)
    log = tmp_path / "sent.jsonl"
    with pytest.raises(NotLogged) as caught:
        gate(message(), settings, log_path=log)
    assert str(caught.value) == (
        f"the message <ack-4471@northwind.example> was accepted by {LOOPBACK}:{settings.port} "
        f"and sent to {CLIENT}, but it could not be recorded in {log} (No space left on device); "
        "do not send it again, and add it to the log by hand"
    )
    assert str(caught.value).startswith(
        f"the message <ack-4471@northwind.example> was accepted by {LOOPBACK}:{settings.port} "
        f"and sent to {CLIENT}, but it could not be recorded in {log} ("
    )
    assert str(caught.value).endswith("); do not send it again, and add it to the log by hand")
    assert caught.value.exit_code == 74
    assert len(recorder.received) == 1


# --- TLS, with a certificate made for the loopback -------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    made = self_signed(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip("openssl is needed to make a test certificate")
    return made


def test_starttls_with_a_trusted_certificate(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    recorder = Recorder()
    context = server_context(cert, key)
    with running(
        recorder, tls_context=context, require_starttls=True,
        authenticator=authenticator,
    ) as port:  # fmt: skip
        settings = SmtpSettings(
            host=LOOPBACK, port=port, security=Security.STARTTLS, timeout=2, cafile=cert,
            username=USERNAME, password=PASSWORD,
        )  # fmt: skip
        gate(message(), settings)
    [got] = recorder.received
    assert body_of(got.message, "plain") == TEXT


def test_implicit_tls_with_a_trusted_certificate(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    recorder = Recorder()
    with running(recorder, ssl_context=server_context(cert, key)) as port:
        settings = SmtpSettings(
            host=LOOPBACK, port=port, security=Security.TLS, timeout=2, cafile=cert
        )
        gate(message(), settings)
    assert len(recorder.received) == 1


def test_an_untrusted_certificate_stops_before_anything_is_sent(
    certificate: tuple[Path, Path],
) -> None:
    cert, key = certificate
    recorder = Recorder()
    with running(recorder, tls_context=server_context(cert, key)) as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.STARTTLS, timeout=2)
        with pytest.raises(TlsFailed) as caught:
            gate(message(), settings)
    assert str(caught.value) == (
        f"the TLS handshake with {LOOPBACK}:{port} failed while starting TLS "
        "(CERTIFICATE_VERIFY_FAILED); if the server uses a private certificate authority, "
        "set EXCUSES_SMTP_CAFILE to its PEM file; nothing was sent"
    )
    assert caught.value.exit_code == 76
    assert recorder.received == []


# --- every stage of every example, drafted and sent through the gate -------------------------

STAGES = ("acknowledgement", "apology", "update", "closing", "debrief")
EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def shared_server() -> Iterator[tuple[Recorder, SmtpSettings]]:
    recorder = Recorder()
    with running(recorder) as port:
        yield recorder, SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_stage_of_every_example_arrives_as_drafted(
    shared_server: tuple[Recorder, SmtpSettings], example: Path, stage: str, tmp_path: Path
) -> None:
    from excuses.drafting import draft
    from excuses.loader import load_record

    recorder, settings = shared_server
    recorder.received.clear()
    record = load_record(example)
    drafted = draft(record, stage, now=record.incident.reported_at + timedelta(minutes=30))
    log = tmp_path / "sent.jsonl"
    # The real checker this time: everything the library drafts must pass it.
    result = send(drafted, settings=settings, log_path=log, now=lambda: SENT_AT)

    [got] = recorder.received
    received = got.message
    sender = record.sender
    assert got.mail_from == sender.email
    assert got.rcpt_tos == [address for _name, address in drafted.recipients()]
    assert received["From"].addresses[0].addr_spec == sender.email
    assert received["From"].addresses[0].display_name == sender.name
    assert [a.addr_spec for a in received["To"].addresses] == got.rcpt_tos
    # A subject too long for the first line is folded right after "Subject:"; the stdlib
    # parser keeps that fold's space where mail readers drop it, so compare without it.
    assert str(received["Subject"]).lstrip(" ") == drafted.subject
    assert received["Message-ID"] == result.message_id
    # Dated when it left (the clock of the send), not at the moment it was drafted for.
    assert received["Date"].datetime == SENT_AT
    assert received["Message-ID"] == drafted.message_id
    assert received.get_content_type() == "multipart/alternative"
    assert body_of(received, "plain") == drafted.text
    assert body_of(received, "html").rstrip("\n") == drafted.html.rstrip("\n")
    assert received["X-Excuses-Override"] is None
    assert result.findings == ()
    [entry] = read_sent_log(log)
    assert (entry.message_id, entry.stage, entry.incident_id, entry.sent_at) == (
        result.message_id,
        Stage(stage),
        record.incident.id,
        SENT_AT,
    )


def test_a_draft_carrying_a_blaming_phrase_from_its_record_is_refused(
    recorder: Recorder, settings: SmtpSettings
) -> None:
    from dataclasses import replace

    from excuses.drafting import draft
    from excuses.loader import load_record

    record = load_record(EXAMPLES[0])
    blaming = replace(
        record,
        incident=replace(
            record.incident, what_happened="You must have typed the wrong account number."
        ),
    )
    drafted = draft(blaming, "apology", now=record.incident.reported_at + timedelta(hours=2))
    with pytest.raises(SendRefused) as caught:
        send(drafted, settings=settings)
    assert {f.category for f in caught.value.findings} == {"blame-client"}
    assert {f.part for f in caught.value.findings} == {"text", "html"}
    assert recorder.commands == [] and recorder.received == []


def test_an_unknown_stage_is_named(settings: SmtpSettings) -> None:
    with pytest.raises(SendError) as caught:
        gate(message(), settings, stage="apologies")
    assert str(caught.value) == (
        "stage: expected one of acknowledgement, apology, update, closing, debrief, got 'apologies'"
    )


def test_lines_starting_with_a_dot_arrive_intact(
    recorder: Recorder, settings: SmtpSettings
) -> None:
    text = "Dear Ms Hartley,\n.\n.hidden line\n..two dots\nEnd.\n"
    gate(message(text=text, html="<p>.</p>\n.<p>x</p>"), settings)
    [got] = recorder.received
    assert body_of(got.message, "plain") == text
    assert body_of(got.message, "html") == "<p>.</p>\n.<p>x</p>\n"


def test_a_non_ascii_address_needs_smtputf8(tmp_path: Path) -> None:
    accents = "Émile Marchand <émile@boulangerie-marchand.example>"
    recorder = Recorder()
    with running(recorder, enable_SMTPUTF8=True) as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)
        gate(message(To=accents), settings)
    [got] = recorder.received
    assert got.rcpt_tos == ["émile@boulangerie-marchand.example"]
    assert str(got.message["To"]) == accents

    with running(Recorder(), enable_SMTPUTF8=False) as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)
        with pytest.raises(MessageRejected) as caught:
            gate(message(To=accents), settings)
    assert str(caught.value) == (
        f"the SMTP server at {LOOPBACK}:{port} does not accept addresses written with "
        "non-ASCII characters (no SMTPUTF8); nothing was sent"
    )


_ONE_LINE = st.text(min_size=1, max_size=200).filter(
    lambda t: (
        t.strip() != "" and not any(c in t for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    )
)


@examples(max_examples=100, deadline=None)
@given(reason=_ONE_LINE)
# Folded at 78 columns, the space before the last character was lost between two encoded words.
@example(
    reason="0 0\x80\U00010000\U00010000\U00010000\U00010000\U00010000\U00010000\U00010000 \x80"
)
def test_any_one_line_reason_reads_back_from_the_override_header(reason: str) -> None:
    result = send(
        message(),
        settings=SmtpSettings(),
        dry_run=True,
        force_reason=reason,
        checker=phrase_checker,
    )
    parsed = BytesParser(policy=policy.default).parsebytes(result.data.replace(b"\r\n", b"\n"))
    assert str(parsed["X-Excuses-Override"]) == reason.strip()
    assert body_of(parsed, "plain") == TEXT
