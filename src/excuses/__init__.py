"""excuses: draft and check the emails a professional sends a client when something went wrong.

The public names are re-exported here and loaded on first use, so that
``import excuses`` stays cheap for a script that only runs the checker.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: The name to install (``pip install excuses-mail``); the import name stays ``excuses``.
DISTRIBUTION = "excuses-mail"

# name -> module that defines it; read by __getattr__ on first access.
_EXPORTS: dict[str, str] = {
    "Action": "excuses.record",
    "AlreadySent": "excuses.sending",
    "BatchItem": "excuses.batch",
    "BusinessCalendar": "excuses.business_time",
    "Client": "excuses.record",
    "Commitment": "excuses.record",
    "Criticality": "excuses.record",
    "Deadline": "excuses.deadlines",
    "DeliveryError": "excuses.sending",
    "Draft": "excuses.drafting",
    "ExcusesError": "excuses.errors",
    "Finding": "excuses.lint",
    "FoundBy": "excuses.record",
    "Gesture": "excuses.record",
    "GestureKind": "excuses.record",
    "HeaderInjectionError": "excuses.errors",
    "Incident": "excuses.record",
    "IncidentRecord": "excuses.record",
    "LevelPolicy": "excuses.policy",
    "LintConfig": "excuses.lint",
    "MaybeSent": "excuses.sending",
    "Measure": "excuses.record",
    "MissedCommitment": "excuses.timeline",
    "Policy": "excuses.policy",
    "PolicyOverrides": "excuses.record",
    "PromiseKind": "excuses.record",
    "Problem": "excuses.errors",
    "RecordError": "excuses.errors",
    "Resolution": "excuses.record",
    "RulesError": "excuses.errors",
    "SendError": "excuses.errors",
    "SendRefused": "excuses.sending",
    "SendResult": "excuses.sending",
    "Sender": "excuses.record",
    "SentLogEntry": "excuses.sentlog",
    "SentMessage": "excuses.timeline",
    "Severity": "excuses.lint",
    "SmtpSettings": "excuses.smtp_config",
    "Span": "excuses.record",
    "Stage": "excuses.record",
    "TeamMember": "excuses.record",
    "TemplateError": "excuses.errors",
    "TimeBasis": "excuses.record",
    "Timeline": "excuses.timeline",
    "TimelineEntry": "excuses.timeline",
    "Update": "excuses.record",
    "answer_deadline": "excuses.deadlines",
    "build_timeline": "excuses.timeline",
    "check_draft": "excuses.lint",
    "check_message": "excuses.lint",
    "check_record": "excuses.lint",
    "check_text": "excuses.lint",
    "draft": "excuses.drafting",
    "draft_all": "excuses.batch",
    "load_record": "excuses.loader",
    "load_rules": "excuses.lint",
    "load_smtp_settings": "excuses.smtp_config",
    "locale_for": "excuses.phrasing",
    "next_update_deadline": "excuses.deadlines",
    "parse_record": "excuses.loader",
    "read_sent_log": "excuses.sentlog",
    "record_schema": "excuses.schema",
    "say_date": "excuses.phrasing",
    "say_datetime": "excuses.phrasing",
    "say_deadline": "excuses.phrasing",
    "send": "excuses.sending",
    "update_schedule": "excuses.deadlines",
}

__all__ = [
    "Action",
    "AlreadySent",
    "BatchItem",
    "BusinessCalendar",
    "Client",
    "Commitment",
    "Criticality",
    "Deadline",
    "DeliveryError",
    "Draft",
    "ExcusesError",
    "Finding",
    "FoundBy",
    "Gesture",
    "GestureKind",
    "HeaderInjectionError",
    "Incident",
    "IncidentRecord",
    "LevelPolicy",
    "LintConfig",
    "MaybeSent",
    "Measure",
    "MissedCommitment",
    "Policy",
    "PolicyOverrides",
    "Problem",
    "PromiseKind",
    "RecordError",
    "Resolution",
    "RulesError",
    "SendError",
    "SendRefused",
    "SendResult",
    "Sender",
    "SentLogEntry",
    "SentMessage",
    "Severity",
    "SmtpSettings",
    "Span",
    "Stage",
    "TeamMember",
    "TemplateError",
    "TimeBasis",
    "Timeline",
    "TimelineEntry",
    "Update",
    "__version__",
    "answer_deadline",
    "build_timeline",
    "check_draft",
    "check_message",
    "check_record",
    "check_text",
    "draft",
    "draft_all",
    "load_record",
    "load_rules",
    "load_smtp_settings",
    "locale_for",
    "next_update_deadline",
    "parse_record",
    "read_sent_log",
    "record_schema",
    "say_date",
    "say_datetime",
    "say_deadline",
    "send",
    "update_schedule",
]

if TYPE_CHECKING:
    __version__: str

    from .batch import BatchItem, draft_all
    from .business_time import BusinessCalendar
    from .deadlines import Deadline, answer_deadline, next_update_deadline, update_schedule
    from .drafting import Draft, draft
    from .errors import (
        ExcusesError,
        HeaderInjectionError,
        Problem,
        RecordError,
        RulesError,
        SendError,
        TemplateError,
    )
    from .lint import (
        Finding,
        LintConfig,
        Severity,
        check_draft,
        check_message,
        check_record,
        check_text,
        load_rules,
    )
    from .loader import load_record, parse_record
    from .phrasing import locale_for, say_date, say_datetime, say_deadline
    from .policy import LevelPolicy, Policy
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
        PromiseKind,
        Resolution,
        Sender,
        Span,
        Stage,
        TeamMember,
        TimeBasis,
        Update,
    )
    from .schema import record_schema
    from .sending import AlreadySent, DeliveryError, MaybeSent, SendRefused, SendResult, send
    from .sentlog import SentLogEntry, read_sent_log
    from .smtp_config import SmtpSettings, load_smtp_settings
    from .timeline import MissedCommitment, SentMessage, Timeline, TimelineEntry, build_timeline


def _version() -> str:
    """The installed package's version: pyproject.toml is the one place it is written."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # a source tree on sys.path, never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = _version()
        return globals()[name]
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'excuses' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
