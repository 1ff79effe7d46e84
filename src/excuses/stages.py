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
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from .business_time import in_zone
from .deadlines import (
    Deadline,
    acknowledgement_deadline,
    answer_deadline,
    client_zone,
    next_update_deadline,
)
from .errors import Problem, RecordError
from .filters import LANGUAGE_KEY, LOCALE_KEY, NOW_KEY, ZONE_KEY, salutation_name
from .locales import client_locale
from .policy import Policy
from .record import (
    Action,
    Criticality,
    FoundBy,
    IncidentRecord,
    Measure,
    PromiseKind,
    Resolution,
    Stage,
)
from .story import SAME_MESSAGE, Slip, Story, history, story_at
from .subjects import topic
from .timeline_labels import criticality_name

#: The stages in the order they are sent (``--all-stages`` prints them in it).
STAGES: tuple[Stage, ...] = tuple(Stage)


def sending_moment(
    record: IncidentRecord, stage: Stage, policy: Policy | None = None
) -> datetime | None:
    """When the record's own history sends ``stage``, or None when it never does.

    ``excuses draft --all-stages`` drafts each stage at that moment, so a
    finished incident reads as the story it was, and never at the clock: the
    acknowledgement at the report; the apology when the acknowledgement's
    promise was kept, else when it was due; the update when the last one went
    out, else when the first one was due (None when the incident was resolved
    before that); the closing note and debrief at the resolution (None while
    there is none).
    """
    if stage is Stage.ACKNOWLEDGEMENT:
        return record.incident.reported_at
    sent = dict(reversed(history(record)))
    if stage is Stage.APOLOGY:
        return sent.get(Stage.APOLOGY) or answer_deadline(record, policy).at
    if stage is Stage.UPDATE:
        if record.updates:
            return record.updates[-1].sent_at
        apology = sending_moment(record, Stage.APOLOGY, policy)
        assert apology is not None
        due = _at(
            _next_update(record, Stage.APOLOGY, in_zone(apology, client_zone(record)), policy)
        )
        resolved = record.resolution.resolved_at if record.resolution is not None else None
        return None if resolved is not None and resolved <= due else due
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
    #: True for a "next update by ..." promise the record does not word.
    is_update: bool = False
    #: How late it came, or is at the draft's moment.
    late_by: timedelta = timedelta(0)
    #: True when the late promise is this very message (the answer, the update).
    own: bool = False
    #: Its rank among the incident's slips (2: the second slip).
    number: int = 1


@dataclass(frozen=True)
class StageContext:
    """The values a stage's templates read, and the deadline facts the message states."""

    values: dict[str, Any]
    facts: dict[str, Any]
    #: What makes the stage odd at this moment (sent late, after the resolution…), in words.
    warnings: tuple[str, ...] = ()


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
        french = (
            "doit être une étiquette fr-XX comme fr-FR ou fr-CA, et non "
            f"«\u00a0{record.client.locale}\u00a0»"
        )
        raise _refuse(record, "client.locale", _said(record, str(exc), french)) from None
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
        # No "since when?" when the record already dates what happened.
        "ask_since": not _dated(record),
        "ask_tried": not record.incident.already_tried,
    }
    derived, facts = _derived(record, stage, local_now, policy)
    values.update(derived)
    warnings = tuple(values.pop("warnings", ()))
    values.update(_team_values(record))
    return StageContext(values, dict(facts), warnings)


def _team_values(record: IncidentRecord) -> dict[str, Any]:
    """Who works on the incident, and who reads the internal debrief.

    ``works_alone``: the record lists the sender as the whole team (and no team
    address), so the messages say "I am looking into it", not "our team"; a
    record that lists no team says nothing of its size, and keeps "our team".
    ``team_of_one``: nobody but the sender reads the debrief.
    """
    others = [m for m in record.team if m.name != record.sender.name]
    alone = not others and not record.team_email
    return {"team_of_one": alone, "works_alone": alone and bool(record.team)}


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
        record.incident.broken_promise,
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


def _dated(record: IncidentRecord) -> bool:
    """Whether the facts the client gave already say when the problem started."""
    incident = record.incident
    text = " ".join((incident.what_happened, *incident.symptoms, incident.client_words or ""))
    return _dated_text(text, record.language)


