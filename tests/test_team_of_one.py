"""A team of one: the sender alone works on the incident, and says "I", not "our team"."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import excuses
from excuses import FoundBy, IncidentRecord

ROOT = Path(__file__).resolve().parents[1]
EDGE = ROOT / "tests" / "edge"


def _acknowledgement(record: IncidentRecord) -> excuses.DraftedMessage:
    return excuses.draft(record, "acknowledgement", now=record.incident.reported_at)


def _flat(text: str) -> str:
    """The text with its line breaks (wrapped at 72 columns) read as spaces."""
    return " ".join(text.split())


def _found_by_us(record: IncidentRecord) -> IncidentRecord:
    return replace(record, incident=replace(record.incident, found_by=FoundBy.US))


@pytest.mark.parametrize(
    ("name", "says", "never"),
    [
        (
            "nuit-samedi.fr.yaml",
            "J’étudie le problème dès maintenant. Je reviendrai vers vous",
            "Notre équipe",
        ),
        (
            "montreal.fr.yaml",
            "J’étudie le problème dès maintenant. Je reviendrai vers vous",
            "Notre équipe",
        ),
        ("toronto.en.yaml", "I am looking into it right now. I will get back to you", "Our team"),
    ],
)
def test_a_team_of_one_speaks_in_the_first_person_singular(
    name: str, says: str, never: str
) -> None:
    record = excuses.load_record(EDGE / name)
    message = _acknowledgement(record)
    assert says in _flat(message.text)
    assert never not in message.text
    assert never not in message.html
    assert "mon analyse" in _flat(message.text) or "my findings" in _flat(message.text)
    assert "Je le prends en charge." in message.text or "I am on it." in message.text


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("nuit-samedi.fr.yaml", "J’y travaille dès maintenant. Je reviendrai vers vous"),
        ("toronto.en.yaml", "I am working on it right now. I will get back to you"),
    ],
)
def test_a_team_of_one_that_found_the_problem_itself_says_i_too(name: str, says: str) -> None:
    message = _acknowledgement(_found_by_us(excuses.load_record(EDGE / name)))
    assert says in _flat(message.text)
    assert "\n\nSi vous avez remarqué" in message.text or "\n\nIf you have noticed" in message.text
    assert "équipe" not in message.text
    assert "team" not in message.text


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("geneve.fr.yaml", "Notre équipe étudie le problème dès maintenant. Nous reviendrons"),
        ("tokyo.en.yaml", "Our team is working on it right now. We will get back to you"),
    ],
)
def test_a_team_still_says_our_team(name: str, says: str) -> None:
    assert says in _flat(_acknowledgement(excuses.load_record(EDGE / name)).text)


def test_a_team_address_makes_a_team_even_with_one_member_listed() -> None:
    record = excuses.load_record(EDGE / "nuit-samedi.fr.yaml")
    record = replace(record, team_email="atelier@atelier-morel.example")
    assert "Notre équipe étudie le problème" in _flat(_acknowledgement(record).text)


def test_a_record_that_lists_no_team_keeps_our_team() -> None:
    record = excuses.load_record(EDGE / "nuit-samedi.fr.yaml")
    record = replace(record, team=())
    assert "Notre équipe étudie le problème" in _flat(_acknowledgement(record).text)


def test_the_debrief_of_a_team_of_one_is_not_addressed_to_a_team() -> None:
    record = excuses.load_record(EDGE / "nuit-samedi.fr.yaml")
    assert record.resolution is not None
    debrief = excuses.draft(record, "debrief", now=record.resolution.resolved_at)
    assert "Document interne." in debrief.html
    assert "à l’équipe" not in debrief.html
