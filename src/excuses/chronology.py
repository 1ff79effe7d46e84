"""The order of a record's dated facts: what cannot have happened before what.

An incident is a story told in time; a record whose facts happen in an
impossible order (resolved before it was reported, an update sent before
the report, a fix done before the incident) would draft messages that
contradict each other. :func:`order_problems` lists every such fact with
its field path, as the loader reports any other bad input.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from .errors import Problem
from .record import IncidentRecord


def _when(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def order_problems(record: IncidentRecord) -> list[Problem]:
    """Every fact of ``record`` dated in an impossible order, located by field path."""
    return list(_problems(record))


def _problems(record: IncidentRecord) -> Iterator[Problem]:
    reported = record.incident.reported_at
    start = f"before the incident was reported ({_when(reported)})"

    def before_report(path: str, moment: datetime | None, what: str) -> Iterator[Problem]:
        if moment is not None and moment < reported:
            yield Problem(path, f"{_when(moment)} is {start}; {what}")

    for index, action in enumerate(record.actions):
        yield from before_report(
            f"actions[{index}].done_at",
            action.done_at,
            "a step of the plan is done after the incident it fixes",
        )
        if action.new_due is not None and action.new_due <= action.due:
            yield Problem(
                f"actions[{index}].new_due",
                f"{_when(action.new_due)} is not after the first due time "
                f"({_when(action.due)}); a new time is set once the first one is missed",
            )
    previous: datetime | None = None
    for index, update in enumerate(record.updates):
        path = f"updates[{index}]"
        yield from before_report(
            f"{path}.sent_at", update.sent_at, "an update is sent after the report"
        )
        if previous is not None and update.sent_at < previous:
            yield Problem(
                f"{path}.sent_at",
                f"{_when(update.sent_at)} is before the previous update ({_when(previous)}); "
                "list the updates oldest first",
            )
        previous = update.sent_at
        if update.next_update_at is not None and update.next_update_at <= update.sent_at:
            yield Problem(
                f"{path}.next_update_at",
                f"{_when(update.next_update_at)} is not after the update that promised it "
                f"({_when(update.sent_at)})",
            )
    for index, commitment in enumerate(record.commitments):
        yield from before_report(
            f"commitments[{index}].due",
            commitment.due,
            "a promise made to the client falls due after the report",
        )
        yield from before_report(
            f"commitments[{index}].delivered_at",
            commitment.delivered_at,
            "a promise is kept after it was made",
        )
    resolution = record.resolution
    if resolution is None:
        return
    yield from before_report(
        "resolution.resolved_at", resolution.resolved_at, "an incident is resolved after it began"
    )
    for index, measure in enumerate(resolution.measures):
        yield from before_report(
            f"resolution.measures[{index}].done_at",
            measure.done_at,
            "a corrective measure comes after the incident it answers",
        )
