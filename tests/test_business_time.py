"""Business time: opening hours, working days, public holidays and daylight-saving changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

from excuses import BusinessCalendar
from excuses.business_time import add_elapsed, add_wall, in_zone, localize
from excuses.policy import DEFAULT_POLICY

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")

FRANCE = BusinessCalendar(zone=PARIS, country="FR")
ENGLAND = BusinessCalendar(zone=ZoneInfo("Europe/London"), country="GB", subdivision="ENG")
ROUND_THE_CLOCK = BusinessCalendar(
    zone=PARIS, opens=time(0, 0), closes=time(0, 0), working_days=tuple(range(7))
)


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def test_localize_moves_a_spring_gap_time_forward() -> None:
    moment = localize(datetime(2026, 3, 29, 2, 30), PARIS)
    assert moment.isoformat() == "2026-03-29T03:30:00+02:00"


def test_localize_takes_the_first_of_a_repeated_autumn_time() -> None:
    assert localize(datetime(2026, 10, 25, 2, 30), PARIS).isoformat() == "2026-10-25T02:30:00+02:00"
    assert localize(datetime(2026, 11, 1, 1, 30), NEW_YORK).isoformat() == (
        "2026-11-01T01:30:00-04:00"
    )


def test_in_zone() -> None:
    assert in_zone(datetime(2026, 11, 23, 10, 0), PARIS).isoformat() == "2026-11-23T10:00:00+01:00"
    sender = datetime(2026, 11, 23, 16, 30, tzinfo=PARIS)
    assert in_zone(sender, NEW_YORK).isoformat() == "2026-11-23T10:30:00-05:00"


def test_elapsed_and_wall_arithmetic_differ_across_a_change() -> None:
    evening = paris("2026-03-28T22:00")
    assert add_elapsed(evening, timedelta(hours=24)).isoformat() == "2026-03-29T23:00:00+02:00"
    assert add_wall(evening, relativedelta(days=1)).isoformat() == "2026-03-29T22:00:00+02:00"
    assert add_wall(evening, relativedelta(months=1)).isoformat() == "2026-04-28T22:00:00+02:00"
    month_end = paris("2026-01-31T10:00")
    assert add_wall(month_end, relativedelta(months=1)).isoformat() == "2026-02-28T10:00:00+01:00"


@pytest.mark.parametrize(
    ("calendar", "day", "name"),
    [
        (FRANCE, date(2026, 11, 11), "Armistice Day"),
        (FRANCE, date(2026, 7, 14), "National Day"),
        (FRANCE, date(2026, 12, 25), "Christmas Day"),
        (FRANCE, date(2026, 12, 24), None),
        (ENGLAND, date(2026, 12, 28), "Boxing Day (observed)"),
        (BusinessCalendar(zone=NEW_YORK, country="US"), date(2026, 11, 26), "Thanksgiving Day"),
        (BusinessCalendar(zone=NEW_YORK, country="US"), date(2026, 11, 3), None),
        (
            BusinessCalendar(zone=NEW_YORK, country="US", subdivision="NY"),
            date(2026, 11, 3),
            "Election Day",
        ),
        # An unknown subdivision falls back to the national holidays.
        (
            BusinessCalendar(zone=PARIS, country="FR", subdivision="XX"),
            date(2026, 11, 11),
            "Armistice Day",
        ),
        # Tristan da Cunha: a territory the library has no calendar for.
        (BusinessCalendar(zone=PARIS, country="TA"), date(2026, 12, 25), None),
        (BusinessCalendar(zone=PARIS), date(2026, 12, 25), None),
    ],
)
def test_holidays(calendar: BusinessCalendar, day: date, name: str | None) -> None:
    assert calendar.holiday(day) == name
    assert calendar.is_business_day(day) is (name is None and day.weekday() < 5)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        ("2026-11-23T08:59", False),
        ("2026-11-23T09:00", True),
        ("2026-11-23T18:00", True),
        ("2026-11-23T18:01", False),
        ("2026-11-28T12:00", False),
        ("2026-11-11T12:00", False),
    ],
)
def test_is_open(moment: str, is_open: bool) -> None:
    assert FRANCE.is_open(paris(moment)) is is_open


def test_next_business_day_skips_weekends_and_holidays() -> None:
    assert FRANCE.next_business_day(date(2026, 11, 10)) == date(2026, 11, 12)
    assert FRANCE.next_business_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert ENGLAND.next_business_day(date(2026, 12, 24)) == date(2026, 12, 29)
    assert FRANCE.business_day_on_or_after(date(2026, 11, 28)) == date(2026, 11, 30)
    assert FRANCE.business_day_on_or_after(date(2026, 11, 30)) == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        ("2026-11-23T10:00", 2, "2026-11-23T12:00:00+01:00"),
        ("2026-11-23T17:00", 1, "2026-11-23T18:00:00+01:00"),
        ("2026-11-27T17:00", 2, "2026-11-30T10:00:00+01:00"),
        ("2026-11-23T07:00", 1, "2026-11-23T10:00:00+01:00"),
        ("2026-11-23T20:00", 0, "2026-11-24T09:00:00+01:00"),
        ("2026-11-10T16:00", 11, "2026-11-12T18:00:00+01:00"),
    ],
)
def test_add_business_time(start: str, hours: int, expected: str) -> None:
    assert FRANCE.add_business_time(paris(start), timedelta(hours=hours)).isoformat() == expected


def test_business_time_is_real_time_on_a_short_day() -> None:
    # 29 March 2026 lasts 23 hours in Paris: 23 business hours from its midnight end at the next.
    start = paris("2026-03-29T00:00")
    assert ROUND_THE_CLOCK.add_business_time(start, timedelta(hours=23)).isoformat() == (
        "2026-03-30T00:00:00+02:00"
    )


def test_business_time_cannot_go_backwards() -> None:
    with pytest.raises(ValueError, match="business time cannot go backwards"):
        FRANCE.add_business_time(paris("2026-11-23T10:00"), timedelta(hours=-1))


def test_business_days_keep_the_time_of_day() -> None:
    assert FRANCE.add_business_days(paris("2026-11-23T10:00"), 3).isoformat() == (
        "2026-11-26T10:00:00+01:00"
    )
    assert FRANCE.add_business_days(paris("2026-11-23T21:00"), 1).isoformat() == (
        "2026-11-24T18:00:00+01:00"
    )


@pytest.mark.parametrize(
    ("moment", "last_call", "expected"),
    [
        ("2026-11-23T07:00", 60, "2026-11-23T18:00:00+01:00"),
        ("2026-11-23T17:00", 60, "2026-11-23T18:00:00+01:00"),
        ("2026-11-23T17:01", 60, "2026-11-24T18:00:00+01:00"),
        ("2026-11-23T17:59", 0, "2026-11-23T18:00:00+01:00"),
        ("2026-11-23T18:00", 0, "2026-11-24T18:00:00+01:00"),
        ("2026-11-10T19:00", 60, "2026-11-12T18:00:00+01:00"),
    ],
)
def test_end_of_business_day(moment: str, last_call: int, expected: str) -> None:
    at = FRANCE.end_of_business_day(paris(moment), timedelta(minutes=last_call))
    assert at.isoformat() == expected


def test_day_length() -> None:
    assert FRANCE.day_length == timedelta(hours=9)
    assert ROUND_THE_CLOCK.day_length == timedelta(hours=24)


def test_midnight_closes_the_previous_day() -> None:
    late = BusinessCalendar(zone=PARIS, opens=time(20, 0), closes=time(0, 0))
    assert late.is_open(paris("2026-11-24T00:00"))  # Monday's closing
    assert late.is_open(paris("2026-11-28T00:00"))  # Friday's closing, on a Saturday
    assert not late.is_open(paris("2026-11-29T00:00"))  # Saturday's closing: not a working day
    assert not late.is_open(paris("2026-11-23T19:59"))
    assert late.window(date(2026, 11, 23))[1].isoformat() == "2026-11-24T00:00:00+01:00"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"working_days": ()}, "a business calendar needs at least one working day"),
        ({"working_days": (0, 7)}, r"working days are 0 \(Monday\) to 6 \(Sunday\), got \(0, 7\)"),
        (
            {"opens": time(18, 0), "closes": time(9, 0)},
            "must close after they open, got 18:00-09:00",
        ),
    ],
)
def test_calendar_refuses_impossible_hours(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(zone=PARIS, **kwargs)  # type: ignore[arg-type]


def test_policy_builds_the_client_calendar() -> None:
    calendar = DEFAULT_POLICY.calendar("Europe/London", "GB", "ENG")
    assert calendar == ENGLAND
