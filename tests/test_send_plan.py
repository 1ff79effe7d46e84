"""``excuses plan`` reads the sent-log: a message the gate delivered counts as sent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from excuses import sending
from excuses.cli import main
from excuses.drafting import draft
from excuses.record import Stage
from excuses.sending import send
from excuses.sentlog import SentLogEntry, append_sent, read_sent_log
from excuses.smtp_config import Security, SmtpSettings
from smtp_server import LOOPBACK, Recorder, running

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "late-delivery.en.yaml"
CLIENT = "emma.hartley@hartley-sons.example"


def fresh_incident(folder: Path) -> Path:
    """The late-delivery example as it stood on the first morning: nothing sent or promised."""
    text = EXAMPLE.read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[a-z_]+:)", text)
    kept = [b for b in blocks if not b.startswith(("commitments:", "updates:", "resolution:"))]
    path = folder / "late-delivery.en.yaml"
    path.write_text("\n".join(kept), encoding="utf-8")
    return path


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Recorder, SmtpSettings]]:
    recorder = Recorder()
    with running(recorder) as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)
        for suffix in ("USERNAME", "PASSWORD", "TIMEOUT", "FROM", "CAFILE"):
            monkeypatch.delenv(f"EXCUSES_SMTP_{suffix}", raising=False)
        monkeypatch.setenv("EXCUSES_SMTP_HOST", LOOPBACK)
        monkeypatch.setenv("EXCUSES_SMTP_PORT", str(port))
        monkeypatch.setenv("EXCUSES_SMTP_SECURITY", "none")
        yield recorder, settings


def plan(incident: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[tuple[str, ...]]:
    """The plan's table at 11:00 on the first morning, as (when, stage, what, status) rows."""
    assert main(["plan", str(incident), "--now", "2026-11-23T11:00", *extra]) == 0
    return table_rows(capsys.readouterr().out)


def table_rows(out: str) -> list[tuple[str, ...]]:
    days = r"^!?\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun) "
    rows = [line for line in out.splitlines() if re.match(days, line)]
    return [tuple(re.split(r"\s{2,}", row.lstrip("! "))) for row in rows]


def timeline_json(incident: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    args = ["plan", str(incident), "--now", "2026-11-23T11:00", "--format", "json"]
    assert main(args) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_a_sent_acknowledgement_counts_as_the_commitment_it_made(
    server: tuple[Recorder, SmtpSettings], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _recorder, settings = server
    incident = fresh_incident(tmp_path)
    assert plan(incident, capsys) == [
        ("Mon 23 Nov 10:02", "-", "reported by the client (important)", "done"),
        ("Mon 23 Nov 11:15", "acknowledgement", "acknowledgement due (1 hour)", "upcoming"),
        ("Mon 23 Nov 18:00", "apology", "answer due (end of business day)", "upcoming"),
    ]

    drafted = draft(incident, "acknowledgement", now=datetime(2026, 11, 23, 10, 30))
    sent_at = datetime(2026, 11, 23, 10, 40, tzinfo=UTC)
    result = send(
        drafted,
        settings=settings,
        log_path=tmp_path / "late-delivery.en.sent.jsonl",
        now=lambda: sent_at,
    )

    rows = plan(incident, capsys)
    assert rows[1][:2] == ("Mon 23 Nov 10:40", "acknowledgement")
    assert rows[1][2].startswith("acknowledgement sent to emma.hartley")
    assert rows[2] == (
        "Mon 23 Nov 11:15",
        "acknowledgement",
        "acknowledgement due (1 hour)",
        "kept",
    )
    data = timeline_json(incident, capsys)
    assert (data["next_stage"], data["next_due"]) == ("apology", "2026-11-23T18:00:00+00:00")
    assert data["entries"][1] == {
        "at": "2026-11-23T10:40:00+00:00",
        "kind": "sent",
        "stage": "acknowledgement",
        "label": f"acknowledgement sent to {CLIENT}",
        "status": "done",
        "late_by": None,
    }
    assert [e.message_id for e in read_sent_log(tmp_path / "late-delivery.en.sent.jsonl")] == [
        result.message_id
    ]


def test_send_then_plan_on_the_command_line(
    server: tuple[Recorder, SmtpSettings],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder, _settings = server
    monkeypatch.setattr(sending, "utc_now", lambda: datetime(2026, 12, 2, 9, 5, tzinfo=UTC))
    incident = fresh_incident(tmp_path)
    (tmp_path / "excuses.toml").write_text("", encoding="utf-8")
    sent_at = ["--now", "2026-12-02T09:05"]
    assert main(["send", str(incident), "--stage", "acknowledgement", *sent_at]) == 0
    capsys.readouterr()
    [entry] = read_sent_log(tmp_path / "late-delivery.en.sent.jsonl")
    assert (entry.stage, entry.incident_id, entry.recipients) == (
        Stage.ACKNOWLEDGEMENT,
        "INC-2026-0142",
        (CLIENT,),
    )
    assert len(recorder.received) == 1

    # A day of the month below 10 once printed "Wed  2 Dec", splitting the table's columns.
    assert main(["plan", str(incident), "--now", "2026-12-02T09:30"]) == 0
    out = capsys.readouterr().out
    sent = [row for row in table_rows(out) if row[2].startswith("acknowledgement sent to")]
    assert [(row[1], row[3]) for row in sent] == [("acknowledgement", "done")]
    assert re.search(r"^Next: apology due ", out, re.M)


def test_entries_of_another_incident_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incident = fresh_incident(tmp_path)
    log = tmp_path / "shared.sent.jsonl"
    at = datetime(2026, 11, 23, 10, 45, tzinfo=UTC)
    append_sent(log, SentLogEntry("<o@x>", at, ("a@x.example",), Stage.ACKNOWLEDGEMENT, "INC-9"))
    append_sent(log, SentLogEntry("<e@x>", at, (CLIENT,), Stage.ACKNOWLEDGEMENT, None))
    rows = plan(incident, capsys, "--sent-log", str(log))
    assert [row[0] for row in rows if " sent to " in row[2]] == ["Mon 23 Nov 10:45"]


def test_a_torn_log_line_is_a_warning_and_the_plan_still_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incident = fresh_incident(tmp_path)
    log = tmp_path / "late-delivery.en.sent.jsonl"
    at = datetime(2026, 11, 23, 10, 45, tzinfo=UTC)
    append_sent(log, SentLogEntry("<e@x>", at, (CLIENT,), Stage.ACKNOWLEDGEMENT, "INC-2026-0142"))
    with log.open("ab") as handle:
        handle.write(b'{"v":1,"message_id":"<apo')
    assert main(["plan", str(incident), "--now", "2026-11-23T11:00"]) == 0
    out, err = capsys.readouterr()
    assert "Next: apology due Mon 23 Nov 18:00" in out.splitlines()
    assert err == (
        f"excuses: warning: {log}: line 2: skipped an incomplete entry (a write cut short, "
        'e.g. by a crash): \'{"v":1,"message_id":"<apo\'\n'
    )


def test_a_sent_log_named_but_missing_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incident = fresh_incident(tmp_path)
    missing = tmp_path / "nope.jsonl"
    assert main(["plan", str(incident), "--sent-log", str(missing)]) == 2
    assert capsys.readouterr().err == (
        f"excuses: error: {missing}: no such sent-log; check the --sent-log path\n"
    )
