"""The JSON Schema of incident records, generated from the record model."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from excuses import IncidentRecord, record_schema
from excuses.cli import main


def validator() -> jsonschema.Draft202012Validator:
    schema = record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_validates_every_example(example_path: Path) -> None:
    data = yaml.safe_load(example_path.read_text(encoding="utf-8"))
    # Editors validate the text they see: keep any value PyYAML typed as text.
    data = json.loads(json.dumps(data, default=str))
    errors = sorted(validator().iter_errors(data), key=str)
    assert errors == []


def test_schema_rejects_unknown_fields_and_bad_enums() -> None:
    data = {"language": "de", "client": {}, "sender": {}, "incident": {}, "extra": 1}
    messages = sorted(e.message for e in validator().iter_errors(data))
    assert "'de' is not one of ['fr', 'en']" in messages
    assert "Additional properties are not allowed ('extra' was unexpected)" in messages
    assert "'organisation' is a required property" in messages


def test_schema_lists_every_field_of_the_record() -> None:
    schema = record_schema()
    assert list(schema["properties"]) == [
        f.name for f in dataclasses.fields(IncidentRecord) if not f.metadata.get("internal")
    ]
    assert schema["required"] == ["language", "client", "sender", "incident"]
    assert set(schema["$defs"]) == {
        "Action",
        "Client",
        "Commitment",
        "Gesture",
        "Incident",
        "Measure",
        "PolicyOverrides",
        "Resolution",
        "Sender",
        "TeamMember",
        "Update",
    }


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == record_schema()
