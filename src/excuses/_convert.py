"""Turning plain data (from YAML, JSON or Python) into typed record objects.

The conversion is driven by the dataclasses' type hints and never stops at
the first problem: it collects every one with its field path, so a person
fixing an incident file sees the whole list at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import email.policy
import re
import types
import typing
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import Problem, RecordError
from .limits import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT, MAX_AMOUNT_DECIMALS, VARIABLES, Limits
from .record import Span, SpanTooLong, SpanUnit
from .record_messages import Catalogue, Key, catalogue, language_of
from .record_messages.text import UNPRINTABLE as _UNPRINTABLE
from .record_messages.text import printable

_EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
# RFC 5322 msg-id without its angle brackets: no space, no bracket, one "@" with text on both sides.
_MESSAGE_ID_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")
_HOURS_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$", re.ASCII)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MISSING = object()

#: Set while the converter builds objects from values it has just checked, so that their
#: own construction does not check them a second time.
_CHECKED: ContextVar[bool] = ContextVar("excuses_record_checked", default=False)


@contextmanager
def already_checked() -> Iterator[None]:
    """Build record objects without checking them again (their values were just checked)."""
    token = _CHECKED.set(True)
    try:
        yield
    finally:
        _CHECKED.reset(token)


def lower_first(text: str) -> str:
    """``text`` to follow a colon: its first letter lower-cased, unless it starts an acronym."""
    if len(text) > 1 and text[0].isupper() and (text[1].islower() or text[1] == "’"):
        return text[0].lower() + text[1:]
    return text


def validate(obj: Any) -> bool:
    """Check a record object built in Python as :func:`~excuses.load_record` checks a file.

    Raises :class:`~excuses.errors.RecordError` with the loader's messages,
    each path starting with the class name (``Client.timezone``); values the
    loader would normalise are normalised in place. A date-time without a
    time zone is left as it is here: :class:`~excuses.record.IncidentRecord`
    reads it in the client's time zone, as the loader does. Returns False,
    having checked nothing, while the loader builds the objects it checked.
    """
    if _CHECKED.get():
        return False
    cls = type(obj)
    language = language_of({"language": getattr(obj, "language", None)})
    converter = Converter(None, keep_naive=True, say=catalogue(language))
    changed: dict[str, Any] = {}
    for f, hint in record_fields(cls):
        value = getattr(obj, f.name)
        if value is None and is_required(f):
            converter.fail(f.name, converter.say.say(Key.EMPTY_REQUIRED))
            continue
        converted = converter.convert(value, hint, f.name, f.metadata.get("format"))
        if converted is not _MISSING and converted is not value:
            changed[f.name] = converted
    if converter.problems:
        name = cls.__name__
        raise RecordError(
            [Problem(f"{name}.{p.path}", p.message) for p in converter.problems],
            language=language,
        )
    for key, value in changed.items():
        object.__setattr__(obj, key, value)
    return True


def in_zone(value: Any, zone: tzinfo) -> Any:
    """``value`` with every date-time that has no time zone read in ``zone``."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone) if value.tzinfo is None else value
    if isinstance(value, tuple):
        items = tuple(in_zone(item, zone) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.metadata.get("internal"):
                continue
            old = getattr(value, f.name)
            new = in_zone(old, zone)
            if new is not old:
                changes[f.name] = new
        if not changes:
            return value
        with already_checked():
            return dataclasses.replace(value, **changes)
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def record_fields(cls: type) -> list[tuple[dataclasses.Field[Any], Any]]:
    """The public fields of a record dataclass with their resolved types."""
    hints = _hints(cls)
    return [(f, hints[f.name]) for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


@cache
def known_timezones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


@cache
def known_countries() -> frozenset[str]:
    from babel import Locale

    return frozenset(str(code) for code in Locale.parse("en").territories if str(code).isalpha())


@cache
def known_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


class Converter:
    """Converts plain data to record objects, collecting problems as it goes."""

    def __init__(
        self,
        default_tz: tzinfo | None,
        limits: Limits | None = None,
        *,
        keep_naive: bool = False,
        say: Catalogue | None = None,
    ) -> None:
        self.default_tz = default_tz
        self.keep_naive = keep_naive
        self.limits = limits or Limits()
        #: The catalogue the problems are written from: the record's language.
        self.say = say or catalogue()
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> Any:
        self.problems.append(Problem(path, message))
        return _MISSING

    def refuse(self, path: str, key: Key, value: Any = None, **values: Any) -> Any:
        """Record the problem ``key`` at ``path``; ``value`` is the value refused, quoted."""
        return self.fail(path, self.say.say(key, got=self.say.quote(value), **values))

    def convert(self, value: Any, hint: Any, path: str, fmt: str | None = None) -> Any:
        origin = typing.get_origin(hint)
        if origin is typing.Union or origin is types.UnionType:
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            if value is None:
                return None
            return self.convert(value, args[0], path, fmt)
        if origin is typing.Literal:
            choices = typing.get_args(hint)
            if value in choices:
                return value
            return self.refuse(path, Key.ONE_OF, value, choices=self.say.choices(choices))
        if origin is tuple:
            return self._sequence(value, typing.get_args(hint)[0], path, fmt)
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            if hint is Span:
                return self._span(value, path)
            return self.dataclass(value, hint, path)
        if isinstance(hint, type) and issubclass(hint, Enum):
            return self._enum(value, hint, path)
        if hint is datetime:
            return self._datetime(value, path)
        if hint is bool:
            if isinstance(value, bool):
                return value
            return self.refuse(path, Key.TRUE_OR_FALSE, value)
        if hint is Decimal:
            return self._decimal(value, path)
        if hint is str:
            return self._text(value, path, fmt)
        raise TypeError(f"no conversion for {hint!r}")  # a bug in the record model, not input

    def dataclass(self, value: Any, cls: type, path: str) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            return self.refuse(path, Key.MAPPING_OF, value, what=cls.__name__)
        fields = record_fields(cls)
        names = [f.name for f, _ in fields]
        internal = {f.name for f in dataclasses.fields(cls) if f.metadata.get("internal")}
        for key in value:
            # ``dataclasses.asdict(record)`` carries the internal fields too: not data, skipped.
            if key not in names and key not in internal:
                close = difflib.get_close_matches(str(key), names, n=1)
                hint = self.say.say(Key.DID_YOU_MEAN, name=close[0]) if close else ""
                self.fail(
                    _join(path, str(key)),
                    self.say.say(Key.UNKNOWN_FIELD, hint=hint, choices=self.say.choices(names)),
                )
        kwargs: dict[str, Any] = {}
        for f, hint_type in fields:
            sub = _join(path, f.name)
            if f.name not in value:
                if is_required(f):
                    doc = lower_first((self.say.field_doc(cls, f) or "a value").rstrip("."))
                    self.fail(sub, self.say.say(Key.MISSING, doc=doc))
                continue
            raw = value[f.name]
            if raw is None and is_required(f):
                self.fail(sub, self.say.say(Key.EMPTY_REQUIRED))
                continue
            converted = self.convert(raw, hint_type, sub, f.metadata.get("format"))
            if converted is not _MISSING:
                kwargs[f.name] = converted
        if any(is_required(f) and f.name not in kwargs for f, _ in fields):
            return _MISSING
        with already_checked():
            return cls(**kwargs)

    def _sequence(self, value: Any, item: Any, path: str, fmt: str | None) -> Any:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            return self.refuse(path, Key.LIST, value)
        items = [self.convert(v, item, f"{path}[{i}]", fmt) for i, v in enumerate(value)]
        if any(v is _MISSING for v in items):
            return _MISSING
        return tuple(items)

    def _enum(self, value: Any, cls: type[Enum], path: str) -> Any:
        if isinstance(value, cls):
            return value
        choices = [m.value for m in cls]
        if isinstance(value, str) and value.strip().lower() in choices:
            return cls(value.strip().lower())
        return self.refuse(path, Key.ONE_OF, value, choices=self.say.choices(choices))

    def _span(self, value: Any, path: str) -> Any:
        if isinstance(value, Span):
            return value
        if isinstance(value, Mapping) and set(value) == {"amount", "unit"}:
            # A span as ``dataclasses.asdict`` writes it.
            try:
                return Span(int(value["amount"]), SpanUnit(value["unit"]))
            except (TypeError, ValueError):
                pass
        if isinstance(value, str):
            try:
                return Span.parse(value)
            except SpanTooLong as exc:
                return self.refuse(path, Key.SPAN_TOO_LONG, value, longest=exc.longest)
            except ValueError:
                pass
        return self.refuse(path, Key.SPAN, value)

    def _datetime(self, value: Any, path: str) -> Any:
        parsed: datetime | None = None
        if isinstance(value, datetime):
            parsed = value
        elif isinstance(value, str) and not isinstance(value, bool):
            try:
                parsed = datetime.fromisoformat(value.strip())
            except ValueError:
                parsed = None
            if parsed is not None and "T" not in value.upper() and " " not in value.strip():
                parsed = None  # a bare date has no time: a deadline needs one
        elif isinstance(value, date):
            parsed = None
        if parsed is None:
            return self.refuse(path, Key.DATETIME, value)
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            return self.refuse(path, Key.YEAR_RANGE, value, first=FIRST_YEAR, last=LAST_YEAR)
        if parsed.tzinfo is None and not self.keep_naive:
            # Without a valid client zone the record already fails on client.timezone;
            # reporting every naive time as well would bury that one real problem.
            parsed = parsed.replace(tzinfo=self.default_tz or UTC)
            if _skipped(parsed):
                return self.refuse(path, Key.SKIPPED_TIME, value, zone=parsed.tzinfo)
        return parsed

    def _decimal(self, value: Any, path: str) -> Any:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            return self.refuse(path, Key.AMOUNT, value)
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            return self.refuse(path, Key.AMOUNT, value)
        if not amount.is_finite() or amount.is_signed():
            return self.refuse(path, Key.POSITIVE_AMOUNT, value)
        exponent = amount.normalize().as_tuple().exponent
        if amount >= MAX_AMOUNT or (isinstance(exponent, int) and exponent < -MAX_AMOUNT_DECIMALS):
            most = self.say.number(int(MAX_AMOUNT))
            return self.refuse(
                path, Key.AMOUNT_RANGE, value, most=most, decimals=MAX_AMOUNT_DECIMALS
            )
        return amount

    def _text(self, value: Any, path: str, fmt: str | None) -> Any:
        if not isinstance(value, str):
            if isinstance(value, int | float) and not isinstance(value, bool) and fmt is None:
                return str(value)
            return self.refuse(path, Key.TEXT, value)
        text = value.strip()
        if not text:
            return self.fail(path, self.say.say(Key.EMPTY_TEXT))
        if len(text) > self.limits.max_field_chars:
            return self.fail(
                path,
                self.say.say(
                    Key.TEXT_TOO_LONG,
                    length=self.say.number(len(text)),
                    most=self.say.number(self.limits.max_field_chars),
                    variable=VARIABLES["max_field_chars"],
                ),
            )
        unprintable = _UNPRINTABLE.search(text)
        if unprintable is not None:
            return self.fail(
                path,
                self.say.say(
                    Key.CONTROL_CHARACTER,
                    character=ascii(unprintable.group())[1:-1],
                    position=unprintable.start() + 1,
                ),
            )
        checker = _FORMAT_CHECKS.get(fmt or "")
        if checker is not None:
            return checker(self, text, path)
        return text


_LOCALE_RE = re.compile(r"^(fr|en)[-_]([A-Za-z]{2})$", re.IGNORECASE)


def _check_email(conv: Converter, text: str, path: str) -> Any:
    if not _EMAIL_RE.match(text):
        return conv.refuse(path, Key.EMAIL, text)
    local, _, domain = text.rpartition("@")
    if not local.isascii():
        return conv.refuse(path, Key.EMAIL_ASCII, text)
    if domain.isascii():
        return text
    # An international domain travels in headers as its ASCII (punycode) form.
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return conv.refuse(path, Key.EMAIL_DOMAIN, text)


def _check_mailbox(conv: Converter, text: str, path: str) -> Any:
    if any(ch in text for ch in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        return conv.refuse(path, Key.MAILBOX_ONE_LINE, text)
    try:
        parsed = email.policy.default.header_factory("To", text)
        addresses = parsed.addresses
    except (ValueError, IndexError, TypeError):
        addresses = ()
    if len(addresses) != 1 or not _EMAIL_RE.match(addresses[0].addr_spec or ""):
        return conv.refuse(path, Key.MAILBOX, text)
    return text


def _check_message_id(conv: Converter, text: str, path: str) -> Any:
    inner = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    if _MESSAGE_ID_RE.match(inner):
        return f"<{inner}>"
    return conv.refuse(path, Key.MESSAGE_ID, text)


def _check_timezone(conv: Converter, text: str, path: str) -> Any:
    if text in known_timezones():
        return text
    close = difflib.get_close_matches(text, sorted(known_timezones()), n=1)
    hint = conv.say.say(Key.DID_YOU_MEAN, name=close[0]) if close else ""
    return conv.refuse(path, Key.TIMEZONE, text, hint=hint)


def _check_country(conv: Converter, text: str, path: str) -> Any:
    code = text.upper()
    if len(code) == 2 and code in known_countries():
        return code
    return conv.refuse(path, Key.COUNTRY, text)


def _check_locale(conv: Converter, text: str, path: str) -> Any:
    match = _LOCALE_RE.match(text.strip())
    if match:
        return f"{match.group(1).lower()}-{match.group(2).upper()}"
    return conv.refuse(path, Key.LOCALE, text)


def _check_currency(conv: Converter, text: str, path: str) -> Any:
    code = text.upper()
    if code in known_currencies():
        return code
    return conv.refuse(path, Key.CURRENCY, text)


def _check_hours(conv: Converter, text: str, path: str) -> Any:
    match = _HOURS_RE.match(text.replace(" ", ""))
    if match and match.group(1, 2) < match.group(3, 4):
        return text.replace(" ", "")
    return conv.refuse(path, Key.HOURS, text)


def _check_weekday(conv: Converter, text: str, path: str) -> Any:
    word = text.lower()
    for day, full in zip(_WEEKDAYS, _WEEKDAY_NAMES, strict=True):
        if word in (day, full):
            return day
    return conv.refuse(path, Key.WEEKDAY, text)


_FORMAT_CHECKS = {
    "email": _check_email,
    "timezone": _check_timezone,
    "message-id": _check_message_id,
    "mailbox": _check_mailbox,
    "country": _check_country,
    "currency": _check_currency,
    "locale": _check_locale,
    "hours": _check_hours,
    "weekday": _check_weekday,
}


def zone_of(raw: Any) -> tzinfo | None:
    """The client's time zone from raw data, if it names a valid one."""
    try:
        name = raw["client"]["timezone"]
    except (KeyError, TypeError):
        return None
    if isinstance(name, str) and name.strip() in known_timezones():
        try:
            return ZoneInfo(name.strip())
        except ZoneInfoNotFoundError:
            return None
    return None


def _skipped(moment: datetime) -> bool:
    """Whether a wall-clock time falls in a gap, when the clocks jump forward."""
    again = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return again.replace(tzinfo=None, fold=0) != moment.replace(tzinfo=None, fold=0)


def _join(path: str, name: str) -> str:
    name = printable(name)
    return f"{path}.{name}" if path else name
