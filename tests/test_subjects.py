"""Subjects: the stage first, within 78 characters, one topic per incident for threading."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from excuses import Stage, load_record
from excuses.record import IncidentRecord
from excuses.subjects import LONGEST_LABEL, SUBJECT_WIDTH, topic
from test_draft import EXAMPLES, drafted

CLIENT_STAGES = [s for s in Stage if s is not Stage.DEBRIEF]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_subject_opens_with_its_stage_and_ends_with_the_shared_topic(
    example: Path,
) -> None:
    record = load_record(example)
    items = [drafted(example, stage) for stage in Stage]
    topics = {item.thread_topic for item in items}
    assert len(topics) == 1
    shared = topics.pop()
    assert shared.endswith(f"({record.incident.id})")
    for item in items:
        assert item.subject.endswith(shared)
        label = item.subject[: -len(shared)]
        assert label and not label.startswith(record.incident.title[:10])
        assert len(label) <= len(LONGEST_LABEL[record.language])
        assert len(item.subject) <= SUBJECT_WIDTH, item.subject
        assert item.to_email()["Thread-Topic"] == shared


def _titled(example: Path, title: str, reference: str | None = None) -> IncidentRecord:
    record = load_record(example)
    incident = dataclasses.replace(record.incident, title=title, id=reference or record.incident.id)
    return dataclasses.replace(record, incident=incident)


def test_a_long_title_is_cut_at_a_word_and_the_reference_kept() -> None:
    record = _titled(
        EXAMPLES[2],
        "Order 4471 arrived a week late and incomplete at both of your shops in Leeds",
    )
    assert topic(record) == "Order 4471 arrived a week late… (INC-2026-0142)"


def test_a_title_that_fits_is_kept_whole() -> None:
    record = _titled(EXAMPLES[2], "Order 4471 arrived late")
    assert topic(record) == "Order 4471 arrived late (INC-2026-0142)"


def test_a_long_reference_is_never_cut() -> None:
    reference = "CASE-" + "7" * 60
    record = _titled(EXAMPLES[2], "Order 4471 arrived late and incomplete", reference)
    assert topic(record) == f"Order 4471 arrived late and incomplete ({reference})"


def test_french_subjects_put_no_capital_after_the_colon() -> None:
    record = _titled(EXAMPLES[3], "Commande en retard")
    assert topic(record) == "commande en retard (INC-2026-0142)"
    item = drafted(EXAMPLES[3], Stage.ACKNOWLEDGEMENT)
    assert item.subject.startswith("Votre signalement\u00a0: commande n°")


@pytest.mark.parametrize(
    "title", ["Onirio Distribution a livré en retard", "TVA mal calculée", "iPhone non livré"]
)
def test_names_and_acronyms_keep_their_capitals(title: str) -> None:
    record = _titled(EXAMPLES[3], title)
    assert topic(record).startswith(title[:4])


def test_english_titles_are_left_as_written() -> None:
    assert topic(_titled(EXAMPLES[2], "Late order")).startswith("Late order")
