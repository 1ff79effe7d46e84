"""What each stage's templates receive: the record, and the deadline facts the message states.

The templates hold every word; this module only decides *which* facts a
stage has (the answer deadline, the next update, the missed promises, the
plan with owners and dates), taking every time from the deadline engine
(:mod:`excuses.deadlines`, :mod:`excuses.timeline`) so a message never states
a time the engine would not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .deadlines import answer_deadline, next_update_deadline
from .errors import Problem, RecordError
from .filters import LANGUAGE_KEY, LOCALE_KEY, NOW_KEY, ZONE_KEY, salutation_name
from .locales import client_locale
from .policy import Policy
from .record import Action, Criticality, FoundBy, IncidentRecord, Measure, Stage
from .subjects import topic

#: The stages in the order they are sent (``--all-stages`` prints them in it).
STAGES: tuple[Stage, ...] = tuple(Stage)


def sending_moment(record: IncidentRecord, stage: Stage) -> datetime | None:
    """When the record's own history sends ``stage``, or None when it does not say.

    ``excuses draft --all-stages`` drafts each stage at that moment, so a
    finished incident reads as the story it was: the acknowledgement right
    after the report, the apology when the first promise was kept, the update
    when the last one went out, the closing note and debrief at resolution.
    """
    if stage is Stage.ACKNOWLEDGEMENT:
        return record.incident.reported_at
    if stage is Stage.APOLOGY:
        kept = [
            c.delivered_at
            for c in record.commitments
            if c.stage is Stage.ACKNOWLEDGEMENT and c.delivered_at is not None
        ]
        return min(kept) if kept else None
    if stage is Stage.UPDATE:
        return record.updates[-1].sent_at if record.updates else None
    return record.resolution.resolved_at if record.resolution is not None else None


@dataclass(frozen=True)
class Step:
    """One line of a plan or status list, as it stood when the message left.

    ``done`` with no ``done_at`` is a step done at a time nobody recorded;
    ``late`` is a step still to do after its due time, with its ``new_due``
    when one was announced.
    """

    description: str
    owner: str | None = None
    due: datetime | None = None
    done: bool = False
    done_at: datetime | None = None
    late: bool = False
    new_due: datetime | None = None


@dataclass(frozen=True)
class Event:
    """One dated line of an incident's timeline; ``kind`` picks the template's wording."""

    at: datetime
    kind: str
    details: tuple[str, ...] = ()
    #: For a promise: when it was due (later than ``at`` when it was kept late).
    due: datetime | None = None

    @property
    def late(self) -> bool:
        """Whether a promise was kept after the time we had given."""
        return self.due is not None and self.at > self.due


@dataclass(frozen=True)
class Missed:
    """A promise that was not kept on time: what, when it was due, when (if) it came."""

    promise: str
    due: datetime
    delivered_at: datetime | None
    #: True for the cadence's "next update by ..." promise rather than one the record lists.
    is_update: bool = False


@dataclass(frozen=True)
class StageContext:
    """The values a stage's templates read, and the deadline facts the message states."""

    values: dict[str, Any]
    facts: dict[str, Any]


def parse_stage(stage: Stage | str) -> Stage:
    """``stage`` as a :class:`Stage`; a clear error names the stages when it is not one."""
    if isinstance(stage, Stage):
        return stage
    try:
        return Stage(str(stage).strip().lower())
    except ValueError:
        import difflib

        from .errors import StageError

        names = [s.value for s in STAGES]
        close = difflib.get_close_matches(str(stage).strip().lower(), names, n=1)
        also = f" (did you mean {close[0]}?)" if close else ""
        raise StageError(
            f"unknown stage {str(stage)!r}{also}; expected one of {', '.join(names[:-1])} "
            f"or {names[-1]}"
        ) from None


def stage_context(
    record: IncidentRecord, stage: Stage, now: datetime, policy: Policy | None = None
) -> StageContext:
    """Everything the templates of ``stage`` read for ``record`` at ``now``.

    Deadlines follow ``policy`` (default: :data:`~excuses.policy.DEFAULT_POLICY`)
    with the record's own overrides applied.
    """
    zone = ZoneInfo(record.client.timezone)
    local_now = now.astimezone(zone)
    try:
        locale = client_locale(record.language, record.client.country, record.client.locale)
    except ValueError as exc:
        raise RecordError([Problem("client.locale", str(exc))], _source(record)) from None
    values: dict[str, Any] = {
        # The filters write dates, amounts and words as the client's locale does.
        LOCALE_KEY: locale,
        LANGUAGE_KEY: locale.dates,
        ZONE_KEY: zone,
        NOW_KEY: local_now,
        "stage": stage.value,
        "record": record,
        "client": record.client,
        "sender": record.sender,
        "incident": record.incident,
        "team": record.team,
        "greeting_name": salutation_name(record.client.contact_name, locale.spelling),
        "topic": topic(record),
        "found_by_client": record.incident.found_by is FoundBy.CLIENT,
        "criticality": record.incident.criticality.value,
        "plan": (),
        "questions": record.incident.questions,
        # Default questions cover only what the record does not already tell us.
        "ask_symptoms": not record.incident.symptoms,
        "ask_tried": not record.incident.already_tried,
    }
    derived, facts = _derived(record, stage, local_now, policy)
    values.update(derived)
    return StageContext(values, dict(facts))


