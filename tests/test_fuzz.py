"""A bounded fuzzing budget on every run: no input lets anything but ExcusesError out.

The long campaign is ``make fuzz`` (``python -m tests.fuzzing --cases 100000``).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing.exercise import exercise_policy, exercise_record, exercise_text
from fuzzing.strategies import STAGES, lint_texts, mutated_text, policy_tables, record_data

BUDGET = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@BUDGET
@given(record_data(), st.sampled_from(STAGES))
def test_records_with_odd_values_draft_or_are_refused(data: Any, stage: str) -> None:
    exercise_record(data, stage=stage)


@BUDGET
@given(mutated_text(), st.sampled_from(STAGES))
def test_mutated_record_files_draft_or_are_refused(source: tuple[str, str], stage: str) -> None:
    fmt, text = source
    exercise_record(text, fmt, stage=stage)


@BUDGET
@given(lint_texts)
def test_the_checker_reads_any_text(text: str) -> None:
    exercise_text(text)


@BUDGET
@given(policy_tables, st.sampled_from(STAGES))
def test_any_policy_table_reads_or_is_refused(table: dict[str, Any], stage: str) -> None:
    exercise_policy(table, stage)
