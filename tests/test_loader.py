"""Loading incident records: every example, and every kind of bad input with its exact message."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from excuses import (
    Criticality,
    FoundBy,
    IncidentRecord,
    RecordError,
    Span,
    load_record,
    parse_record,
)
from excuses.record import SpanUnit, TimeBasis

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"

# English, so that the messages below are the English ones; a French record's messages
# are in French (tests/test_record_messages_fr.py).
MINIMAL = """\
language: en
client:
  organisation: Maison Vasseur
  contact_name: Madame Vasseur
  email: claire@example.fr
  country: FR
  timezone: Europe/Paris
sender:
  name: Jérôme Labastie
  role: Responsable
  organisation: Onirio
  email: jerome@example.com
incident:
  id: INC-1
  title: Commande incomplète
  found_by: client
  reported_at: 2026-11-23T10:02
  channel: téléphone
  criticality: important
  what_happened: Trois références manquaient.
  impact: Les boutiques n'ont pas pu vendre.
"""


def minimal() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINIMAL)
    return data


def problems_of(source: Any) -> list[str]:
    with pytest.raises(RecordError) as caught:
        if isinstance(source, str):
            parse_record(source, filename="incident.yaml")
        else:
            load_record(source)
    return [str(p) for p in caught.value.problems]


def test_every_example_loads(example_path: Path) -> None:
    record = load_record(example_path)
    assert record.language in ("fr", "en")
    assert record.resolution is not None
    assert record.resolution.gesture is not None
    assert record.updates, "each example goes through the update stage"
    assert any(c.delivered_at is not None and c.delivered_at > c.due for c in record.commitments), (
        "each example holds one missed commitment"
    )
    assert record.source is not None
    assert record.source.line_of("incident.reported_at") is not None


def test_examples_cover_both_languages_and_both_discoveries() -> None:
    records = [load_record(p) for p in sorted(EXAMPLES_DIR.glob("*.yaml"))]
    seen = {(r.language, r.incident.found_by) for r in records}
    assert seen == {
        ("fr", FoundBy.CLIENT),
        ("fr", FoundBy.US),
        ("en", FoundBy.CLIENT),
        ("en", FoundBy.US),
    }


def test_minimal_record_reads_naive_times_in_the_clients_zone() -> None:
    record = parse_record(MINIMAL)
    assert record.incident.reported_at == datetime(
        2026, 11, 23, 10, 2, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert record.incident.criticality is Criticality.IMPORTANT
    assert record.actions == ()
    assert record.resolution is None


def test_explicit_offsets_are_kept() -> None:
    record = parse_record(MINIMAL.replace("2026-11-23T10:02", "2026-11-23T09:02+00:00"))
    assert record.incident.reported_at.utcoffset() is not None
    assert record.incident.reported_at.isoformat() == "2026-11-23T09:02:00+00:00"


def test_json_and_mapping_give_the_same_record_as_yaml() -> None:
    from_yaml = parse_record(MINIMAL)
    from_json = parse_record(json.dumps(minimal()), format="json")
    from_mapping = load_record(minimal())
    assert from_yaml == from_json == from_mapping


def test_json_file_is_read_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "incident.json"
    path.write_text(json.dumps(minimal()), encoding="utf-8")
    assert load_record(path).client.organisation == "Maison Vasseur"


def test_a_record_object_passes_through() -> None:
    record = parse_record(MINIMAL)
    assert load_record(record) is record


def test_norway_stays_a_country_and_yes_stays_text() -> None:
    text = MINIMAL.replace("country: FR", "country: NO").replace(
        "timezone: Europe/Paris", "timezone: Europe/Oslo"
    )
    text = text.replace("channel: téléphone", "channel: yes")
    record = parse_record(text)
    assert record.client.country == "NO"
    assert record.incident.channel == "yes"


def test_spans_and_policy_overrides() -> None:
    text = MINIMAL + (
        "policy:\n"
        "  answer_within: 2 business days\n"
        "  update_every: 90min\n"
        "  time_basis: clock\n"
        "  business_hours: 08:30-17:30\n"
        "  working_days: [mon, tuesday, wed]\n"
    )
    policy = parse_record(text).policy
    assert policy.answer_within == Span(2, SpanUnit.BUSINESS_DAYS)
    assert policy.update_every == Span(90, SpanUnit.MINUTES)
    assert policy.time_basis is TimeBasis.CLOCK
    assert policy.business_hours == "08:30-17:30"
    assert policy.working_days == ("mon", "tue", "wed")
    assert Span.parse("end of business day").unit is SpanUnit.END_OF_BUSINESS_DAY
    assert str(Span(3, SpanUnit.BUSINESS_DAYS)) == "3 business days"
    assert str(Span(1, SpanUnit.BUSINESS_DAYS)) == "1 business day"
    assert str(Span(1, SpanUnit.HOURS)) == "1 hour"
    assert Span.parse(str(Span(1, SpanUnit.BUSINESS_HOURS))) == Span(1, SpanUnit.BUSINESS_HOURS)


def test_gesture_amount_is_a_decimal() -> None:
    data = minimal()
    data["resolution"] = {
        "resolved_at": "2026-11-25T11:00",
        "summary": "Livré.",
        "root_cause": "Aucun contrôle.",
        "detection_gap": "Pas d'alerte.",
        "gesture": {
            "kind": "credit",
            "description": "un avoir",
            "amount": 150.5,
            "currency": "eur",
        },
    }
    gesture = load_record(data).resolution.gesture  # type: ignore[union-attr]
    assert gesture is not None
    assert gesture.amount == Decimal("150.5")
    assert gesture.currency == "EUR"


# --- bad input: every problem, with its path and line ----------------------------


def test_missing_fields_are_all_listed() -> None:
    text = MINIMAL.replace("  email: claire@example.fr\n", "").replace("  channel: téléphone\n", "")
    assert problems_of(text) == [
        "line 2: client.email: missing; expected the contact's email address",
        "line 12: incident.channel: missing; expected how it reached us: email, phone, monitoring…",
    ]


def test_wrong_types() -> None:
    data = minimal()
    data["incident"]["symptoms"] = "not a list"
    data["actions"] = [{"description": "x", "owner": "y", "due": "2026-11-24T12:00", "done": "yes"}]
    data["client"] = "Maison Vasseur"
    assert problems_of(data) == [
        'client: expected a mapping of Client fields, got "Maison Vasseur"',
        'incident.symptoms: expected a list, got "not a list"',
        'actions[0].done: expected true or false, got "yes"',
    ]


def test_bad_date_names_the_field_and_the_expected_form() -> None:
    data = minimal()
    data["actions"] = [
        {"description": "a", "owner": "b", "due": "2026-11-24T12:00"},
        {"description": "a", "owner": "b", "due": "2026-11-24T12:00"},
        {"description": "a", "owner": "b", "due": "demain"},
    ]
    assert problems_of(data) == [
        'actions[2].due: expected an ISO date-time like 2026-11-23T17:00, got "demain"'
    ]


def test_a_date_without_a_time_is_not_a_deadline() -> None:
    text = MINIMAL.replace("2026-11-23T10:02", "2026-11-23")
    assert problems_of(text) == [
        "line 17: incident.reported_at: expected an ISO date-time like 2026-11-23T17:00, "
        'got "2026-11-23"'
    ]


def test_unknown_time_zone_suggests_the_closest() -> None:
    text = MINIMAL.replace("Europe/Paris", "Europe/Pariss")
    assert problems_of(text) == [
        "line 7: client.timezone: expected an IANA time zone like Europe/Paris, "
        'got "Europe/Pariss" (did you mean `Europe/Paris`?)'
    ]


def test_unknown_language_and_criticality() -> None:
    text = MINIMAL.replace("language: en", "language: de").replace(
        "criticality: important", "criticality: urgent"
    )
    assert problems_of(text) == [
        'line 1: language: expected one of `fr` or `en`, got "de"',
        "line 19: incident.criticality: expected one of `annoying`, `important` or `critical`, "
        'got "urgent"',
    ]


def test_unknown_field_suggests_the_closest() -> None:
    text = MINIMAL.replace("  channel:", "  chanel:")
    assert problems_of(text)[0] == (
        "line 18: incident.chanel: unknown field (did you mean `channel`?); expected one of "
        "`id`, `title`, `found_by`, `reported_at`, `channel`, `criticality`, `what_happened`, "
        "`impact`, `symptoms`, `questions`, `already_tried`, `client_words`, `known_facts`, "
        "`message_id`, `broken_promise` or `internal_summary`"
    )


def test_bad_formats() -> None:
    text = (
        MINIMAL.replace("claire@example.fr", "claire at example")
        .replace("country: FR", "country: France")
        .replace("found_by: client", "found_by: them")
    )
    assert problems_of(text) == [
        "line 5: client.email: expected an email address like name@example.com, "
        'got "claire at example"',
        'line 6: client.country: expected an ISO 3166 country code like FR or GB, got "France"',
        'line 16: incident.found_by: expected one of `client` or `us`, got "them"',
    ]


def test_empty_text_is_refused() -> None:
    text = MINIMAL.replace("title: Commande incomplète", 'title: "  "')
    assert problems_of(text) == ["line 15: incident.title: is empty; expected text"]


def test_bad_span() -> None:
    text = MINIMAL + "policy:\n  update_every: often\n"
    assert problems_of(text) == [
        "line 23: policy.update_every: expected a delay like `1h`, `30 minutes`, "
        '`2 business days` or `end of business day`, got "often"'
    ]


def test_yaml_syntax_error_gives_line_and_column() -> None:
    with pytest.raises(RecordError) as caught:
        parse_record("language: en\nclient: [unclosed\n", filename="incident.yaml")
    assert str(caught.value) == (
        "incident.yaml: the incident record has 1 problem:\n"
        "  line 3: (top level): YAML syntax error, column 1: expected ',' or ']', but got "
        "'<stream end>'"
    )


def test_duplicate_keys_are_refused() -> None:
    assert problems_of(MINIMAL + "language: en\n") == ["line 22: language: appears twice; keep one"]


def test_json_syntax_error() -> None:
    with pytest.raises(RecordError) as caught:
        parse_record('{"language": "en",}', format="json", filename="incident.json")
    assert str(caught.value) == (
        "incident.json: the incident record has 1 problem:\n"
        "  line 1: (top level): JSON syntax error, column 19: Expecting property name "
        "enclosed in double quotes"
    )


def test_not_a_mapping() -> None:
    assert problems_of("- a\n- b\n") == [
        "(top level): expected a mapping with language, client, sender and incident, got list"
    ]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RecordError) as caught:
        load_record(tmp_path / "nope.yaml")
    assert str(caught.value).endswith(
        "nope.yaml: the incident record has 1 problem:\n  (top level): no such file"
    )


def test_record_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_record("language: fr")


def test_loaded_record_is_frozen() -> None:
    record = parse_record(MINIMAL)
    assert isinstance(record, IncidentRecord)
    with pytest.raises(AttributeError):
        record.language = "en"  # type: ignore[misc]


def test_facts_in_an_impossible_order_are_refused_with_their_lines() -> None:
    text = (
        MINIMAL
        + """actions:
  - description: Livrer
    owner: Cyril
    due: 2026-11-24T12:00
    done_at: 2026-11-20T09:00
