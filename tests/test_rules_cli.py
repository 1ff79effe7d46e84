"""``excuses rules`` lists the checker's rules; ``excuses explain`` documents one, as ruff does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from excuses.cli import main
from excuses.lint import load_rules


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_rules_lists_every_rule_and_stage_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    ids = [line.split()[0] for line in lines]
    builtin = [rule.id for rule in load_rules()]
    kinds = ("-STAGE-", "-MODEL-", "-RECORD-", "-CLAUSE-")
    assert [i for i in ids if not any(kind in i for kind in kinds)] == builtin
    assert [i for i in ids if "-STAGE-" in i] == [f"FR-STAGE-00{n}" for n in range(1, 7)] + [
        f"EN-STAGE-00{n}" for n in range(1, 7)
    ]
    first = lines[0].split(None, 3)
    assert first[:3] == ["FR-DENIAL-001", "denial", "error"]
    assert first[3] == load_rules("fr")[0].message


def test_rules_as_json_for_one_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--language", "en", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["language"] for row in rows} == {"en"}
    assert rows[0] == {
        "id": "EN-DENIAL-001",
        "category": "denial",
        "severity": "error",
        "language": "en",
        "message": load_rules("en")[0].message,
        "suggestion": load_rules("en")[0].suggestion,
    }


def test_rules_lists_the_projects_own_rules_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "house.toml").write_text(
        'language = "en"\n[[rule]]\nid = "HOUSE-001"\ncategory = "vague-deadline"\n'
        'severity = "error"\nmessage = "Say when."\nsuggestion = "Give a time."\n'
        'patterns = ["in a jiffy"]\nexamples.match = ["in a jiffy"]\n'
        'examples.no_match = ["by noon"]\n',
        encoding="utf-8",
    )
    (tmp_path / "excuses.toml").write_text('[lint]\nrules = ["house.toml"]\n', encoding="utf-8")
    assert main(["rules", "--language", "en"]) == 0
    assert "HOUSE-001  " in capsys.readouterr().out
    assert main(["explain", "house-001"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "# HOUSE-001\n\nCategory `vague-deadline`, severity error, English, from "
    )
    assert "## Example\n\n    in a jiffy\n" in out


def test_explain_has_ruffs_headings(capsys: pytest.CaptureFixture[str]) -> None:
    rule = next(r for r in load_rules("fr") if r.id == "FR-DENIAL-003")
    assert main(["explain", "fr-denial-003"]) == 0
    out = capsys.readouterr().out
    expected_head = (
        "# FR-DENIAL-003\n\n"
        "Category `denial`, severity error, French, since 0.1.0.\n\n"
        "## What it does\n\n"
        "Finds, in messages written in French, saying there is no fault: that it works as "
        "designed, is normal, or that nobody on our side had a part in it.\n\n"
        "## Why is this bad?\n\n"
        f"{rule.message}\n\n"
        "## Example\n\n"
        f"    {rule.examples_match[0]}\n"
    )
    assert out.startswith(expected_head)
    assert f"## Use instead\n\n{rule.suggestion}\n\nNot flagged:\n\n" in out
    assert out.endswith(f"    {rule.examples_no_match[-1]}\n")


def test_explain_a_stage_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "EN-STAGE-004"]) == 0
    out = capsys.readouterr().out
    assert "With `--stage update`, and on every update draft, checks that a message" in out
    assert '## Use instead\n\nAdd "Next update: Tuesday, November 24 at 10:00 a.m."\n' in out


def test_explain_an_unknown_rule_suggests_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "FR-DENAIL-001"]) == 2
    assert capsys.readouterr().err == (
        "excuses: error: unknown rule 'FR-DENAIL-001' (did you mean FR-DENIAL-001?); expected a "
        "rule id like FR-DENIAL-001 (`excuses rules` lists them)\n"
    )
