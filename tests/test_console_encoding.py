"""Commands that print never crash on a console whose encoding lacks their characters (cp1252)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Narrow no-break spaces (inside the words found, too) and a curly apostrophe: French text.
FRENCH = (
    "Bonjour,\n\nNous étions\u202fdébordés\u202f; "
    "ce n\u2019était qu\u2019un petit\u202fsouci\u202f!\n"
)


def run(args: list[str], cwd: Path, encoding: str = "cp1252") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "excuses", *args], cwd=cwd, env=env, capture_output=True, check=False
    )


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "note.fr.txt"
    path.write_text(FRENCH, encoding="utf-8")
    return path


def test_lint_text_on_a_cp1252_console(note: Path) -> None:
    done = run(["lint", "--no-config", str(note)], note.parent)
    assert done.returncode == 1, done.stderr
    out = done.stdout.decode("cp1252")
    assert "FR-EXCUSE-001" in out and "FR-MINIMISATION-001" in out
    assert "  -> " in out or "  \u2192 " in out
    assert "Traceback" not in done.stderr.decode("cp1252")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_stay_whole_on_a_cp1252_console(note: Path, fmt: str) -> None:
    narrow = run(["lint", "--no-config", "--format", fmt, str(note)], note.parent)
    wide = run(["lint", "--no-config", "--format", fmt, str(note)], note.parent, "utf-8")
    assert narrow.returncode == wide.returncode == 1
    assert json.loads(narrow.stdout.decode("cp1252")) == json.loads(wide.stdout.decode("utf-8"))


@pytest.mark.parametrize(
    "args",
    [
        [
            "plan",
            "--no-config",
            "--now",
            "2026-11-24T18:00",
            "examples/livraison-en-retard.fr.yaml",
        ],
        [
            "draft",
            "--no-config",
            "--stage",
            "acknowledgement",
            "--now",
            "2026-11-23T10:30",
            "examples/livraison-en-retard.fr.yaml",
        ],
        ["rules", "--no-config", "--language", "fr"],
        ["explain", "--no-config", "FR-MINIMISATION-001"],
    ],
    ids=["plan", "draft", "rules", "explain"],
)
def test_printing_commands_on_a_cp1252_console(args: list[str]) -> None:
    done = run(args, ROOT)
    assert done.returncode == 0, done.stderr.decode("cp1252")
    assert done.stdout.decode("cp1252").strip()
    assert done.stderr == b""
