"""Nine ways the drafts of one incident used to contradict each other or the record."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from excuses import (
    Action,
    Criticality,
    FoundBy,
    RecordError,
    Stage,
    TeamMember,
    draft,
    load_record,
    parse_record,
)
from excuses.stages import sending_moment

ROOT = Path(__file__).resolve().parents[1]
FR = ROOT / "examples" / "livraison-en-retard.fr.yaml"
EN = ROOT / "examples" / "late-delivery.en.yaml"
FOUND_BY_US = ROOT / "examples" / "factures-en-double.fr.yaml"
PARIS = ZoneInfo("Europe/Paris")


def flat(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def test_1_a_step_done_the_next_day_is_not_done_in_the_apology() -> None:
    text = flat(draft(FR, Stage.APOLOGY, now=at("2026-11-23T16:30")).text)
    step = text.split("Livrer les trois références par coursier")[1].split("3. ")[0]
    assert "Fait" not in step
    assert "Échéance : demain, mardi 24 novembre à 12 h 00" in step


def test_2_the_update_names_the_promise_really_missed() -> None:
    item = draft(FR, Stage.UPDATE, now=at("2026-11-24T13:00"))
    text = flat(item.text)
    assert "n'est toujours pas fait" not in text
    assert "prochain point d'avancement pour" not in text
    assert (
        "Nous nous étions engagés à livrer les trois références manquantes pour le mardi "
        "24 novembre à 12 h 00, et nous n'avons pas tenu cet engagement : ce n'est pas encore "
        "fait." in text
    )


@pytest.mark.parametrize(
    ("path", "said"),
    [
        (FR, "Prochain point : nous vous écrirons avant 12 h 00 demain, mercredi 25 novembre"),
        (EN, "Next update: we will write to you again by noon tomorrow, Wednesday 25 November"),
    ],
)
def test_3_the_update_promises_what_the_record_says_it_promised(path: Path, said: str) -> None:
    record = load_record(path)
    item = draft(record, Stage.UPDATE, now=record.updates[0].sent_at)
    assert item.facts["next_update_at"] == record.updates[0].next_update_at
    assert said in flat(item.text)


@pytest.mark.parametrize("path", [FR, EN], ids=["fr", "en"])
def test_4_an_overdue_step_says_it_is_late_and_gives_its_new_time(path: Path) -> None:
    record = load_record(path)
    zone = ZoneInfo(record.client.timezone)
    late = Action(
        "rappeler le transporteur" if record.language == "fr" else "call the carrier back",
        "Cyril",
        datetime(2026, 11, 29, 0, 30, tzinfo=zone),
        new_due=datetime(2026, 11, 29, 9, 0, tzinfo=zone),
    )
    record = dataclasses.replace(record, actions=(late,), resolution=None)
    text = flat(draft(record, Stage.UPDATE, now=datetime(2026, 11, 29, 0, 40, tzinfo=zone)).text)
    if record.language == "fr":
        assert "Échéance : aujourd'hui" not in text
        assert (
            "En retard : prévu pour le dimanche 29 novembre à 0 h 30 ; nouvelle échéance "
            "avant 9 h 00 aujourd'hui, dimanche 29 novembre." in text
        )
    else:
        assert "Due yesterday" not in text and "Due today" not in text
        assert "Late: it was due Sunday 29 November at 12:30 a.m.; new time: by 9:00 a.m." in text


def test_5_a_slip_is_named_once_and_a_second_slip_as_a_second() -> None:
    first = draft(FR, Stage.UPDATE, now=at("2026-11-24T17:00"))
    text = flat(first.text)
    # The late order was the first broken promise: the late delivery is the second.
    assert "C'est la deuxième fois que nous manquons une date" in text
    assert "c'est notre façon de nous organiser qui est en cause" in text
    # On time itself, it apologises for the delivery, not for being late.
    assert first.subject.startswith("Avancement, excuses\u00a0: ")
    own = draft(FOUND_BY_US, Stage.UPDATE, now=at("2026-11-23T12:55"))
    assert own.subject.startswith("Point en retard, excuses\u00a0: ")
    assert "Ce point d’avancement vous parvient avec 25\u00a0minutes de retard" in own.text
    later = draft(FR, Stage.UPDATE, now=at("2026-11-25T10:00"))
    assert "excuses" not in later.subject
    assert "nous n'avons pas tenu" not in flat(later.text)
    assert "Nous vous présentons nos excuses" not in later.text


def test_6_no_stage_is_drafted_at_the_clock_and_a_late_one_says_so() -> None:
    record = load_record(FR)
    # --all-stages reads each moment from the record's history: never today.
    assert all(sending_moment(record, stage) is not None for stage in Stage)
    bare = dataclasses.replace(record, updates=(), commitments=())
    assert sending_moment(bare, Stage.UPDATE) == at("2026-11-24T18:00")
    late_ack = draft(
        dataclasses.replace(record, resolution=None, commitments=(), updates=()),
        Stage.ACKNOWLEDGEMENT,
        now=at("2026-12-02T09:00"),
    )
    assert late_ack.facts["answer_by"] > at("2026-12-02T09:00")
    assert any("rien n’était parti" in w for w in late_ack.warnings)
    after = draft(FR, Stage.UPDATE, now=at("2026-11-29T10:00"))
    assert after.warnings[0].startswith("l’incident a été résolu le 2026-11-25T11:00+01:00")
    assert "estimated_recovery" not in after.facts


def test_7_impossible_orders_are_refused_and_a_resolved_incident_is_not_acknowledged() -> None:
    text = FR.read_text(encoding="utf-8").replace(
        "resolved_at: 2026-11-25T11:00", "resolved_at: 2026-11-22T11:00"
    )
    with pytest.raises(RecordError) as caught:
        parse_record(text, filename="incident.yaml")
    assert (
        "resolution.resolved_at\u00a0: 2026-11-22T11:00+01:00 est antérieur au signalement "
        "de l’incident"
    ) in str(caught.value)
    item = draft(FR, Stage.ACKNOWLEDGEMENT, now=at("2026-11-26T09:00"))
    assert item.date == at("2026-11-23T10:02")
    assert "rédigé à la date du signalement" in item.warnings[0]


@pytest.mark.parametrize("path", [FR, FOUND_BY_US], ids=["client", "us"])
def test_8_the_debrief_is_an_internal_document(path: Path) -> None:
    record = load_record(path)
    assert record.resolution is not None
    item = draft(record, Stage.DEBRIEF, now=record.resolution.resolved_at)
    text = flat(item.text)
    assert "sans recherche de coupable" in text and "sans reproche" not in text
    for second_person in ("vous a été livrée", "Vos deux boutiques", "votre compte"):
        assert second_person not in text
    assert record.client.email not in {a for _, a in item.recipients()}
    assert record.sender.email not in {a for _, a in item.recipients()}
    if record.incident.found_by is FoundBy.CLIENT:
        assert "Pourquoi ne l'avons-nous pas détecté avant le client ?" in text
    else:
        assert "Qu'est-ce qui a laissé passer l'erreur ?" in text
        assert "personne ne l'a détecté" not in text
    alone = dataclasses.replace(
        record,
        team=(TeamMember(record.sender.name),),
        team_email=None,
        resolution=dataclasses.replace(record.resolution, measures=()),
    )
    solo = flat(draft(alone, Stage.DEBRIEF, now=record.resolution.resolved_at).text)
    assert "réunion d'équipe" not in solo and "Merci à chacun" not in solo
    assert "Chacun a travaillé" not in solo


def test_9_a_closing_note_claims_no_priority_the_record_does_not_hold() -> None:
    record = load_record(FOUND_BY_US)
    assert record.resolution is not None
    record = dataclasses.replace(
        record,
        incident=dataclasses.replace(record.incident, criticality=Criticality.ANNOYING),
        resolution=dataclasses.replace(record.resolution, gesture=None),
    )
    text = flat(draft(record, Stage.CLOSING, now=record.resolution.resolved_at).text)
    assert "en priorité" not in text and "même urgence qu'un incident critique" not in text


def test_an_old_record_with_done_and_no_time_drafts_and_says_the_time_is_unknown() -> None:
    text = (ROOT / "tests" / "records" / "old-done.fr.yaml").read_text(encoding="utf-8")
    record = parse_record(text)
    assert record.actions[0].done and record.actions[0].done_at is None
    item = draft(record, Stage.UPDATE, now=at("2026-11-24T10:00"))
    assert "Fait (la date n'a pas été consignée)." in flat(item.text)
    assert item.warnings == (
        "actions[0] est fait à une heure que personne n’a consignée (done: true, sans "
        "done_at)\u00a0: le brouillon le dit fait et précise que l’heure n’est pas "
        "connue\u202f; ajoutez done_at",
    )


def test_late_words() -> None:
    from excuses.story import late_words

    assert late_words(timedelta(minutes=30), "fr") == "30\u00a0minutes"
    assert late_words(timedelta(hours=4, minutes=15), "fr") == "4\u00a0heures et 15\u00a0minutes"
    assert late_words(timedelta(days=2, hours=3, minutes=5), "en") == "2 days and 3 hours"
    assert late_words(timedelta(hours=1), "en") == "1 hour"
