"""The deadline and cadence policy: how fast we answer and how often we update, per criticality.

The default scale follows the playbook ("dans l'heure, avant la fin de la
journée, sous 3 jours"):

critical
    Answer within 1 hour and update every 2 hours, on **clock time**: nights,
    weekends and public holidays count. A critical incident reported at 17:30
    on a Friday is answered by 18:30 that Friday, not at 09:30 on Monday.

important
    Answer before the **end of the business day** the report lands in, and
    update every business day, on **business time**. A report after closing,
    on a non-working day or a public holiday lands in the next business day.
    So does a report with less than ``last_call`` (1 hour by default) of the
    business day left: promising "before 18:00 today" at 17:50 would be a
    promise nobody can keep with care, so a real account manager promises the
    end of the next business day instead (with 18:00 closing, a report at
    17:00 is answered by 18:00 that day, one at 17:01 by 18:00 the next
    business day). A report on a Friday at 17:45 is answered by Monday 18:00;
    on 24 December 2026 at 17:45 in France, by Monday 28 December 18:00,
    after Christmas and the weekend.

annoying
    Answer within 3 business days and update every 2 business days, on
    **business time**: only the client's opening hours on working days count.
    A business day is one full day of opening hours (9 hours for 09:00-18:00),
    so a report on Monday at 10:00 is answered by Thursday at 10:00, and one
    on Monday evening by Thursday at closing time.

Before the answer, the acknowledgement is due within ``acknowledge_within``
(1 hour by default) on the level's basis, and never after the answer itself.

Business hours and working days are the client's: Monday to Friday,
09:00-18:00 by default, public holidays of the client's country (and
subdivision) excluded. A team changes the scale with a ``[policy]`` section
of its configuration file (:meth:`Policy.from_mapping`); one incident changes
it with its record's ``policy`` overrides (:meth:`Policy.for_record`); a
caller passes its own :class:`Policy` to any function.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .errors import Problem, RecordError, RulesError
from .record import Criticality, Span, SpanTooLong, SpanUnit, TimeBasis

if TYPE_CHECKING:
    from .business_time import BusinessCalendar
    from .record import IncidentRecord

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS_RE = re.compile(
    r"^\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)\s*$", re.ASCII
)


@dataclass(frozen=True)
class LevelPolicy:
    """How fast we answer and how often we update, for one criticality."""

    #: The delay of our substantive answer after the report (or discovery).
    answer_within: Span
    #: The delay between progress updates while the incident is open.
    update_every: Span
    #: Whether plain minutes, hours and days count the clock or only business hours.
    basis: TimeBasis

    def __post_init__(self) -> None:
        if self.update_every.amount <= 0 and (
            self.update_every.unit is not SpanUnit.END_OF_BUSINESS_DAY
        ):
            raise ValueError(
                "expected a positive update_every like `2h` or `1 business day`, "
                f"got `{self.update_every}`"
            )


_ONE_HOUR = Span(1, SpanUnit.HOURS)


def _default_levels() -> Mapping[Criticality, LevelPolicy]:
    return MappingProxyType(
        {
            Criticality.CRITICAL: LevelPolicy(
                Span(1, SpanUnit.HOURS), Span(2, SpanUnit.HOURS), TimeBasis.CLOCK
            ),
            Criticality.IMPORTANT: LevelPolicy(
                Span(0, SpanUnit.END_OF_BUSINESS_DAY),
                Span(1, SpanUnit.BUSINESS_DAYS),
                TimeBasis.BUSINESS,
            ),
            Criticality.ANNOYING: LevelPolicy(
                Span(3, SpanUnit.BUSINESS_DAYS),
                Span(2, SpanUnit.BUSINESS_DAYS),
                TimeBasis.BUSINESS,
            ),
        }
    )


@dataclass(frozen=True)
class Policy:
    """The whole scale: one :class:`LevelPolicy` per criticality, and the client's hours."""

    levels: Mapping[Criticality, LevelPolicy] = field(default_factory=_default_levels, hash=False)
    #: Daily opening and closing times (wall clock, client's zone); 00:00 closes at midnight.
    business_hours: tuple[time, time] = (time(9, 0), time(18, 0))
    #: Working days, 0 for Monday to 6 for Sunday.
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    #: Business time a report needs before closing to be answered by that day's end.
    last_call: timedelta = timedelta(hours=1)
    #: How soon the acknowledgement goes out, on the level's basis (never after the answer).
    acknowledge_within: Span = _ONE_HOUR

    def __post_init__(self) -> None:
        missing = [c.value for c in Criticality if c not in self.levels]
        if missing:
            raise ValueError(f"the policy has no level for {', '.join(missing)}")
        object.__setattr__(self, "levels", MappingProxyType(dict(self.levels)))

    def level(self, criticality: Criticality) -> LevelPolicy:
        """The answer delay, update cadence and time basis for ``criticality``."""
        return self.levels[criticality]

    def with_level(self, criticality: Criticality, level: LevelPolicy) -> Policy:
        """A copy of this policy with ``criticality`` set to ``level``."""
        return replace(self, levels={**self.levels, criticality: level})

    def calendar(
        self, timezone: str, country: str | None = None, subdivision: str | None = None
    ) -> BusinessCalendar:
        """The business calendar of a client in ``timezone`` under this policy."""
        from .business_time import BusinessCalendar

        opens, closes = self.business_hours
        return BusinessCalendar(
            zone=ZoneInfo(timezone),
            opens=opens,
            closes=closes,
            working_days=self.working_days,
            country=country,
            subdivision=subdivision,
        )

    def for_record(self, record: IncidentRecord) -> Policy:
        """This policy with the record's ``policy`` overrides applied.

        ``answer_within``, ``update_every`` and ``time_basis`` change the level
        of the record's criticality; ``business_hours`` and ``working_days``
        change the calendar. ``answer_by`` is read by the deadline functions.
        """
        overrides = record.policy
        criticality = record.incident.criticality
        level = self.level(criticality)
        try:
            level = LevelPolicy(
                answer_within=overrides.answer_within or level.answer_within,
                update_every=overrides.update_every or level.update_every,
                basis=overrides.time_basis or level.basis,
            )
        except ValueError as exc:
            raise _record_error(
                record, "policy.update_every", exc, overrides.update_every
            ) from None
        changes: dict[str, Any] = {"levels": {**self.levels, criticality: level}}
        if overrides.business_hours is not None:
            try:
                changes["business_hours"] = parse_business_hours(overrides.business_hours)
            except ValueError as exc:
                raise _record_error(
                    record, "policy.business_hours", exc, overrides.business_hours
                ) from None
        if overrides.working_days is not None:
            try:
                changes["working_days"] = parse_working_days(overrides.working_days)
            except ValueError as exc:
                raise _record_error(record, "policy.working_days", exc, None) from None
        return replace(self, **changes)

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any],
        *,
        base: Policy | None = None,
        source: str | None = None,
        table: str = "policy",
    ) -> Policy:
        """Read the ``[policy]`` section of a configuration file.

        Every key is optional and changes ``base`` (the default policy)::

            [policy]
            business_hours = "08:30-17:30"
            working_days = ["mon", "tue", "wed", "thu", "fri"]
            last_call = "30 minutes"

            [policy.critical]
            answer_within = "30 minutes"
            update_every = "1h"
            time_basis = "clock"

        Raises :class:`~excuses.errors.RulesError` naming every bad key. With
        ``source`` (the file the table comes from) and ``table`` (its dotted
        name there, ``tool.excuses.policy`` in a ``pyproject.toml``), each bad
        key is one line ``FILE: key `TABLE.KEY`: problem``, as for the rest
        of the configuration file.
        """
        policy = base or DEFAULT_POLICY
        if not isinstance(data, Mapping):
            problem = f"expected a table of settings, got {type(data).__name__}"
            if source is not None:
                raise RulesError(f"{source}: key `{table}`: {problem}")
            raise RulesError(f"{table}: {problem}")
        errors: list[str] = []
        changes: dict[str, Any] = {}
        levels = dict(policy.levels)
        for key, value in data.items():
            where = f"{table}.{key}"
            try:
                if key == "business_hours":
                    changes[key] = parse_business_hours(_text(value))
                elif key == "working_days":
                    if isinstance(value, str) or not isinstance(value, list | tuple):
                        raise ValueError(
                            f'expected a list of weekday names like ["mon", "tue"], got {value!r}'
                        )
                    changes[key] = parse_working_days(value)
                elif key == "last_call":
                    changes[key] = _clock_delta(_span(value))
                elif key == "acknowledge_within":
                    changes[key] = _span(value)
                elif key in _LEVEL_NAMES:
                    criticality = Criticality(key)
                    levels[criticality] = _level_from_mapping(
                        value, levels[criticality], where, errors
                    )
                else:
                    raise ValueError(
                        f"unknown setting; expected one of {', '.join(sorted(_SETTINGS))}"
                    )
            except ValueError as exc:
                errors.append(f"{where}: {exc}")
        if errors and source is not None:
            raise RulesError("\n".join(_located(source, error) for error in errors))
        if errors:
            raise RulesError("the policy settings are not valid:\n  " + "\n  ".join(errors))
        return replace(policy, levels=levels, **changes)


