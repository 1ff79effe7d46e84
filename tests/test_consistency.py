"""The consistency check: what a message says, held against the record at the message's moment."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from excuses import Stage, draft, load_record
from excuses.cli import main
from excuses.lint import check_draft

ROOT = Path(__file__).resolve().parents[1]
FR = ROOT / "examples" / "livraison-en-retard.fr.yaml"
EN = ROOT / "examples" / "late-delivery.en.yaml"
PARIS = ZoneInfo("Europe/Paris")
APOLOGY_AT = datetime(2026, 11, 23, 16, 30, tzinfo=PARIS)


def rules(item: object) -> list[tuple[str, str]]:
    return [(f.rule_id, f.matched) for f in check_draft(item)]


def edited(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_a_step_called_done_before_it_was_is_reported() -> None:
    item = draft(FR, Stage.APOLOGY, now=APOLOGY_AT)
    text = edited(item.text, "Cyril Dubois. Échéance", "Cyril Dubois. Fait. Échéance")
    assert rules(dataclasses.replace(item, text=text)) == [("FR-RECORD-001", "Fait")]


def test_a_next_update_other_than_the_one_promised_is_reported() -> None:
    item = draft(FR, Stage.APOLOGY, now=APOLOGY_AT)
    text = edited(item.text, "avant 17\u00a0h\u00a000 demain", "avant 18\u00a0h\u00a000 demain")
    found = check_draft(dataclasses.replace(item, text=text))
    assert [(f.rule_id, f.matched) for f in found] == [("FR-RECORD-002", "18\u00a0h\u00a000")]
    assert found[0].suggestion == (
        "Reprenez l’heure promise (2026-11-24 17:00), ou mettez le dossier à jour."
    )


def test_a_deadline_already_past_is_reported() -> None:
    record = load_record(EN)
    item = draft(
        record, Stage.APOLOGY, now=datetime(2026, 11, 23, 16, 30, tzinfo=ZoneInfo("Europe/London"))
    )
    late = dataclasses.replace(
        item, date=datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    )
    assert ("EN-RECORD-003", "9:00 a.m.") in rules(late)


def test_an_apology_for_a_slip_that_did_not_happen_is_reported() -> None:
    item = draft(FR, Stage.APOLOGY, now=APOLOGY_AT)
    text = item.text.replace(
        "Voici notre plan",
        "Nous n’avons pas tenu le délai que nous vous avions donné. Voici notre plan",
        1,
    )
    assert rules(dataclasses.replace(item, text=text)) == [
        ("FR-RECORD-004", "Nous n’avons pas tenu le délai")
    ]


def test_a_slip_counted_wrong_is_reported() -> None:
    item = draft(FR, Stage.UPDATE, now=datetime(2026, 11, 24, 17, 0, tzinfo=PARIS))
    text = edited(item.text, "C’est la deuxième fois", "C’est la troisième fois")
    assert [r for r, _ in rules(dataclasses.replace(item, text=text))] == ["FR-RECORD-004"]


@pytest.mark.parametrize("path", [FR, EN], ids=["fr", "en"])
def test_the_command_line_reads_a_message_against_a_record(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = load_record(path)
    item = draft(record, Stage.APOLOGY, now=record.incident.reported_at.replace(hour=16, minute=30))
    message = tmp_path / "apology.txt"
    message.write_text(item.text, encoding="utf-8")
    assert main(["lint", str(message), "--stage", "apology", "--record", str(path)]) == 0
    word = "Fait" if record.language == "fr" else "Done"
    owner = record.actions[0].owner
    message.write_text(item.text.replace(f"{owner}. ", f"{owner}. {word}. ", 1), encoding="utf-8")
    assert main(["lint", str(message), "--stage", "apology", "--record", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{record.language.upper()}-RECORD-001" in out


def test_record_needs_a_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message = tmp_path / "note.txt"
    message.write_text("Bonjour.", encoding="utf-8")
    assert main(["lint", str(message), "--record", str(FR)]) == 2
    assert "--record needs --stage" in capsys.readouterr().err


def test_a_marker_silences_a_record_finding_on_its_line() -> None:
    item = draft(FR, Stage.APOLOGY, now=APOLOGY_AT)
    said = edited(item.text, "Cyril Dubois. Échéance", "Cyril Dubois. Fait. Échéance")
    assert [rule for rule, _ in rules(dataclasses.replace(item, text=said))] == ["FR-RECORD-001"]
    quiet = edited(said, "Cyril Dubois. Fait.", "Cyril Dubois. Fait. excuses: ignore[record]")
    assert rules(dataclasses.replace(item, text=quiet)) == []
