"""The JSON Schema of the incident record, generated from the record's own dataclasses."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from ._convert import is_required, record_fields
from .record import IncidentRecord, Span, summary_of

SCHEMA_ID = "urn:excuses:schema:incident-record:1"

_FORMATS: dict[str, dict[str, Any]] = {
    "email": {"format": "email"},
    "timezone": {"description_suffix": " (IANA name)"},
    "message-id": {"pattern": r"^<?[^@\s<>]+@[^@\s<>]+>?$"},
    "mailbox": {"pattern": r"^[^\r\n]*@[^\r\n]*$"},
    "country": {"pattern": "^[A-Za-z]{2}$"},
    "currency": {"pattern": "^[A-Za-z]{3}$"},
    "locale": {"pattern": "^(fr|en)[-_][A-Za-z]{2}$"},
    "hours": {"pattern": r"^\d{2}:\d{2}-\d{2}:\d{2}$"},
    "weekday": {
        "enum": [
            "mon",
            "tue",
            "wed",
            "thu",
            "fri",
            "sat",
            "sun",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ]
    },
}


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that an incident file must satisfy."""
    defs: dict[str, Any] = {}
    root = _object_schema(IncidentRecord, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "excuses incident record",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f, hint in record_fields(cls):
        prop = _type_schema(hint, defs, f.metadata.get("format"))
        prop = {"description": f.metadata.get("doc", ""), **prop}
        if "example" in f.metadata:
            prop["examples"] = [f.metadata["example"]]
        if not is_required(f):
            default = f.default
            if isinstance(default, tuple):
                prop["default"] = list(default)
            elif default is None or isinstance(default, bool | str | int):
                prop["default"] = default
        else:
            required.append(f.name)
        properties[f.name] = prop
    schema: dict[str, Any] = {
        "type": "object",
        "description": summary_of(cls),
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def _type_schema(hint: Any, defs: dict[str, Any], fmt: str | None) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return {"anyOf": [_type_schema(args[0], defs, fmt), {"type": "null"}]}
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(hint))}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(hint)[0], defs, fmt)}
    if hint is Span:
        return {"type": "string", "pattern": Span.PATTERN}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _object_schema(hint, defs)
        return {"$ref": f"#/$defs/{name}"}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"enum": [m.value for m in hint]}
    if hint is datetime:
        return {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}",
            "description": "ISO 8601 date-time; without an offset, read in the client's zone",
        }
    if hint is bool:
        return {"type": "boolean"}
    if hint is Decimal:
        return {"type": ["number", "string"], "pattern": r"^\d+(\.\d+)?$"}
    if hint is str:
        extra = {k: v for k, v in _FORMATS.get(fmt or "", {}).items() if k != "description_suffix"}
        return {"type": "string", "minLength": 1, **extra}
    raise TypeError(f"no schema for {hint!r}")
