"""Answer deadlines and update cadence: every criticality in every calendar case, by hand."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excuses import IncidentRecord, Span, load_record
from excuses.deadlines import (
    Deadline,
    acknowledgement_deadline,
    answer_deadline,
    next_update_deadline,
    record_calendar,
    update_schedule,
)
from excuses.policy import DEFAULT_POLICY, Policy
from excuses.record import SpanUnit, TimeBasis


def make_record(
    reported_at: str,
    criticality: str = "important",
    *,
    timezone: str = "Europe/Paris",
    country: str = "FR",
    subdivision: str | None = None,
    language: str = "fr",
    found_by: str = "client",
    **extra: Any,
) -> IncidentRecord:
    """A minimal valid record; ``extra`` adds top-level fields (policy, updates, commitments)."""
    client: dict[str, Any] = {
        "organisation": "Maison Vasseur",
        "contact_name": "Madame Vasseur",
        "email": "claire@example.fr",
        "country": country,
        "timezone": timezone,
    }
    if subdivision is not None:
        client["subdivision"] = subdivision
    data: dict[str, Any] = {
        "language": language,
        "client": client,
        "sender": {
            "name": "Jérôme Labastie",
            "role": "Responsable",
            "organisation": "Onirio",
            "email": "jerome@example.com",
        },
        "incident": {
            "id": "INC-1",
            "title": "Commande en retard",
            "found_by": found_by,
            "reported_at": reported_at,
            "channel": "phone",
            "criticality": criticality,
            "what_happened": "La commande est arrivée en retard.",
            "impact": "Deux boutiques sans coffrets.",
        },
        **extra,
    }
    return load_record(data)


PARIS = {"timezone": "Europe/Paris", "country": "FR"}
LONDON = {"timezone": "Europe/London", "country": "GB", "subdivision": "ENG"}
NEW_YORK = {"timezone": "America/New_York", "country": "US", "subdivision": "NY"}
#: The client calendars of the tables: "in" is France (Paris), England (London), New York.
CALENDARS = {"FR": PARIS, "GB": LONDON, "NY": NEW_YORK}


def read_table(text: str) -> list[tuple[str, str, dict[str, str], str, str]]:
    """Rows of a hand-written table: case, level, client calendar, from, expected."""
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            case, level, where, start, expected = line.split()
            rows.append((case, level, CALENDARS[where], start, expected))
    return rows


# Each expected date-time was worked out by hand from the rules in excuses.policy.
ANSWER_TABLE = """
# case                             level      in  reported at             expected deadline
# Business hours, Monday 23 November 2026, Paris.
critical-business-hours            critical   FR  2026-11-23T10:02        2026-11-23T11:15+01:00
important-business-hours           important  FR  2026-11-23T10:02        2026-11-23T18:00+01:00
annoying-business-hours            annoying   FR  2026-11-23T10:02        2026-11-26T10:15+01:00
important-before-opening           important  FR  2026-11-23T07:30        2026-11-23T18:00+01:00
important-one-hour-left            important  FR  2026-11-23T17:00        2026-11-23T18:00+01:00
important-last-call                important  FR  2026-11-23T17:30        2026-11-24T18:00+01:00
# After hours.
critical-after-hours               critical   FR  2026-11-23T20:30        2026-11-23T21:30+01:00
important-after-hours              important  FR  2026-11-23T20:30        2026-11-24T18:00+01:00
annoying-after-hours               annoying   FR  2026-11-23T20:30        2026-11-26T18:00+01:00
critical-month-end                 critical   FR  2026-11-30T23:30        2026-12-01T00:30+01:00
# Friday evening.
critical-friday-evening            critical   FR  2026-11-27T17:30        2026-11-27T18:30+01:00
important-friday-evening           important  FR  2026-11-27T17:45        2026-11-30T18:00+01:00
annoying-friday-evening            annoying   FR  2026-11-27T17:45        2026-12-02T17:45+01:00
# Weekend.
critical-saturday                  critical   FR  2026-11-28T11:00        2026-11-28T12:00+01:00
important-sunday                   important  FR  2026-11-29T15:00        2026-11-30T18:00+01:00
annoying-saturday                  annoying   FR  2026-11-28T11:00        2026-12-02T18:00+01:00
# Public holidays in France (11 November, 14 July, 25 December) and their eves.
critical-11-november               critical   FR  2026-11-11T10:00        2026-11-11T11:00+01:00
important-11-november              important  FR  2026-11-11T10:00        2026-11-12T18:00+01:00
annoying-11-november               annoying   FR  2026-11-11T10:00        2026-11-16T18:00+01:00
critical-eve-11-november           critical   FR  2026-11-10T17:30        2026-11-10T18:30+01:00
important-eve-11-november          important  FR  2026-11-10T17:30        2026-11-12T18:00+01:00
annoying-eve-11-november           annoying   FR  2026-11-10T14:00        2026-11-16T14:00+01:00
important-eve-14-july              important  FR  2026-07-13T17:50        2026-07-15T18:00+02:00
important-24-december              important  FR  2026-12-24T17:45        2026-12-28T18:00+01:00
annoying-24-december               annoying   FR  2026-12-24T10:00        2026-12-30T10:00+01:00
important-25-december              important  FR  2026-12-25T10:00        2026-12-28T18:00+01:00
# England: Christmas, Boxing Day on a Saturday, observed on Monday 28 December.
critical-boxing-day                critical   GB  2026-12-26T09:15        2026-12-26T10:15+00:00
important-christmas-eve-uk         important  GB  2026-12-24T17:30        2026-12-29T18:00+00:00
annoying-before-christmas-uk       annoying   GB  2026-12-23T10:00        2026-12-30T10:00+00:00
# New York: Thanksgiving on 26 November, Election Day on 3 November.
critical-thanksgiving              critical   NY  2026-11-26T22:30        2026-11-26T23:30-05:00
important-eve-thanksgiving         important  NY  2026-11-25T17:15        2026-11-27T18:00-05:00
annoying-thanksgiving-week         annoying   NY  2026-11-25T10:00        2026-12-01T10:00-05:00
annoying-ny-election-day           annoying   NY  2026-10-30T10:00        2026-11-05T10:00-05:00
# Paris clocks: 29 March 2026 02:00 -> 03:00, 25 October 2026 03:00 -> 02:00.
critical-paris-spring-gap          critical   FR  2026-03-29T01:30        2026-03-29T03:30+02:00
critical-paris-eve-spring          critical   FR  2026-03-28T23:30        2026-03-29T00:30+01:00
important-paris-spring             important  FR  2026-03-27T17:45        2026-03-30T18:00+02:00
annoying-paris-spring              annoying   FR  2026-03-27T10:00        2026-04-01T10:00+02:00
critical-paris-autumn-first        critical   FR  2026-10-25T01:30        2026-10-25T02:30+02:00
critical-paris-autumn-twice        critical   FR  2026-10-25T02:30        2026-10-25T02:30+01:00
important-paris-autumn             important  FR  2026-10-23T18:30        2026-10-26T18:00+01:00
annoying-paris-autumn              annoying   FR  2026-10-23T10:00        2026-10-28T10:00+01:00
# New York clocks: 8 March 2026 02:00 -> 03:00, 1 November 2026 02:00 -> 01:00.
critical-ny-spring-gap             critical   NY  2026-03-08T01:30        2026-03-08T03:30-04:00
important-ny-spring                important  NY  2026-03-06T17:30        2026-03-09T18:00-04:00
annoying-ny-spring                 annoying   NY  2026-03-07T12:00        2026-03-11T18:00-04:00
critical-ny-autumn-first           critical   NY  2026-11-01T00:45        2026-11-01T01:45-04:00
critical-ny-autumn-second          critical   NY  2026-11-01T01:30-05:00  2026-11-01T02:30-05:00
important-ny-autumn                important  NY  2026-10-30T17:30        2026-11-02T18:00-05:00
# The sender writes in another zone than the client's: deadlines are in the client's zone.
critical-sender-paris-client-ny    critical   NY  2026-11-23T16:30+01:00  2026-11-23T11:30-05:00
important-sender-paris-client-ny   important  NY  2026-11-23T23:30+01:00  2026-11-24T18:00-05:00
important-sender-tokyo-client-ny   important  NY  2026-11-24T08:00+09:00  2026-11-24T18:00-05:00
annoying-sender-ny-client-paris    annoying   FR  2026-11-23T04:00-05:00  2026-11-26T10:00+01:00
important-sender-utc-client-london important  GB  2026-11-23T09:30Z       2026-11-23T18:00+00:00
"""
ANSWER_CASES = read_table(ANSWER_TABLE)


@pytest.mark.parametrize(
    ("criticality", "calendar", "reported_at", "expected"),
    [case[1:] for case in ANSWER_CASES],
    ids=[case[0] for case in ANSWER_CASES],
)
def test_answer_deadline(
    criticality: str, calendar: dict[str, str], reported_at: str, expected: str
) -> None:
    record = make_record(reported_at, criticality, **calendar)
    deadline = answer_deadline(record)
    assert deadline.at.isoformat() == datetime.fromisoformat(expected).isoformat()
    zone = ZoneInfo(calendar["timezone"])
    assert deadline.at.tzinfo == zone
    reported = datetime.fromisoformat(reported_at)
    reported = reported if reported.tzinfo else reported.replace(tzinfo=zone)
    # Compared in UTC: Python never finds a repeated autumn hour equal across zones (PEP 495).
    assert deadline.start.astimezone(UTC) == reported.astimezone(UTC)
    assert deadline.start.tzinfo == zone


def test_answer_cases_are_at_least_forty() -> None:
    assert len(ANSWER_CASES) >= 40


def test_deadline_carries_the_promise_and_basis() -> None:
    critical = answer_deadline(make_record("2026-11-23T10:02", "critical"))
    assert critical == Deadline(
        at=datetime(2026, 11, 23, 11, 15, tzinfo=ZoneInfo("Europe/Paris")),
        promise=Span(1, SpanUnit.HOURS),
        basis=TimeBasis.CLOCK,
        start=datetime(2026, 11, 23, 10, 2, tzinfo=ZoneInfo("Europe/Paris")),
        exact=datetime(2026, 11, 23, 11, 2, tzinfo=ZoneInfo("Europe/Paris")),
    )
    important = answer_deadline(make_record("2026-11-23T10:02", "important"))
    assert important.promise == Span(0, SpanUnit.END_OF_BUSINESS_DAY)
    assert important.basis is TimeBasis.BUSINESS


def test_start_is_written_in_the_client_zone() -> None:
    record = make_record("2026-11-23T16:30+01:00", "critical", **NEW_YORK)
    assert answer_deadline(record).start.isoformat() == "2026-11-23T10:30:00-05:00"


# (case, criticality, record policy overrides, reported at, expected deadline)
OVERRIDE_CASES: list[tuple[str, str, dict[str, Any], str, str]] = [
    (
        "answer-by",
        "annoying",
        {"answer_by": "2026-11-23T15:00"},
        "2026-11-23T10:02",
        "2026-11-23T15:00+01:00",
    ),
    (
        "answer-by-other-zone",
        "annoying",
        {"answer_by": "2026-11-23T09:00-05:00"},
        "2026-11-23T10:02",
        "2026-11-23T15:00+01:00",
    ),
    (
        "two-business-hours",
        "important",
        {"answer_within": "2h", "time_basis": "business"},
        "2026-11-23T17:00",
        "2026-11-24T10:00+01:00",
    ),
    (
        "business-hours-unit",
        "critical",
        {"answer_within": "4 business hours"},
        "2026-11-27T16:00",
        "2026-11-30T11:00+01:00",
    ),
    (
        "critical-on-business-time",
        "critical",
        {"time_basis": "business"},
        "2026-11-27T17:30",
        "2026-11-30T09:30+01:00",
    ),
    (
        "shorter-hours-last-call",
        "important",
        {"business_hours": "08:30-17:30"},
        "2026-11-23T16:45",
        "2026-11-24T17:30+01:00",
    ),
    (
        "saturday-working-day",
        "important",
        {"working_days": ["mon", "tue", "wed", "thu", "fri", "sat"]},
        "2026-11-28T10:00",
        "2026-11-28T18:00+01:00",
    ),
    (
        "three-clock-days",
        "annoying",
        {"answer_within": "3 days", "time_basis": "clock"},
        "2026-11-27T20:00",
        "2026-11-30T20:00+01:00",
    ),
    (
        "clock-days-across-dst",
        "annoying",
        {"answer_within": "3 days", "time_basis": "clock"},
        "2026-03-27T10:00",
        "2026-03-30T10:00+02:00",
    ),
    (
        "clock-day-leap-year",
        "annoying",
        {"answer_within": "1 day", "time_basis": "clock"},
        "2028-02-28T10:00",
        "2028-02-29T10:00+01:00",
    ),
    (
        "days-on-business-time",
        "important",
        {"answer_within": "2 days"},
        "2026-11-27T10:00",
        "2026-12-01T10:00+01:00",
    ),
    (
        "midnight-closing",
        "important",
        {
            "business_hours": "00:00-24:00",
            "working_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        },
        "2026-11-28T23:30",
        "2026-11-30T00:00+01:00",
    ),
]


@pytest.mark.parametrize(
    ("criticality", "overrides", "reported_at", "expected"),
    [case[1:] for case in OVERRIDE_CASES],
    ids=[case[0] for case in OVERRIDE_CASES],
)
def test_record_overrides(
    criticality: str, overrides: dict[str, Any], reported_at: str, expected: str
) -> None:
    record = make_record(reported_at, criticality, policy=overrides)
    assert answer_deadline(record).at.isoformat() == datetime.fromisoformat(expected).isoformat()


def test_answer_by_has_no_relative_promise() -> None:
    record = make_record("2026-11-23T10:02", policy={"answer_by": "2026-11-23T15:00"})
    assert answer_deadline(record).promise is None


def test_a_call_policy_changes_everything() -> None:
    policy = Policy.from_mapping(
        {"critical": {"answer_within": "30 minutes"}, "business_hours": "08:00-20:00"}
    )
    critical = make_record("2026-11-23T10:02", "critical")
    important = make_record("2026-11-23T18:30", "important")
    assert answer_deadline(critical, policy).at.isoformat() == "2026-11-23T10:45:00+01:00"
    assert answer_deadline(important, policy).at.isoformat() == "2026-11-23T20:00:00+01:00"


def test_record_overrides_apply_over_a_call_policy() -> None:
    policy = Policy.from_mapping({"important": {"answer_within": "4 business hours"}})
    record = make_record("2026-11-23T10:00", policy={"business_hours": "10:00-12:00"})
    # 2 hours on Monday, 2 on Tuesday.
    assert answer_deadline(record, policy).at.isoformat() == "2026-11-24T12:00:00+01:00"


def test_acknowledgement_is_due_before_the_answer() -> None:
    important = make_record("2026-11-23T10:02", "important")
    assert acknowledgement_deadline(important).at.isoformat() == "2026-11-23T11:15:00+01:00"
    evening = make_record("2026-11-23T17:30", "important")
    # One business hour: the rest of Monday, then Tuesday morning.
    assert acknowledgement_deadline(evening).at.isoformat() == "2026-11-24T09:30:00+01:00"
    rushed = make_record("2026-11-23T10:02", "critical", policy={"answer_within": "30 minutes"})
    assert acknowledgement_deadline(rushed).at.isoformat() == "2026-11-23T10:45:00+01:00"


CADENCE_TABLE = """
# case                             level      in  last message at         next update due
critical-two-hours                 critical   FR  2026-11-23T10:00        2026-11-23T12:00+01:00
critical-overnight                 critical   FR  2026-11-27T23:00        2026-11-28T01:00+01:00
critical-paris-spring              critical   FR  2026-03-29T01:00        2026-03-29T04:00+02:00
critical-ny-autumn                 critical   NY  2026-11-01T00:30        2026-11-01T01:30-05:00
important-next-day                 important  FR  2026-11-24T10:00        2026-11-25T10:00+01:00
important-over-weekend             important  FR  2026-11-27T16:00        2026-11-30T16:00+01:00
important-after-hours              important  FR  2026-11-24T19:00        2026-11-25T18:00+01:00
important-over-holiday             important  FR  2026-11-10T11:00        2026-11-12T11:00+01:00
important-thanksgiving             important  NY  2026-11-25T15:00        2026-11-27T15:00-05:00
annoying-two-days                  annoying   FR  2026-11-23T10:00        2026-11-25T10:00+01:00
annoying-over-holiday              annoying   FR  2026-11-10T15:00        2026-11-13T15:00+01:00
annoying-over-boxing-day           annoying   GB  2026-12-24T12:00        2026-12-30T12:00+00:00
"""
CADENCE_CASES = read_table(CADENCE_TABLE)


@pytest.mark.parametrize(
    ("criticality", "calendar", "after", "expected"),
    [case[1:] for case in CADENCE_CASES],
    ids=[case[0] for case in CADENCE_CASES],
)
def test_next_update_deadline(
    criticality: str, calendar: dict[str, str], after: str, expected: str
) -> None:
    record = make_record("2026-01-05T10:00", criticality, **calendar)
    zone = ZoneInfo(calendar["timezone"])
    moment = datetime.fromisoformat(after)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    deadline = next_update_deadline(record, moment)
    assert deadline.at.isoformat() == datetime.fromisoformat(expected).isoformat()
    assert deadline.start == moment


def test_update_every_override() -> None:
    record = make_record("2026-11-23T10:00", "critical", policy={"update_every": "30 minutes"})
    after = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert next_update_deadline(record, after).at.isoformat() == "2026-11-23T10:30:00+01:00"


def test_update_from_sender_zone_is_said_in_client_zone() -> None:
    record = make_record("2026-11-23T10:00", "critical", **NEW_YORK)
    after = datetime(2026, 11, 23, 17, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert next_update_deadline(record, after).at.isoformat() == "2026-11-23T13:00:00-05:00"


def test_update_schedule() -> None:
    paris = ZoneInfo("Europe/Paris")
    critical = make_record("2026-11-23T10:00", "critical")
    start = datetime(2026, 11, 23, 10, 0, tzinfo=paris)
    assert [t.isoformat() for t in update_schedule(critical, start, 3)] == [
        "2026-11-23T12:00:00+01:00",
        "2026-11-23T14:00:00+01:00",
        "2026-11-23T16:00:00+01:00",
    ]
    important = make_record("2026-12-24T10:00", "important")
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=paris)
    assert [t.isoformat() for t in update_schedule(important, christmas_eve, 3)] == [
        "2026-12-28T10:00:00+01:00",
        "2026-12-29T10:00:00+01:00",
        "2026-12-30T10:00:00+01:00",
    ]
    assert update_schedule(important, christmas_eve, 0) == []


def test_update_schedule_rejects_a_negative_count() -> None:
    record = make_record("2026-11-23T10:00", "critical")
    with pytest.raises(ValueError, match="count must be zero or more, got -1"):
        update_schedule(record, datetime(2026, 11, 23, tzinfo=UTC), -1)


# Property tests: modest example counts keep the suite fast.

ZONES = st.sampled_from(
    [
        ("Europe/Paris", "FR", None),
        ("Europe/London", "GB", "ENG"),
        ("America/New_York", "US", "NY"),
        ("America/Los_Angeles", "US", "CA"),
        ("Asia/Tokyo", "JP", None),
        ("Australia/Sydney", "AU", "NSW"),
        ("Asia/Kolkata", "IN", None),
    ]
)
MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
LEVELS = st.sampled_from(["critical", "important", "annoying"])


def _record_at(moment: datetime, criticality: str, zone: tuple[str, str, str | None]) -> Any:
    timezone, country, subdivision = zone
    return make_record(
        moment.isoformat(), criticality, timezone=timezone, country=country, subdivision=subdivision
    )


@settings(max_examples=60, deadline=None)
@given(moment=MOMENTS, criticality=LEVELS, zone=ZONES)
def test_first_deadline_is_after_the_report(
    moment: datetime, criticality: str, zone: tuple[str, str, str | None]
) -> None:
    record = _record_at(moment, criticality, zone)
    deadline = answer_deadline(record)
    assert deadline.at > moment
    assert deadline.at.tzinfo == ZoneInfo(zone[0])


@settings(max_examples=60, deadline=None)
@given(moment=MOMENTS, criticality=st.sampled_from(["important", "annoying"]), zone=ZONES)
def test_business_deadlines_fall_within_business_hours(
    moment: datetime, criticality: str, zone: tuple[str, str, str | None]
) -> None:
    record = _record_at(moment, criticality, zone)
    at = answer_deadline(record).at
    calendar = record_calendar(record)
    assert calendar.is_business_day(at.date())
    assert time(9, 0) <= at.time() <= time(18, 0)
    assert calendar.is_open(at)


@settings(max_examples=40, deadline=None)
@given(moment=MOMENTS, criticality=LEVELS, zone=ZONES, count=st.integers(1, 6))
def test_cadence_is_strictly_increasing(
    moment: datetime, criticality: str, zone: tuple[str, str, str | None], count: int
) -> None:
    record = _record_at(moment, criticality, zone)
    schedule = update_schedule(record, moment, count)
    assert len(schedule) == count
    assert all(earlier < later for earlier, later in pairwise([moment, *schedule]))
    level = DEFAULT_POLICY.level(record.incident.criticality)
    if level.basis is TimeBasis.BUSINESS:
        calendar = record_calendar(record)
        assert all(calendar.is_open(t) for t in schedule)
    else:
        assert all(
            later.astimezone(UTC) - earlier.astimezone(UTC) == timedelta(hours=2)
            for earlier, later in pairwise(schedule)
        )
