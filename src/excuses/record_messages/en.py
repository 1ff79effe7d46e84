"""The English catalogue: the messages as the loader has always written them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import Problem
from .base import Catalogue, Key
from .text import printable

TEMPLATES: Mapping[Key, str] = {
    Key.ONE_OF: "expected one of {choices}, got {got}",
    Key.TRUE_OR_FALSE: "expected true or false, got {got}",
    Key.MAPPING_OF: "expected a mapping of {what} fields, got {got}",
    Key.UNKNOWN_FIELD: "unknown field{hint}; expected one of {choices}",
    Key.DID_YOU_MEAN: " (did you mean `{name}`?)",
    Key.MISSING: "missing; expected {doc}",
    Key.EMPTY_REQUIRED: "is empty; a value is required",
    Key.LIST: "expected a list, got {got}",
    Key.SPAN_TOO_LONG: "expected a delay of at most a year, so at most `{longest}`, got {got}",
    Key.SPAN: (
        "expected a delay like `1h`, `30 minutes`, `2 business days` or "
        "`end of business day`, got {got}"
    ),
    Key.DATETIME: "expected an ISO date-time like 2026-11-23T17:00, got {got}",
    Key.YEAR_RANGE: (
        "expected a date between {first} and {last} (the years the time-zone and holiday "
        "calendars cover), got {got}"
    ),
    Key.SKIPPED_TIME: (
        "{got} never showed on a clock in {zone}: the clocks jumped past it that night; "
        "write the time the clock showed, or add its UTC offset"
    ),
    Key.AMOUNT: "expected an amount like 150.00, got {got}",
    Key.POSITIVE_AMOUNT: "expected a positive amount like 150.00, got {got}",
    Key.AMOUNT_RANGE: (
        "expected an amount below {most} with at most {decimals} decimals, got {got}"
    ),
    Key.TEXT: "expected text, got {got}",
    Key.EMPTY_TEXT: "is empty; expected text",
    Key.TEXT_TOO_LONG: (
        "is {length} characters long; at most {most} are read (set {variable} to read more)"
    ),
    Key.CONTROL_CHARACTER: (
        "holds the control character {character} at character {position}; remove it"
    ),
    Key.EMAIL: "expected an email address like name@example.com, got {got}",
    Key.EMAIL_ASCII: (
        "expected an email address whose part before the @ is plain ASCII "
        "(a message header cannot carry it otherwise), got {got}"
    ),
    Key.EMAIL_DOMAIN: "expected a valid domain after the @, got {got}",
    Key.MAILBOX: (
        "expected one address like `Name <name@example.com>` or name@example.com, got {got}"
    ),
    Key.MAILBOX_ONE_LINE: (
        "expected one address like `Name <name@example.com>` or name@example.com "
        "on one line, got {got}"
    ),
    Key.MESSAGE_ID: "expected a Message-ID like <CAF3x9Q@mail.example.fr>, got {got}",
    Key.TIMEZONE: "expected an IANA time zone like Europe/Paris, got {got}{hint}",
    Key.COUNTRY: "expected an ISO 3166 country code like FR or GB, got {got}",
    Key.LOCALE: "expected a locale like en-US, en-GB or fr-CA, got {got}",
    Key.CURRENCY: "expected an ISO 4217 currency code like EUR, got {got}",
    Key.HOURS: "expected business hours like 09:00-18:00, got {got}",
    Key.WEEKDAY: "expected a weekday like mon, tue… sun, got {got}",
    Key.TOP_LEVEL: "expected a mapping with language, client, sender and incident, got {got}",
    Key.YAML_TAG: (
        "explicit YAML tags like `{tag}` are not read in a record; write the value plainly"
    ),
    Key.TOO_DEEP: "nested deeper than {depth} levels (set {variable} to read deeper files)",
    Key.CANNOT_READ_AS: "cannot read {got} as {what}; quote it to keep it as text",
    Key.ALIAS_LOOP: "an alias refers to the value that holds it",
    Key.ALIAS_REPEATS: (
        "its aliases (*name) repeat more than {most} values (set {variable} to allow more)"
    ),
    Key.TWICE: "appears twice; keep one",
    Key.YAML_SYNTAX: "YAML syntax error: {what}",
    Key.YAML_SYNTAX_AT: "YAML syntax error, column {column}: {what}",
    Key.SEVERAL_DOCUMENTS: "holds several YAML documents; a record is one (--- separates them)",
    Key.JSON_SYNTAX: "JSON syntax error, column {column}: {what}",
    Key.JSON_VALUE: "JSON value cannot be read: {what}",
    Key.TOO_MANY_CHARACTERS: (
        "is {size} characters; at most {most} are read (set {variable} to read more)"
    ),
    Key.TOO_MANY_BYTES: "is {size} bytes; at most {most} are read (set {variable} to read more)",
    Key.NO_FILE: "no such file",
    Key.FOLDER: "is a folder; expected a record file",
    Key.UNREADABLE: "cannot be read: {reason}",
    Key.NOT_UTF8: (
        "is not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8 and try again"
    ),
    Key.BEFORE_REPORT: "{moment} is before the incident was reported ({reported}); {why}",
    Key.ACTION_DONE_BEFORE: "a step of the plan is done after the incident it fixes",
    Key.UPDATE_SENT_BEFORE: "an update is sent after the report",
    Key.PROMISE_DUE_BEFORE: "a promise made to the client falls due after the report",
    Key.PROMISE_KEPT_BEFORE: "a promise is kept after it was made",
    Key.RESOLVED_BEFORE: "an incident is resolved after it began",
    Key.MEASURE_DONE_BEFORE: "a corrective measure comes after the incident it answers",
    Key.NEW_DUE_NOT_AFTER: (
        "{moment} is not after the first due time ({due}); a new time is set once the first "
        "one is missed"
    ),
    Key.UPDATES_OUT_OF_ORDER: (
        "{moment} is before the previous update ({previous}); list the updates oldest first"
    ),
    Key.NEXT_UPDATE_NOT_AFTER: "{moment} is not after the update that promised it ({sent})",
}


class English(Catalogue):
    """The messages in English; field descriptions are the record's own documentation."""

    language = "en"
    templates = TEMPLATES

    def quote(self, value: Any) -> str:
        if isinstance(value, str):
            shown = value if len(value) <= 60 else value[:57] + "..."
            return '"' + printable(shown).replace('"', '\\"') + '"'
        if value is None:
            return "nothing"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, Mapping):
            return "a mapping"
        if isinstance(value, list | tuple):
            return "a list"
        return repr(value)

    def shown(self, value: Any) -> str:
        text = value if isinstance(value, str) else "the value"
        return repr(text[:40] + ("..." if len(text) > 40 else ""))

    def number(self, value: int) -> str:
        return f"{value:,}"

    def choices(self, values: Iterable[Any]) -> str:
        shown = [f"`{v}`" for v in values]
        if len(shown) == 1:
            return shown[0]
        return ", ".join(shown[:-1]) + " or " + shown[-1]

    def kind(self, value: Any) -> str:
        return "nothing" if value is None else type(value).__name__

    def located(self, problem: Problem) -> str:
        return str(problem)

    def heading(self, source: str | None, count: int) -> str:
        where = f"{source}: " if source else ""
        noun = "problem" if count == 1 else "problems"
        return f"{where}the incident record has {count} {noun}:"

    def error_label(self) -> str:
        return "error:"
