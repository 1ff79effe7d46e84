"""``excuses draft --all-stages``: each stage drafted when the record's history sends it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from excuses import Stage, load_record
from excuses.cli import main
from excuses.stages import sending_moment

ROOT = Path(__file__).resolve().parents[1]
PARIS = ZoneInfo("Europe/Paris")


def test_sending_moments_follow_the_record() -> None:
    record = load_record(ROOT / "examples" / "livraison-en-retard.fr.yaml")
    assert sending_moment(record, Stage.ACKNOWLEDGEMENT) == datetime(
        2026, 11, 23, 10, 2, tzinfo=PARIS
    )
    # The apology keeps the acknowledgement's promise: it goes out when that was delivered.
    assert sending_moment(record, Stage.APOLOGY) == datetime(2026, 11, 23, 16, 30, tzinfo=PARIS)
    assert sending_moment(record, Stage.UPDATE) == datetime(2026, 11, 24, 17, 0, tzinfo=PARIS)
    resolved = datetime(2026, 11, 25, 11, 0, tzinfo=PARIS)
    assert sending_moment(record, Stage.CLOSING) == resolved
    assert sending_moment(record, Stage.DEBRIEF) == resolved


def test_a_record_without_history_is_drafted_when_each_stage_falls_due() -> None:
    record = load_record(ROOT / "examples" / "livraison-en-retard.fr.yaml")
    bare = type(record)(
        language=record.language,
        client=record.client,
        sender=record.sender,
        incident=record.incident,
    )
    assert sending_moment(bare, Stage.ACKNOWLEDGEMENT) == record.incident.reported_at
    # Never the clock: the apology when the answer is due, the update one cadence later.
    assert sending_moment(bare, Stage.APOLOGY) == datetime(2026, 11, 23, 18, 0, tzinfo=PARIS)
    assert sending_moment(bare, Stage.UPDATE) == datetime(2026, 11, 24, 18, 0, tzinfo=PARIS)
    assert sending_moment(bare, Stage.CLOSING) is None
    assert sending_moment(bare, Stage.DEBRIEF) is None


def test_an_update_the_history_never_sent_is_not_drafted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (ROOT / "examples" / "livraison-en-retard.fr.yaml").read_text(encoding="utf-8")
    start = text.index("updates:")
    stop = text.index("resolution:")
    path = tmp_path / "resolved-at-once.fr.yaml"
    # Resolved the morning after the apology, before the promised update was due.
    story = text[:start] + text[stop:]
    story = story.replace("resolved_at: 2026-11-25T11:00", "resolved_at: 2026-11-24T10:00")
    path.write_text(story, encoding="utf-8")
    assert main(["draft", str(path), "--all-stages"]) == 0
    out = capsys.readouterr().out
    section = out.split("═══ ")[3]
    assert section.startswith("3/5 · update")
    assert (
        "(aucun point d'avancement\u00a0: l'incident a été résolu avant qu'il ne soit dû)"
        in section
    )


def test_all_stages_reads_as_the_story_of_the_incident(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(["draft", str(ROOT / "examples" / "livraison-en-retard.fr.yaml"), "--all-stages"]) == 0
    )
    out = capsys.readouterr().out
    sections = out.split("═══ ")
    assert [s.split(" ")[0] for s in sections[1:]] == [
        "1/5",
        "2/5",
        "3/5",
        "4/5",
        "5/5",
    ]
    ack, apology, update = sections[1], sections[2], sections[3]
    nbsp = "\u00a0"
    assert f"avant 18{nbsp}h{nbsp}00 aujourd\u2019hui, lundi 23{nbsp}novembre" in ack.replace(
        "\n", " "
    )
    assert "Nous avons fait une erreur" in apology
    # Drafted when the last update went out, it owns up to the promise kept late that day.
    assert "nous n\u2019avons pas tenu cet engagement" in update.replace("\n", " ")


def test_now_still_drafts_every_stage_at_one_moment(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "examples" / "livraison-en-retard.fr.yaml")
    assert main(["draft", path, "--all-stages", "--now", "2026-11-23T10:30"]) == 0
    out, err = capsys.readouterr()
    assert "nous n'avons pas tenu cet engagement" not in out.split("4/5")[0].replace("\n", " ")
    # The closing note and the debrief tell of a resolution that has not happened at 10:30.
    assert err.count("est rédigé à la date de la résolution") == 2
