"""The client's locale: how every word, date and amount of a draft is written for one client.

A :class:`ClientLocale` is chosen once per record (:func:`client_locale`)
and read by every filter: the language of the templates (``fr`` or ``en``),
the CLDR locale Babel formats amounts and lists in (``fr_CA`` writes
``12,40 $``, ``fr_FR`` ``12,40 $CA``), the arrangement of dates
(:func:`~excuses.phrasing.locale_for`), and for English the spelling of our
own template words: American (``apologize``) or British (``apologise``).

The record may name the locale (``client.locale: en-GB``); otherwise it
follows the record's language and the client's country: the country's own
CLDR variant of the language where there is one (``fr_BE``, ``en_IE``), the
language's home otherwise (``fr_FR``, ``en_US``). American spelling goes with
American-style dates (the United States, Canada, the Philippines, US
territories, and countries CLDR has no English for); British spelling with
the rest of the English-writing world.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError

#: The spelling variants of English our templates are written in.
SPELLINGS = ("en_US", "en_GB")

_TAG = re.compile(r"^(?P<language>[a-z]{2})(?:[-_](?P<country>[A-Za-z]{2}))?$")
_HOME = {"fr": "FR", "en": "US"}


@dataclass(frozen=True)
class ClientLocale:
    """How a draft is written for one client; see the module's documentation."""

    #: ``fr`` or ``en``: the folder of templates.
    language: str
    #: The CLDR locale of amounts and lists: ``fr_FR``, ``fr_CA``, ``en_US``, ``en_GB``…
    cldr: str
    #: How dates are arranged: ``fr``, ``en_US`` or ``en_GB`` (:func:`~excuses.phrasing.say_date`).
    dates: str
    #: ``fr``, or ``en_US``/``en_GB``: the spelling of the template's own words.
    spelling: str

    @property
    def tag(self) -> str:
        """The BCP 47 tag: ``fr-CA``, ``en-GB``."""
        return self.cldr.replace("_", "-")


def _known(tag: str) -> bool:
    try:
        Locale.parse(tag)
    except (UnknownLocaleError, ValueError):
        return False
    return True


@lru_cache(maxsize=256)
def client_locale(language: str, country: str | None, tag: str | None = None) -> ClientLocale:
    """The locale of a record in ``language`` for a client in ``country``, or as ``tag`` says.

    ``tag`` is a BCP 47 tag (``en-GB``, ``fr-CA``) whose language must be
    the record's; a ``ValueError`` says so when it is not one.
    """
    from .phrasing import locale_for

    if language not in _HOME:
        raise ValueError(f"no locale for language {language!r}; expected fr or en")
    if tag:
        match = _TAG.match(tag.strip())
        if match is None or match.group("language") != language:
            raise ValueError(
                f"expected a {language}-XX tag such as {language}-{_HOME[language]}, got {tag!r}"
            )
        country = match.group("country") or _HOME[language]
    region = (country or "").upper()
    cldr = f"{language}_{region}" if region.isalpha() and _known(f"{language}_{region}") else ""
    if not cldr:
        cldr = f"{language}_{_HOME[language]}"
    dates = locale_for(language, cldr.partition("_")[2])
    spelling = "fr" if language == "fr" else dates
    return ClientLocale(language, cldr, dates, spelling)


# Our English templates are written in British spelling; these are the words
# they use (and their forms) that American spelling writes otherwise. Record
# text is never respelt: only the templates' own words are, before any data.
_AMERICAN = {
    "apologise": "apologize",
    "apologised": "apologized",
    "apologises": "apologizes",
    "apologising": "apologizing",
    "organise": "organize",
    "organised": "organized",
    "organising": "organizing",
    "organisation": "organization",
    "prioritise": "prioritize",
    "prioritised": "prioritized",
    "recognise": "recognize",
    "realise": "realize",
    "minimise": "minimize",
    "behaviour": "behavior",
    "colour": "color",
    "favour": "favor",
    "centre": "center",
    "cancelled": "canceled",
    "fulfil": "fulfill",
    "judgement": "judgment",
    "acknowledgement": "acknowledgment",
}
_WORD = re.compile(r"\b(" + "|".join(_AMERICAN) + r")\b", re.IGNORECASE)
# Template code: placeholders, statements and comments of both passes.
_CODE = re.compile(
    r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\[\[.*?\]\]|\[%.*?%\]|\[#.*?#\]|<[^>]*>)", re.S
)


def _american_word(match: re.Match[str]) -> str:
    word = match.group(0)
    american = _AMERICAN[word.lower()]
    return american[:1].upper() + american[1:] if word[:1].isupper() else american


def respell(source: str, spelling: str) -> str:
    """A template's source with its own words in ``spelling`` (``en_US`` or ``en_GB``).

    Only the text between placeholders, statements and HTML tags changes:
    ``{{ sender.organisation }}`` stays a field name, and record text, which
    fills the placeholders later, is never respelt.
    """
    if spelling != "en_US":
        return source
    parts = _CODE.split(source)
    return "".join(
        part if index % 2 else _WORD.sub(_american_word, part) for index, part in enumerate(parts)
    )


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def typeset(source: str, language: str) -> str:
    """A template's source with its own French apostrophes typographic (``l’heure``).

    Like :func:`respell`, only the text between placeholders, statements and
    HTML tags changes: quotes in template code and HTML attributes stay.
    """
    if language != "fr":
        return source
    parts = _CODE.split(source)
    return "".join(
        part if index % 2 else _APOSTROPHE.sub("\u2019", part) for index, part in enumerate(parts)
    )