_LEVEL_NAMES = frozenset(c.value for c in Criticality)
_SETTINGS = frozenset({"business_hours", "working_days", "last_call", "acknowledge_within"}) | (
    _LEVEL_NAMES
)


def _located(source: str, error: str) -> str:
    """``KEY: problem`` as the configuration loader locates its own errors."""
    key, _, problem = error.partition(": ")
    return f"{source}: key `{key}`: {problem}"


# Why an override is refused, as a French record is told it: each English reason's start
# (the policy's own words, shared with the team policy file), and the French.
_FRENCH_REASONS = (
    (
        "expected a positive update_every",
        "doit être un délai positif comme `2h` ou `1 business day`",
    ),
    ("expected a closing time no later than 24:00", "doit fermer au plus tard à 24:00"),
    ("business hours must close after they open", "doit fermer après l’ouverture"),
    ("expected business hours like", "doit être une plage d’heures ouvrées comme 09:00-18:00"),
    ("expected weekday names like", "doit nommer des jours comme mon, tue, wed"),
    ("expected at least one working day", "doit compter au moins un jour ouvré"),
)


def _in_french(reason: str, value: Any) -> str:
    """The French for ``reason``, the value refused after it (as written in the record)."""
    french = next((fr for en, fr in _FRENCH_REASONS if reason.startswith(en)), None)
    if french is None:
        return reason
    if isinstance(value, str):
        return f"{french}, et non «\u00a0{value}\u00a0»"
    if isinstance(value, Span):
        return f"{french}, et non `{value}`"
    return french


