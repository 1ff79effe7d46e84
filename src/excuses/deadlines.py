"""Deadlines: when our answer is due, and when each progress update is due.

The rules of each criticality are those of :mod:`excuses.policy`; this module
applies them in the client's calendar (:mod:`excuses.business_time`). How a
delay counts depends on its unit and on the level's time basis:

- ``end of business day``: the closing time of the business day the moment
  lands in (see :meth:`BusinessCalendar.end_of_business_day
  <excuses.business_time.BusinessCalendar.end_of_business_day>`), always on
  business time.
- ``N business days`` and ``N business hours``: business time, whatever the
  basis; a business day is one full day of opening hours.
- ``N minutes`` and ``N hours``: real elapsed time on the clock basis; opening
  hours only on the business basis.
- ``N days``: calendar days on the wall clock of the client's zone on the
  clock basis; business days on the business basis.

Every deadline is an aware datetime in the client's time zone, whatever the
zone of the moment it counts from (a sender in another zone included). A
naive moment passed to these functions is read in the client's zone.

Every computed deadline is then rounded *up* to the next quarter of an hour
of the client's wall clock (:func:`round_up`): people promise "before 10:15",
not "before 10:13". Rounding up never promises earlier than the policy
allows; it gives at most 14 minutes more. A time the record sets itself
(``policy.answer_by``) is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from .business_time import BusinessCalendar, add_elapsed, add_wall, in_zone
from .policy import DEFAULT_POLICY, LevelPolicy, Policy
from .record import IncidentRecord, Span, SpanUnit, TimeBasis


@dataclass(frozen=True)
class Deadline:
    """A moment something is due, with the promise it comes from."""

    #: When it is due: aware, in the client's time zone.
    at: datetime
    #: The relative promise it comes from; ``None`` when the record set ``answer_by``.
    promise: Span | None
    #: Whether the delay counted every hour or only business hours.
    basis: TimeBasis
    #: The moment it counts from, in the client's time zone.
    start: datetime
    #: The policy's own time before rounding up to the quarter hour; ``None`` when not rounded.
    exact: datetime | None = None


#: Promised times are rounded up to a multiple of this on the client's wall clock.
ROUNDING = timedelta(minutes=15)


def round_up(moment: datetime, step: timedelta = ROUNDING) -> datetime:
    """``moment`` rounded up to the next ``step`` of its wall clock; unchanged when on one."""
    into = timedelta(minutes=moment.minute, seconds=moment.second, microseconds=moment.microsecond)
    left = -into % step
    return add_elapsed(moment, left) if left else moment


def _rounded(at: datetime, promise: Span, basis: TimeBasis, start: datetime) -> Deadline:
    return Deadline(at=round_up(at), promise=promise, basis=basis, start=start, exact=at)


def client_zone(record: IncidentRecord) -> ZoneInfo:
    """The client's time zone, in which every deadline is written."""
    return ZoneInfo(record.client.timezone)


def record_calendar(record: IncidentRecord, policy: Policy | None = None) -> BusinessCalendar:
    """The client's business calendar under ``policy`` and the record's overrides."""
    return _setting(record, policy)[1]


def _setting(
    record: IncidentRecord, policy: Policy | None
) -> tuple[Policy, BusinessCalendar, LevelPolicy]:
    """The effective policy, the client's calendar and the level of the record's criticality."""
    effective = (policy or DEFAULT_POLICY).for_record(record)
    calendar = effective.calendar(
        record.client.timezone, record.client.country, record.client.subdivision
    )
    return effective, calendar, effective.level(record.incident.criticality)


def span_basis(span: Span, basis: TimeBasis) -> TimeBasis:
    """The basis a span actually counts on: business units always count business time."""
    if span.unit in (
        SpanUnit.END_OF_BUSINESS_DAY,
        SpanUnit.BUSINESS_DAYS,
        SpanUnit.BUSINESS_HOURS,
    ):
        return TimeBasis.BUSINESS
    return basis


