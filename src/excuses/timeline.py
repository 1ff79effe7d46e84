"""The timeline of an incident: messages sent, promises kept or missed, and what is due next.

:func:`build_timeline` reads a record (and, when there is one, the log of
messages actually sent) at a moment ``now`` and answers the questions a
person asks before writing to the client again:

- Which message is next, and by when? The acknowledgement until it is sent;
  then the apology with our answer, due at the answer deadline of the policy;
  then progress updates while the incident is open, each due at the time the
  previous update promised or, failing that, one cadence after the last
  message; once the record has a resolution, the closing note; nothing after
  the closing note.
- Which commitments were missed? Every commitment of the record, and every
  "next update by ..." an update promised, is *kept* when delivered on time,
  *missed* when delivered late, and *overdue* when still not delivered after
  its due time at ``now``. A promised update counts as delivered by the first
  message sent after the update that promised it.
- Was a promise missed that nobody has owned up to yet? The latest
  commitment missed by ``now`` with no message sent since it fell due: the
  next message must say so and apologise, once; after that it is settled.

The timeline is the record as it stood at ``now``: updates sent, deliveries
and a resolution dated after ``now`` are not known yet, so the same record
can be replayed at any moment of its history (``excuses plan --now``).
Without a log of sent messages, the stages already sent are inferred from
the record: a commitment made by a stage, or an update, shows that stage
(and the ones before it) went out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from . import timeline_labels as labels
from .business_time import elapsed, in_zone
from .deadlines import (
    Deadline,
    acknowledgement_deadline,
    answer_deadline,
    client_zone,
    next_update_deadline,
)
from .policy import DEFAULT_POLICY, Policy
from .record import Commitment, IncidentRecord, PromiseKind, Stage
from .timeline_labels import span_text as span_text

#: The client-facing stages, in the order they are sent.
_ORDER: tuple[Stage, ...] = (Stage.ACKNOWLEDGEMENT, Stage.APOLOGY, Stage.UPDATE, Stage.CLOSING)

#: Within the same minute, entries read in this order.
_KIND_ORDER = ("reported", "sent", "promised", "update-due", "due", "resolved")

_UPDATE_PROMISE = {"fr": "prochain point d’avancement", "en": "next progress update"}


@dataclass(frozen=True)
class SentMessage:
    """A message that actually left, as a send log records it."""

    stage: Stage
    sent_at: datetime
    message_id: str | None = None
    recipient: str | None = None


@dataclass(frozen=True)
class MissedCommitment:
    """A commitment delivered late, or still not delivered after its due time."""

    commitment: Commitment
    #: How late it was delivered, or how late it is at ``now`` when not delivered.
    late_by: timedelta
    delivered: bool


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline."""

    at: datetime
    #: ``reported``, ``sent``, ``promised``, ``update-due``, ``due`` or ``resolved``.
    kind: str
    stage: Stage | None
    label: str
    #: ``done``, ``kept``, ``missed``, ``overdue`` or ``upcoming``.
    status: str
    #: How late, for a ``missed`` or ``overdue`` entry.
    late_by: timedelta | None = None
    #: ``label`` in the record's language, for people; ``None`` when ``label`` already is
    #: (a promise is the record's own words). ``label`` stays in English for tools.
    display_label: str | None = None


