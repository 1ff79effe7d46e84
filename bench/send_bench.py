"""How fast the send gate goes, and what each part costs: checker, SMTP, sent-log.

Sends drafted messages through :func:`excuses.send` to an aiosmtpd server on
the loopback interface, then times the checker alone, the SMTP delivery alone,
and the sent-log's fsynced appends and its reads. Prints figures; asserts
nothing. Run: ``python bench/send_bench.py [N]`` (default 200 messages).
"""

from __future__ import annotations

import socket
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiosmtpd.controller import Controller

from excuses.drafting import draft
from excuses.lint import check_message
from excuses.loader import load_record
from excuses.record import Stage
from excuses.sending import deliver, send
from excuses.sentlog import SentLogEntry, append_sent, read_sent_log
from excuses.smtp_config import Security, SmtpSettings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
STAGES = ("acknowledgement", "apology", "update", "closing", "debrief")


class Sink:
    """Accepts every message and counts them."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def rate(count: int, seconds: float, unit: str) -> str:
    return f"{count / seconds:10.0f} {unit}/s  ({seconds * 1000 / count:.2f} ms each, n={count})"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    drafts = []
    for path in EXAMPLES:
        record = load_record(path)
        for stage in STAGES:
            drafts.append(
                draft(record, stage, now=record.incident.reported_at + timedelta(minutes=30))
            )
    messages = [d.to_email() for d in drafts]
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings = SmtpSettings(host="127.0.0.1", port=port, security=Security.NONE, timeout=5)
    print(f"send gate, {len(drafts)} drafts (every stage of every example), cycled {n} times")
    try:
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "bench.sent.jsonl"
            for d, m in zip(drafts, messages, strict=True):
                check_message(m, stage=d.stage, language=d.language)  # compile rules untimed
            started = time.perf_counter()
            for i in range(n):
                # Cycling the drafts sends each stage again: on purpose, as the log must know.
                send(drafts[i % len(drafts)], settings=settings, log_path=log, again=True)
            whole = time.perf_counter() - started
            print("  whole gate (draft->email, check, SMTP, fsynced log):", rate(n, whole, "msg"))

            started = time.perf_counter()
            for i in range(n):
                send(drafts[i % len(drafts)], settings=settings, dry_run=True)
            seconds = time.perf_counter() - started
            print(
                "  dry run (draft->email, copy, serialise, parse, check):", rate(n, seconds, "msg")
            )

            started = time.perf_counter()
            for i in range(n):
                d = drafts[i % len(drafts)]
                check_message(messages[i % len(messages)], stage=d.stage, language=d.language)
            print(
                "  checker alone on the same messages:                ",
                rate(n, time.perf_counter() - started, "msg"),
            )

            data = [m.as_bytes() for m in messages]
            started = time.perf_counter()
            for i in range(n):
                deliver(settings, "bench@example.com", ["client@example.com"], data[i % len(data)])
            print(
                "  SMTP alone (one session per message):              ",
                rate(n, time.perf_counter() - started, "msg"),
            )

            entry = SentLogEntry(
                "<bench@example.com>",
                datetime(2026, 11, 23, 10, 30, tzinfo=UTC),
                ("client@example.com",),
                Stage.ACKNOWLEDGEMENT,
                "INC-BENCH",
            )
            appends = max(n, 500)
            bulk = Path(folder) / "bulk.sent.jsonl"
            started = time.perf_counter()
            for _ in range(appends):
                append_sent(bulk, entry)
            print(
                "  sent-log append with fsync:                        ",
                rate(appends, time.perf_counter() - started, "entry"),
            )
            started = time.perf_counter()
            entries = read_sent_log(bulk)
            print(
                "  sent-log read:                                     ",
                rate(len(entries), time.perf_counter() - started, "entry"),
            )
    finally:
        controller.stop()
    print(f"  server received {sink.count} messages")


if __name__ == "__main__":
    main()
