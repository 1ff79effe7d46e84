"""``excuses send`` on the command line, against a real SMTP server on the loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from excuses.cli import main
from excuses.sentlog import read_sent_log
from smtp_server import (
    LOOPBACK,
    PASSWORD,
    USERNAME,
    Dropper,
    Recorder,
    Staller,
    authenticator,
    free_port,
    running,
)

CLIENT = "emma.hartley@hartley-sons.example"
MESSAGE_ID = "<ack-4471@northwind.example>"
CLEAN = "Dear Ms Hartley,\n\nThank you for telling us. We will call you back by 5:00 p.m. today.\n"
FLAGGED = "Dear Ms Hartley,\n\nYou must have made a mistake in your order. We will fix it ASAP.\n"


def eml(folder: Path, text: str, name: str = "reply.eml", to: str = CLIENT) -> Path:
    msg = EmailMessage()
    msg["From"] = "Sarah Collins <sarah.collins@northwind.example>"
    msg["To"] = to
    msg["Subject"] = "Order 4471: we are on it"
    msg["Date"] = "Mon, 23 Nov 2026 10:30:00 +0000"
    msg["Message-ID"] = MESSAGE_ID
    msg.set_content(text)
    msg.add_alternative("<p>" + text.replace("\n\n", "</p><p>").strip() + "</p>", subtype="html")
    path = folder / name
    path.write_bytes(bytes(msg))
    return path


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No SMTP settings leak in from the machine; an empty config stops the upward search."""
    for suffix in ("HOST", "PORT", "SECURITY", "USERNAME", "PASSWORD", "TIMEOUT", "FROM", "CAFILE"):
        monkeypatch.delenv(f"EXCUSES_SMTP_{suffix}", raising=False)
    (tmp_path / "excuses.toml").write_text("", encoding="utf-8")


def point_at(monkeypatch: pytest.MonkeyPatch, port: int, timeout: str = "2") -> None:
    monkeypatch.setenv("EXCUSES_SMTP_HOST", LOOPBACK)
    monkeypatch.setenv("EXCUSES_SMTP_PORT", str(port))
    monkeypatch.setenv("EXCUSES_SMTP_SECURITY", "none")
    monkeypatch.setenv("EXCUSES_SMTP_TIMEOUT", timeout)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder(reject={"nobody@hartley-sons.example"})