# Scanning the facts for a date is half the work of a stage context, and a batch drafts the
# same incident, word for word, for every client: the answer depends on the text alone.
@lru_cache(maxsize=1024)
def _dated_text(text: str, language: str) -> bool:
    # The checker's own detector of dates and times: what it reads as dated, we do too.
    from .lint._normalize import normalize
    from .lint._stage_checks import has_precise_date

    return has_precise_date(normalize(text).lowered, language)


def _a(word: str) -> str:
    """``word`` with its indefinite article: ``a critical``, ``an important``."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


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


def _source(record: IncidentRecord) -> str | None:
    return record.source.filename if record.source is not None else None


def _when(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


#: Each stage as a French warning names it: « le message « excuses » ».
_STAGE_FR = {
    Stage.ACKNOWLEDGEMENT: "accusé de réception",
    Stage.APOLOGY: "excuses",
    Stage.UPDATE: "point d’avancement",
    Stage.CLOSING: "note de clôture",
    Stage.DEBRIEF: "retour d’expérience",
}


def _said(record: IncidentRecord, english: str, french: str) -> str:
    """A warning in the record's language: whoever drafts the record's messages reads it."""
    return french if record.language == "fr" else english


def _message_fr(stage: Stage) -> str:
    return f"le message «\u00a0{_STAGE_FR[stage]}\u00a0»"


def _refuse(record: IncidentRecord, path: str, message: str) -> RecordError:
    """A record that cannot be drafted at this stage, told in the record's language."""
    return RecordError([Problem(path, message)], _source(record), record.language)


def _resolved_at(record: IncidentRecord, now: datetime) -> datetime | None:
    """When the incident was resolved, if it was by ``now``."""
    if record.resolution is None:
        return None
    at = in_zone(record.resolution.resolved_at, client_zone(record))
    return at if at <= now + SAME_MESSAGE else None


def _missed_items(slips: tuple[Slip, ...], own: Slip | None) -> tuple[Missed, ...]:
    return tuple(
        Missed(
            s.promise.text,
            s.promise.due,
            s.delivered_at,
            s.promise.kind is PromiseKind.UPDATE or not s.promise.text,
            s.late_by,
            own is not None and s.promise == own.promise,
            s.number,
        )
        for s in slips
    )


def _named(story: Story, values: dict[str, Any], facts: dict[str, Any]) -> None:
    """The slips this message owns up to, once, and how many the incident has had."""
    missed = _missed_items(story.named_here, story.own_slip)
    values["missed"] = missed
    values["last_missed"] = missed[-1] if missed else None
    values["own_late"] = next((m for m in missed if m.own), None)
    values["slips"] = missed[-1].number if missed else 0
    facts["missed"] = tuple(m.due for m in missed)


def _unknown_times(record: IncidentRecord, warnings: list[str]) -> None:
    for index, action in enumerate(record.actions):
        if action.done and action.done_at is None:
            warnings.append(
                _said(
                    record,
                    f"actions[{index}] is done at a time nobody recorded (done: true, no "
                    "done_at): the draft calls it done and says the time is unknown; add done_at",
                    f"actions[{index}] est fait à une heure que personne n’a consignée (done: "
                    "true, sans done_at)\u00a0: le brouillon le dit fait et précise que l’heure "
                    "n’est pas connue\u202f; ajoutez done_at",
                )
            )


