"""excuses: draft and check the emails a professional sends a client when something went wrong.

The public names are re-exported here and loaded on first use, so that
``import excuses`` stays cheap for a script that only runs the checker.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it; read by __getattr__ on first access.
_EXPORTS: dict[str, str] = {
    "Action": "excuses.record",
    "Client": "excuses.record",
    "Commitment": "excuses.record",
    "Criticality": "excuses.record",
    "ExcusesError": "excuses.errors",
    "FoundBy": "excuses.record",
    "Gesture": "excuses.record",
    "GestureKind": "excuses.record",
    "HeaderInjectionError": "excuses.errors",
    "Incident": "excuses.record",
    "IncidentRecord": "excuses.record",
    "Measure": "excuses.record",
    "PolicyOverrides": "excuses.record",
    "Problem": "excuses.errors",
    "RecordError": "excuses.errors",
    "Resolution": "excuses.record",
    "RulesError": "excuses.errors",
    "SendError": "excuses.errors",
    "Sender": "excuses.record",
    "Span": "excuses.record",
    "Stage": "excuses.record",
    "TeamMember": "excuses.record",
    "TemplateError": "excuses.errors",
    "TimeBasis": "excuses.record",
    "Update": "excuses.record",
    "load_record": "excuses.loader",
    "parse_record": "excuses.loader",
    "record_schema": "excuses.schema",
}

__all__ = [
    "Action",
    "Client",
    "Commitment",
    "Criticality",
    "ExcusesError",
    "FoundBy",
    "Gesture",
    "GestureKind",
    "HeaderInjectionError",
    "Incident",
    "IncidentRecord",
    "Measure",
    "PolicyOverrides",
    "Problem",
    "RecordError",
    "Resolution",
    "RulesError",
    "SendError",
    "Sender",
    "Span",
    "Stage",
    "TeamMember",
    "TemplateError",
    "TimeBasis",
    "Update",
    "__version__",
    "load_record",
    "parse_record",
    "record_schema",
]

if TYPE_CHECKING:
    from .errors import (
        ExcusesError,
        HeaderInjectionError,
        Problem,
        RecordError,
        RulesError,
        SendError,
        TemplateError,
    )
    from .loader import load_record, parse_record
    from .record import (
        Action,
        Client,
        Commitment,
        Criticality,
        FoundBy,
        Gesture,
        GestureKind,
        Incident,
        IncidentRecord,
        Measure,
        PolicyOverrides,
        Resolution,
        Sender,
        Span,
        Stage,
        TeamMember,
        TimeBasis,
        Update,
    )
    from .schema import record_schema


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'excuses' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
