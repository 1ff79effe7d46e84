"""``excuses plan``: the timeline table, its JSON twin, and clear errors."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from excuses import load_record
from excuses.cli import main
from excuses.cli._plan import when

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))
LATE_DELIVERY = next(p for p in EXAMPLES if p.name == "late-delivery.en.yaml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["plan", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_flags_its_missed_commitment(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = load_record(path)
    late = [c for c in record.commitments if c.delivered_at and c.delivered_at > c.due]
    assert len(late) == 1, "each example tells of one commitment delivered late"
    for extra in ([], ["--now", "2026-11-30T09:00"]):
        code, out, err = run(capsys, str(path), *extra)
        assert (code, err) == (0, "")
        french = record.language == "fr"
        # The table speaks the record's language.
        assert ("Engagements manqués (" if french else "Missed commitments (") in out
        flagged = [line for line in out.splitlines() if line.startswith("  ! ")]
        late_word = "de retard" if french else "late"
        quoted = f"«\u00a0{late[0].promise}\u00a0»" if french else f'"{late[0].promise}"'
        assert any(quoted in line and late_word in line for line in flagged), out
        row = next(line for line in out.splitlines() if late[0].promise in line)
        assert row.startswith("! ")
        assert ("manqué (" if french else "missed (") in row


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(LATE_DELIVERY), "--now", "2026-11-24T18:00")
    assert code == 0
    assert out == (
        "INC-2026-0142 · Order 4471 arrived late and incomplete · important\n"
        "Times in the client's zone, Europe/London; now Tue 24 Nov 2026 18:00\n"
        "\n"
        "  When (Europe/London)  Stage            What                                Status\n"
        "  Mon 23 Nov 10:02      -                reported by the client (important)  done\n"
        "  Mon 23 Nov 18:00      acknowledgement  call you back with an action plan   kept\n"
        "! Tue 24 Nov 12:00      apology          deliver the three missing items     "
        "missed (4h15m late)\n"
        "  Tue 24 Nov 17:00      update           update sent                         done\n"
        "  Tue 24 Nov 17:00      apology          send you a progress update          kept\n"
        "  Wed 25 Nov 12:00      update           next progress update                upcoming\n"
        "\n"
        "Next: update due Wed 25 Nov 12:00\n"
        "Missed commitments (1):\n"
        '  ! "deliver the three missing items" (apology): due Tue 24 Nov 12:00, '
        "delivered Tue 24 Nov 16:15, 4h15m late\n"
    )


def test_table_marks_what_is_overdue(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, str(LATE_DELIVERY), "--now", "2026-11-24T13:00+00:00")
    assert "! Tue 24 Nov 12:00      apology          deliver the three missing items" in out
    assert "overdue (1h late)" in out
    assert (
        '  ! "deliver the three missing items" (apology): due Tue 24 Nov 12:00, '
        "not delivered, overdue by 1h"
    ) in out
    assert "The last promise was missed: the next message must say so" in out
    # The apology promised the update for 17:00, as a commitment of its own.
    assert "Next: update due Tue 24 Nov 17:00\n" in out


def test_now_in_another_zone_is_read_in_the_client_zone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, str(LATE_DELIVERY), "--now", "2026-11-24T19:00+01:00")
    assert "now Tue 24 Nov 2026 18:00" in out


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(LATE_DELIVERY), "--now", "2026-11-24T18:00", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["incident"] == "INC-2026-0142"
    assert data["timezone"] == "Europe/London"
    assert data["now"] == "2026-11-24T18:00:00+00:00"
    assert (data["next_stage"], data["next_due"]) == ("update", "2026-11-25T12:00:00+00:00")
    assert data["missed"] == [
        {
            "promise": "deliver the three missing items",
            "due": "2026-11-24T12:00:00+00:00",
            "delivered_at": "2026-11-24T16:15:00+00:00",
            "stage": "apology",
            "delivered": True,
            "late_by": "PT4H15M",
            "late_by_minutes": 255,
        }
    ]
    # The update sent at 17:00 owned up to the late delivery: it is settled.
    assert data["last_promise_missed"] is None
    assert data["overdue"] == []


def test_sent_log_beside_the_incident_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incident = tmp_path / LATE_DELIVERY.name
    shutil.copy(LATE_DELIVERY, incident)
    entries = [
        {
            "v": 1,
            "message_id": "<closing@example.com>",
            "sent_at": "2026-11-25T11:30:00+00:00",
            "recipients": ["client@example.com"],
            "stage": "closing",
            "incident_id": "INC-2026-0142",
        },
        {
            "v": 1,
            "message_id": "<other@example.com>",
            "sent_at": "2026-11-25T11:40:00+00:00",
            "recipients": ["someone@example.com"],
            "stage": "closing",
            "incident_id": "INC-OTHER",
        },
    ]
    log = tmp_path / "late-delivery.en.sent.jsonl"
    log.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    _, out, _ = run(capsys, str(incident), "--now", "2026-11-26T09:00")
    assert "Next: nothing; the closing note has been sent\n" in out
    assert "closing sent to client@example.com" in out
    assert "someone@example.com" not in out


def test_a_torn_sent_log_line_is_a_one_line_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.sent.jsonl"
    log.write_text('{"message_id": "<a@b>", "sent_at": "2026-11-2', encoding="utf-8")
    code, out, err = run(capsys, str(LATE_DELIVERY), "--sent-log", str(log))
    assert code == 0
    assert "Missed commitments (1):" in out
    assert err == (
        f"excuses: warning: {log}: line 1: skipped an incomplete entry (a write cut short, "
        """e.g. by a crash): '{"message_id": "<a@b>", "sent_at": "2026-11-2'\n"""
    )


def test_record_text_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = LATE_DELIVERY.read_text(encoding="utf-8").replace(
        "promise: deliver the three missing items",
        'promise: "deliver the \\x1b[2Jthree missing items"',
    )
    incident = tmp_path / "incident.yaml"
    incident.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, str(incident), "--now", "2026-11-24T18:00")
    # Refused where it is read, with its place: it never reaches the plan or the terminal.
    assert (code, out) == (2, "")
    assert "\x1b" not in err
    assert "promise: holds the control character \\x1b at character 13; remove it" in err


def test_missing_sent_log_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(LATE_DELIVERY), "--sent-log", "absent.sent.jsonl")
    assert (code, out) == (2, "")
    assert err == "excuses: error: absent.sent.jsonl: no such sent-log; check the --sent-log path\n"


def test_bad_now_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["plan", str(LATE_DELIVERY), "--now", "tomorrow at noon"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith(
        "excuses plan: error: argument --now: expected an ISO date-time like "
        "2026-11-24T18:00 or 2026-11-24T18:00+01:00, got 'tomorrow at noon'\n"
    )


def test_missing_incident_is_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "absent.yaml")
    assert (code, out) == (2, "")
    assert err == (
        "excuses: error: absent.yaml: the incident record has 1 problem:\n"
        "  (top level): no such file\n"
    )


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 12, 2, 9, 5), "Wed 2 Dec 09:05"),
        (datetime(2026, 12, 10, 9, 5), "Thu 10 Dec 09:05"),
    ],
)
def test_a_day_below_ten_is_not_padded_with_a_second_space(moment: datetime, shown: str) -> None:
    # "Wed  2 Dec" split the table's columns, which are separated by two spaces.
    assert when(moment) == shown


def test_a_french_record_gets_a_french_table(capsys: pytest.CaptureFixture[str]) -> None:
    path = LATE_DELIVERY.parent / "livraison-en-retard.fr.yaml"
    code, out, _ = run(capsys, str(path), "--now", "2026-11-24T18:00")
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == (
        "Heures dans le fuseau du client, Europe/Paris\u202f; maintenant mar. 24 nov. 2026 18:00"
    )
    assert lines[3].split() == ["Quand", "(Europe/Paris)", "Message", "Quoi", "État"]
    assert "  lun. 23 nov. 18:00    accusé de réception" in out
    assert "Suivant\u00a0: point d’avancement à envoyer au plus tard le mer. 25 nov. 12:00" in out
    assert "Engagements manqués (1)\u00a0:" in out
    for english in ("Missed commitments", "Next:", "upcoming", "Mon 23 Nov"):
        assert english not in out
