"""SARIF output: valid against the official 2.1.0 schema, located where the file says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from excuses.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def sarif(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    status = main(["lint", "--no-config", "--format", "sarif", *args])
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return status, log


def regions(log: dict[str, Any]) -> list[tuple[str, str, int, int, int]]:
    out = []
    for result in log["runs"][0]["results"]:
        place = result["locations"][0]["physicalLocation"]
        region = place["region"]
        out.append(
            (
                result["ruleId"],
                place["artifactLocation"]["uri"],
                region["startLine"],
                region["startColumn"],
                region["charOffset"],
            )
        )
    return out


def test_an_eml_finding_is_at_the_line_and_column_of_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = (
        "From: Sarah Collins <sarah@example.com>\n"
        "To: Emma Hartley <emma@example.co.uk>\n"
        "Subject: Sorry, just a minor glitch\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/alternative; boundary="b1"\n'
        "\n"
        "--b1\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "Dear Ms Hartley,\n"
        "\n"
        "We were swamped last week.\n"
        "--b1\n"
        "Content-Type: text/html; charset=utf-8\n"
        "\n"
        "<p>Dear Ms Hartley,</p>\n"
        "<p>Honestly, we were swamped last week.</p>\n"
        "--b1--\n"
    )
    (tmp_path / "reply.eml").write_text(raw, encoding="utf-8")
    status, log = sarif(["reply.eml"], capsys)
    assert status == 1
    found = regions(log)
    assert found == [
        ("EN-MINIMISATION-001", "reply.eml", 3, 17, raw.index("just a minor glitch")),
        ("EN-EXCUSE-001", "reply.eml", 13, 1, raw.index("We were swamped")),
        ("EN-EXCUSE-001", "reply.eml", 18, 14, raw.index("we were swamped")),
    ]
    for _, _, line, column, offset in found:
        assert (
            raw.splitlines()[line - 1][column - 1 :]
            .lower()
            .startswith(raw[offset : offset + 6].lower())
        )


def test_an_html_finding_is_at_its_source_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = (
        "<!doctype html>\n<html><head><title>We were swamped</title>\n"
        "<style>p { color: red }</style></head>\n"
        "<body>\n  <p>Dear Ms Hartley,</p>\n"
        "  <p>It was <b>just</b> a minor&nbsp;glitch.</p>\n</body></html>\n"
    )
    (tmp_path / "status.html").write_text(source, encoding="utf-8")
    status, log = sarif(["status.html"], capsys)
    assert status == 1
    offset = source.index("just</b>")
    assert regions(log) == [("EN-MINIMISATION-001", "status.html", 6, 16, offset)]
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert source[offset : offset + region["charLength"]] == "just</b> a minor&nbsp;glitch"


def test_a_yaml_record_finding_is_at_the_file_position_not_inside_the_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "examples" / "livraison-en-retard.fr.yaml").read_text(encoding="utf-8")
    text = text.replace("  impact: >-\n", "  impact: >-\n    Un petit souci, en somme.\n", 1)
    (tmp_path / "incident.yaml").write_text(text, encoding="utf-8")
    status, log = sarif(["incident.yaml"], capsys)
    assert status == 1
    ((rule, uri, line, column, offset),) = regions(log)
    assert (rule, uri) == ("FR-MINIMISATION-001", "incident.yaml")
    assert text.splitlines()[line - 1] == "    Un petit souci, en somme."
    assert column == 5
    assert text[offset:].startswith("Un petit souci")
    logical = log["runs"][0]["results"][0]["locations"][0]["logicalLocations"]
    assert logical == [{"name": "incident.impact", "kind": "member"}]


def test_an_input_error_still_gives_valid_sarif_saying_what_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ok.txt").write_text("We were swamped.\n", encoding="utf-8")
    status, log = sarif(["missing.txt", "ok.txt"], capsys)
    assert status == 2
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["EN-EXCUSE-001"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"] == "missing.txt: no such file"
    location = note["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "missing.txt", "uriBaseId": "%SRCROOT%"}


def test_paths_are_relative_with_forward_slashes_and_rules_link_their_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "replies").mkdir()
    (tmp_path / "replies" / "a.txt").write_text("We will fix it ASAP.\n", encoding="utf-8")
    status, log = sarif([str(tmp_path / "replies" / "a.txt")], capsys)
    assert status == 1
    run = log["runs"][0]
    (result,) = run["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "replies/a.txt", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["helpUri"].endswith("/docs/reference/rules.md#en-vague-001")
    assert result["partialFingerprints"]["excuses/v1"].endswith(":1")
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_the_same_finding_twice_has_distinct_fingerprints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("ASAP.\n\nASAP.\n", encoding="utf-8")
    _, log = sarif(["--language", "en", "a.txt"], capsys)
    prints = [r["partialFingerprints"]["excuses/v1"] for r in log["runs"][0]["results"]]
    assert len(prints) == 2
    assert prints[0].split(":")[0] == prints[1].split(":")[0]
    assert prints[0] != prints[1]


def test_words_folded_over_two_lines_of_a_record_end_where_they_end_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "examples" / "livraison-en-retard.fr.yaml").read_text(encoding="utf-8")
    text = text.replace("  impact: >-\n", "  impact: >-\n    Un petit\n    souci, en somme.\n", 1)
    (tmp_path / "incident.yaml").write_text(text, encoding="utf-8")
    _, log = sarif(["incident.yaml"], capsys)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    lines = text.splitlines()
    assert lines[region["startLine"] - 1] == "    Un petit"
    assert region["endLine"] == region["startLine"] + 1
    assert lines[region["endLine"] - 1][: region["endColumn"] - 1] == "    souci"
    start = region["charOffset"]
    assert text[start : start + region["charLength"]] == "Un petit\n    souci"


def test_a_record_that_does_not_load_is_reported_at_its_first_problems_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = ROOT / "docs" / "examples" / "broken.fr.yaml"
    status, log = sarif([str(broken)], capsys)
    assert status == 2
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 8}
    # A French record's problems are told in French.
    assert (
        note["message"]["text"]
        .splitlines()[1]
        .startswith("  ligne 8\u00a0: client.timezone\u00a0:")
    )
