"""Every command turns bad input into one located message and exit status 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from excuses import __version__

ROOT = Path(__file__).resolve().parents[1]
BAD_RECORD = "language: de\nclient: 3\n"
EXPECTED = (
    "excuses: error: {path}: the incident record has 4 problems:\n"
    '  line 1: language: expected one of `fr` or `en`, got "de"\n'
    "  line 2: client: expected a mapping of Client fields, got 3\n"
    "  sender: missing; expected who signs\n"
    "  incident: missing; expected what went wrong\n"
)


def excuses(*args: str, cwd: Path | None = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "excuses", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "command",
    [
        ["draft", "--stage", "apology"],
        ["plan"],
        ["lint"],
        ["send", "--stage", "apology", "--dry-run"],
    ],
    ids=lambda c: c[0],
)
def test_a_bad_record_is_one_located_message_and_exit_2(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "incident.yaml"
    path.write_text(BAD_RECORD, encoding="utf-8")
    result = excuses(command[0], str(path), *command[1:], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == EXPECTED.format(path=path)


@pytest.mark.parametrize("command", ["draft", "plan", "lint"])
def test_a_missing_file_is_named(command: str, tmp_path: Path) -> None:
    result = excuses(command, str(tmp_path / "nope.yaml"), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("excuses: error: ")
    assert "nope.yaml" in result.stderr
    assert "no such file" in result.stderr


def test_usage_errors_exit_2() -> None:
    result = excuses("draft", "examples/late-delivery.en.yaml", "--no-such-option")
    assert result.returncode == 2
    assert "unrecognized arguments: --no-such-option" in result.stderr
    assert excuses().returncode == 2
    assert excuses("frobnicate").returncode == 2


def test_version_and_help() -> None:
    assert excuses("--version").stdout == f"excuses {__version__}\n"
    listed = excuses("--help").stdout
    for command in ("draft", "lint", "plan", "send", "schema"):
        assert f"    {command} " in listed
    assert " ".join(listed.split("Exit status: ")[1].split()) == (
        "0 ok, 1 findings or refused, 2 usage or input error, 70 internal error (a bug in "
        "excuses: run again with --debug or EXCUSES_DEBUG=1 for the traceback, and report it)."
    )
