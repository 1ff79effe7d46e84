"""Settings, rules and template files that are not UTF-8: a located message and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LATE = ROOT / "examples" / "late-delivery.en.yaml"
APOLOGY = ["--stage", "apology", "--now", "2026-11-23T17:00"]


def excuses(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "excuses", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


def latin1(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("latin-1"))
    return path


def test_a_settings_file_that_is_not_utf8(tmp_path: Path) -> None:
    config = latin1(tmp_path / "excuses.toml", '[lint]\nfail-on = "érror"\n')
    record = tmp_path / "incident.yaml"
    record.write_bytes(LATE.read_bytes())
    expected = (
        f"excuses: error: {config}: not UTF-8 text (invalid byte at offset 18); save it as UTF-8\n"
    )
    for command in (["draft", str(record), *APOLOGY], ["lint", str(record)]):
        result = excuses(*command, cwd=tmp_path)
        assert (result.returncode, result.stderr) == (2, expected)


def test_a_rules_file_that_is_not_utf8(tmp_path: Path) -> None:
    latin1(tmp_path / "house.toml", '[[rule]]\nid = "X-1"\nmessage = "été"\n')
    (tmp_path / "excuses.toml").write_text('[lint]\nrules = ["house.toml"]\n', encoding="utf-8")
    (tmp_path / "reply.txt").write_text("Hello.\n", encoding="utf-8")
    result = excuses("lint", "reply.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "house.toml: not UTF-8 text (invalid byte at offset" in result.stderr


def test_a_template_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "en"
    folder.mkdir(parents=True)
    latin1(folder / "apology.subject.txt", "Désolé {{ incident.title }}\n")
    result = excuses("draft", str(LATE), *APOLOGY, "--templates", "templates", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "excuses: error: template 'apology.subject.txt': not UTF-8 text (invalid byte at "
        "offset 1); save it as UTF-8\n"
    )