def _acknowledgement(
    record: IncidentRecord,
    now: datetime,
    values: dict[str, Any],
    facts: dict[str, Any],
    policy: Policy | None = None,
) -> None:
    warnings: list[str] = values.setdefault("warnings", [])
    resolved = _resolved_at(record, now)
    if resolved is not None:
        # draft() moves such an acknowledgement to the report; a direct caller is told.
        warnings.append(
            _said(
                record,
                f"the incident was resolved at {_when(resolved)}: an acknowledgement at "
                f"{_when(now)} says it is still being studied",
                f"l’incident a été résolu le {_when(resolved)}\u00a0: un accusé de réception "
                f"daté du {_when(now)} dit qu’il est encore à l’étude",
            )
        )
    answer = answer_deadline(record, policy)
    later = [(s, at) for s, at in history(record)[1:] if at < now - SAME_MESSAGE]
    if later:
        stage, at = later[0]
        warnings.append(
            _said(
                record,
                f"the {stage.value} already went out at {_when(at)}: an acknowledgement sent "
                f"at {_when(now)} would come after it",
                f"{_message_fr(stage)} est déjà parti le {_when(at)}\u00a0: un accusé de "
                f"réception envoyé le {_when(now)} arriverait après lui",
            )
        )
    acknowledge = acknowledgement_deadline(record, policy)
    if now > acknowledge.at + SAME_MESSAGE and not later:
        warnings.append(
            _said(
                record,
                f"the acknowledgement was due at {_when(acknowledge.at)} and nothing was sent "
                f"by {_when(now)}: it goes out late",
                f"l’accusé de réception était attendu le {_when(acknowledge.at)} et rien n’était "
                f"parti le {_when(now)}\u00a0: il part en retard",
            )
        )
    if now >= answer.at:
        # The promised time is gone: promise the next one, counted from now.
        answer = answer_deadline(record, policy, start=now)
        warnings.append(
            _said(
                record,
                f"the answer was due at {_when(answer.start)}; this acknowledgement promises a "
                f"new time counted from now, {_when(answer.at)}",
                f"la réponse était attendue le {_when(answer.start)}\u202f; cet accusé de "
                f"réception promet une nouvelle heure comptée à partir de maintenant, "
                f"le {_when(answer.at)}",
            )
        )
    values["answer"] = answer
    facts["answer_by"] = answer.at


def _next_update(
    record: IncidentRecord, stage: Stage, now: datetime, policy: Policy | None
) -> Deadline | datetime:
    """The next update this message promises: the one the record says it promised, else the
    cadence's, counted from now."""
    zone = client_zone(record)
    if stage is Stage.UPDATE:
        for update in record.updates:
            same = abs(in_zone(update.sent_at, zone) - now) < SAME_MESSAGE
            if same and update.next_update_at is not None:
                return in_zone(update.next_update_at, zone)
    else:
        for c in record.commitments:
            due = in_zone(c.due, zone)
            # A promise already due was made by the message the record tells of, not this one.
            if c.stage is stage and c.promise_kind is PromiseKind.UPDATE and due > now:
                return due
    return next_update_deadline(record, now, policy)


def _at(deadline: Deadline | datetime) -> datetime:
    return deadline.at if isinstance(deadline, Deadline) else deadline


def _apology(
    record: IncidentRecord,
    now: datetime,
    values: dict[str, Any],
    facts: dict[str, Any],
    policy: Policy | None = None,
) -> None:
    _require_plan(record, Stage.APOLOGY)
    warnings: list[str] = values.setdefault("warnings", [])
    _unknown_times(record, warnings)
    plan = _steps(record.actions, now)
    following = _next_update(record, Stage.APOLOGY, now, policy)
    values["plan"] = plan
    values["next_update"] = following
    facts["next_update_at"] = _at(following)
    facts["actions_due"] = tuple(step.due for step in plan)
    _named(story_at(record, Stage.APOLOGY, now, policy), values, facts)


def _update(
    record: IncidentRecord,
    now: datetime,
    values: dict[str, Any],
    facts: dict[str, Any],
    policy: Policy | None = None,
) -> None:
    warnings: list[str] = values.setdefault("warnings", [])
    resolved = _resolved_at(record, now)
    if resolved is not None:
        warnings.append(
            _said(
                record,
                f"the incident was resolved at {_when(resolved)}: a progress update sent at "
                f"{_when(now)} would say it is still under way; the closing note is due instead",
                f"l’incident a été résolu le {_when(resolved)}\u00a0: un point d’avancement "
                f"envoyé le {_when(now)} dirait qu’il est toujours en cours\u202f; c’est la note "
                "de clôture qui est attendue",
            )
        )
    _unknown_times(record, warnings)
    zone = client_zone(record)
    previous = [u for u in record.updates if in_zone(u.sent_at, zone) <= now + SAME_MESSAGE]
    latest = previous[-1] if previous else None
    done = latest.done if latest else ()
    under_way = latest.in_progress if latest else ()
    blocked = latest.blocked if latest else ()
    plan = _steps(record.actions, now)
    recovery = _estimated_recovery(record, latest, now)
    following = _next_update(record, Stage.UPDATE, now, policy)
    values.update(
        done=done,
        under_way=under_way,
        blocked=blocked,
        plan=plan,
        # Nothing reported done and no step of the plan done: said plainly, still sent.
        no_progress=not done and not any(step.done for step in plan),
        estimated_recovery=recovery,
        next_update=following,
        previous_update=latest,
    )
    facts["next_update_at"] = _at(following)
    if recovery is not None:
        facts["estimated_recovery"] = recovery
    _named(story_at(record, Stage.UPDATE, now, policy), values, facts)


