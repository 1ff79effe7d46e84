"""The Jinja filters of the drafting templates: dates, times, deadlines, amounts, lists, quotes.

Dates, times and deadlines are written by :mod:`excuses.phrasing` (the same
words the deadline engine uses); amounts and lists come from Babel. Every
filter reads the draft's language, time zone and "now" from the template
context (the language as written for the client: ``fr``, ``en_US`` or
``en_GB``, from :func:`~excuses.phrasing.locale_for`; plain ``en`` is
``en_US``), so a template writes ``{{ action.due|datetime }}`` and never passes
a locale around (see :data:`CURRENT`). The formatters are memoised: a batch of records repeats the
same few dates, amounts and locales thousands of times.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_currency

from . import phrasing
from .business_time import in_zone
from .locales import ClientLocale

#: Context keys holding the draft's settings; set by :mod:`excuses.stages` for every draft.
LANGUAGE_KEY = "language"
LOCALE_KEY = "locale"
ZONE_KEY = "zone"
NOW_KEY = "now"

_NBSP = "\u00a0"
_CACHE = 4096


@lru_cache(maxsize=8)
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@lru_cache(maxsize=_CACHE)
def say_date(moment: datetime, language: str, zone: tzinfo, now: datetime | None = None) -> str:
    """``lundi 23 novembre`` / ``Monday, November 23``, in the client's time zone.

    The year is written unless ``now`` falls in the same year.
    """
    local = in_zone(moment, zone)
    if now is not None and in_zone(now, zone).year == local.year:
        return phrasing.say_day(local, language=language)
    return phrasing.say_date(local, language=language)


@lru_cache(maxsize=_CACHE)
def say_datetime(
    moment: datetime, language: str, zone: tzinfo, now: datetime | None, relative: bool = True
) -> str:
    """A date and time in the client's time zone.

    ``now`` decides the year (written only when it differs) and, when
    ``relative``, the words today/tomorrow/yesterday.
    """
    return phrasing.say_datetime(
        in_zone(moment, zone), language=language, now=now, day_words=relative
    )


@lru_cache(maxsize=_CACHE)
def say_deadline(
    moment: Any, language: str, zone: tzinfo, now: datetime, relative: bool = True
) -> str:
    """A precise deadline: the relative form beside the absolute date and time."""
    if isinstance(moment, datetime):
        moment = in_zone(moment, zone)
    return phrasing.say_deadline(moment, language=language, now=now, relative=relative)


@lru_cache(maxsize=_CACHE)
def money(amount: Decimal, currency: str, language: str) -> str:
    """``150 €`` / ``£150`` / ``12,40 $``: the amount as the client's locale writes it.

    ``language`` is the CLDR locale of the client (:class:`~excuses.locales.ClientLocale`):
    ``en_GB`` writes ``US$89`` where ``en_US`` writes ``$89``, ``fr_CA`` ``12,40 $``
    where ``fr_FR`` writes ``12,40 $CA``. A whole amount is written without
    cents, as people write prices; an amount that rounds to zero never shows a
    minus sign.
    """
    locale = _locale(language)
    try:
        whole = amount == amount.to_integral_value()
    except ArithmeticError:
        whole = False
    if amount.is_zero() or (not whole and abs(amount) < Decimal("0.005")):
        amount = abs(amount) * 0
    if whole:
        pattern = locale.currency_formats["standard"].pattern
        # "¤#,##0.00" -> "¤#,##0": the same pattern without its decimals.
        return format_currency(
            amount,
            currency,
            format=re.sub(r"0\.0+", "0", pattern),
            locale=locale,
            currency_digits=False,
        )
    return format_currency(amount, currency, locale=locale)


@lru_cache(maxsize=_CACHE)
def _list(items: tuple[str, ...], language: str) -> str:
    return format_list(list(items), style="standard", locale=_locale(language))


def list_and(items: Iterable[Any], language: str) -> str:
    """``A, B et C`` / ``A, B, and C`` (``en_US``) / ``A, B and C`` (``en_GB``)."""
    return _list(tuple(str(item) for item in items), language)


def quote(text: str, language: str) -> str:
    """Quotation marks of the language: « … » with no-break spaces, or “…”."""
    if _base(language) == "fr":
        return f"«{_NBSP}{text}{_NBSP}»"
    return f"\u201c{text}\u201d"


_FR_TITLES = {"Mme": "Madame", "M.": "Monsieur", "Mlle": "Madame"}
# Courtesy titles: American usage writes them with a period, British without.
_EN_TITLES = ("Mr", "Mrs", "Ms", "Dr", "Mx")


def salutation_name(name: str, spelling: str = "en_GB") -> str:
    """The name as a greeting writes it in ``spelling`` (``fr``, ``en_US`` or ``en_GB``).

    French letters spell out ``Madame``, never ``Mme``; American usage
    writes ``Mr. Baxter``, British ``Mr Baxter``, whichever the record wrote.
    """
    first, _, rest = name.partition(" ")
    if not rest:
        return name
    if first in _FR_TITLES:
        return f"{_FR_TITLES[first]} {rest}"
    bare = first.removesuffix(".")
    if bare in _EN_TITLES:
        return f"{bare}. {rest}" if spelling == "en_US" else f"{bare} {rest}"
    return name


def full_stop(text: str) -> str:
    """The text ending a sentence: one full stop, even after ``5:00 p.m.`` or ``K.K.``."""
    stripped = text.rstrip()
    return stripped if stripped.endswith((".", "!", "?", "…")) else f"{stripped}."


def capfirst(text: str) -> str:
    """The text with its first letter in capitals (list items written as fragments)."""
    return text[:1].upper() + text[1:]


_VOWELS = frozenset("aeiouyhàâäéèêëîïôöùûüœæAEIOUYHÀÂÉÈÊÎÔÙÛŒÆ")


def elide(word: str, text: str) -> str:
    """French elision: ``de`` + ``envoyer`` is ``d'envoyer``, ``de`` + ``livrer`` stays apart."""
    if word.endswith("e") and text[:1] in _VOWELS:
        return f"{word[:-1]}\u2019{text}"
    return f"{word} {text}"


