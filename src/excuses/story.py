"""One incident told in time: what had happened, and what the client had been told, at a moment.

Each message of an incident is a snapshot sent at one moment, and the client
reads them in order. :func:`story_at` reads a record at the moment ``now`` a
stage is drafted and answers what that message may say:

- Which messages had already gone out (:func:`history`): the acknowledgement
  at the report, the apology when the acknowledgement's promise was kept,
  each update when it was sent, the closing note at the resolution.
- Which promises had been made (:func:`promises`): every commitment of the
  record, and every update's "next update by ...".
- Which of them were missed by ``now``, each numbered in the incident's
  history (an incident that is itself a broken promise counts as the first
  slip), and which of those no message has named yet. A message names the
  slips nobody has owned up to, once; after that they are settled.
- Which promise this very message keeps (the answer the acknowledgement
  promised, the update the last message promised), and how late it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .business_time import in_zone
from .deadlines import answer_deadline, client_zone, next_update_deadline
from .policy import Policy
from .record import Commitment, IncidentRecord, PromiseKind, Stage

#: Two moments closer than this are the same message.
SAME_MESSAGE = timedelta(minutes=1)


@dataclass(frozen=True)
class Promise:
    """Something we told the client we would do by a time, and when (if ever) it was done."""

    text: str
    kind: PromiseKind
    due: datetime
    delivered_at: datetime | None
    #: When the message that made it left, when the record says.
    made_at: datetime | None
    #: The record field it comes from (``commitments[1]``, ``updates[0].next_update_at``).
    path: str
    #: True for the "next update by ..." of an update, which the record does not word.
    is_update: bool = False


@dataclass(frozen=True)
class Slip:
    """A promise not kept on time, as it stood at the story's moment."""

    promise: Promise
    #: Its rank among the incident's slips (2 for the second slip).
    number: int
    #: How late it came, or how late it is at the moment when it has not come yet.
    late_by: timedelta
    #: When it was done, if it was done by the moment.
    delivered_at: datetime | None


@dataclass(frozen=True)
class Story:
    """The incident as a message sent at ``now`` sees it."""

    now: datetime
    #: (stage, moment) of each client message that left before ``now``.
    sent: tuple[tuple[Stage, datetime], ...]
    #: Every promise missed by ``now``, oldest due first.
    slips: tuple[Slip, ...]
    #: The slips this message must name: missed, and not named by a message since.
    to_name: tuple[Slip, ...]
    #: The promise this message keeps (the answer, the next update), if any.
    keeps: Promise | None
    #: This message's own lateness against ``keeps``, when it is late.
    own_slip: Slip | None

    @property
    def named_here(self) -> tuple[Slip, ...]:
        """Every slip this message owns up to, its own lateness included, oldest first."""
        slips = [*self.to_name, *(() if self.own_slip is None else (self.own_slip,))]
        return tuple(sorted(slips, key=lambda s: s.promise.due))


def history(record: IncidentRecord) -> list[tuple[Stage, datetime]]:
    """The client messages the record shows were sent, with their moments, in order."""
    zone = client_zone(record)
    sent = [(Stage.ACKNOWLEDGEMENT, in_zone(record.incident.reported_at, zone))]
    answered = [
        c.delivered_at
        for c in record.commitments
        if c.promise_kind is PromiseKind.ANSWER and c.delivered_at is not None
    ]
    if answered:
        sent.append((Stage.APOLOGY, in_zone(min(answered), zone)))
    sent += [(Stage.UPDATE, in_zone(u.sent_at, zone)) for u in record.updates]
    if record.resolution is not None:
        sent.append((Stage.CLOSING, in_zone(record.resolution.resolved_at, zone)))
    return sorted(sent, key=lambda item: item[1])


def _made_at(commitment: Commitment, sent: Sequence[tuple[Stage, datetime]]) -> datetime | None:
    return next((at for stage, at in sent if stage is commitment.stage), None)


def promises(record: IncidentRecord) -> list[Promise]:
    """Every promise the record holds: its commitments and each update's next update."""
    zone = client_zone(record)
    sent = history(record)
    found = [
        Promise(
            c.promise,
            c.promise_kind,
            in_zone(c.due, zone),
            None if c.delivered_at is None else in_zone(c.delivered_at, zone),
            _made_at(c, sent),
            f"commitments[{index}]",
        )
        for index, c in enumerate(record.commitments)
    ]
    for index, update in enumerate(record.updates):
        if update.next_update_at is None:
            continue
        made = in_zone(update.sent_at, zone)
        after = [at for stage, at in sent if at > made + SAME_MESSAGE]
        found.append(
            Promise(
                "",
                PromiseKind.UPDATE,
                in_zone(update.next_update_at, zone),
                min(after) if after else None,
                made,
                f"updates[{index}].next_update_at",
                is_update=True,
            )
        )
    return sorted(found, key=lambda p: p.due)


