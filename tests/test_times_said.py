"""Times said as people say them: rounded up to the quarter hour, at night, and around DST."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from excuses import Stage, draft
from excuses.business_time import in_zone
from excuses.deadlines import answer_deadline, next_update_deadline, round_up
from excuses.phrasing import say_datetime, say_deadline, say_time
from test_deadlines import make_record

PARIS = ZoneInfo("Europe/Paris")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def nb(text: str) -> str:
    return text.replace("~", "\u00a0")


@pytest.mark.parametrize(
    ("minute", "expected"),
    [(0, (10, 0)), (1, (10, 15)), (14, (10, 15)), (15, (10, 15)), (28, (10, 30)), (59, (11, 0))],
)
def test_round_up_to_the_quarter(minute: int, expected: tuple[int, int]) -> None:
    moment = datetime(2026, 11, 23, 10, minute, tzinfo=PARIS)
    rounded = round_up(moment)
    assert (rounded.hour, rounded.minute) == expected
    assert rounded >= moment and rounded - moment < timedelta(minutes=15)


def test_round_up_keeps_the_seconds_in_mind() -> None:
    assert round_up(datetime(2026, 11, 23, 10, 15, 1, tzinfo=PARIS)).minute == 30


def test_a_critical_report_at_6_28_is_answered_before_7_30() -> None:
    record = make_record("2026-11-23T06:28", "critical")
    deadline = answer_deadline(record)
    assert deadline.exact == datetime(2026, 11, 23, 7, 28, tzinfo=PARIS)
    assert deadline.at == datetime(2026, 11, 23, 7, 30, tzinfo=PARIS)
    now = datetime(2026, 11, 23, 6, 40, tzinfo=PARIS)
    assert say_deadline(deadline, language="fr", now=now) == nb(
        "dans l'heure, soit avant 7~h~30 aujourd'hui, lundi 23~novembre"
    )


def test_the_next_update_is_promised_on_a_quarter_too() -> None:
    record = make_record("2026-11-23T09:40", "critical")
    update = next_update_deadline(record, datetime(2026, 11, 23, 10, 25, tzinfo=PARIS))
    assert update.at == datetime(2026, 11, 23, 12, 30, tzinfo=PARIS)


def test_a_time_the_record_sets_is_kept_as_written() -> None:
    record = make_record("2026-11-23T10:02", policy={"answer_by": "2026-11-23T16:40"})
    assert answer_deadline(record).at == datetime(2026, 11, 23, 16, 40, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "dans l'heure, avant 0~h~15 cette nuit"),
        ("en_GB", "within the hour, by 12:15 a.m. tonight"),
    ],
)
def test_a_saturday_night_report_is_answered_tonight(language: str, expected: str) -> None:
    record = make_record("2026-11-28T23:10", "critical")
    now = datetime(2026, 11, 28, 23, 20, tzinfo=PARIS)
    assert say_deadline(answer_deadline(record), language=language, now=now) == nb(expected)


def test_a_night_deadline_reached_in_the_draft() -> None:
    record = make_record("2026-11-28T23:10", "critical")
    item = draft(record, Stage.ACKNOWLEDGEMENT, now=datetime(2026, 11, 28, 23, 20, tzinfo=PARIS))
    assert nb("dans l\u2019heure, avant 0~h~15 cette nuit") in item.text.replace("\n", " ")
    assert "demain" not in item.text


def test_after_midnight_the_same_night_is_still_tonight() -> None:
    record = make_record("2026-11-29T01:28", "critical", language="en")
    now = datetime(2026, 11, 29, 1, 35, tzinfo=PARIS)
    assert say_deadline(answer_deadline(record), language="en_US", now=now) == (
        "within the hour, by 2:30 a.m. tonight"
    )


def test_midnight_is_said_as_midnight() -> None:
    record = make_record("2026-11-28T23:00", "critical")
    now = datetime(2026, 11, 28, 23, 5, tzinfo=PARIS)
    deadline = answer_deadline(record)
    assert say_deadline(deadline, language="fr", now=now) == "dans l'heure, avant minuit ce soir"
    assert say_deadline(deadline, language="en_GB", now=now) == (
        "within the hour, by midnight tonight"
    )


def test_an_evening_deadline_the_next_morning_is_not_tonight() -> None:
    record = make_record("2026-11-23T18:30", "critical")
    moment = datetime(2026, 11, 24, 7, 0, tzinfo=PARIS)
    now = datetime(2026, 11, 23, 18, 40, tzinfo=PARIS)
    assert say_deadline(moment, language="fr", now=now) == nb(
        "avant 7~h~00 demain, mardi 24~novembre"
    )
    assert record.incident.criticality.value == "critical"


def test_the_repeated_hour_says_which_one_in_french() -> None:
    # 25 October 2026: at 3:00 summer time, Paris clocks go back to 2:00 winter time.
    record = make_record("2026-10-25T02:05+02:00", "critical")
    deadline = answer_deadline(record)
    assert deadline.at.strftime("%H:%M %Z") == "02:15 CET"
    now = in_zone(datetime(2026, 10, 25, 0, 10, tzinfo=ZoneInfo("UTC")), PARIS)
    assert say_deadline(deadline, language="fr", now=now) == nb(
        "dans l'heure, avant 2~h~15 cette nuit, heure d'hiver"
    )
    first = make_record("2026-10-25T01:20+02:00", "critical")
    assert say_deadline(answer_deadline(first), language="fr", now=now) == nb(
        "dans l'heure, avant 2~h~30 cette nuit, heure d'été"
    )


def test_the_repeated_hour_says_which_one_in_english() -> None:
    # 25 October 2026: at 2:00 BST, London clocks go back to 1:00 GMT.
    record = make_record("2026-10-25T01:05+01:00", "critical", timezone="Europe/London")
    now = in_zone(datetime(2026, 10, 25, 0, 10, tzinfo=ZoneInfo("UTC")), LONDON)
    assert say_deadline(answer_deadline(record), language="en_GB", now=now) == (
        "within the hour, by 1:15 a.m. GMT tonight"
    )
    # 1 November 2026 in New York: 2:00 EDT becomes 1:00 EST.
    second = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)
    assert say_time(second, language="en_US") == "1:30 a.m. EST"
    assert say_time(second.replace(fold=0), language="en_US") == "1:30 a.m. EDT"
    assert say_time(datetime(2026, 11, 1, 3, 30, tzinfo=NEW_YORK), language="en_US") == (
        "3:30 a.m."
    )


def test_a_record_time_in_the_spring_gap_is_written_as_the_clock_shows_it() -> None:
    # 29 March 2026: Paris clocks go from 2:00 straight to 3:00; 2:30 never happens.
    gap = datetime(2026, 3, 29, 2, 30, tzinfo=PARIS)
    assert say_datetime(gap, language="fr") == nb("dimanche 29~mars 2026 à 3~h~30")
    assert say_time(gap, language="en_GB") == "3:30 a.m."