@pytest.fixture
def port(recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    with running(recorder) as port:
        point_at(monkeypatch, port)
        yield port


FLAGGED_LINES = [
    "{src}:text:3:1: error EN-BLAME-CLIENT-001 (blame-client) 'You must have made': "
    "Suggesting the client made the mistake puts them on trial when they came to report ours.",
    "{src}:text:3:60: warning EN-VAGUE-001 (vague-deadline) 'ASAP': A promise with no date "
    '("as soon as possible") cannot be checked: the client does not know when to chase.',
    "{src}:html:1:27: error EN-BLAME-CLIENT-001 (blame-client) 'You must have made': "
    "Suggesting the client made the mistake puts them on trial when they came to report ours.",
    "{src}:html:1:86: warning EN-VAGUE-001 (vague-deadline) 'ASAP': A promise with no date "
    '("as soon as possible") cannot be checked: the client does not know when to chase.',
]


def test_a_clean_message_is_sent_and_logged_beside_it(
    recorder: Recorder, port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = eml(tmp_path, CLEAN)
    assert main(["send", str(source), "--stage", "acknowledgement"]) == 0
    log = tmp_path / "reply.sent.jsonl"
    out, err = capsys.readouterr()
    assert out == (
        f"Sent the acknowledgement to {CLIENT} via {LOOPBACK}:{port}: {MESSAGE_ID} "
        f"(250 2.0.0 Ok: queued as 4F2A1); logged in {log}\n"
    )
    assert err == ""
    [got] = recorder.received
    assert got.message["Message-ID"] == MESSAGE_ID
    [entry] = read_sent_log(log)
    assert (entry.message_id, entry.stage.value if entry.stage else None) == (
        MESSAGE_ID,
        "acknowledgement",
    )


def test_a_flagged_message_is_refused_with_its_findings_and_exit_1(
    recorder: Recorder, port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = eml(tmp_path, FLAGGED)
    assert main(["send", str(source)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        *(line.format(src=source) for line in FLAGGED_LINES),
        "excuses: refused to send: 4 findings at or above warning; fix the message, "
        "or send it anyway with --force REASON",
    ]
    assert recorder.commands == [] and recorder.received == []
    assert not (tmp_path / "reply.sent.jsonl").exists()


def test_force_sends_with_the_reason_in_the_override_header_and_the_log(
    recorder: Recorder, port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = eml(tmp_path, FLAGGED)
    reason = "quoted verbatim from the contract, approved by legal"
    log = tmp_path / "logs.jsonl"
    assert main(["send", str(source), "--force", reason, "--sent-log", str(log)]) == 0
    out, err = capsys.readouterr()
    assert out == (
        f"Sent the message to {CLIENT} via {LOOPBACK}:{port}: {MESSAGE_ID} "
        f"(250 2.0.0 Ok: queued as 4F2A1); logged in {log}\n"
    )
    assert err.splitlines() == [
        f"excuses: sent despite 4 finding(s), as forced: {reason}",
        *(line.format(src=source) for line in FLAGGED_LINES),
    ]
    [got] = recorder.received
    assert got.message["X-Excuses-Override"] == reason
    [entry] = read_sent_log(log)
    assert entry.override_reason == reason
    assert entry.overridden_rules == ("EN-BLAME-CLIENT-001", "EN-VAGUE-001")


def test_fail_on_error_lets_a_warning_through_but_shows_it(
    recorder: Recorder, port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = eml(tmp_path, "Dear Ms Hartley,\n\nWe will call you back ASAP.\n")
    assert main(["send", str(source), "--fail-on", "error"]) == 0
    _out, err = capsys.readouterr()
    assert err.splitlines()[0] == (
        f"{source}:text:3:23: warning EN-VAGUE-001 (vague-deadline) 'ASAP': A promise with no "
        'date ("as soon as possible") cannot be checked: the client does not know when to chase.'
    )
    assert len(recorder.received) == 1


def test_fail_on_defaults_to_the_config_files(
    recorder: Recorder, port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "excuses.toml").write_text('[lint]\nfail-on = "error"\n', encoding="utf-8")
    source = eml(tmp_path, "Dear Ms Hartley,\n\nWe will call you back ASAP.\n")
    assert main(["send", str(source)]) == 0
    assert len(recorder.received) == 1


def test_a_dry_run_prints_the_message_and_sends_nothing(
    recorder: Recorder, port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = eml(tmp_path, CLEAN)
    assert main(["send", str(source), "--dry-run", "--stage", "acknowledgement"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[:4] == [
        f"Dry run: would send the acknowledgement to {CLIENT} via {LOOPBACK}:{port}; "
        "nothing was sent.",
        "Envelope from: sarah.collins@northwind.example",
        "Subject: Order 4471: we are on it",
        "",
    ]
    assert "Subject: Order 4471: we are on it" in lines[4:]
    assert f"Message-ID: {MESSAGE_ID}" in lines
    assert "Thank you for telling us. We will call you back by 5:00 p.m. today." in lines
    assert err == ""
    assert recorder.commands == []
    assert not (tmp_path / "reply.sent.jsonl").exists()


def test_a_dry_run_needs_no_configured_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["send", str(eml(tmp_path, CLEAN)), "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"Dry run: would send the message to {CLIENT} via no SMTP server configured; "
        "nothing was sent."
    )


def test_settings_from_the_config_option(
    recorder: Recorder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with running(recorder) as port:
        config = tmp_path / "relay.toml"
        config.write_text(
            f'[smtp]\nhost = "{LOOPBACK}"\nport = {port}\nsecurity = "none"\n', encoding="utf-8"
        )
        assert main(["send", str(eml(tmp_path, CLEAN)), "--config", str(config)]) == 0
    assert len(recorder.received) == 1


# --- each failure: its message on stderr, its exit status, nothing in the log ---------------


def run_failing(
    source: Path, capsys: pytest.CaptureFixture[str], *, uncertain: bool = False
) -> tuple[int, str]:
    status = main(["send", str(source)])
    out, err = capsys.readouterr()
    assert out == ""
    log = source.with_suffix(".sent.jsonl")
    if uncertain:
        assert [e.status for e in read_sent_log(log)] == ["uncertain"]
    else:
        assert not log.exists()
    return status, err


def test_connection_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    point_at(monkeypatch, port)
    status, err = run_failing(eml(tmp_path, CLEAN), capsys)
    assert (status, err) == (
        69,
        f"excuses: error: could not connect to the SMTP server at {LOOPBACK}:{port}: "
        "connection refused (is the server running, and are EXCUSES_SMTP_HOST and "
        "EXCUSES_SMTP_PORT right?); nothing was sent\n",
    )


def test_recipient_refused(
    recorder: Recorder, port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = eml(tmp_path, CLEAN, to=f"{CLIENT}, nobody@hartley-sons.example")
    status, err = run_failing(source, capsys)
    assert (status, err) == (
        67,
        f"excuses: error: the SMTP server at {LOOPBACK}:{port} refused "
        "nobody@hartley-sons.example (550 5.1.1 <nobody@hartley-sons.example>: Recipient "
        "address rejected: User unknown); the message was sent to no one\n",
    )
    assert recorder.received == []


def test_dropped_during_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running(Dropper()) as port:
        point_at(monkeypatch, port)
        source = eml(tmp_path, CLEAN)
        status, err = run_failing(source, capsys, uncertain=True)
    assert (status, err) == (
        75,
        f"excuses: error: the SMTP server at {LOOPBACK}:{port} closed the connection while "
        "waiting for the server to accept the message; the server never confirmed that it "
        "accepted the message, but it may have been delivered: check before sending it "
        f"again; it is logged as uncertain in {source.with_suffix('.sent.jsonl')}, so the "
        "next send of it will ask to confirm\n",
    )
    # The next send says what happened and how to go on, in the command line's words.
    recorder = Recorder()
    with running(recorder) as port:
        point_at(monkeypatch, port)
        assert main(["send", str(source)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("excuses: this message may already have been delivered: on ")
        assert err.endswith(
            "If it did not arrive, add --again to send it once more (under the same "
            "Message-ID, so a mailbox that has the first copy can tell)\n"
        )
        assert recorder.received == []
        assert main(["send", str(source), "--again"]) == 0
    [got] = recorder.received
    assert got.message["Message-ID"] == MESSAGE_ID


def test_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running(Staller()) as port:
        point_at(monkeypatch, port, timeout="0.5")
        status, err = run_failing(eml(tmp_path, CLEAN), capsys, uncertain=True)
    assert status == 75
    assert err.startswith(
        f"excuses: error: the SMTP server at {LOOPBACK}:{port} did not answer within 0.5 s "
        "while waiting for the server to accept the message;"
    )


def test_authentication_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running(Recorder(), authenticator=authenticator, auth_require_tls=False) as port:
        point_at(monkeypatch, port)
        monkeypatch.setenv("EXCUSES_SMTP_USERNAME", USERNAME)
        monkeypatch.setenv("EXCUSES_SMTP_PASSWORD", PASSWORD + "-wrong")
        status, err = run_failing(eml(tmp_path, CLEAN), capsys)
    assert (status, err) == (
        77,
        f"excuses: error: the SMTP server at {LOOPBACK}:{port} refused the user name or "
        f"password for {USERNAME} (535 5.7.8 Authentication credentials invalid); check "
        "EXCUSES_SMTP_USERNAME and EXCUSES_SMTP_PASSWORD; nothing was sent\n",
    )


def test_a_bad_setting_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EXCUSES_SMTP_PORT", "submission")
    status, err = run_failing(eml(tmp_path, CLEAN), capsys)
    assert (status, err) == (
        2,
        "excuses: error: EXCUSES_SMTP_PORT: expected a port number from 1 to 65535, "
        "got 'submission'\n",
    )


def test_there_is_no_password_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["send", "reply.eml", "--password", "hunter2"])
    assert caught.value.code == 2
    assert "unrecognized arguments: --password" in capsys.readouterr().err


def test_an_incident_needs_a_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    incident = tmp_path / "late.yaml"
    incident.write_text("language: en\n", encoding="utf-8")
    assert main(["send", str(incident)]) == 2
    assert capsys.readouterr().err == (
        f"excuses: error: {incident}: name the stage to send with --stage "
        "(acknowledgement, apology, update, closing or debrief)\n"
    )


def test_the_log_line_is_json_a_person_can_read(
    recorder: Recorder, port: int, tmp_path: Path
) -> None:
    assert main(["send", str(eml(tmp_path, CLEAN)), "--stage", "acknowledgement"]) == 0
    [line] = (tmp_path / "reply.sent.jsonl").read_text(encoding="utf-8").splitlines()
    data = json.loads(line)
    assert {k: data[k] for k in ("message_id", "stage", "recipients", "server")} == {
        "message_id": MESSAGE_ID,
        "stage": "acknowledgement",
        "recipients": [CLIENT],
        "server": f"{LOOPBACK}:{port}",
    }