_ORDINALS = {
    "fr": ("première", "deuxième", "troisième", "quatrième", "cinquième", "sixième"),
    "en": ("first", "second", "third", "fourth", "fifth", "sixth"),
}


_CARDINALS = {
    "fr": ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
    "en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
}


def in_words(number: int, language: str) -> str:
    """Small counts in words, as prose writes them (``deux``, ``three``); digits beyond ten."""
    words = _CARDINALS[_base(language)]
    return words[number - 1] if 1 <= number <= len(words) else str(number)


def ordinal(number: int, language: str) -> str:
    """``troisième`` / ``third``: how many times something happened, in words."""
    words = _ORDINALS[_base(language)]
    if 1 <= number <= len(words):
        return words[number - 1]
    return f"{number}e" if _base(language) == "fr" else f"{number}th"


def _base(language: str) -> str:
    """``en`` for ``en_GB``: the words are the same, only dates and amounts differ."""
    return language.partition("_")[0]


@dataclass(frozen=True)
class Settings:
    """The client's locale, time zone and "now" of the draft being rendered."""

    locale: ClientLocale
    zone: tzinfo
    now: datetime

    @property
    def language(self) -> str:
        """``fr``, ``en_US`` or ``en_GB``: how dates are arranged (see ``locale_for``)."""
        return self.locale.dates


# Set around each render by :mod:`excuses.rendering`. A context variable rather
# than Jinja's context, so that the shared list macros can be imported once
# (without context) and still write dates in the draft's language and zone.
CURRENT: ContextVar[Settings] = ContextVar("excuses_filter_settings")


def _current() -> Settings:
    try:
        return CURRENT.get()
    except LookupError:
        raise RuntimeError(
            "excuses filters need a draft's settings; render through excuses.rendering"
        ) from None


def _f_date(moment: datetime) -> str:
    s = _current()
    return say_date(moment, s.language, s.zone, s.now)


def _f_datetime(moment: datetime, relative: bool = True) -> str:
    s = _current()
    return say_datetime(moment, s.language, s.zone, s.now, relative)


def _f_deadline(moment: Any, relative: bool = True) -> str:
    s = _current()
    return say_deadline(moment, s.language, s.zone, s.now, relative)


def _f_money(amount: Decimal, currency: str) -> str:
    return money(amount, currency, _current().locale.cldr)


def _f_list_and(items: Iterable[Any]) -> str:
    return list_and(items, _current().locale.cldr)


def _f_quote(text: str) -> str:
    return quote(text, _current().language)


def _f_in_words(number: int) -> str:
    return in_words(number, _current().language)


def _f_ordinal(number: int) -> str:
    return ordinal(number, _current().language)


def _f_late(delta: timedelta) -> str:
    from .story import late_words

    return late_words(delta, _current().language[:2])


#: name -> filter, installed in both the text and the HTML environments.
FILTERS: dict[str, Callable[..., str]] = {
    "date": _f_date,
    "datetime": _f_datetime,
    "deadline": _f_deadline,
    "money": _f_money,
    "list_and": _f_list_and,
    "quote": _f_quote,
    "salutation": salutation_name,
    "capfirst": capfirst,
    "stop": full_stop,
    "elide": elide,
    "ordinal": _f_ordinal,
    "in_words": _f_in_words,
    "late": _f_late,
}