# A batch drafts the same incident for thousands of clients: what the deadline
# engine says depends only on the fields in this key (never on who the client
# is, nor on the incident's wording), so it is worked out once per distinct key.
# The policy is part of the key: two teams' scales give two different answers.
_DERIVED: dict[tuple[Any, ...], tuple[dict[str, Any], dict[str, Any]]] = {}
_DERIVED_MAX = 512


def _derived(
    record: IncidentRecord, stage: Stage, now: datetime, policy: Policy | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    client = record.client
    key = (
        stage,
        now,
        record.language,
        client.timezone,
        client.country,
        client.subdivision,
        record.incident.reported_at,
        record.incident.criticality,
        record.incident.found_by,
        record.actions,
        record.commitments,
        record.updates,
        record.resolution,
        record.policy,
        policy,
    )
    found = _DERIVED.get(key)
    if found is None:
        values: dict[str, Any] = {}
        facts: dict[str, Any] = {}
        _BUILDERS[stage](record, now, values, facts, policy)
        if len(_DERIVED) >= _DERIVED_MAX:
            _DERIVED.clear()
        found = _DERIVED[key] = (values, facts)
    return found


def _steps(items: tuple[Action, ...] | tuple[Measure, ...], now: datetime) -> tuple[Step, ...]:
    """Plan steps or corrective measures as they stood at ``now``, as the templates list them."""
    steps = []
    for item in items:
        done = item.is_done(now)
        new_due = getattr(item, "new_due", None)
        late = not done and item.due < now
        steps.append(
            Step(
                item.description,
                item.owner,
                item.due,
                done,
                item.done_at if done else None,
                late,
                new_due if late and new_due is not None and new_due > now else None,
            )
        )
    return tuple(steps)


def _acknowledgement(
    record: IncidentRecord,
    now: datetime,
    values: dict[str, Any],
    facts: dict[str, Any],
    policy: Policy | None = None,
) -> None:
    answer = answer_deadline(record, policy)
    values["answer"] = answer
    facts["answer_by"] = answer.at


def _apology(
    record: IncidentRecord,
    now: datetime,
    values: dict[str, Any],
    facts: dict[str, Any],
    policy: Policy | None = None,
) -> None:
    _require_plan(record, Stage.APOLOGY)
    plan = _steps(record.actions, now)
    following = next_update_deadline(record, now, policy)
    values["plan"] = plan
    values["next_update"] = following
    values["missed"] = _missed(record, now, policy)
    facts["next_update_at"] = following.at
    facts["actions_due"] = tuple(step.due for step in plan)


def _update(
    record: IncidentRecord,
    now: datetime,
    values: dict[str, Any],
    facts: dict[str, Any],
    policy: Policy | None = None,
) -> None:
    previous = [u for u in record.updates if u.sent_at <= now]
    latest = previous[-1] if previous else None
    done = latest.done if latest else ()
    under_way = latest.in_progress if latest else ()
    blocked = latest.blocked if latest else ()
    plan = _steps(record.actions, now)
    recovery = _estimated_recovery(record, latest, now)
    following = next_update_deadline(record, now, policy)
    missed = _missed(record, now, policy)
    values.update(
        done=done,
        under_way=under_way,
        blocked=blocked,
        plan=plan,
        # Nothing reported done and no step of the plan done: said plainly, still sent.
        no_progress=not done and not any(step.done for step in plan),
        estimated_recovery=recovery,
        next_update=following,
        missed=missed,
        last_missed=missed[-1] if missed else None,
        slips=len(missed),
        previous_update=latest,
    )
    facts["next_update_at"] = following.at
    if recovery is not None:
        facts["estimated_recovery"] = recovery
    facts["missed"] = tuple(m.due for m in missed)


def _closing(
    record: IncidentRecord,
    now: datetime,
    values: dict[str, Any],
    facts: dict[str, Any],
    policy: Policy | None = None,
) -> None:
    resolution = _require_resolution(record, Stage.CLOSING)
    if resolution.gesture is None and record.incident.criticality is not Criticality.ANNOYING:
        raise RecordError(
            [
                Problem(
                    "resolution.gesture",
                    f"missing; the closing note of an {record.incident.criticality.value} "
                    "incident offers a goodwill gesture scaled to it (kind, description, "
                    "and an amount with its currency when it has one)",
                )
            ],
            _source(record),
        )
    if not resolution.measures:
        raise RecordError(
            [
                Problem(
                    "resolution.measures",
                    "empty; the closing note states the corrective measures, so the record "
                    "needs at least one (description, due, owner)",
                )
            ],
            _source(record),
        )
    measures = _steps(resolution.measures, now)
    values.update(
        resolution=resolution,
        measures=measures,
        plan=measures,
        gesture=resolution.gesture,
        events=_events(record),
        missed=_missed(record, now, policy),
    )
    facts["resolved_at"] = resolution.resolved_at
    facts["measures_due"] = tuple(m.due for m in measures)


def _debrief(
    record: IncidentRecord,
    now: datetime,
    values: dict[str, Any],
    facts: dict[str, Any],
    policy: Policy | None = None,
) -> None:
    resolution = _require_resolution(record, Stage.DEBRIEF)
    measures = _steps(resolution.measures, now)
    actions = _steps(record.actions, now)
    values.update(
        resolution=resolution,
        measures=measures,
        plan=measures,
        actions=actions,
        events=_events(record),
        missed=_missed(record, now, policy),
    )
    facts["resolved_at"] = resolution.resolved_at
    facts["measures_due"] = tuple(m.due for m in measures)


def _missed(
    record: IncidentRecord, now: datetime, policy: Policy | None = None
) -> tuple[Missed, ...]:
    """Promises kept late, or still not kept past their date, as of ``now``, oldest first."""
    from .timeline import build_timeline

    timeline = build_timeline(record, now, policy=policy)
    listed = set(record.commitments)
    return tuple(
        Missed(
            m.commitment.promise,
            m.commitment.due,
            m.commitment.delivered_at,
            m.commitment not in listed,
        )
        for m in timeline.missed
        # A record written after the fact holds deliveries later than ``now``.
        if m.commitment.delivered_at is None or m.commitment.delivered_at <= now
    )


def _estimated_recovery(record: IncidentRecord, latest: Any, now: datetime) -> datetime | None:
    """The estimate the latest update gave, else the last step still to do; never a past time."""
    if latest is not None and latest.estimated_recovery is not None:
        recovery: datetime = latest.estimated_recovery
        return recovery if recovery > now else None
    pending = [a.due for a in record.actions if not a.is_done(now) and a.due > now]
    return max(pending) if pending else None


def _events(record: IncidentRecord) -> tuple[Event, ...]:
    """The incident's timeline, in order: report, promises kept, updates sent, resolution."""
    incident = record.incident
    events = [Event(incident.reported_at, "found_by_" + incident.found_by.value)]
    sent = {u.sent_at: u for u in record.updates}
    updates = {at: Event(at, "update", u.done) for at, u in sent.items()}
    for c in record.commitments:
        if c.delivered_at is None:
            continue
        # A promised update delivered by an update message is one line, not two.
        same = next((at for at in updates if abs(at - c.delivered_at) < _SAME_MESSAGE), None)
        if same is not None:
            updates[same] = Event(same, "update", sent[same].done, c.due)
        else:
            events.append(Event(c.delivered_at, "commitment", (c.promise,), c.due))
    events += updates.values()
    if record.resolution is not None:
        events.append(Event(record.resolution.resolved_at, "resolved"))
    return tuple(sorted(events, key=lambda e: e.at))


_SAME_MESSAGE = timedelta(minutes=1)


def _source(record: IncidentRecord) -> str | None:
    return record.source.filename if record.source is not None else None


def _require_plan(record: IncidentRecord, stage: Stage) -> None:
    if not record.actions:
        raise RecordError(
            [
                Problem(
                    "actions",
                    f"empty; the {stage.value} states the action plan, so the record needs "
                    "at least one action (description, owner, due)",
                )
            ],
            _source(record),
        )


def _require_resolution(record: IncidentRecord, stage: Stage) -> Any:
    if record.resolution is None:
        raise RecordError(
            [
                Problem(
                    "resolution",
                    f"missing; the {stage.value} needs it (resolved_at, summary, root_cause, "
                    "detection_gap, measures)",
                )
            ],
            _source(record),
        )
    return record.resolution


_BUILDERS = {
    Stage.ACKNOWLEDGEMENT: _acknowledgement,
    Stage.APOLOGY: _apology,
    Stage.UPDATE: _update,
    Stage.CLOSING: _closing,
    Stage.DEBRIEF: _debrief,
}

__all__ = ["STAGES", "Event", "Missed", "StageContext", "Step", "parse_stage", "stage_context"]
