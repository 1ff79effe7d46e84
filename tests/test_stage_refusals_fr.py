"""A French record that lacks what a stage needs is told so in French, with its field path."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import excuses
from excuses import IncidentRecord, RecordError, Stage, stage_context

ROOT = Path(__file__).resolve().parents[1]
FR = ROOT / "examples" / "livraison-en-retard.fr.yaml"
EN = ROOT / "examples" / "late-delivery.en.yaml"
NBSP, NNBSP = "\u00a0", "\u202f"
LATER = datetime(2026, 12, 20, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def refused(record: IncidentRecord, stage: str, now: datetime = LATER) -> RecordError:
    with pytest.raises(RecordError) as caught:
        excuses.draft(record, stage, now=now)
    return caught.value


def problem(error: RecordError) -> str:
    (only,) = error.problems
    return f"{only.path}: {only.message}"


def _resolution(record: IncidentRecord) -> excuses.Resolution:
    assert record.resolution is not None
    return record.resolution


def test_a_closing_note_without_measures() -> None:
    record = excuses.load_record(FR)
    record = replace(record, resolution=replace(_resolution(record), measures=()))
    error = refused(record, "closing")
    assert error.language == "fr"
    assert problem(error) == (
        f"resolution.measures: vide{NNBSP}; la note de clôture énonce les mesures correctives, "
        "la fiche doit donc en compter au moins une (description, due, owner)"
    )
    assert str(error).startswith(f"{FR}{NBSP}: la fiche d’incident comporte un problème{NBSP}:")


def test_a_closing_note_without_a_gesture_for_an_important_incident() -> None:
    record = excuses.load_record(FR)
    record = replace(record, resolution=replace(_resolution(record), gesture=None))
    assert problem(refused(record, "closing")) == (
        f"resolution.gesture: manquant{NNBSP}; la note de clôture d’un incident important "
        "propose un geste commercial à sa mesure (kind, description, et un montant avec sa "
        "devise s’il en a un)"
    )


def test_an_apology_without_a_plan() -> None:
    record = replace(excuses.load_record(FR), actions=())
    assert problem(refused(record, "apology")) == (
        f"actions: vide{NNBSP}; le message «{NBSP}excuses{NBSP}» énonce le plan d’action, la "
        "fiche doit donc compter au moins une action (description, owner, due)"
    )


def test_a_closing_note_without_a_resolution() -> None:
    record = replace(excuses.load_record(FR), resolution=None)
    assert problem(refused(record, "closing")) == (
        f"resolution: manquant{NNBSP}; le message «{NBSP}note de clôture{NBSP}» en a besoin "
        "(resolved_at, summary, root_cause, detection_gap, measures)"
    )


def test_a_closing_note_before_the_resolution() -> None:
    record = excuses.load_record(FR)
    now = _resolution(record).resolved_at.replace(year=2026, day=1, month=11)
    with pytest.raises(RecordError) as caught:
        stage_context(record, Stage.CLOSING, now)
    assert problem(caught.value).startswith(
        f"resolution.resolved_at: {_resolution(record).resolved_at.isoformat(timespec='minutes')}"
        f" est postérieur au moment de la rédaction"
    )
    assert problem(caught.value).endswith(
        f"{NNBSP}; le message «{NBSP}note de clôture{NBSP}» raconte un incident résolu, "
        "rédigez-le donc une fois l’incident résolu"
    )


def test_an_english_record_is_still_told_in_english() -> None:
    record = excuses.load_record(EN)
    record = replace(record, resolution=replace(_resolution(record), measures=()))
    error = refused(record, "closing")
    assert error.language == "en"
    assert problem(error) == (
        "resolution.measures: empty; the closing note states the corrective measures, so the "
        "record needs at least one (description, due, owner)"
    )


def test_a_client_locale_of_the_other_language() -> None:
    record = excuses.load_record(FR)
    record = replace(record, client=replace(record.client, locale="en-GB"))
    assert problem(refused(record, "acknowledgement")) == (
        f"client.locale: doit être une étiquette fr-XX comme fr-FR ou fr-CA, et non "
        f"«{NBSP}en-GB{NBSP}»"
    )


def test_nothing_left_to_draft(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from excuses import timeline
    from excuses.drafting import next_stage

    monkeypatch.setattr(
        timeline, "build_timeline", lambda *a, **k: SimpleNamespace(next_stage=None)
    )
    with pytest.raises(RecordError) as caught:
        next_stage(excuses.load_record(FR), LATER)
    assert problem(caught.value) == (
        f": toutes les étapes ont déjà été envoyées{NNBSP}; indiquez celle à rédiger avec --stage"
    )
    with pytest.raises(RecordError, match="every stage has already been sent"):
        next_stage(excuses.load_record(EN), LATER)


@pytest.mark.parametrize(
    ("path", "label"),
    [
        (FR, f"excuses: avertissement{NBSP}: acknowledgement{NBSP}: l’incident a été résolu"),
        (EN, "excuses: warning: acknowledgement: the incident was resolved"),
    ],
)
def test_the_cli_labels_a_drafts_warnings_in_its_language(path: Path, label: str) -> None:
    import subprocess
    import sys

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "excuses",
            "draft",
            str(path),
            "--stage",
            "acknowledgement",
            "--now",
            "2026-11-26T09:00",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 0
    assert run.stderr.startswith(label)
