"""Outputs of the command line: refused with a located message, never destroyed, never partial."""

from __future__ import annotations

import copy
import mailbox
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from excuses.cli import main

ROOT = Path(__file__).resolve().parents[1]
EN = ROOT / "examples" / "late-delivery.en.yaml"
APOLOGY = ["--stage", "apology", "--now", "2026-11-23T16:30"]


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


EN_DATA = yaml.safe_load(EN.read_text(encoding="utf-8"))


def record(**incident: str) -> dict[str, object]:
    data = copy.deepcopy(EN_DATA)
    data["incident"].update(incident)
    return data


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_output_to_a_folder_or_a_missing_folder_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "draft", str(EN), *APOLOGY, "--output", str(tmp_path)) == (
        2,
        "",
        f"excuses: error: {tmp_path}: is a folder; give the name of a file to write\n",
    )
    missing = tmp_path / "nope" / "out.txt"
    assert run(capsys, "draft", str(EN), *APOLOGY, "--output", str(missing)) == (
        2,
        "",
        f"excuses: error: {missing}: the folder {missing.parent} does not exist; create it first\n",
    )


def test_outdir_naming_a_file_and_mbox_in_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep", encoding="utf-8")
    status, _, err = run(capsys, "draft", str(EN), *APOLOGY, "--outdir", str(a_file))
    assert (status, err) == (2, f"excuses: error: {a_file}: is a file; --outdir names a folder\n")
    assert a_file.read_text(encoding="utf-8") == "keep"
    box = tmp_path / "nope" / "out.mbox"
    status, _, err = run(capsys, "draft", str(EN), *APOLOGY, "--mbox", str(box))
    assert (status, err) == (
        2,
        f"excuses: error: {box}: the folder {box.parent} does not exist; create it first\n",
    )


