"""Real SMTP servers on the loopback interface for the send tests (aiosmtpd, one thread each).

Each handler keeps what it was given, so a test can read back exactly what
reached the server, or check that nothing did.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

LOOPBACK = "127.0.0.1"
USERNAME = "relay-user"
PASSWORD = "s3cret-relay-pw"


@dataclass
class Received:
    """One message as the server took it: the envelope and the raw bytes."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        # Stored the way a mailbox keeps it: LF line ends.
        raw = self.content.replace(b"\r\n", b"\n")
        parsed = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Recorder:
    """Accepts every message, except for the addresses in ``reject``."""

    reject: set[str] = field(default_factory=set)
    #: Addresses answered with a temporary refusal, as greylisting servers do.
    defer: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    #: Every SMTP command verb the server saw, in order (RSET proves a reset).
    commands: list[str] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        self.commands.append("RCPT")
        if address in self.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if address in self.defer:
            return f"450 4.2.0 <{address}>: Recipient address rejected: Greylisted"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_RSET(self, server: Any, session: Any, envelope: Any) -> str:
        self.commands.append("RSET")
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.commands.append("DATA")
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 2.0.0 Ok: queued as 4F2A1"


@dataclass
class Rejecter(Recorder):
    """Takes the whole message, then refuses it with ``reply``."""

    reply: str = "554 5.7.1 Message rejected: looks like spam"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.commands.append("DATA")
        return self.reply


class Dropper(Recorder):
    """Takes the whole message, then closes the connection instead of answering."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.commands.append("DATA")
        server.transport.close()
        return "421 closing"


class Staller(Recorder):
    """Takes the whole message, then stays silent far longer than any client waits."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.commands.append("DATA")
        await asyncio.sleep(5)
        return "451 too late"


class _CuttingSMTP(SMTP):
    """Says "go ahead" to DATA, then resets the connection while the content streams in."""

    async def smtp_DATA(self, arg: str) -> None:
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        assert self.transport is not None
        self.transport.abort()


class _CuttingController(Controller):
    def factory(self) -> SMTP:
        return _CuttingSMTP(self.handler, **self.SMTP_kwargs)


@contextmanager
def cutting_mid_data(handler: Recorder) -> Iterator[int]:
    """A server that drops the connection in the middle of DATA; yield its port."""
    port = free_port()
    controller = _CuttingController(handler, hostname=LOOPBACK, port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USERNAME.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    """A port nothing listens on right now (bound, read, released)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running(handler: Recorder, **kwargs: Any) -> Iterator[int]:
    """Run ``handler`` behind a real aiosmtpd server on the loopback; yield its port."""
    port = free_port()
    controller = Controller(handler, hostname=LOOPBACK, port=port, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@contextmanager
def silent_listener() -> Iterator[int]:
    """A port that accepts connections (the kernel does) and never says a word."""
    with socket.socket() as listener:
        listener.bind((LOOPBACK, 0))
        listener.listen(4)
        yield listener.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path] | None:
    """A certificate for 127.0.0.1 and its key, made with openssl; None without openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            f"subjectAltName=IP:{LOOPBACK},DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
