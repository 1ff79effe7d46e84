"""The command line's one boundary: internal errors, output that cannot be written, signals."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from excuses import __version__
from excuses.cli import main
from excuses.sentlog import read_sent_log
from smtp_server import LOOPBACK, Recorder, running

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "examples" / "late-delivery.en.yaml"
APOLOGY = ["--stage", "apology", "--now", "2026-11-23T17:00"]
FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")


def excuses(
    *args: str,
    stdout: object = subprocess.PIPE,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "excuses", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


def explode(args: argparse.Namespace) -> int:
    raise ZeroDivisionError("division by zero")


def test_an_internal_error_is_one_paragraph_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("EXCUSES_DEBUG", raising=False)
    monkeypatch.setattr("excuses.cli._schema.run", explode)
    assert main(["schema"]) == 70
    err = capsys.readouterr().err
    assert err == (
        "excuses: internal error: ZeroDivisionError: division by zero. This is a bug in "
        f"excuses {__version__}, not a problem with your input; please report it on the "
        "project's issue tracker with the command you ran and this message (run again with "
        "--debug or EXCUSES_DEBUG=1 to see the traceback).\n"
    )


@pytest.mark.parametrize("how", ["option", "variable"])
def test_debug_shows_the_traceback(
    how: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("excuses.cli._schema.run", explode)
    if how == "variable":
        monkeypatch.setenv("EXCUSES_DEBUG", "1")
        argv = ["schema"]
    else:
        monkeypatch.delenv("EXCUSES_DEBUG", raising=False)
        argv = ["--debug", "schema"]
    assert main(argv) == 70
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert 'in explode\n    raise ZeroDivisionError("division by zero")' in err
    assert err.endswith(f"excuses {__version__}" + err.split(f"excuses {__version__}")[1])
    assert "internal error: ZeroDivisionError" in err


@needs_dev_full
@pytest.mark.parametrize(
    "command",
    [
        ["schema"],
        ["draft", str(RECORD), *APOLOGY],
        ["draft", str(RECORD), "--all-stages"],
        ["plan", str(RECORD), "--now", "2026-11-23T17:00"],
        ["lint", str(ROOT / "docs" / "examples" / "clumsy-reply.en.txt")],
    ],
    ids=lambda c: "-".join(c[:1] + [a for a in c if a == "--all-stages"]),
)
def test_output_that_cannot_be_written_is_exit_2(command: list[str]) -> None:
    with FULL.open("w") as full:
        result = excuses(*command, stdout=full)
    assert result.returncode == 2
    assert result.stderr == "excuses: error: cannot write the output: No space left on device\n"


def test_a_reader_that_goes_away_stops_the_command_quietly() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = excuses("schema", stdout=write_end)
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, "")


@needs_dev_full
def test_after_delivery_a_failure_to_print_the_report_is_a_warning_and_exit_0(
    tmp_path: Path,
) -> None:
    (tmp_path / "excuses.toml").write_text("", encoding="utf-8")
    record = tmp_path / "incident.yaml"
    record.write_bytes(RECORD.read_bytes())
    recorder = Recorder()
    with running(recorder) as port:
        env = {
            "EXCUSES_SMTP_HOST": LOOPBACK,
            "EXCUSES_SMTP_PORT": str(port),
            "EXCUSES_SMTP_SECURITY": "none",
            "EXCUSES_SMTP_TIMEOUT": "5",
        }
        with FULL.open("w") as full:
            result = excuses("send", str(record), *APOLOGY, stdout=full, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "excuses: warning: the message was sent and logged, but then: "
        "[Errno 28] No space left on device\n"
    )
    assert len(recorder.received) == 1
    assert len(read_sent_log(tmp_path / "incident.sent.jsonl")) == 1