def _closing(
    record: IncidentRecord,
    now: datetime,
    values: dict[str, Any],
    facts: dict[str, Any],
    policy: Policy | None = None,
) -> None:
    resolution = _require_resolution(record, Stage.CLOSING, now)
    warnings: list[str] = values.setdefault("warnings", [])
    if resolution.gesture is None and record.incident.criticality is not Criticality.ANNOYING:
        criticality = record.incident.criticality
        raise _refuse(
            record,
            "resolution.gesture",
            _said(
                record,
                f"missing; the closing note of {_a(criticality.value)} incident offers a "
                "goodwill gesture scaled to it (kind, description, and an amount with its "
                "currency when it has one)",
                "manquant\u202f; la note de clôture d’un incident "
                f"{criticality_name(criticality, 'fr')} propose un geste commercial à sa mesure "
                "(kind, description, et un montant avec sa devise s’il en a un)",
            ),
        )
    if resolution.gesture is None:
        warnings.append(
            _said(
                record,
                "the record offers no goodwill gesture: the closing note offers none (for an "
                "annoying incident, `priority-handling` is one)",
                "le dossier ne prévoit aucun geste commercial\u00a0: la note de clôture n’en "
                "propose pas (pour un incident gênant, `priority-handling` en est un)",
            )
        )
    if not resolution.measures:
        raise _refuse(
            record,
            "resolution.measures",
            _said(
                record,
                "empty; the closing note states the corrective measures, so the record "
                "needs at least one (description, due, owner)",
                "vide\u202f; la note de clôture énonce les mesures correctives, la fiche doit "
                "donc en compter au moins une (description, due, owner)",
            ),
        )
    measures = _steps(resolution.measures, now)
    values.update(
        resolution=resolution,
        measures=measures,
        plan=measures,
        gesture=resolution.gesture,
        events=_events(record, now),
    )
    facts["resolved_at"] = resolution.resolved_at
    facts["measures_due"] = tuple(m.due for m in measures)
    _named(story_at(record, Stage.CLOSING, now, policy), values, facts)


def _debrief(
    record: IncidentRecord,
    now: datetime,
    values: dict[str, Any],
    facts: dict[str, Any],
    policy: Policy | None = None,
) -> None:
    resolution = _require_resolution(record, Stage.DEBRIEF, now)
    measures = _steps(resolution.measures, now)
    actions = _steps(record.actions, now)
    story = story_at(record, Stage.DEBRIEF, now, policy)
    values.update(
        resolution=resolution,
        measures=measures,
        plan=measures,
        actions=actions,
        events=_events(record, now),
        missed=_missed_items(story.slips, None),
    )
    facts["resolved_at"] = resolution.resolved_at
    facts["measures_due"] = tuple(m.due for m in measures)


def _estimated_recovery(record: IncidentRecord, latest: Any, now: datetime) -> datetime | None:
    """The estimate the latest update gave, else the last step still to do; never a past time."""
    if latest is not None and latest.estimated_recovery is not None:
        recovery: datetime = latest.estimated_recovery
        return recovery if recovery > now else None
    pending = [a.due for a in record.actions if not a.is_done(now) and a.due > now]
    return max(pending) if pending else None


