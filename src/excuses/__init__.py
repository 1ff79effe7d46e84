"""excuses: draft and check the emails a professional sends a client when something went wrong.

The public names are re-exported here and loaded on first use, so that
``import excuses`` stays cheap for a script that only runs the checker.
"""

from __future__ import annotations

from importlib import import_module

#: The name to install (``pip install excuses-mail``); the import name stays ``excuses``.
DISTRIBUTION = "excuses-mail"

# name -> module that defines it; read by __getattr__ on first access.
_EXPORTS: dict[str, str] = {
    "Action": "excuses.record",
    "AlreadySent": "excuses.sending",
    "BatchItem": "excuses.batch",
    "BusinessCalendar": "excuses.business_time",
    "Checker": "excuses.sending",
    "Client": "excuses.record",
    "ClientLocale": "excuses.locales",
    "Commitment": "excuses.record",
    "Criticality": "excuses.record",
    "DEFAULT_POLICY": "excuses.policy",
    "Deadline": "excuses.deadlines",
    "DeliveryError": "excuses.sending",
    "Draft": "excuses.drafting",
    "DraftLike": "excuses.sending",
    "Drafter": "excuses.drafter",
    "ExcusesError": "excuses.errors",
    "FILTERS": "excuses.filters",
    "Finding": "excuses.lint",
    "FoundBy": "excuses.record",
    "Gesture": "excuses.record",
    "GestureKind": "excuses.record",
    "HeaderInjectionError": "excuses.errors",
    "Incident": "excuses.record",
    "IncidentRecord": "excuses.record",
    "Language": "excuses.record",
    "LevelPolicy": "excuses.policy",
    "LintConfig": "excuses.lint",
    "MaybeSent": "excuses.sending",
    "Measure": "excuses.record",
    "MissedCommitment": "excuses.timeline",
    "Policy": "excuses.policy",
    "PolicyOverrides": "excuses.record",
    "Problem": "excuses.errors",
    "PromiseKind": "excuses.record",
    "RecordError": "excuses.errors",
    "RecordFormat": "excuses.loader",
    "Renderer": "excuses.rendering",
    "Resolution": "excuses.record",
    "Rule": "excuses.lint",
    "RulesError": "excuses.errors",
    "Security": "excuses.smtp_config",
    "SendError": "excuses.errors",
    "SendRefused": "excuses.sending",
    "SendResult": "excuses.sending",
    "Sender": "excuses.record",
    "SenderGender": "excuses.record",
    "SentLogEntry": "excuses.sentlog",
    "SentMessage": "excuses.timeline",
    "Severity": "excuses.lint",
    "SmtpSettings": "excuses.smtp_config",
    "SourceMap": "excuses.record",
    "Span": "excuses.record",
    "SpanUnit": "excuses.record",
    "Stage": "excuses.record",
    "StageContext": "excuses.stages",
    "StageError": "excuses.errors",
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
    "client_locale": "excuses.locales",
    "draft": "excuses.drafting",
    "draft_all": "excuses.batch",
    "iter_records": "excuses.batch",
    "load_record": "excuses.loader",
    "load_rules": "excuses.lint",
    "load_smtp_settings": "excuses.smtp_config",
    "locale_for": "excuses.phrasing",
    "next_update_deadline": "excuses.deadlines",
    "parse_record": "excuses.loader",
    "read_sent_log": "excuses.sentlog",
    "record_schema": "excuses.schema",
    "round_up": "excuses.deadlines",
    "say_date": "excuses.phrasing",
    "say_datetime": "excuses.phrasing",
    "say_deadline": "excuses.phrasing",
    "send": "excuses.sending",
    "stage_context": "excuses.stages",
    "update_schedule": "excuses.deadlines",
}

__all__ = [
    "DEFAULT_POLICY",
    "FILTERS",
    "Action",
    "AlreadySent",
    "BatchItem",
    "BusinessCalendar",
    "Checker",
    "Client",
    "ClientLocale",
    "Commitment",
    "Criticality",
    "Deadline",
    "DeliveryError",
    "Draft",
    "DraftLike",
    "Drafter",
    "ExcusesError",
    "Finding",
    "FoundBy",
    "Gesture",
    "GestureKind",
    "HeaderInjectionError",
    "Incident",
    "IncidentRecord",
    "Language",
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
    "RecordFormat",
    "Renderer",
    "Resolution",
    "Rule",
    "RulesError",
    "Security",
    "SendError",
    "SendRefused",
    "SendResult",
    "Sender",
    "SenderGender",
    "SentLogEntry",
    "SentMessage",
    "Severity",
    "SmtpSettings",
    "SourceMap",
    "Span",
    "SpanUnit",
    "Stage",
    "StageContext",
    "StageError",
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
    "client_locale",
    "draft",
    "draft_all",
    "iter_records",
    "load_record",
    "load_rules",
    "load_smtp_settings",
    "locale_for",
    "next_update_deadline",
    "parse_record",
    "read_sent_log",
    "record_schema",
    "round_up",
    "say_date",
    "say_datetime",
    "say_deadline",
    "send",
    "stage_context",
    "update_schedule",
]

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    __version__: str

    from .batch import BatchItem, draft_all, iter_records
    from .business_time import BusinessCalendar
    from .deadlines import (
        Deadline,
        answer_deadline,
        next_update_deadline,
        round_up,
        update_schedule,
    )
    from .drafter import Drafter
    from .drafting import Draft, draft
    from .errors import (
        ExcusesError,
        HeaderInjectionError,
        Problem,
        RecordError,
        RulesError,
        SendError,
        StageError,
        TemplateError,
    )
    from .filters import FILTERS
    from .lint import (
        Finding,
        LintConfig,
        Rule,
        Severity,
        check_draft,
        check_message,
        check_record,
        check_text,
        load_rules,
    )
    from .loader import RecordFormat, load_record, parse_record
    from .locales import ClientLocale, client_locale
    from .phrasing import locale_for, say_date, say_datetime, say_deadline
    from .policy import DEFAULT_POLICY, LevelPolicy, Policy
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
        Language,
        Measure,
        PolicyOverrides,
        PromiseKind,
        Resolution,
        Sender,
        SenderGender,
        SourceMap,
        Span,
        SpanUnit,
        Stage,
        TeamMember,
        TimeBasis,
        Update,
    )
    from .rendering import Renderer
    from .schema import record_schema
    from .sending import (
        AlreadySent,
        Checker,
        DeliveryError,
        DraftLike,
        MaybeSent,
        SendRefused,
        SendResult,
        send,
    )
    from .sentlog import SentLogEntry, read_sent_log
    from .smtp_config import Security, SmtpSettings, load_smtp_settings
    from .stages import StageContext, stage_context
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
