"""The deadline and cadence policy: the default scale, team settings and record overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

import pytest

from excuses import LevelPolicy, Policy, PolicyOverrides, RecordError, RulesError, Span
from excuses.policy import DEFAULT_POLICY, parse_business_hours, parse_working_days
from excuses.record import Criticality, SpanUnit, TimeBasis
from test_deadlines import make_record


def test_default_scale() -> None:
    assert DEFAULT_POLICY.level(Criticality.CRITICAL) == LevelPolicy(
        Span(1, SpanUnit.HOURS), Span(2, SpanUnit.HOURS), TimeBasis.CLOCK
    )
    assert DEFAULT_POLICY.level(Criticality.IMPORTANT) == LevelPolicy(
        Span(0, SpanUnit.END_OF_BUSINESS_DAY), Span(1, SpanUnit.BUSINESS_DAYS), TimeBasis.BUSINESS
    )
    assert DEFAULT_POLICY.level(Criticality.ANNOYING) == LevelPolicy(
        Span(3, SpanUnit.BUSINESS_DAYS), Span(2, SpanUnit.BUSINESS_DAYS), TimeBasis.BUSINESS
    )
    assert DEFAULT_POLICY.business_hours == (time(9, 0), time(18, 0))
    assert DEFAULT_POLICY.working_days == (0, 1, 2, 3, 4)
    assert DEFAULT_POLICY.last_call == timedelta(hours=1)
    assert Policy() == DEFAULT_POLICY


def test_levels_cannot_be_changed_in_place() -> None:
    with pytest.raises(TypeError):
        DEFAULT_POLICY.levels[Criticality.CRITICAL] = DEFAULT_POLICY.levels[  # type: ignore[index]
            Criticality.ANNOYING
        ]


def test_a_policy_needs_every_level() -> None:
    with pytest.raises(ValueError, match="the policy has no level for annoying"):
        Policy(levels={c: DEFAULT_POLICY.level(c) for c in Criticality if c.value != "annoying"})


def test_a_cadence_must_move_forward() -> None:
    with pytest.raises(ValueError, match=r"expected a positive update_every like `2h`"):
        LevelPolicy(Span(1, SpanUnit.HOURS), Span(0, SpanUnit.HOURS), TimeBasis.CLOCK)


def test_from_mapping_changes_only_what_it_names() -> None:
    policy = Policy.from_mapping(
        {
            "business_hours": "08:30-17:30",
            "working_days": ["mon", "tue", "wed", "thu", "fri", "sat"],
            "last_call": "30 minutes",
            "critical": {"answer_within": "30 minutes", "time_basis": "business"},
        }
    )
    assert policy.business_hours == (time(8, 30), time(17, 30))
    assert policy.working_days == (0, 1, 2, 3, 4, 5)
    assert policy.last_call == timedelta(minutes=30)
    assert policy.level(Criticality.CRITICAL) == LevelPolicy(
        Span(30, SpanUnit.MINUTES), Span(2, SpanUnit.HOURS), TimeBasis.BUSINESS
    )
    assert policy.level(Criticality.ANNOYING) == DEFAULT_POLICY.level(Criticality.ANNOYING)
    assert Policy.from_mapping({}) == DEFAULT_POLICY


def test_from_mapping_names_every_bad_key() -> None:
    with pytest.raises(RulesError) as caught:
        Policy.from_mapping(
            {
                "critical": {"answer_within": "soon", "time_basis": "x", "colour": "red"},
                "important": "fast",
                "business_hours": "18:00-09:00",
                "working_days": ["mon", "someday"],
                "last_call": "2 days",
                "colour": "blue",
            }
        )
    assert str(caught.value) == (
        "the policy settings are not valid:\n"
        "  policy.critical.answer_within: expected a delay like `1h`, `30 minutes`, "
        "`2 business days` or `end of business day`, got 'soon'\n"
        "  policy.critical.time_basis: expected `clock` or `business`, got 'x'\n"
        "  policy.critical.colour: unknown setting; expected answer_within, update_every "
        "or time_basis\n"
        "  policy.important: expected a table with answer_within, update_every and "
        "time_basis, got 'fast'\n"
        "  policy.business_hours: business hours must close after they open, got '18:00-09:00'\n"
        "  policy.working_days: expected weekday names like mon, tue, wed, got 'someday'\n"
        "  policy.last_call: expected a delay in minutes or hours like `30 minutes`, "
        "got `2 days`\n"
        "  policy.colour: unknown setting; expected one of acknowledge_within, annoying, "
        "business_hours, critical, important, last_call, working_days"
    )


def test_from_mapping_refuses_a_zero_cadence_and_a_text_day_list() -> None:
    with pytest.raises(RulesError) as caught:
        Policy.from_mapping({"annoying": {"update_every": "0 hours"}, "working_days": "mon"})
    assert str(caught.value) == (
        "the policy settings are not valid:\n"
        "  policy.annoying.update_every: expected a positive update_every like `2h` or "
        "`1 business day`, got `0 hours`\n"
        "  policy.working_days: expected a list of weekday names like "
        '["mon", "tue"], got \'mon\''
    )


def test_from_mapping_needs_a_table() -> None:
    with pytest.raises(RulesError, match="policy: expected a table of settings, got list"):
        Policy.from_mapping(["critical"])  # type: ignore[arg-type]


def test_for_record_changes_the_record_level_and_calendar() -> None:
    record = make_record(
        "2026-11-23T10:00",
        "important",
        policy={
            "answer_within": "2h",
            "update_every": "4h",
            "time_basis": "clock",
            "business_hours": "08:00-16:00",
            "working_days": ["tue", "wed"],
        },
    )
    policy = DEFAULT_POLICY.for_record(record)
    assert policy.level(Criticality.IMPORTANT) == LevelPolicy(
        Span(2, SpanUnit.HOURS), Span(4, SpanUnit.HOURS), TimeBasis.CLOCK
    )
    assert policy.level(Criticality.CRITICAL) == DEFAULT_POLICY.level(Criticality.CRITICAL)
    assert policy.business_hours == (time(8, 0), time(16, 0))
    assert policy.working_days == (1, 2)


def test_for_record_without_overrides_is_the_same_policy() -> None:
    assert DEFAULT_POLICY.for_record(make_record("2026-11-23T10:00")) == DEFAULT_POLICY


def test_a_bad_override_built_in_code_is_a_record_error() -> None:
    # Built in code, the overrides are checked as the loader checks a file.
    with pytest.raises(RecordError) as caught:
        PolicyOverrides(business_hours="18:00-09:00", working_days=("mon", "noday"))
    assert str(caught.value) == (
        "the incident record has 2 problems:\n"
        "  PolicyOverrides.business_hours: expected business hours like 09:00-18:00, "
        'got "18:00-09:00"\n'
        '  PolicyOverrides.working_days[1]: expected a weekday like mon, tue… sun, got "noday"'
    )
    # A span of nothing is a valid span, but no cadence: the policy refuses it.
    record = replace(
        make_record("2026-11-23T10:00", language="en"),
        policy=PolicyOverrides(update_every=Span(0, SpanUnit.HOURS)),
    )
    with pytest.raises(RecordError) as caught:
        DEFAULT_POLICY.for_record(record)
    assert str(caught.value) == (
        "the incident record has 1 problem:\n"
        "  policy.update_every: expected a positive update_every like `2h` or "
        "`1 business day`, got `0 hours`"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00-18:00", (time(9, 0), time(18, 0))),
        ("08:30 - 17:30", (time(8, 30), time(17, 30))),
        ("00:00-24:00", (time(0, 0), time(0, 0))),
        ("22:00-24:00", (time(22, 0), time(0, 0))),
    ],
)
def test_parse_business_hours(text: str, expected: tuple[time, time]) -> None:
    assert parse_business_hours(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9-18", "expected business hours like 09:00-18:00, got '9-18'"),
        ("09:00-24:30", "expected a closing time no later than 24:00, got '09:00-24:30'"),
        ("18:00-18:00", "business hours must close after they open, got '18:00-18:00'"),
    ],
)
def test_parse_business_hours_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_business_hours(text)
    assert str(caught.value) == message


def test_parse_working_days() -> None:
    assert parse_working_days(["fri", "Monday", "wed"]) == (0, 2, 4)
    with pytest.raises(ValueError, match="expected at least one working day"):
        parse_working_days([])
