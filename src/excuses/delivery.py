"""SMTP delivery: one transaction through smtplib, every way it can fail named.

:func:`deliver` connects (plain, STARTTLS or implicit TLS), logs in when a
user name is set, gives every recipient before any content, and transmits
the message only when all of them are accepted; if the server refuses one,
the transaction is reset and nothing is sent. Each failure is a
:class:`DeliveryError` subclass whose message says what happened, at which
step, and whether the message may have gone out, and whose ``exit_code``
follows ``sysexits.h``, as mail tools do, so scripts can tell "retry later"
(75) from "fix something" apart.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import ssl
from collections.abc import Sequence

from .errors import SendError
from .smtp_config import Security, SmtpConfigError, SmtpSettings, is_loopback


class DeliveryError(SendError):
    """The SMTP server did not accept the message; it is not in the sent-log as sent."""

    exit_code = 69
    #: True when the connection failed after the whole message was transmitted: the server
    #: may have accepted it without our hearing so.
    maybe_delivered: bool = False


class ConnectionFailed(DeliveryError):
    """No SMTP server answered at the configured host and port."""

    exit_code = 69


class SendTimeout(DeliveryError):
    """The server stopped answering for longer than the timeout."""

    exit_code = 75


class ConnectionDropped(DeliveryError):
    """The server closed the connection before it accepted the message."""

    exit_code = 75


class AuthenticationFailed(DeliveryError):
    """The server refused the user name and password, or offers no authentication."""

    exit_code = 77


class RecipientRefused(DeliveryError):
    """The server refused one or more recipients; the message went to none of them."""

    exit_code = 67

    def __init__(self, message: str, refused: dict[str, tuple[int, str]]) -> None:
        self.refused = refused
        super().__init__(message)
        if all(400 <= code < 500 for code, _text in refused.values()):
            self.exit_code = 75  # greylisting or a full mailbox: worth trying again later


class MessageRejected(DeliveryError):
    """The server refused the envelope sender or the content."""


class TlsFailed(DeliveryError):
    """The server offers no STARTTLS, or the TLS handshake failed."""

    exit_code = 76


def deliver(
    settings: SmtpSettings,
    envelope_from: str,
    recipients: Sequence[str],
    data: bytes,
    *,
    utf8: bool = False,
) -> str:
    """Hand ``data`` to the server in one SMTP transaction; return its final reply.

    Every recipient is checked (RCPT) before the content is transmitted; if
    the server refuses any, the transaction is reset and nothing is sent.
    Raises a :class:`DeliveryError` subclass naming what failed.
    """
    if not settings.host:
        raise SmtpConfigError(
            "no SMTP server configured: set EXCUSES_SMTP_HOST, or `host` in the [smtp] "
            "table of excuses.toml"
        )
    if settings.username and settings.security is Security.NONE and not is_loopback(settings.host):
        raise SmtpConfigError(
            f"refusing to send the password for {settings.username} unencrypted to "
            f"{settings.host}: set EXCUSES_SMTP_SECURITY to starttls or tls"
        )
    session = _Session(settings)
    try:
        return session.run(envelope_from, list(recipients), data, utf8=utf8)
    finally:
        session.close()


_WAITING = "waiting for the server to accept the message"


class _Session:
    """One SMTP connection, tracking the step it is at so that errors can say where."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.where = f"{settings.host}:{settings.effective_port}"
        self.step = "connecting"
        self.smtp: smtplib.SMTP | None = None

    def run(self, sender: str, recipients: list[str], data: bytes, *, utf8: bool) -> str:
        try:
            return self._run(sender, recipients, data, utf8=utf8)
        except DeliveryError as failed:
            failed.maybe_delivered = self.step == _WAITING
            raise

    def _run(self, sender: str, recipients: list[str], data: bytes, *, utf8: bool) -> str:
        try:
            return self._transaction(sender, recipients, data, utf8=utf8)
        except DeliveryError:
            raise
        except TimeoutError:
            raise SendTimeout(
                f"the SMTP server at {self.where} did not answer within "
                f"{self.settings.timeout:g} s while {self.step}; {self._outcome()}"
            ) from None
        except smtplib.SMTPAuthenticationError as exc:
            raise AuthenticationFailed(
                f"the SMTP server at {self.where} refused the user name or password for "
                f"{self.settings.username} ({_reply(exc.smtp_code, exc.smtp_error)}); "
                "check EXCUSES_SMTP_USERNAME and EXCUSES_SMTP_PASSWORD; nothing was sent"
            ) from None
        except ssl.SSLError as exc:
            raise TlsFailed(
                f"the TLS handshake with {self.where} failed while {self.step} "
                f"({exc.reason or exc}); if the server uses a private certificate authority, "
                "set EXCUSES_SMTP_CAFILE to its PEM file; nothing was sent"
            ) from None
        except smtplib.SMTPServerDisconnected as exc:
            if isinstance(exc.__context__, TimeoutError):
                # smtplib reports a read timeout as a disconnection; say what happened.
                raise SendTimeout(
                    f"the SMTP server at {self.where} did not answer within "
                    f"{self.settings.timeout:g} s while {self.step}; {self._outcome()}"
                ) from None
            raise ConnectionDropped(
                f"the SMTP server at {self.where} closed the connection while {self.step}; "
                f"{self._outcome()}"
            ) from None
        except smtplib.SMTPConnectError as exc:
            raise ConnectionFailed(
                f"the SMTP server at {self.where} refused the session "
                f"({_reply(exc.smtp_code, exc.smtp_error)}); nothing was sent"
            ) from None
        except smtplib.SMTPResponseException as exc:
            error = MessageRejected(
                f"the SMTP server at {self.where} answered "
                f"{_reply(exc.smtp_code, exc.smtp_error)} while {self.step}; {self._outcome()}"
            )
            if 400 <= exc.smtp_code < 500:
                error.exit_code = 75
            raise error from None
        except ConnectionRefusedError:
            raise ConnectionFailed(
                f"could not connect to the SMTP server at {self.where}: connection refused "
                "(is the server running, and are EXCUSES_SMTP_HOST and EXCUSES_SMTP_PORT "
                "right?); nothing was sent"
            ) from None
        except socket.gaierror as exc:
            raise ConnectionFailed(
                f"could not find the SMTP server {self.settings.host!r} ({exc.strerror}); "
                "check EXCUSES_SMTP_HOST; nothing was sent"
            ) from None
        except OSError as exc:
            if self.step == "connecting":
                raise ConnectionFailed(
                    f"could not connect to the SMTP server at {self.where} "
                    f"({exc.strerror or exc}); nothing was sent"
                ) from None
            raise ConnectionDropped(
                f"the connection to {self.where} failed while {self.step} "
                f"({exc.strerror or exc}); {self._outcome()}"
            ) from None
        except smtplib.SMTPException as exc:
            raise MessageRejected(
                f"the SMTP session with {self.where} failed while {self.step} ({exc}); "
                f"{self._outcome()}"
            ) from None

    def _outcome(self) -> str:
        if self.step == _WAITING:
            return (
                "the server never confirmed that it accepted the message, but it may have been "
                "delivered: check before sending it again"
            )
        return "the message was not sent"

    def _transaction(self, sender: str, recipients: list[str], data: bytes, *, utf8: bool) -> str:
        settings = self.settings
        host = settings.host or ""
        port = settings.effective_port
        context: ssl.SSLContext | None = None
        if settings.security is not Security.NONE:
            context = ssl.create_default_context(
                cafile=str(settings.cafile) if settings.cafile else None
            )
        if settings.security is Security.TLS:
            self.smtp = smtplib.SMTP_SSL(host, port, timeout=settings.timeout, context=context)
        else:
            self.smtp = smtplib.SMTP(host, port, timeout=settings.timeout)
        smtp = self.smtp
        self.step = "greeting the server"
        smtp.ehlo_or_helo_if_needed()
        if settings.security is Security.STARTTLS:
            self.step = "starting TLS"
            if not smtp.has_extn("starttls"):
                raise TlsFailed(
                    f"the SMTP server at {self.where} does not offer STARTTLS; set "
                    "EXCUSES_SMTP_SECURITY=tls if it expects TLS from the first byte, or "
                    "none for a server on this machine; nothing was sent"
                )
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.username:
            self.step = "logging in"
            if not smtp.has_extn("auth"):
                raise AuthenticationFailed(
                    f"the SMTP server at {self.where} does not offer authentication (AUTH), "
                    f"but a user name is set ({settings.username}); nothing was sent"
                )
            smtp.login(settings.username, settings.password or "")
        mail_options: list[str] = []
        if utf8:
            if not smtp.has_extn("smtputf8"):
                raise MessageRejected(
                    f"the SMTP server at {self.where} does not accept addresses written "
                    "with non-ASCII characters (no SMTPUTF8); nothing was sent"
                )
            mail_options.append("SMTPUTF8")
        if not data.isascii():
            if not smtp.has_extn("8bitmime"):
                raise MessageRejected(
                    f"the SMTP server at {self.where} does not accept 8-bit content "
                    "(no 8BITMIME); nothing was sent"
                )
            mail_options.append("BODY=8BITMIME")
        self.step = "giving the sender address"
        code, reply = smtp.mail(sender, mail_options)
        if code != 250:
            smtp.rset()
            raise MessageRejected(
                f"the SMTP server at {self.where} refused the sender {sender} "
                f"({_reply(code, reply)}); nothing was sent"
            )
        self.step = "giving the recipients"
        refused: dict[str, tuple[int, str]] = {}
        for recipient in recipients:
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = (code, _text(reply))
        if refused:
            # Reset so the server discards the transaction: no recipient gets a partial send.
            smtp.rset()
            listed = "; ".join(f"{addr} ({code} {text})" for addr, (code, text) in refused.items())
            raise RecipientRefused(
                f"the SMTP server at {self.where} refused {listed}; the message was sent to no one",
                refused,
            )
        self.step = "opening the message content"
        code, reply = smtp.docmd("DATA")
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        self.step = "transmitting the message"
        smtp.send(_dot_stuffed(data))
        self.step = _WAITING
        code, reply = smtp.getreply()
        if code != 250:
            self.step = "transmitting the message"
            raise smtplib.SMTPDataError(code, reply)
        self.step = "closing the session"
        return _reply(code, reply)

    def close(self) -> None:
        if self.smtp is None:
            return
        if self.step == "closing the session":
            # The message is already accepted; a rude goodbye changes nothing.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
        self.smtp.close()


def _dot_stuffed(data: bytes) -> bytes:
    """The DATA payload: CRLF line ends, leading dots doubled, ended by ``.``."""
    body = re.sub(rb"(?:\r\n|\n|\r(?!\n))", b"\r\n", data)
    body = re.sub(rb"(?m)^\.", b"..", body)
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _reply(code: int, reply: bytes | str) -> str:
    return f"{code} {_text(reply)}".strip()
