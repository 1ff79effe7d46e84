"""The order of a record's dated facts: what cannot have happened before what.

An incident is a story told in time; a record whose facts happen in an
impossible order (resolved before it was reported, an update sent before
the report, a fix done before the incident) would draft messages that
contradict each other. :func:`order_problems` lists every such fact with
its field path, as the loader reports any other bad input, in the record's
language.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from .errors import Problem
from .record import IncidentRecord
from .record_messages import Catalogue, Key, catalogue


def _when(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def order_problems(record: IncidentRecord, say: Catalogue | None = None) -> list[Problem]:
    """Every fact of ``record`` dated in an impossible order, located by field path.

    The messages come from ``say``, by default the catalogue of the record's language.
    """
    return list(_problems(record, say or catalogue(record.language)))


def _problems(record: IncidentRecord, say: Catalogue) -> Iterator[Problem]:
    reported = record.incident.reported_at

    def before_report(path: str, moment: datetime | None, why: Key) -> Iterator[Problem]:
        if moment is not None and moment < reported:
            yield Problem(
                path,
                say.say(
                    Key.BEFORE_REPORT,
                    moment=_when(moment),
                    reported=_when(reported),
                    why=say.say(why),
                ),
            )

    for index, action in enumerate(record.actions):
        yield from before_report(
            f"actions[{index}].done_at", action.done_at, Key.ACTION_DONE_BEFORE
        )
        if action.new_due is not None and action.new_due <= action.due:
            yield Problem(
                f"actions[{index}].new_due",
                say.say(Key.NEW_DUE_NOT_AFTER, moment=_when(action.new_due), due=_when(action.due)),
            )
    previous: datetime | None = None
    for index, update in enumerate(record.updates):
        path = f"updates[{index}]"
        yield from before_report(f"{path}.sent_at", update.sent_at, Key.UPDATE_SENT_BEFORE)
        if previous is not None and update.sent_at < previous:
            yield Problem(
                f"{path}.sent_at",
                say.say(
                    Key.UPDATES_OUT_OF_ORDER,
                    moment=_when(update.sent_at),
                    previous=_when(previous),
                ),
            )
        previous = update.sent_at
        if update.next_update_at is not None and update.next_update_at <= update.sent_at:
            yield Problem(
                f"{path}.next_update_at",
                say.say(
                    Key.NEXT_UPDATE_NOT_AFTER,
                    moment=_when(update.next_update_at),
                    sent=_when(update.sent_at),
                ),
            )
    for index, commitment in enumerate(record.commitments):
        yield from before_report(
            f"commitments[{index}].due", commitment.due, Key.PROMISE_DUE_BEFORE
        )
        yield from before_report(
            f"commitments[{index}].delivered_at", commitment.delivered_at, Key.PROMISE_KEPT_BEFORE
        )
    resolution = record.resolution
    if resolution is None:
        return
    yield from before_report("resolution.resolved_at", resolution.resolved_at, Key.RESOLVED_BEFORE)
    for index, measure in enumerate(resolution.measures):
        yield from before_report(
            f"resolution.measures[{index}].done_at", measure.done_at, Key.MEASURE_DONE_BEFORE
        )