def _record_error(record: IncidentRecord, path: str, exc: ValueError, value: Any) -> RecordError:
    """A located error for a record override the loader could not judge alone, told in the
    record's language."""
    source = record.source
    line = source.line_of(path) if source is not None else None
    filename = source.filename if source is not None else None
    message = _in_french(str(exc), value) if record.language == "fr" else str(exc)
    return RecordError([Problem(path, message, line)], filename, record.language)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r}")
    return value


def _span(value: Any) -> Span:
    try:
        return Span.parse(_text(value))
    except SpanTooLong as exc:
        raise ValueError(f"{exc}, got {value!r}") from None
    except ValueError:
        raise ValueError(
            "expected a delay like `1h`, `30 minutes`, `2 business days` or "
            f"`end of business day`, got {value!r}"
        ) from None


def _clock_delta(span: Span) -> timedelta:
    if span.unit is SpanUnit.MINUTES:
        return timedelta(minutes=span.amount)
    if span.unit in (SpanUnit.HOURS, SpanUnit.BUSINESS_HOURS):
        return timedelta(hours=span.amount)
    raise ValueError(f"expected a delay in minutes or hours like `30 minutes`, got `{span}`")


def _level_from_mapping(
    data: Any, level: LevelPolicy, where: str, errors: list[str]
) -> LevelPolicy:
    """One level's table; each bad key adds its own located error to ``errors``."""
    if not isinstance(data, Mapping):
        raise ValueError(
            f"expected a table with answer_within, update_every and time_basis, got {data!r}"
        )
    answer_within, update_every, basis = level.answer_within, level.update_every, level.basis
    for key, value in data.items():
        try:
            if key == "answer_within":
                answer_within = _span(value)
            elif key == "update_every":
                update_every = _span(value)
            elif key == "time_basis":
                if value not in [b.value for b in TimeBasis]:
                    raise ValueError(f"expected `clock` or `business`, got {value!r}")
                basis = TimeBasis(value)
            else:
                raise ValueError(
                    "unknown setting; expected answer_within, update_every or time_basis"
                )
        except ValueError as exc:
            errors.append(f"{where}.{key}: {exc}")
    try:
        return LevelPolicy(answer_within, update_every, basis)
    except ValueError as exc:
        errors.append(f"{where}.update_every: {exc}")
        return level


def parse_business_hours(text: str) -> tuple[time, time]:
    """Read ``HH:MM-HH:MM`` (closing 24:00 is written back as 00:00, midnight)."""
    match = _HOURS_RE.match(text)
    if match is None:
        raise ValueError(f"expected business hours like 09:00-18:00, got {text!r}")
    oh, om, ch, cm = (int(g) for g in match.groups())
    if ch == 24 and cm != 0:
        raise ValueError(f"expected a closing time no later than 24:00, got {text!r}")
    opens = time(oh, om)
    closes = time(0, 0) if ch == 24 else time(ch, cm)
    if closes != time(0, 0) and closes <= opens:
        raise ValueError(f"business hours must close after they open, got {text!r}")
    return opens, closes


def parse_working_days(names: Any) -> tuple[int, ...]:
    """Read weekday names (``mon``…``sun``, or full English names) as 0..6, sorted."""
    days: set[int] = set()
    for name in names:
        key = str(name).strip().lower()[:3]
        if key not in WEEKDAYS or not str(name).strip().isalpha():
            raise ValueError(f"expected weekday names like mon, tue, wed, got {name!r}")
        days.add(WEEKDAYS.index(key))
    if not days:
        raise ValueError("expected at least one working day")
    return tuple(sorted(days))


#: The default scale of the playbook; see the module documentation for each level's rule.
DEFAULT_POLICY = Policy()
