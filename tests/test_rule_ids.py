"""Every rule id the checker can report is listed, explained and in the rules reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from excuses.cli import main
from excuses.lint import load_rules
from excuses.lint._clauses import get_clauses
from excuses.lint._consistency import _IDS, _MESSAGES
from excuses.lint._model import model_rule_id
from excuses.lint._rules import CATEGORIES
from excuses.lint._stage_checks import all_stage_checks

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "reference" / "rules.md"
LANGUAGES = ("fr", "en")


def _emitted() -> dict[str, str]:
    """Each id the checker's code can put on a finding, with the kind of check it comes from.

    Built from the tables the checks themselves read, not from the documentation.
    """
    ids: dict[str, str] = {}
    for language in LANGUAGES:
        ids.update((rule.id, "phrase") for rule in load_rules(language))
        clauses = get_clauses(language)
        assert clauses is not None
        ids.update((clause.id, "clause") for clause in clauses.clauses)
        ids.update((model_rule_id(language, c), "model") for c in CATEGORIES)
        ids.update((check.id, "stage") for check in all_stage_checks(language))
    for language in _MESSAGES:
        ids.update((f"{language.upper()}-RECORD-{n}", "record") for n in _IDS.values())
    return ids


EMITTED = _emitted()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_every_kind_of_check_is_counted() -> None:
    kinds = sorted(set(EMITTED.values()))
    assert kinds == ["clause", "model", "phrase", "record", "stage"]
    assert "FR-RECORD-004" in EMITTED and "EN-MODEL-EXCUSE" in EMITTED


def test_rules_lists_every_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert sorted(listed) == sorted(EMITTED)


@pytest.mark.parametrize("rule_id", sorted(EMITTED))
def test_explain_documents_every_id(rule_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", rule_id]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# {rule_id}\n")
    headings = ["## What it does", "## Why is this bad?", "## Use instead"]
    if EMITTED[rule_id] in ("phrase", "clause", "record"):
        headings.insert(2, "## Example")
    found = [line for line in out.splitlines() if line.startswith("## ")]
    assert found == headings
    sections = out.split("\n## ")[1:]
    assert all(len(section.strip().splitlines()) >= 2 for section in sections), out


def test_reference_names_every_id() -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    missing = [rule_id for rule_id in EMITTED if rule_id not in reference]
    assert missing == []


@pytest.mark.parametrize("selector", ["EN-RECORD-002", "record", "EN-MODEL-EXCUSE", "stage"])
def test_every_id_and_category_can_be_selected(
    selector: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--select`` and ``--ignore`` accept what ``excuses rules`` lists."""
    Path("note.txt").write_text("Dear Ms Hartley,\n\nThank you.\n", encoding="utf-8")
    assert main(["lint", "--select", selector, "note.txt"]) == 0
    assert main(["lint", "--ignore", selector, "note.txt"]) == 0
    assert "no rule id" not in capsys.readouterr().err


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_record_rule_flags_its_example(language: str) -> None:
    """The example ``excuses explain`` shows is flagged by that rule, and that rule only."""
    from excuses import load_record
    from excuses.lint._consistency import record_rules, text_findings

    shipped = {"fr": "livraison-en-retard.fr.yaml", "en": "late-delivery.en.yaml"}
    record = load_record(REFERENCE.parents[2] / "examples" / shipped[language])
    for rule in record_rules(language):
        found = text_findings(rule.example, "plain", rule.example_stage, record)
        assert [f.rule_id for f in found] == [rule.id], rule.example
