"""The variants each stage must handle: who found it, missed promises, slips, no progress."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from excuses import Commitment, Criticality, RecordError, Stage, draft, load_record
from excuses.record import IncidentRecord

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FR = EXAMPLES / "livraison-en-retard.fr.yaml"
EN = EXAMPLES / "late-delivery.en.yaml"


REPORT = datetime(2026, 11, 23, 10, 30)


def flat(text: str) -> str:
    # Only wrapping is undone: the no-break spaces of French typography stay; the
    # typographic apostrophe of French drafts is read as the straight one typed here.
    return re.sub(r"[ \n]+", " ", text).replace("\u2019", "'")


def slipped(path: Path, slips: int) -> tuple[IncidentRecord, datetime]:
    """The example with ``slips`` delivery promises kept late, and no update sent yet."""
    record = load_record(path)
    start = record.incident.reported_at
    promises = tuple(
        Commitment(
            promise="livrer les références manquantes" if record.language == "fr" else "deliver",
            due=start + timedelta(hours=2 * n + 1),
            delivered_at=start + timedelta(hours=2 * n + 2),
            stage=Stage.APOLOGY,
        )
        for n in range(slips)
    )
    # The example's late order counts as a slip of its own; these stories count from zero.
    incident = dataclasses.replace(record.incident, broken_promise=False)
    record = dataclasses.replace(
        record, incident=incident, commitments=promises, updates=(), resolution=None
    )
    return record, start + timedelta(hours=2 * slips + 1)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            FR,
            "C'est la troisième fois que nous manquons une date que nous vous avions donnée. "
            "Ce n'est pas acceptable\u00a0: c'est notre organisation sur ce dossier qui doit "
            "être revue",
        ),
        (
            EN,
            "This is the third time we have missed a date we gave you. That is not acceptable: "
            "it is the way we have organised this work that needs to change",
        ),
    ],
)
def test_a_third_slip_escalates_the_wording(path: Path, expected: str) -> None:
    record, now = slipped(path, 3)
    item = draft(record, Stage.UPDATE, now=now)
    assert expected in flat(item.text)
    assert len(item.facts["missed"]) == 3


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (FR, "C'est la deuxième fois que nous manquons une date que nous vous avions donnée."),
        (EN, "This is the second time we have missed a date we gave you."),
    ],
)
def test_a_second_slip_is_named_as_such(path: Path, expected: str) -> None:
    record, now = slipped(path, 2)
    assert expected in flat(draft(record, Stage.UPDATE, now=now).text)


@pytest.mark.parametrize(
    ("path", "apology"),
    [
        (FR, "et nous n'avons pas tenu cet engagement : nous ne l'avons fait que le"),
        (EN, "and we did not keep that promise: we only did so on"),
    ],
)
def test_one_missed_promise_is_admitted_and_apologised_for(path: Path, apology: str) -> None:
    record, now = slipped(path, 1)
    text = flat(draft(record, Stage.UPDATE, now=now).text).replace("\u00a0", " ")
    assert apology in text
    assert "troisième" not in text and "second time" not in text


def test_a_promise_still_not_kept_is_said_so() -> None:
    record, now = slipped(FR, 1)
    late = dataclasses.replace(record.commitments[0], delivered_at=None)
    record = dataclasses.replace(record, commitments=(late,))
    text = flat(draft(record, Stage.UPDATE, now=now).text)
    assert "et nous n'avons pas tenu cet engagement\u00a0: ce n'est pas encore fait." in text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            FR,
            "Nous n'avons pas encore de résultat à vous annoncer depuis notre dernier message. "
            "Nous préférons vous le dire plutôt que de vous laisser sans nouvelles.",
        ),
        (
            EN,
            "We do not have any results to report since our last message yet. We would rather "
            "tell you that than leave you without news.",
        ),
    ],
)
def test_no_progress_is_still_reported(path: Path, expected: str) -> None:
    record = load_record(path)
    actions = tuple(dataclasses.replace(a, done=False, done_at=None) for a in record.actions)
    record = dataclasses.replace(record, actions=actions, updates=(), commitments=())
    now = record.incident.reported_at + timedelta(hours=5)
    item = draft(record, Stage.UPDATE, now=now)
    assert expected in flat(item.text)
    assert "next_update_at" in item.facts


def test_client_found_without_questions_gets_sensible_defaults() -> None:
    record = load_record(FR)
    incident = dataclasses.replace(
        record.incident,
        questions=(),
        symptoms=(),
        already_tried=(),
        what_happened="Le site de commande en ligne ne répond plus.",
    )
    item = draft(dataclasses.replace(record, incident=incident), Stage.ACKNOWLEDGEMENT, now=REPORT)
    text = flat(item.text)
    assert "- Depuis quand constatez-vous le problème\u202f?" in text
    # Nothing presumes the kind of problem (no "quantities" for a website that is down).
    assert "- Que constatez-vous exactement, et à quel endroit\u202f?" in text
    assert "quantités" not in text
    assert "- Qu'avez-vous déjà essayé ou entrepris de votre côté\u202f?" in text
    assert "interlocuteur direct" not in text


def test_defaults_do_not_ask_what_the_record_already_says() -> None:
    record = load_record(EN)
    incident = dataclasses.replace(record.incident, questions=())
    text = flat(
        draft(dataclasses.replace(record, incident=incident), "acknowledgement", now=REPORT).text
    )
    # The record says the order arrived "on 20 November": no "since when?".
    assert "When did you first notice the problem?" not in text
    assert "could you tell us" not in text  # nothing is left to ask: no empty list either
    assert "What exactly are you seeing" not in text  # the symptoms are in the record
    assert "What have you already tried" not in text  # so is the claim already opened


def test_the_manager_who_learns_it_from_the_client_speaks_for_the_team() -> None:
    text = flat(draft(FR, Stage.ACKNOWLEDGEMENT, now=REPORT).text)
    assert "vous n'auriez pas dû avoir à nous relancer" in text
    assert "Je suis désormais votre interlocuteur direct pour ce dossier" in text  # masculine
    for reflex in ("pas au courant", "service client qui", "attendez"):
        assert reflex not in text


@pytest.mark.parametrize("path", [FR, EN], ids=["fr", "en"])
def test_annoying_incident_without_gesture_claims_no_priority(path: Path) -> None:
    record = load_record(path)
    assert record.resolution is not None
    resolution = dataclasses.replace(record.resolution, gesture=None)
    incident = dataclasses.replace(record.incident, criticality=Criticality.ANNOYING)
    record = dataclasses.replace(record, resolution=resolution, incident=incident)
    item = draft(record, Stage.CLOSING, now=resolution.resolved_at)
    text = flat(item.text)
    # No field says the request was handled as a priority: the closing note does not claim it.
    for claim in ("priorité", "urgence", "priority", "urgency"):
        assert claim not in text
    # The warning is for whoever drafts the record, in its language.
    assert item.warnings == (
        (
            "le dossier ne prévoit aucun geste commercial\u00a0: la note de clôture n’en "
            "propose pas (pour un incident gênant, `priority-handling` en est un)"
        )
        if record.language == "fr"
        else (
            "the record offers no goodwill gesture: the closing note offers none (for an "
            "annoying incident, `priority-handling` is one)"
        ),
    )


def test_an_important_incident_needs_a_gesture_to_close() -> None:
    # The English message; a French record's is French (test_stage_refusals_fr.py).
    record = load_record(EN)
    assert record.resolution is not None
    record = dataclasses.replace(
        record, resolution=dataclasses.replace(record.resolution, gesture=None)
    )
    with pytest.raises(RecordError) as caught:
        draft(record, Stage.CLOSING)
    assert str(caught.value) == (
        f"{EN}: the incident record has 1 problem:\n"
        "  resolution.gesture: missing; the closing note of an important incident offers a "
        "goodwill gesture scaled to it (kind, description, and an amount with its currency "
        "when it has one)"
    )


def test_an_apology_needs_a_plan() -> None:
    record = dataclasses.replace(load_record(EN), actions=())
    with pytest.raises(RecordError, match=r"actions: empty; the apology states the action plan"):
        draft(record, Stage.APOLOGY)


def test_a_satisfied_client_is_thanked_and_still_invited_to_reply() -> None:
    record = load_record(EN)
    assert record.resolution is not None
    done = dataclasses.replace(record.resolution, client_satisfied=True)
    text = flat(draft(dataclasses.replace(record, resolution=done), Stage.CLOSING).text)
    assert "You have told us that the solution works for you" in text
    assert "just reply to this email" in text


@pytest.mark.parametrize(
    ("gender", "wording", "unsaid"),
    [
        ("feminine", "Je suis désormais votre interlocutrice directe pour ce dossier", "teur"),
        ("masculine", "Je suis désormais votre interlocuteur direct pour ce dossier", "trice"),
        (
            None,
            "C'est désormais à moi que vous vous adressez directement pour ce dossier",
            "interloc",
        ),
        ("neutral", "C'est désormais à moi que vous vous adressez directement", "interloc"),
    ],
)
def test_the_sender_speaks_of_themself_in_their_grammatical_gender(
    gender: str | None, wording: str, unsaid: str
) -> None:
    record = load_record(FR)
    record = dataclasses.replace(record, sender=dataclasses.replace(record.sender, gender=gender))
    item = draft(record, Stage.ACKNOWLEDGEMENT, now=REPORT)
    for text in (flat(item.text), flat(item.html)):
        assert wording in text
        assert unsaid not in text


def test_a_record_that_dates_nothing_asks_since_when_in_english() -> None:
    record = load_record(EN)
    incident = dataclasses.replace(
        record.incident, questions=(), what_happened="Our website is down.", symptoms=()
    )
    text = flat(
        draft(dataclasses.replace(record, incident=incident), "acknowledgement", now=REPORT).text
    )
    assert "- When did you first notice the problem?" in text
    assert "- What exactly are you seeing, and where?" in text


@pytest.mark.parametrize(
    ("criticality", "phrase"),
    [("critical", "of a critical incident"), ("important", "of an important incident")],
)
def test_the_missing_gesture_error_uses_the_right_article(criticality: str, phrase: str) -> None:
    record = load_record(EN)
    assert record.resolution is not None
    resolution = dataclasses.replace(record.resolution, gesture=None)
    incident = dataclasses.replace(record.incident, criticality=Criticality(criticality))
    record = dataclasses.replace(record, resolution=resolution, incident=incident)
    with pytest.raises(RecordError, match=phrase):
        draft(record, Stage.CLOSING, now=record.resolution.resolved_at)