def test_a_failed_batch_leaves_an_existing_mbox_and_its_mode_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.mbox"
    old.write_text("keep\n", encoding="utf-8")
    old.chmod(0o644)
    status, _, err = run(capsys, "draft", str(tmp_path / "missing.yaml"), "--mbox", str(old))
    assert status == 2
    assert err.endswith(
        f"excuses: none of 1 drafted; {old} is left as it was; "
        "1 could not be drafted (listed above)\n"
    )
    assert old.read_text(encoding="utf-8") == "keep\n"
    assert stat.S_IMODE(old.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["old.mbox"]


def test_an_mbox_follows_the_umask_like_every_new_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], umask_022: None
) -> None:
    box = tmp_path / "out.mbox"
    assert run(capsys, "draft", str(EN), *APOLOGY, "--mbox", str(box))[0] == 0
    assert stat.S_IMODE(box.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.mbox"]


def batch_file(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    import json

    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_records_that_cannot_be_written_are_reported_and_the_rest_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [record(id=f"INC-{n}") for n in range(1, 6)]
    records[1] = record(id="L" * 300)  # too long for a file name as it is
    records[3] = record(title="Order 4471\nBcc: everyone@example.com")
    source = batch_file(tmp_path, records)
    out = tmp_path / "out"
    out.mkdir()
    (out / "003-INC-3-apology.eml").mkdir()  # in the way of the third record
    status, _, err = run(capsys, "draft", str(source), *APOLOGY, "--outdir", str(out))
    assert status == 2
    assert sorted(p.name for p in out.iterdir()) == [
        "001-INC-1-apology.eml",
        f"002-{'L' * 80}-apology.eml",
        "003-INC-3-apology.eml",
        "005-INC-5-apology.eml",
    ]
    lines = err.splitlines()
    assert lines[0] == (
        f"excuses: error: {source}, record 3 (position 3): {out / '003-INC-3-apology.eml'}: "
        "is a folder; give the name of a file to write"
    )
    assert lines[1].startswith(
        f"excuses: error: {source}, record 4 (position 4): the Subject header would carry "
        "a line break"
    )
    assert lines[2] == (
        f"excuses: 3 of 5 drafted into {out}; 2 could not be drafted (listed above)"
    )


def test_mbox_keeps_every_message_it_can(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [record(id="INC-1"), record(title="Order\r\nBcc: x@example.com"), record(id="INC-3")]
    source = batch_file(tmp_path, records)
    box = tmp_path / "out.mbox"
    status, _, err = run(capsys, "draft", str(source), *APOLOGY, "--mbox", str(box))
    assert status == 2
    # The two good records are kept, in order; the subject's wording is the drafts' business.
    assert [m["Subject"].rsplit(" ", 1)[-1] for m in mailbox.mbox(box)] == ["(INC-1)", "(INC-3)"]
    assert err.splitlines()[-1] == (
        f"excuses: 2 of 3 drafted into {box}; 1 could not be drafted (listed above)"
    )


def test_text_never_prints_a_forged_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    path = tmp_path / "incident.json"
    path.write_text(json.dumps(record(title="Order 4471\nBcc: everyone@example.com")))
    status, out, err = run(capsys, "draft", str(path), *APOLOGY, "--format", "text")
    assert (status, out) == (2, "")
    assert err.startswith("excuses: error: the Subject header would carry a line break")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_sigterm_during_mbox_leaves_no_temporary_file(tmp_path: Path) -> None:
    source = batch_file(tmp_path, [record(id=f"INC-{n}") for n in range(2000)])
    box = tmp_path / "out.mbox"
    process = subprocess.Popen(
        [sys.executable, "-m", "excuses", "draft", str(source), *APOLOGY, "--mbox", str(box)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(600):  # wait until the batch is writing its temporary mbox
            if any(p.suffix == ".tmp" for p in tmp_path.iterdir()) or process.poll() is not None:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the batch ended before it could be interrupted"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 143
    assert err.decode().endswith("excuses: terminated\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.jsonl"]


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout")
def test_output_to_dev_stdout_on_a_pipe_is_refused_and_nothing_replaced(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "excuses", "draft", str(EN), *APOLOGY, "--output", "/dev/stdout"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "excuses: error: /dev/stdout: is a FIFO (named pipe); excuses writes only regular files\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_bad_line_of_json_lines_loses_only_its_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    path = tmp_path / "records.jsonl"
    good = json.dumps(record(id="INC-2"))
    deep = "[" * 100 + "]" * 100
    path.write_text('{"language": "en", "client": \n' + good + "\n" + deep + "\n")
    out = tmp_path / "out"
    status, _, err = run(capsys, "draft", str(path), *APOLOGY, "--outdir", str(out))
    assert status == 2
    assert [p.name for p in out.iterdir()] == ["002-INC-2-apology.eml"]
    assert err.splitlines() == [
        f"excuses: error: {path}, record 1 (position 1): the incident record has 1 problem:",
        "  line 1: (top level): JSON syntax error, column 30: Expecting value",
        f"excuses: error: {path}, record 3 (position 3): the incident record has 1 problem:",
        "  line 3: (top level): nested deeper than 64 levels (set EXCUSES_MAX_DEPTH to read "
        "deeper files)",
        f"excuses: 1 of 3 drafted into {out}; 2 could not be drafted (listed above)",
    ]


def test_a_broken_document_of_a_yaml_stream_loses_only_its_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = yaml.safe_dump(record(id="INC-1"), allow_unicode=True)
    path = tmp_path / "records.yaml"
    path.write_text(f"---\n{good}---\nlanguage: [en\n---\n{good.replace('INC-1', 'INC-3')}")
    out = tmp_path / "out"
    status, _, err = run(capsys, "draft", str(path), *APOLOGY, "--outdir", str(out))
    assert status == 2
    assert sorted(p.name for p in out.iterdir()) == [
        "001-INC-1-apology.eml",
        "003-INC-3-apology.eml",
    ]
    broken_line = 2 + good.count("\n") + 2
    assert err.splitlines()[:2] == [
        f"excuses: error: {path}, record 2 (position 2): the incident record has 1 problem:",
        f"  line {broken_line}: (top level): YAML syntax error, column 1: expected ',' or ']', "
        "but got '<stream end>'",
    ]