def _delivered_by(promise: Promise, now: datetime) -> datetime | None:
    """When the promise was kept, if that was by ``now`` (this message included)."""
    at = promise.delivered_at
    return at if at is not None and at <= now + SAME_MESSAGE else None


def _own_promise(
    record: IncidentRecord,
    stage: Stage,
    now: datetime,
    made: Sequence[Promise],
    sent: Sequence[tuple[Stage, datetime]],
    policy: Policy | None,
) -> Promise | None:
    """The promise a message of ``stage`` sent at ``now`` keeps, when the story says which."""
    wanted = {Stage.APOLOGY: PromiseKind.ANSWER, Stage.UPDATE: PromiseKind.UPDATE}
    kind = wanted.get(stage, PromiseKind.UPDATE if stage is Stage.CLOSING else None)
    if kind is None:
        return None
    pending = [
        p
        for p in made
        if p.kind is kind
        and (p.made_at is None or p.made_at < now - SAME_MESSAGE)
        and (p.delivered_at is None or p.delivered_at >= now - SAME_MESSAGE)
    ]
    if pending:
        return min(pending, key=lambda p: p.due)
    if any(p.kind is kind and p.path.startswith("commitments") for p in made):
        # The record's own message kept it already: this one keeps no promise.
        return None
    if stage is Stage.APOLOGY:
        answer = answer_deadline(record, policy)
        return Promise("", PromiseKind.ANSWER, answer.at, None, answer.start, "policy")
    if stage is Stage.UPDATE:
        before = [
            at for s, at in sent if at < now - SAME_MESSAGE and s is not Stage.ACKNOWLEDGEMENT
        ]
        if before:
            last = before[-1]
            due = next_update_deadline(record, last, policy).at
            return Promise("", PromiseKind.UPDATE, due, None, last, "policy", is_update=True)
    return None


def story_at(
    record: IncidentRecord, stage: Stage, now: datetime, policy: Policy | None = None
) -> Story:
    """The incident as a message of ``stage`` sent at ``now`` sees it."""
    now = in_zone(now, client_zone(record))
    sent = tuple((s, at) for s, at in history(record) if at < now - SAME_MESSAGE)
    made = promises(record)
    keeps = _own_promise(record, stage, now, made, history(record), policy)
    first = 2 if record.incident.broken_promise else 1
    slips: list[Slip] = []
    for promise in made:
        if promise.due >= now:
            continue
        delivered = _delivered_by(promise, now)
        if delivered is not None and delivered <= promise.due:
            continue
        late_by = (delivered or now) - promise.due
        slips.append(Slip(promise, first + len(slips), late_by, delivered))
    own: Slip | None = None
    if keeps is not None and keeps.due < now - SAME_MESSAGE:
        own = next((s for s in slips if s.promise == keeps), None)
        if own is None:
            own = Slip(keeps, first + len(slips), now - keeps.due, None)
    to_name = tuple(
        s
        for s in slips
        if (own is None or s.promise != own.promise)
        and not any(at > s.promise.due for _, at in sent)
    )
    return Story(now, sent, tuple(slips), to_name, keeps, own)


def late_words(delta: timedelta, language: str) -> str:
    """How late, as people say it: ``30 minutes``, ``4 heures et 15 minutes``, ``2 days``."""
    minutes = max(1, round(delta.total_seconds() / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if language == "fr":
        units = (("jour", "jours"), ("heure", "heures"), ("minute", "minutes"))
        joiner, space = " et ", "\u00a0"
    else:
        units = (("day", "days"), ("hour", "hours"), ("minute", "minutes"))
        joiner, space = " and ", " "
    parts = [
        f"{amount}{space}{names[0] if amount == 1 else names[1]}"
        for amount, names in zip((days, hours, mins), units, strict=True)
        if amount
    ]
    # Two units say it: "2 days and 3 hours" needs no minutes.
    return joiner.join(parts[:2])


__all__ = ["Promise", "Slip", "Story", "history", "late_words", "promises", "story_at"]
