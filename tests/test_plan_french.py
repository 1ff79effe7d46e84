"""A French record's timeline says what happened in French; its JSON keeps English labels."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from excuses import Criticality, FoundBy, SentMessage, Span, Stage, build_timeline
from excuses.cli import main
from excuses.cli._plan import how_long
from excuses.timeline_labels import (
    first_answer_due,
    next_update_due,
    reported,
    sent,
    span_text,
)
from test_deadlines import make_record

ROOT = Path(__file__).resolve().parents[1]
PARIS = ZoneInfo("Europe/Paris")
NBSP = "\u00a0"


def plan(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["plan", *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_the_what_column_of_a_french_table_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    out = plan(
        capsys, str(ROOT / "examples/livraison-en-retard.fr.yaml"), "--now", "2026-11-26T09:00"
    )
    assert out.splitlines()[3:11] == [
        "  Quand (Europe/Paris)  Message              Quoi                                    État",
        "  lun. 23 nov. 10:02    -                    signalé par le client (important)       fait",
        "  lun. 23 nov. 18:00    accusé de réception  vous rappeler avec un plan d'action     tenu",
        "! mar. 24 nov. 12:00    excuses              livrer les trois références manquantes  "
        "manqué (4\u00a0h\u00a015 de retard)",
        "  mar. 24 nov. 17:00    point d’avancement   point d’avancement envoyé               fait",
        "  mar. 24 nov. 17:00    excuses              vous faire un point d'avancement        tenu",
        "  mer. 25 nov. 11:00    -                    résolu                                  fait",
        "! mer. 25 nov. 12:00    clôture              note de clôture attendue                "
        "en retard (21\u00a0h de retard)",
    ]


def test_the_first_deadlines_of_a_french_table(capsys: pytest.CaptureFixture[str]) -> None:
    out = plan(capsys, str(ROOT / "docs/examples/minimal.fr.yaml"), "--now", "2026-11-23T10:30")
    assert out.splitlines()[3:7] == [
        " Quand (Europe/Paris)  Message              Quoi                                      "
        "État",
        " lun. 23 nov. 10:02    -                    signalé par le client (important)         "
        "fait",
        " lun. 23 nov. 11:15    accusé de réception  accusé de réception attendu (1 heure)     "
        "à venir",
        " lun. 23 nov. 18:00    excuses              réponse attendue (fin de journée ouvrée)  "
        "à venir",
    ]


def test_a_french_records_json_keeps_english_labels(capsys: pytest.CaptureFixture[str]) -> None:
    out = plan(
        capsys,
        str(ROOT / "docs/examples/minimal.fr.yaml"),
        "--now",
        "2026-11-23T10:30",
        "--format",
        "json",
    )
    entries = json.loads(out)["entries"]
    assert [(e["kind"], e["label"]) for e in entries] == [
        ("reported", "reported by the client (important)"),
        ("due", "acknowledgement due (1 hour)"),
        ("due", "answer due (end of business day)"),
    ]


def test_an_english_table_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    out = plan(capsys, str(ROOT / "examples/late-delivery.en.yaml"), "--now", "2026-11-26T09:00")
    assert "  Wed 25 Nov 11:00      -                resolved" in out
    assert "closing note due" in out
    assert "update sent" in out


def test_a_message_sent_to_a_recipient_in_french() -> None:
    record = make_record("2026-11-23T10:02", "critical", found_by="us")
    message = SentMessage(
        Stage.APOLOGY, datetime(2026, 11, 23, 10, 40, tzinfo=PARIS), recipient="claire@example.fr"
    )
    timeline = build_timeline(record, datetime(2026, 11, 23, 11, 0, tzinfo=PARIS), sent=[message])
    said = [(e.label, e.display_label) for e in timeline.entries[:2]]
    assert said == [
        ("found by us (critical)", "constaté par nos soins (critique)"),
        ("apology sent to claire@example.fr", "excuses envoyées à claire@example.fr"),
    ]


def test_an_english_record_needs_no_second_label() -> None:
    record = make_record("2026-11-23T10:02", language="en")
    timeline = build_timeline(record, datetime(2026, 11, 23, 10, 30, tzinfo=PARIS))
    assert [e.display_label for e in timeline.entries] == [e.label for e in timeline.entries]


@pytest.mark.parametrize(
    ("span", "french"),
    [
        ("1h", f"1{NBSP}heure"),
        ("2h", f"2{NBSP}heures"),
        ("30 minutes", f"30{NBSP}minutes"),
        ("1 business day", f"1{NBSP}jour ouvré"),
        ("3 business days", f"3{NBSP}jours ouvrés"),
        ("4 business hours", f"4{NBSP}heures ouvrées"),
        ("end of business day", "fin de journée ouvrée"),
    ],
)
def test_span_in_french(span: str, french: str) -> None:
    assert span_text(Span.parse(span), "fr") == french


@pytest.mark.parametrize(
    ("span", "french"),
    [
        ("1h", "point d’avancement attendu (toutes les heures)"),
        ("2h", f"point d’avancement attendu (toutes les 2{NBSP}heures)"),
        ("1 business day", "point d’avancement attendu (tous les jours ouvrés)"),
        ("2 days", f"point d’avancement attendu (tous les 2{NBSP}jours)"),
        ("end of business day", "point d’avancement attendu (chaque fin de journée ouvrée)"),
    ],
)
def test_the_update_cadence_agrees_in_french(span: str, french: str) -> None:
    assert next_update_due(Span.parse(span), "fr") == french
    assert next_update_due(Span.parse(span), "en").startswith("next update due (every ")


def test_every_stage_sent_agrees_in_french() -> None:
    assert [sent(stage, None, "fr") for stage in Stage] == [
        "accusé de réception envoyé",
        "excuses envoyées",
        "point d’avancement envoyé",
        "note de clôture envoyée",
        "retour d’expérience envoyé",
    ]


def test_labels_set_by_the_record_and_found_by_us() -> None:
    assert first_answer_due(Stage.APOLOGY, None, "fr") == (
        "réponse attendue (échéance fixée par le dossier)"
    )
    assert reported(FoundBy.US, Criticality.ANNOYING, "fr") == "constaté par nos soins (gênant)"
    assert reported(FoundBy.CLIENT, Criticality.CRITICAL, "en") == (
        "reported by the client (critical)"
    )


def test_the_next_message_and_the_missed_promise_read_as_french(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = plan(
        capsys, str(ROOT / "examples/livraison-en-retard.fr.yaml"), "--now", "2026-11-26T09:00"
    )
    # « à envoyer » agrees with any stage: "clôture dû" did not.
    assert out.splitlines()[12:15] == [
        f"Suivant{NBSP}: note de clôture à envoyer au plus tard le mer. 25 nov. 12:00 "
        f"(en retard de 21{NBSP}h)",
        f"Engagements manqués (1){NBSP}:",
        f"  ! «{NBSP}livrer les trois références manquantes{NBSP}» (excuses){NBSP}: prévu le "
        f"mar. 24 nov. 12:00, tenu le mar. 24 nov. 16:15, 4{NBSP}h{NBSP}15 de retard",
    ]


@pytest.mark.parametrize(
    ("minutes", "english", "french"),
    [
        (0, "0m", "0 min"),
        (30, "30m", "30 min"),
        (60, "1h", "1 h"),
        (255, "4h15m", "4 h 15"),
        (1440, "1d", "1 j"),
        (1455, "1d15m", "1 j 15 min"),
        (7020, "4d21h", "4 j 21 h"),
    ],
)
def test_how_long_in_both_languages(minutes: int, english: str, french: str) -> None:
    delta = timedelta(minutes=minutes)
    assert how_long(delta) == english
    assert how_long(delta, "fr") == french.replace(" ", NBSP)