def _events(record: IncidentRecord, now: datetime) -> tuple[Event, ...]:
    """The incident's timeline up to ``now``: report, promises kept, updates sent, resolution."""
    incident = record.incident
    events = [Event(incident.reported_at, "found_by_" + incident.found_by.value)]
    sent = {u.sent_at: u for u in record.updates if u.sent_at <= now}
    updates = {at: Event(at, "update", u.done) for at, u in sent.items()}
    for c in record.commitments:
        if c.delivered_at is None or c.delivered_at > now:
            continue
        # A promised update delivered by an update message is one line, not two.
        same = next((at for at in updates if abs(at - c.delivered_at) < SAME_MESSAGE), None)
        if same is not None:
            updates[same] = Event(same, "update", sent[same].done, c.due)
        else:
            events.append(Event(c.delivered_at, "commitment", (c.promise,), c.due))
    events += updates.values()
    if record.resolution is not None and record.resolution.resolved_at <= now:
        events.append(Event(record.resolution.resolved_at, "resolved"))
    return tuple(sorted(events, key=lambda e: e.at))


def _require_plan(record: IncidentRecord, stage: Stage) -> None:
    if not record.actions:
        raise _refuse(
            record,
            "actions",
            _said(
                record,
                f"empty; the {stage.value} states the action plan, so the record needs "
                "at least one action (description, owner, due)",
                f"vide\u202f; {_message_fr(stage)} énonce le plan d’action, la fiche doit donc "
                "compter au moins une action (description, owner, due)",
            ),
        )


def stage_moment(
    record: IncidentRecord, stage: Stage, now: datetime
) -> tuple[datetime, str | None]:
    """The moment ``stage`` is drafted at, and why it is not ``now`` when it is not.

    A closing note or debrief asked for before the record's resolution tells
    of that resolution: it is drafted as of it, with a warning, rather than
    stating at ``now`` a resolution that has not happened yet. An
    acknowledgement asked for after the resolution would say the problem is
    still being studied: it is drafted as of the report, with a warning.
    """
    if record.resolution is None:
        return now, None
    resolved = in_zone(record.resolution.resolved_at, client_zone(record))
    if stage is Stage.ACKNOWLEDGEMENT and resolved <= now + SAME_MESSAGE:
        reported = in_zone(record.incident.reported_at, client_zone(record))
        return reported, _said(
            record,
            f"the incident was resolved at {_when(resolved)}: an acknowledgement sent at "
            f"{_when(now)} would say it is still being studied; it is drafted as of the "
            f"report ({_when(reported)}), and the closing note is the message due",
            f"l’incident a été résolu le {_when(resolved)}\u00a0: un accusé de réception "
            f"envoyé le {_when(now)} dirait qu’il est encore à l’étude\u202f; il est rédigé "
            f"à la date du signalement ({_when(reported)}), et c’est la note de clôture qui "
            "est attendue",
        )
    if stage not in (Stage.CLOSING, Stage.DEBRIEF):
        return now, None
    if resolved <= now + SAME_MESSAGE:
        return now, None
    return resolved, _said(
        record,
        f"the incident is resolved at {_when(resolved)}, after {_when(now)}: the "
        f"{stage.value} is drafted as of its resolution",
        f"l’incident est résolu le {_when(resolved)}, après le {_when(now)}\u00a0: "
        f"{_message_fr(stage)} est rédigé à la date de la résolution",
    )


def _require_resolution(record: IncidentRecord, stage: Stage, now: datetime) -> Resolution:
    if record.resolution is None:
        raise _refuse(
            record,
            "resolution",
            _said(
                record,
                f"missing; the {stage.value} needs it (resolved_at, summary, root_cause, "
                "detection_gap, measures)",
                f"manquant\u202f; {_message_fr(stage)} en a besoin (resolved_at, summary, "
                "root_cause, detection_gap, measures)",
            ),
        )
    if _resolved_at(record, now) is None:
        resolved = _when(record.resolution.resolved_at)
        raise _refuse(
            record,
            "resolution.resolved_at",
            _said(
                record,
                f"{resolved} is after the moment drafted ({_when(now)}); the {stage.value} "
                "tells of a resolved incident, so draft it once it is resolved",
                f"{resolved} est postérieur au moment de la rédaction ({_when(now)})\u202f; "
                f"{_message_fr(stage)} raconte un incident résolu, rédigez-le donc une fois "
                "l’incident résolu",
            ),
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