def add_span(
    moment: datetime,
    span: Span,
    basis: TimeBasis,
    calendar: BusinessCalendar,
    last_call: timedelta = timedelta(hours=1),
) -> datetime:
    """``moment`` plus ``span`` in ``calendar``, by the rules of this module."""
    start = in_zone(moment, calendar.zone)
    unit = span.unit
    if unit is SpanUnit.END_OF_BUSINESS_DAY:
        return calendar.end_of_business_day(start, last_call)
    if unit is SpanUnit.BUSINESS_DAYS:
        return calendar.add_business_days(start, span.amount)
    if unit is SpanUnit.BUSINESS_HOURS:
        return calendar.add_business_time(start, timedelta(hours=span.amount))
    if unit is SpanUnit.DAYS:
        if basis is TimeBasis.BUSINESS:
            return calendar.add_business_days(start, span.amount)
        return add_wall(start, relativedelta(days=span.amount))
    delta = (
        timedelta(minutes=span.amount) if unit is SpanUnit.MINUTES else timedelta(hours=span.amount)
    )
    if basis is TimeBasis.BUSINESS:
        return calendar.add_business_time(start, delta)
    return add_elapsed(start, delta)


def answer_deadline(
    record: IncidentRecord, policy: Policy | None = None, *, start: datetime | None = None
) -> Deadline:
    """When our substantive answer is due, counted from the report (or discovery).

    The record's ``policy.answer_by`` wins when set; otherwise the level of
    the record's criticality decides, with the record's overrides applied.
    With ``start``, the delay counts from that moment instead (an answer
    promised anew once the first promised time has gone by).
    """
    effective, calendar, level = _setting(record, policy)
    if start is not None:
        start = in_zone(start, calendar.zone)
        span = level.answer_within
        basis = span_basis(span, level.basis)
        at = add_span(start, span, basis, calendar, effective.last_call)
        return Deadline(at=at, promise=span, basis=basis, start=start)
    start = in_zone(record.incident.reported_at, calendar.zone)
    if record.policy.answer_by is not None:
        at = in_zone(record.policy.answer_by, calendar.zone)
        return Deadline(at=at, promise=None, basis=level.basis, start=start)
    span = level.answer_within
    basis = span_basis(span, level.basis)
    at = add_span(start, span, basis, calendar, effective.last_call)
    return _rounded(at, span, basis, start)


def acknowledgement_deadline(record: IncidentRecord, policy: Policy | None = None) -> Deadline:
    """When the acknowledgement is due: ``acknowledge_within`` after the report.

    Never later than the answer deadline: an answer sent first acknowledges too.
    """
    effective, calendar, level = _setting(record, policy)
    start = in_zone(record.incident.reported_at, calendar.zone)
    span = effective.acknowledge_within
    basis = span_basis(span, level.basis)
    at = add_span(start, span, basis, calendar, effective.last_call)
    answer = answer_deadline(record, policy)
    if answer.at < round_up(at):
        return answer
    return _rounded(at, span, basis, start)


def next_update_deadline(
    record: IncidentRecord, after: datetime, policy: Policy | None = None
) -> Deadline:
    """When the progress update following a message sent at ``after`` is due, by the cadence."""
    effective, calendar, level = _setting(record, policy)
    start = in_zone(after, calendar.zone)
    span = level.update_every
    basis = span_basis(span, level.basis)
    at = add_span(start, span, basis, calendar, effective.last_call)
    return _rounded(at, span, basis, start)


def update_schedule(
    record: IncidentRecord, start: datetime, count: int, policy: Policy | None = None
) -> list[datetime]:
    """The next ``count`` update times after ``start``, each one cadence after the previous.

    The list is strictly increasing: every cadence is a positive delay.
    """
    if count < 0:
        raise ValueError(f"count must be zero or more, got {count}")
    times: list[datetime] = []
    moment = start
    for _ in range(count):
        moment = next_update_deadline(record, moment, policy).at
        times.append(moment)
    return times
