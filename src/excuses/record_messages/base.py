"""The keys of the record messages, and what a language's catalogue provides."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, ClassVar

from ..errors import Problem


class Key(StrEnum):
    """One message about a record; each catalogue has a template for every key."""

    # A value of the wrong kind (the converter).
    ONE_OF = "one-of"
    TRUE_OR_FALSE = "true-or-false"
    MAPPING_OF = "mapping-of"
    UNKNOWN_FIELD = "unknown-field"
    DID_YOU_MEAN = "did-you-mean"
    MISSING = "missing"
    EMPTY_REQUIRED = "empty-required"
    LIST = "list"
    SPAN_TOO_LONG = "span-too-long"
    SPAN = "span"
    DATETIME = "datetime"
    YEAR_RANGE = "year-range"
    SKIPPED_TIME = "skipped-time"
    AMOUNT = "amount"
    POSITIVE_AMOUNT = "positive-amount"
    AMOUNT_RANGE = "amount-range"
    TEXT = "text"
    EMPTY_TEXT = "empty-text"
    TEXT_TOO_LONG = "text-too-long"
    CONTROL_CHARACTER = "control-character"
    EMAIL = "email"
    EMAIL_ASCII = "email-ascii"
    EMAIL_DOMAIN = "email-domain"
    MAILBOX = "mailbox"
    MAILBOX_ONE_LINE = "mailbox-one-line"
    MESSAGE_ID = "message-id"
    TIMEZONE = "timezone"
    COUNTRY = "country"
    LOCALE = "locale"
    CURRENCY = "currency"
    HOURS = "hours"
    WEEKDAY = "weekday"
    # The file and its syntax (the loader).
    TOP_LEVEL = "top-level"
    YAML_TAG = "yaml-tag"
    TOO_DEEP = "too-deep"
    CANNOT_READ_AS = "cannot-read-as"
    ALIAS_LOOP = "alias-loop"
    ALIAS_REPEATS = "alias-repeats"
    TWICE = "twice"
    YAML_SYNTAX = "yaml-syntax"
    YAML_SYNTAX_AT = "yaml-syntax-at"
    SEVERAL_DOCUMENTS = "several-documents"
    JSON_SYNTAX = "json-syntax"
    JSON_VALUE = "json-value"
    TOO_MANY_CHARACTERS = "too-many-characters"
    TOO_MANY_BYTES = "too-many-bytes"
    NO_FILE = "no-file"
    FOLDER = "folder"
    UNREADABLE = "unreadable"
    NOT_UTF8 = "not-utf8"
    # Dates in an impossible order (the chronology).
    BEFORE_REPORT = "before-report"
    ACTION_DONE_BEFORE = "action-done-before"
    UPDATE_SENT_BEFORE = "update-sent-before"
    PROMISE_DUE_BEFORE = "promise-due-before"
    PROMISE_KEPT_BEFORE = "promise-kept-before"
    RESOLVED_BEFORE = "resolved-before"
    MEASURE_DONE_BEFORE = "measure-done-before"
    NEW_DUE_NOT_AFTER = "new-due-not-after"
    UPDATES_OUT_OF_ORDER = "updates-out-of-order"
    NEXT_UPDATE_NOT_AFTER = "next-update-not-after"


class Catalogue:
    """The messages about a record in one language: templates, field descriptions, quoting.

    A template is a :meth:`str.format` string; the values it names are given
    already written for the language (quoted by :meth:`quote`, numbers by
    :meth:`number`, lists of choices by :meth:`choices`).
    """

    #: ``fr`` or ``en``.
    language: ClassVar[str]
    #: Every key's template.
    templates: ClassVar[Mapping[Key, str]]

    def say(self, key: Key, **values: Any) -> str:
        """The message of ``key`` with ``values`` put in."""
        return self.templates[key].format(**values)

    def field_doc(self, cls: type, field: dataclasses.Field[Any]) -> str:
        """The description of a record field, as a sentence."""
        return str(field.metadata.get("doc", ""))

    def quote(self, value: Any) -> str:
        """A value the record holds, as a message shows it (quoted, cut when long)."""
        raise NotImplementedError

    def shown(self, value: Any) -> str:
        """A raw value the YAML reader could not read, shown in full up to 40 characters."""
        return self.quote(value)

    def number(self, value: int) -> str:
        """A count or a limit, its thousands grouped as the language groups them."""
        raise NotImplementedError

    def choices(self, values: Iterable[Any]) -> str:
        """```a`, `b` or `c``."""
        raise NotImplementedError

    def kind(self, value: Any) -> str:
        """What a value is, when it is not what was expected (``nothing``, ``list``)."""
        raise NotImplementedError

    def located(self, problem: Problem) -> str:
        """One problem with its line and field path."""
        raise NotImplementedError

    def heading(self, source: str | None, count: int) -> str:
        """The line above the problems of one record."""
        raise NotImplementedError

    def error_label(self) -> str:
        """What the command line writes before an error's message."""
        raise NotImplementedError

    def yaml_problem(self, text: str) -> str:
        """What the YAML reader reported, in the language (its words where unknown)."""
        return text

    def json_problem(self, text: str) -> str:
        """What the JSON reader reported, in the language (its words where unknown)."""
        return text

    def os_reason(self, errno: int | None, text: str) -> str:
        """Why the system could not read a file."""
        return text

    def type_name(self, tag: str) -> str:
        """A YAML type (``int``, ``float``) as a message names it."""
        return tag
