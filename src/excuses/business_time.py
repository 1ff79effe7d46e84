"""Business time in the client's calendar: opening hours, working days, public holidays.

A :class:`BusinessCalendar` knows when the client's business is open: the
working days of the week, the daily opening and closing times, and the public
holidays of the client's country (and subdivision), read from the ``holidays``
library rather than a hand-written list that would go stale.

Time-zone rules, applied everywhere in this module:

- Every result is an aware datetime in the calendar's zone (``zoneinfo``).
- Elapsed durations (clock minutes and hours, business time within a day)
  are computed on absolute time (UTC), so "1 hour" is sixty real minutes even
  across a daylight-saving change.
- Calendar days are added on the wall clock of the client's zone (with
  ``dateutil.relativedelta``) and the result is re-localised: "1 day" after
  10:00 is 10:00 the next day, whatever the UTC offset did overnight.
- Re-localising a wall-clock time that does not exist (the hour skipped in
  spring) moves it forward by the length of the gap (02:30 becomes 03:30 on
  29 March 2026 in Paris); a wall-clock time that happens twice (the hour
  repeated in autumn) means its first occurrence (``fold=0``).
- Opening and closing times are wall-clock times of each day; a closing time
  of 00:00 means midnight at the end of the day.

A country that the ``holidays`` library does not know has no public
holidays (weekends still count); an unknown subdivision falls back to the
country's national holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from .errors import ExcusesError


class CalendarError(ExcusesError, ValueError):
    """A delay that the client's business calendar cannot place (it would end too far away)."""


#: How far ahead the calendar looks for a business day before giving up.
_MAX_DAYS = 3 * 366


def localize(wall: datetime, zone: tzinfo) -> datetime:
    """Attach ``zone`` to a wall-clock time and normalise it.

    A time in the spring gap moves forward by the gap; an ambiguous autumn
    time takes its first occurrence. The round trip through UTC does both,
    because ``zoneinfo`` reads a gap time with ``fold=0`` at the offset in
    force before the change.
    """
    aware = wall.replace(tzinfo=zone, fold=0)
    return aware.astimezone(UTC).astimezone(zone)


def in_zone(moment: datetime, zone: tzinfo) -> datetime:
    """``moment`` seen in ``zone``; a naive moment is read as wall-clock time there."""
    if moment.tzinfo is None:
        return localize(moment, zone)
    return moment.astimezone(zone)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two aware moments, whatever their zones."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def add_elapsed(moment: datetime, delta: timedelta) -> datetime:
    """``moment`` plus ``delta`` of real time, in ``moment``'s zone."""
    return (moment.astimezone(UTC) + delta).astimezone(moment.tzinfo)


def add_wall(moment: datetime, delta: relativedelta) -> datetime:
    """``moment`` plus a calendar offset on the wall clock of its zone, re-localised."""
    zone = moment.tzinfo
    assert zone is not None  # callers pass aware moments
    wall = moment.replace(tzinfo=None) + delta
    return localize(wall, zone)


@cache
def _holiday_calendar(country: str, subdivision: str | None) -> Any:
    import holidays

    try:
        return holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError:
        if subdivision is None:
            return None
    try:
        return holidays.country_holidays(country)
    except NotImplementedError:
        return None