updates:
  - sent_at: 2026-11-22T09:00
    next_update_at: 2026-11-22T08:00
commitments:
  - promise: vous rappeler
    due: 2026-11-23T18:00
    delivered_at: 2026-11-23T09:00
resolution:
  resolved_at: 2026-11-21T10:00
  summary: Livré.
  root_cause: Pas de contrôle.
  detection_gap: Aucun contrôle.
"""
    )
    assert problems_of(text) == [
        "line 26: actions[0].done_at: 2026-11-20T09:00+01:00 is before the incident was "
        "reported (2026-11-23T10:02+01:00); a step of the plan is done after the incident it "
        "fixes",
        "line 28: updates[0].sent_at: 2026-11-22T09:00+01:00 is before the incident was "
        "reported (2026-11-23T10:02+01:00); an update is sent after the report",
        "line 29: updates[0].next_update_at: 2026-11-22T08:00+01:00 is not after the update "
        "that promised it (2026-11-22T09:00+01:00)",
        "line 33: commitments[0].delivered_at: 2026-11-23T09:00+01:00 is before the incident "
        "was reported (2026-11-23T10:02+01:00); a promise is kept after it was made",
        "line 35: resolution.resolved_at: 2026-11-21T10:00+01:00 is before the incident was "
        "reported (2026-11-23T10:02+01:00); an incident is resolved after it began",
    ]


def test_updates_out_of_order_and_a_new_time_before_the_first_are_refused() -> None:
    data = minimal()
    data["updates"] = [
        {"sent_at": "2026-11-24T10:00"},
        {"sent_at": "2026-11-23T12:00"},
    ]
    data["actions"] = [
        {
            "description": "Livrer",
            "owner": "Cyril",
            "due": "2026-11-24T12:00",
            "new_due": "2026-11-24T11:00",
        }
    ]
    assert problems_of(data) == [
        "actions[0].new_due: 2026-11-24T11:00+01:00 is not after the first due time "
        "(2026-11-24T12:00+01:00); a new time is set once the first one is missed",
        "updates[1].sent_at: 2026-11-23T12:00+01:00 is before the previous update "
        "(2026-11-24T10:00+01:00); list the updates oldest first",
    ]


def test_an_old_record_with_done_and_no_time_still_loads() -> None:
    data = minimal()
    data["actions"] = [
        {"description": "Livrer", "owner": "Cyril", "due": "2026-11-24T12:00", "done": True}
    ]
    action = load_record(data).actions[0]
    assert action.done and action.done_at is None
    assert action.is_done(datetime(2026, 11, 23, 11, 0, tzinfo=ZoneInfo("Europe/Paris")))


def test_done_at_makes_a_step_done_from_that_moment_only() -> None:
    data = minimal()
    data["actions"] = [
        {
            "description": "Livrer",
            "owner": "Cyril",
            "due": "2026-11-24T12:00",
            "done_at": "2026-11-24T16:15",
        }
    ]
    action = load_record(data).actions[0]
    paris = ZoneInfo("Europe/Paris")
    assert not action.is_done(datetime(2026, 11, 24, 16, 14, tzinfo=paris))
    assert action.is_done(datetime(2026, 11, 24, 16, 15, tzinfo=paris))
