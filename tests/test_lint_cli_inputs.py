"""``excuses lint`` over many inputs: folders, globs, files that are not for it, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from excuses.cli import main

BAD = "We were swamped last week.\n"
GOOD = "We made a mistake, and we will reply by 5:00 p.m. today.\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def files_of(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [row["file"] for row in json.loads(capsys.readouterr().out)]


def test_a_folder_is_searched_for_the_files_the_checker_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "replies" / "a.txt", BAD)
    write(tmp_path / "replies" / "deep" / "b.md", BAD)
    write(tmp_path / "replies" / "c.html", f"<p>{BAD}</p>")
    write(tmp_path / "replies" / "script.py", BAD)
    write(tmp_path / "replies" / ".hidden" / "d.txt", BAD)
    write(tmp_path / "replies" / "node_modules" / "e.txt", BAD)
    write(tmp_path / "replies" / "package.json", '{"name": "x", "note": "We were swamped"}')
    assert main(["lint", "--format", "json", "replies"]) == 1
    assert files_of(capsys) == [
        str(Path("replies/a.txt")),
        str(Path("replies/c.html")),
        str(Path("replies/deep/b.md")),
    ]


def test_glob_patterns_are_expanded_recursively(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "replies" / "a.txt", BAD)
    write(tmp_path / "replies" / "2026" / "b.txt", BAD)
    write(tmp_path / "replies" / "c.md", BAD)
    assert main(["lint", "--format", "json", "replies/**/*.txt"]) == 1
    assert files_of(capsys) == [str(Path("replies/2026/b.txt")), str(Path("replies/a.txt"))]
    assert main(["lint", "nothing/*.txt"]) == 2
    assert (
        capsys.readouterr().err == "excuses: error: nothing/*.txt: no file matches this pattern\n"
    )


def test_one_bad_input_does_not_stop_the_others_and_the_worst_status_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "a.txt", BAD)
    (tmp_path / "latin1.txt").write_bytes("Nous étions".encode("latin-1"))
    write(tmp_path / "b.txt", BAD)
    write(tmp_path / "broken.yaml", "incident: [unclosed\n")
    status = main(["lint", "a.txt", "latin1.txt", "missing.txt", "broken.yaml", "b.txt"])
    assert status == 2
    captured = capsys.readouterr()
    assert captured.out.count("EN-EXCUSE-001") == 2
    assert captured.out.endswith("2 findings in 2 files\n")
    errors = captured.err.splitlines()
    assert errors[0].startswith("excuses: error: latin1.txt: not UTF-8 text")
    assert errors[1] == "excuses: error: missing.txt: no such file"
    assert errors[2].startswith("excuses: error: broken.yaml: the incident record has 1 problem")


def test_a_binary_file_is_reported_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert main(["lint", "logo.txt"]) == 2
    assert "logo.txt: not a text file" in capsys.readouterr().err


def test_yaml_and_json_that_are_no_incident_record_are_skipped_in_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "shop" / "package.json", '{"name": "shop", "description": "We were swamped"}')
    write(tmp_path / "shop" / "ci.yml", "name: We were swamped\non: [push]\njobs: {}\n")
    write(tmp_path / "shop" / "reply.txt", BAD)
    assert main(["lint", "--format", "json", "shop"]) == 1
    assert files_of(capsys) == [str(Path("shop/reply.txt"))]
    assert main(["lint", "shop/*"]) == 1
    assert capsys.readouterr().err == ""


def test_a_named_file_that_is_no_incident_record_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "package.json", '{"name": "shop", "scripts": {"test": "jest"}}\n')
    write(tmp_path / "reply.txt", BAD)
    assert main(["lint", "package.json", "reply.txt"]) == 2
    captured = capsys.readouterr()
    assert "reply.txt:1:1: warning EN-EXCUSE-001" in captured.out
    assert captured.err == (
        "excuses: error: package.json: not an incident record (no incident, client or sender "
        "key at the top level); give a message or a record, or leave this file out\n"
    )


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ["EN-EXCUSE-001", "EN-MINIMISATION-001", "EN-VAGUE-001"]),
        (["--select", "EN-VAGUE-001"], ["EN-VAGUE-001"]),
        (["--select", "EN-EXC,minimisation"], ["EN-EXCUSE-001", "EN-MINIMISATION-001"]),
        (
            ["--select", "EN", "--ignore", "vague-deadline"],
            ["EN-EXCUSE-001", "EN-MINIMISATION-001"],
        ),
        (["--ignore", "EN-EXCUSE-001", "--ignore", "EN-MINIMISATION"], ["EN-VAGUE-001"]),
        (["--select", "FR"], []),
    ],
)
def test_select_and_ignore_take_ids_prefixes_and_categories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], expected: list[str]
) -> None:
    write(tmp_path / "a.txt", "We were swamped. Just a minor glitch. We will fix it ASAP.\n")
    status = main(["lint", "--format", "json", *options, "a.txt"])
    assert [r["rule_id"] for r in json.loads(capsys.readouterr().out)] == expected
    assert status == (1 if expected else 0)


def test_an_unknown_selector_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "a.txt", BAD)
    assert main(["lint", "--select", "EN-DENAIL", "a.txt"]) == 2
    assert capsys.readouterr().err.startswith(
        "excuses: error: --select EN-DENAIL: no rule id, id prefix or category matches"
    )


def test_github_annotations_name_file_line_column_and_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "replies" / "a.txt", "Hello,\nWe will fix it ASAP, 100% sure.\n")
    assert main(["lint", "--output-format", "github", "replies/a.txt", "gone.txt"]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "::error file=gone.txt,title=excuses%3A input error::gone.txt: no such file",
        "::warning file=replies/a.txt,line=2,col=16,endColumn=20,"
        'title=EN-VAGUE-001 [vague-deadline]::A promise with no date ("as soon as possible") '
        "cannot be checked: the client does not know when to chase. Give a date and a time: "
        '"by 5:00 p.m. today, Monday, November 23".',
    ]


def test_github_annotations_escape_what_would_end_the_command() -> None:
    from excuses.lint import check_text
    from excuses.lint._output import to_github

    (finding,) = check_text("ASAP", language="en")
    line = to_github([("dir,with:odd%name.txt", finding)])
    assert line.startswith("::warning file=dir%2Cwith%3Aodd%25name.txt,line=1,col=1,")


def test_a_record_that_does_not_load_is_annotated_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "incidents" / "x.yaml", "language: fr\nincident:\n  title: 3\n  oops: [\n")
    assert main(["lint", "--format", "github", "incidents"]) == 2
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("::error file=incidents/x.yaml,line=5,title=excuses%3A input error::")
    assert "%0A" in line and "\n" not in line


@pytest.mark.parametrize(
    "argument", ["mail.txt", "replies/*.txt", "a?.eml", "[ab].md", "dir/**/x", "-", "é]"]
)
def test_wildcards_are_told_as_glob_tells_them(argument: str) -> None:
    # The lint command tells a pattern without importing glob at each start.
    import glob

    from excuses.cli._lint_files import _has_magic

    assert _has_magic(argument) == glob.has_magic(argument)