@dataclass(frozen=True)
class BusinessCalendar:
    """When the client's business is open, in the client's time zone."""

    zone: ZoneInfo
    opens: time = time(9, 0)
    closes: time = time(18, 0)
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    country: str | None = None
    subdivision: str | None = None

    def __post_init__(self) -> None:
        if not self.working_days:
            raise ValueError("a business calendar needs at least one working day")
        if any(day not in range(7) for day in self.working_days):
            raise ValueError(f"working days are 0 (Monday) to 6 (Sunday), got {self.working_days}")
        if self.closes != time(0, 0) and self.closes <= self.opens:
            raise ValueError(
                f"business hours must close after they open, got {self.opens:%H:%M}-"
                f"{self.closes:%H:%M}"
            )

    @property
    def day_length(self) -> timedelta:
        """The nominal length of a business day (its wall-clock opening hours)."""
        start = datetime.combine(date(2000, 1, 3), self.opens)
        end = datetime.combine(date(2000, 1, 3), self.closes)
        if self.closes == time(0, 0):
            end += timedelta(days=1)
        return end - start

    def holiday(self, day: date) -> str | None:
        """The name of the public holiday on ``day``, or ``None``."""
        if self.country is None:
            return None
        calendar = _holiday_calendar(self.country.upper(), self.subdivision)
        if calendar is None:
            return None
        name = calendar.get(day)
        return None if name is None else str(name)

    def is_business_day(self, day: date) -> bool:
        """Whether ``day`` is a working day that is not a public holiday."""
        return day.weekday() in self.working_days and self.holiday(day) is None

    def window(self, day: date) -> tuple[datetime, datetime]:
        """The aware opening and closing moments of ``day`` (business day or not)."""
        opening = localize(datetime.combine(day, self.opens), self.zone)
        closing_day = day + timedelta(days=1) if self.closes == time(0, 0) else day
        closing = localize(datetime.combine(closing_day, self.closes), self.zone)
        return opening, closing

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` falls within business hours, the closing minute included."""
        local = in_zone(moment, self.zone)
        day = local.date()
        if self.closes == time(0, 0) and local.time() == time(0, 0):
            # Midnight closes the previous day.
            day -= timedelta(days=1)
        if not self.is_business_day(day):
            return False
        opening, closing = self.window(day)
        return opening <= local <= closing

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        for offset in range(1, _MAX_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_business_day(candidate):
                return candidate
        raise CalendarError(
            f"no business day within {_MAX_DAYS} days after {day}: check the working days "
            "and the public holidays of the client's country"
        )

    def business_day_on_or_after(self, day: date) -> date:
        """``day`` when it is a business day, else the next one."""
        return day if self.is_business_day(day) else self.next_business_day(day)

    def add_business_time(self, moment: datetime, delta: timedelta) -> datetime:
        """``moment`` plus ``delta`` counted only while the business is open.

        A moment outside business hours starts counting at the next opening.
        The result may be a closing time: work that ends at 18:00 is due at
        18:00, not at the next morning's opening.
        """
        if delta < timedelta(0):
            raise ValueError(f"business time cannot go backwards ({delta})")
        current = in_zone(moment, self.zone)
        remaining = delta
        day = current.date()
        if self.closes == time(0, 0) and current.time() == time(0, 0):
            day -= timedelta(days=1)
        for _ in range(_MAX_DAYS * 8):
            if self.is_business_day(day):
                opening, closing = self.window(day)
                start = max(current, opening)
                if start <= closing:
                    available = elapsed(start, closing)
                    if remaining <= available:
                        return add_elapsed(start, remaining)
                    remaining -= available
            day = self.next_business_day(day)
            current = self.window(day)[0]
        raise CalendarError(
            f"{delta} of business time after {moment:%Y-%m-%d %H:%M} does not fit in "
            f"{_MAX_DAYS * 8:,} days of a calendar open {self.opens:%H:%M}-{self.closes:%H:%M} "
            f"on {len(self.working_days)} day(s) a week: shorten the delay or widen the "
            "business hours"
        )

    def add_business_days(self, moment: datetime, count: int) -> datetime:
        """``moment`` plus ``count`` business days, each one full day of opening hours.

        During business hours the time of day is kept (Monday 10:00 plus three
        business days is Thursday 10:00); outside them counting starts at the
        next opening, so the result is a closing time (after hours on Monday
        plus three business days is Thursday's closing).
        """
        return self.add_business_time(moment, self.day_length * count)

    def end_of_business_day(self, moment: datetime, last_call: timedelta) -> datetime:
        """The closing time of the business day ``moment`` lands in.

        A moment before opening on a business day lands in that day. A moment
        after closing, on a non-working day or a public holiday, or with less
        than ``last_call`` of business time left before closing, lands in the
        next business day. A ``last_call`` longer than the whole business day
        counts as the whole day, so that a report before opening still lands
        in its own day.
        """
        last_call = min(last_call, self.day_length)
        # A promise needs time to be kept: "before 18:00 today" said at 17:50
        # leaves ten minutes of work, so such a report waits for the next day.
        local = in_zone(moment, self.zone)
        day = local.date()
        if self.is_business_day(day):
            opening, closing = self.window(day)
            if local < closing and elapsed(max(local, opening), closing) >= last_call:
                return closing
        return self.window(self.next_business_day(day))[1]