@dataclass(frozen=True)
class Timeline:
    """Where an incident stands at ``now``: its entries, what is due next, what was missed."""

    now: datetime
    entries: tuple[TimelineEntry, ...]
    next_stage: Stage | None
    next_due: datetime | None
    #: Commitments not delivered and past due at ``now``.
    overdue: tuple[MissedCommitment, ...]
    #: Every commitment delivered late or still overdue.
    missed: tuple[MissedCommitment, ...]
    #: The latest commitment missed by ``now`` that no message sent since its due time named.
    last_promise_missed: MissedCommitment | None
    #: When the update after ``now`` is due by the cadence; ``None`` once resolved.
    next_update_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        """The timeline as JSON-ready data: ISO 8601 date-times and durations."""
        return {
            "now": self.now.isoformat(),
            "next_stage": None if self.next_stage is None else self.next_stage.value,
            "next_due": _iso(self.next_due),
            "next_update_at": _iso(self.next_update_at),
            "entries": [
                {
                    "at": entry.at.isoformat(),
                    "kind": entry.kind,
                    "stage": None if entry.stage is None else entry.stage.value,
                    "label": entry.label,
                    "status": entry.status,
                    "late_by": None if entry.late_by is None else iso_duration(entry.late_by),
                }
                for entry in self.entries
            ],
            "overdue": [_missed_dict(m) for m in self.overdue],
            "missed": [_missed_dict(m) for m in self.missed],
            "last_promise_missed": (
                None if self.last_promise_missed is None else _missed_dict(self.last_promise_missed)
            ),
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def iso_duration(delta: timedelta) -> str:
    """A duration in ISO 8601 form, to the minute: ``PT4H15M``, ``P1DT2H``."""
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else ""
    days, rest = divmod(abs(minutes), 24 * 60)
    hours, mins = divmod(rest, 60)
    text = f"{sign}P{days}D" if days else f"{sign}P"
    if hours or mins or not days:
        text += "T"
        if hours:
            text += f"{hours}H"
        if mins or not hours:
            text += f"{mins}M"
    return text


def _missed_dict(missed: MissedCommitment) -> dict[str, Any]:
    commitment = missed.commitment
    return {
        "promise": commitment.promise,
        "due": commitment.due.isoformat(),
        "delivered_at": _iso(commitment.delivered_at),
        "stage": None if commitment.stage is None else commitment.stage.value,
        "delivered": missed.delivered,
        "late_by": iso_duration(missed.late_by),
        "late_by_minutes": int(missed.late_by.total_seconds() // 60),
    }


def _sent_messages(record: IncidentRecord, sent: Sequence[SentMessage]) -> list[SentMessage]:
    """The messages with a known send time: the log's, and the record's updates."""
    zone = client_zone(record)
    messages = [
        SentMessage(m.stage, in_zone(m.sent_at, zone), m.message_id, m.recipient) for m in sent
    ]
    logged_updates = {m.sent_at for m in messages if m.stage is Stage.UPDATE}
    for update in record.updates:
        at = in_zone(update.sent_at, zone)
        # The same update in the log and in the record is one message.
        if not any(abs(elapsed(other, at)) < timedelta(minutes=1) for other in logged_updates):
            messages.append(SentMessage(Stage.UPDATE, at))
    messages.sort(key=lambda m: (m.sent_at, _stage_rank(m.stage)))
    return messages


def _stage_rank(stage: Stage) -> int:
    return _ORDER.index(stage) if stage in _ORDER else len(_ORDER)


def _stages_sent(record: IncidentRecord, messages: Sequence[SentMessage]) -> set[Stage]:
    """Stages known to have gone out; a later stage shows the earlier ones did too."""
    shown = {m.stage for m in messages}
    shown.update(c.stage for c in record.commitments if c.stage is not None)
    latest = max((_stage_rank(s) for s in shown if s in _ORDER), default=-1)
    return set(_ORDER[: latest + 1]) | shown


def _update_promises(record: IncidentRecord, messages: Sequence[SentMessage]) -> list[Commitment]:
    """Each update's "next update by ..." as a commitment, delivered by the next message."""
    zone = client_zone(record)
    text = _UPDATE_PROMISE.get(record.language, _UPDATE_PROMISE["en"])
    promises: list[Commitment] = []
    for update in record.updates:
        if update.next_update_at is None:
            continue
        sent_at = in_zone(update.sent_at, zone)
        following = [m.sent_at for m in messages if m.sent_at > sent_at]
        promises.append(
            Commitment(
                promise=text,
                due=in_zone(update.next_update_at, zone),
                delivered_at=min(following) if following else None,
                stage=Stage.UPDATE,
            )
        )
    return promises


def _judge(commitment: Commitment, now: datetime) -> tuple[str, MissedCommitment | None]:
    if commitment.delivered_at is not None:
        if commitment.delivered_at <= commitment.due:
            return "kept", None
        late = commitment.delivered_at - commitment.due
        return "missed", MissedCommitment(commitment, late, True)
    if now > commitment.due:
        return "overdue", MissedCommitment(commitment, now - commitment.due, False)
    return "upcoming", None


def _due_status(
    due: datetime, sent_at: datetime | None, now: datetime
) -> tuple[str, timedelta | None]:
    """A message's status against its due time: kept or missed once sent, else by ``now``."""
    if sent_at is not None:
        return ("kept", None) if sent_at <= due else ("missed", sent_at - due)
    return ("overdue", now - due) if now > due else ("upcoming", None)


def _cadence_due(
    record: IncidentRecord,
    messages: Sequence[SentMessage],
    answer: Deadline,
    policy: Policy,
) -> datetime:
    """When the next update is due: what the last update promised, else one cadence on."""
    zone = client_zone(record)
    client_messages = [m for m in messages if m.stage in _ORDER]
    last = client_messages[-1] if client_messages else None
    if last is not None and last.stage is Stage.UPDATE:
        for update in record.updates:
            at = in_zone(update.sent_at, zone)
            if abs(elapsed(last.sent_at, at)) < timedelta(minutes=1) and update.next_update_at:
                return in_zone(update.next_update_at, zone)
    # A next update the record lists as a promise of its own is due when promised.
    promised = [
        in_zone(c.due, zone)
        for c in record.commitments
        if c.promise_kind is PromiseKind.UPDATE
        and c.delivered_at is None
        and (last is None or in_zone(c.due, zone) > last.sent_at)
    ]
    if promised:
        return min(promised)
    if last is None:
        return next_update_deadline(record, answer.at, policy).at
    return next_update_deadline(record, last.sent_at, policy).at


def _last_fact(record: IncidentRecord, sent: Sequence[SentMessage], zone: ZoneInfo) -> datetime:
    """The latest moment at which the record (or the log) says something happened."""
    moments = [record.incident.reported_at]
    moments += [u.sent_at for u in record.updates]
    moments += [c.delivered_at for c in record.commitments if c.delivered_at is not None]
    moments += [m.sent_at for m in sent]
    if record.resolution is not None:
        moments.append(record.resolution.resolved_at)
    return max(in_zone(m, zone) for m in moments)


def _as_of(
    record: IncidentRecord, sent: Sequence[SentMessage], now: datetime
) -> tuple[IncidentRecord, list[SentMessage]]:
    """The record and log as they stood at ``now``.

    Messages, deliveries and a resolution dated after ``now`` had not happened yet.
    """
    zone = client_zone(record)
    commitments = tuple(
        c
        if c.delivered_at is None or in_zone(c.delivered_at, zone) <= now
        else replace(c, delivered_at=None)
        for c in record.commitments
    )
    resolution = record.resolution
    if resolution is not None and in_zone(resolution.resolved_at, zone) > now:
        resolution = None
    known = replace(
        record,
        updates=tuple(u for u in record.updates if in_zone(u.sent_at, zone) <= now),
        commitments=commitments,
        resolution=resolution,
    )
    return known, [m for m in sent if in_zone(m.sent_at, zone) <= now]


def _judge_commitments(
    commitments: Sequence[Commitment], promises: Sequence[Commitment], now: datetime
) -> tuple[list[TimelineEntry], list[MissedCommitment]]:
    """An entry for each commitment and promised update, and those that were missed."""
    entries: list[TimelineEntry] = []
    missed: list[MissedCommitment] = []
    judged = [("promised", c) for c in commitments] + [("update-due", p) for p in promises]
    for kind, commitment in judged:
        status, miss = _judge(commitment, now)
        late = None if miss is None else miss.late_by
        entries.append(
            TimelineEntry(commitment.due, kind, commitment.stage, commitment.promise, status, late)
        )
        if miss is not None:
            missed.append(miss)
    missed.sort(key=lambda m: m.commitment.due)
    return entries, missed


def _first_answer_entries(
    stages: set[Stage],
    messages: Sequence[SentMessage],
    deadlines: Sequence[tuple[Stage, Deadline]],
    now: datetime,
    language: str,
) -> list[TimelineEntry]:
    """The acknowledgement and answer deadlines, unless sent at a time nobody recorded."""
    first_sent = {m.stage: m.sent_at for m in reversed(messages)}
    entries = []
    for stage, deadline in deadlines:
        known = first_sent.get(stage)
        if stage in stages and known is None:
            continue  # sent at an unknown time: the commitments say more
        status, late = _due_status(deadline.at, known, now)
        label = labels.first_answer_due(stage, deadline.promise, "en")
        said = labels.first_answer_due(stage, deadline.promise, language)
        entries.append(TimelineEntry(deadline.at, "due", stage, label, status, late, said))
    return entries


def _next_message(
    record: IncidentRecord,
    stages: set[Stage],
    cadence: datetime,
    acknowledge: Deadline,
    answer: Deadline,
    policy: Policy,
) -> tuple[Stage | None, datetime | None]:
    """The stage of the next message and its due time, by the order of the playbook."""
    if Stage.ACKNOWLEDGEMENT not in stages:
        return Stage.ACKNOWLEDGEMENT, acknowledge.at
    if record.resolution is not None:
        if Stage.CLOSING in stages:
            return None, None
        resolved_at = in_zone(record.resolution.resolved_at, client_zone(record))
        if cadence < resolved_at:
            # The update was already late when it was resolved; the closing
            # note is owed one cadence after the resolution.
            return Stage.CLOSING, next_update_deadline(record, resolved_at, policy).at
        return Stage.CLOSING, cadence
    if Stage.APOLOGY not in stages:
        return Stage.APOLOGY, answer.at
    return Stage.UPDATE, cadence


def build_timeline(
    record: IncidentRecord,
    now: datetime | None = None,
    *,
    sent: Sequence[SentMessage] = (),
    policy: Policy | None = None,
) -> Timeline:
    """Where ``record`` stands at ``now``, every time in the client's zone.

    ``now`` defaults to the current time, or to the last moment the record
    mentions when that is later: a record written ahead of the clock (an
    example, a rehearsal) is judged once everything it states has happened.
    """
    zone = client_zone(record)
    policy = policy or DEFAULT_POLICY
    if now is None:
        now = max(datetime.now(zone), _last_fact(record, sent, zone))
    now = in_zone(now, zone)
    record, sent = _as_of(record, sent, now)
    messages = _sent_messages(record, sent)
    stages = _stages_sent(record, messages)
    answer = answer_deadline(record, policy)
    acknowledge = acknowledgement_deadline(record, policy)
    resolution = record.resolution

    language = record.language
    found_by = record.incident.found_by
    criticality = record.incident.criticality
    entries = [
        TimelineEntry(
            answer.start,
            "reported",
            None,
            labels.reported(found_by, criticality, "en"),
            "done",
            display_label=labels.reported(found_by, criticality, language),
        )
    ]
    for message in messages:
        label = labels.sent(message.stage, message.recipient, "en")
        said = labels.sent(message.stage, message.recipient, language)
        entries.append(
            TimelineEntry(message.sent_at, "sent", message.stage, label, "done", None, said)
        )

    commitments = [
        Commitment(
            c.promise,
            in_zone(c.due, zone),
            None if c.delivered_at is None else in_zone(c.delivered_at, zone),
            c.stage,
        )
        for c in record.commitments
    ]
    promises = _update_promises(record, messages)
    if resolution is not None:
        resolved_at = in_zone(resolution.resolved_at, zone)
        # An update promised for after the resolution is owed as the closing note,
        # which carries its due time: judging both would count one slip twice.
        promises = [p for p in promises if p.delivered_at is not None or p.due <= resolved_at]
        said = labels.resolved(language)
        entries.append(
            TimelineEntry(resolved_at, "resolved", None, labels.resolved("en"), "done", None, said)
        )
    judged, missed = _judge_commitments(commitments, promises, now)
    entries += judged
    entries += _first_answer_entries(
        stages,
        messages,
        (
            (Stage.ACKNOWLEDGEMENT, acknowledge),
            (Stage.APOLOGY, answer),
        ),
        now,
        language,
    )

    cadence = _cadence_due(record, messages, answer, policy)
    next_stage, next_due = _next_message(record, stages, cadence, acknowledge, answer, policy)
    if next_due is not None:
        status, late = _due_status(next_due, None, now)
        # An update the last one promised is on the timeline already, as its promise.
        if next_stage is Stage.UPDATE and next_due not in {
            c.due for c in (*promises, *commitments)
        }:
            every = policy.for_record(record).level(criticality).update_every
            label = labels.next_update_due(every, "en")
            said = labels.next_update_due(every, language)
            entries.append(
                TimelineEntry(next_due, "update-due", next_stage, label, status, late, said)
            )
        elif next_stage is Stage.CLOSING:
            label, said = labels.closing_due("en"), labels.closing_due(language)
            entries.append(TimelineEntry(next_due, "due", next_stage, label, status, late, said))

    entries.sort(key=lambda e: (e.at, _KIND_ORDER.index(e.kind)))
    # A slip is for the next message to name until a message has gone out after it was due.
    told = [m.sent_at for m in messages if m.stage in _ORDER]
    unnamed = [
        m for m in missed if m.commitment.due <= now and not any(m.commitment.due < t for t in told)
    ]
    last_missed = max(unnamed, key=lambda m: m.commitment.due) if unnamed else None
    return Timeline(
        now=now,
        entries=tuple(entries),
        next_stage=next_stage,
        next_due=next_due,
        overdue=tuple(m for m in missed if not m.delivered),
        missed=tuple(missed),
        last_promise_missed=last_missed,
        next_update_at=None if resolution is not None else cadence,
    )
