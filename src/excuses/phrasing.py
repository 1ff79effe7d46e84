"""Saying dates, times and deadlines the way a native speaker writes them, in French or English.

Weekday and month names come from Babel (CLDR); the arrangement around them
follows each language's business-letter habits:

French
    ``17 h 00`` (24-hour clock, hours without a leading zero), ``lundi
    23 novembre``, ``mardi 1ᵉʳ décembre 2026`` (superscript ordinal for the first of the
    month). The spaces around the ``h`` of a time and the space between the
    day number and the month are no-break spaces (U+00A0): French typography
    keeps a number with its unit and a day with its month on one line, and
    uses the full-width no-break space there (the narrow U+202F is for the
    space before ``; : ! ?`` and thousands). Deadlines read "dans l'heure,
    soit avant 10 h 15 aujourd'hui, lundi 23 novembre", "avant 18 h 00
    aujourd'hui, lundi 23 novembre" or "d'ici le mercredi 25 novembre à
    18 h 00".

English
    ``10:15 a.m.``, ``6:00 p.m.`` and ``noon`` (12-hour clock, lower-case
    a.m./p.m. with periods, the style of US and UK business letters rather
    than CLDR's ``AM``). Dates follow the client's country
    (:func:`locale_for`): ``Monday, November 23`` in American usage
    (``en_US``), ``Monday 23 November`` in British usage (``en_GB``: the
    United Kingdom, Ireland, Australia, New Zealand, South Africa, India and
    most of the English-writing world). Deadlines read "within the hour, by
    10:15 a.m. today, Monday, November 23" or "by 6:00 p.m. on Wednesday,
    November 25"; in British usage "by 6:00 p.m. on Wednesday 25 November".

Every function takes ``language``: ``fr``, ``en`` (American usage),
``en_US`` or ``en_GB``, as :func:`locale_for` returns it.

"Today", "tomorrow" ("aujourd'hui", "demain") and the year are written only
where true: relative to ``now`` seen in the zone of the moment said. Every
moment is written in its own time zone: pass deadlines in the client's zone
(as :mod:`excuses.deadlines` returns them).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from .business_time import elapsed, in_zone
from .deadlines import Deadline
from .record import Span, SpanUnit, TimeBasis

#: No-break space, used in French times ("17 h 00") and dates ("23 novembre").
NBSP = "\u00a0"

_LANGUAGES = ("fr", "en", "en_US", "en_GB")


@lru_cache(maxsize=256)
def locale_for(language: str, country: str | None) -> str:
    """How a record in ``language`` for a client of ``country`` writes: fr, en_US or en_GB.

    French is written one way. English follows the client's country (ISO
    3166-1 alpha-2): ``en_GB`` (day first, "Monday 23 November") where CLDR's
    English for that country puts the day before the month, as in the United
    Kingdom, Ireland, Australia, New Zealand, South Africa or India;
    ``en_US`` ("Monday, November 23") where it puts the month first (the
    United States, Canada, the Philippines and US territories) and for a
    country CLDR has no English for, as CLDR itself falls back to American
    usage there.
    """
    if language == "fr":
        return "fr"
    if language != "en":
        raise ValueError(f"cannot say dates in {language!r}; expected one of fr, en")
    if not country or not country.isalpha():
        return "en_US"
    try:
        pattern = Locale.parse(f"en_{country.upper()}").date_formats["full"].pattern
    except (UnknownLocaleError, ValueError):
        return "en_US"
    return "en_GB" if pattern.find("d") < pattern.find("M") else "en_US"


def _check(language: str) -> None:
    if language not in _LANGUAGES:
        raise ValueError(f"cannot say dates in {language!r}; expected one of fr, en, en_US, en_GB")


def real(moment: datetime) -> datetime:
    """``moment`` as a clock in its zone can show it.

    A wall time the record wrote inside a daylight-saving gap (2:30 on the
    night the clocks go forward) never happens: it is read at the offset in
    force before the change and written as the time the clock then shows
    (3:30), never as a time that does not exist.
    """
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).astimezone(moment.tzinfo)


def dst_note(moment: datetime, *, language: str) -> str:
    """Which of the two occurrences an hour the clocks repeat is, or ``""`` for any other time.

    French says ``heure d'hiver`` / ``heure d'été``; English names the zone's
    abbreviation (``GMT``/``BST``, ``EST``/``EDT``), or standard/daylight
    time where the zone has no abbreviation.
    """
    if moment.tzinfo is None:
        return ""
    other = moment.replace(fold=1 - moment.fold)
    if other.utcoffset() == moment.utcoffset() or real(other) != other:
        return ""
    summer = bool(moment.dst())
    if language == "fr":
        return "heure d'été" if summer else "heure d'hiver"
    name = moment.tzname() or ""
    if name.isalpha():
        return name
    return "daylight time" if summer else "standard time"


def say_time(moment: datetime, *, language: str, note: bool = True) -> str:
    """The time of day: ``17 h 00`` (no-break spaces), ``5:00 p.m.`` or ``noon``.

    On the hour the clocks repeat, the time says which one (``2 h 30, heure
    d'hiver``, ``1:30 a.m. EST``) unless ``note`` is false.
    """
    _check(language)
    moment = real(moment)
    which = dst_note(moment, language=language) if note else ""
    if language == "fr":
        text = f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"
        return f"{text}, {which}" if which else text
    if moment.hour == 12 and moment.minute == 0:
        # "12:00 p.m." makes readers stop and think; "noon" does not.
        return "noon"
    hour = moment.hour % 12 or 12
    suffix = "a.m." if moment.hour < 12 else "p.m."
    text = f"{hour}:{moment.minute:02d} {suffix}"
    return f"{text} {which}" if which else text


def _say_day(day: date, language: str, *, year: bool) -> str:
    if language == "fr":
        weekday = format_date(day, "EEEE", locale="fr")
        month = format_date(day, "MMMM", locale="fr")
        # The ordinal's letters are superscript, as French typography sets them (1ᵉʳ).
        number = "1\u1d49\u02b3" if day.day == 1 else str(day.day)
        text = f"{weekday} {number}{NBSP}{month}"
        return f"{text} {day.year}" if year else text
    if language == "en_GB":
        # British letters write "Monday 23 November 2026": no comma, day first.
        text = format_date(day, "EEEE d MMMM", locale="en")
        return f"{text} {day.year}" if year else text
    text = format_date(day, "EEEE, MMMM d", locale="en")
    return f"{text}, {day.year}" if year else text


def say_day(moment: date | datetime, *, language: str) -> str:
    """The date without its year, for a date in the current year.

    ``mardi 1ᵉʳ décembre``, ``Tuesday, December 1``, ``Tuesday 1 December``.
    """
    _check(language)
    day = moment.date() if isinstance(moment, datetime) else moment
    return _say_day(day, language, year=False)


def say_date(moment: date | datetime, *, language: str) -> str:
    """The full date with weekday and year.

    ``mardi 1ᵉʳ décembre 2026``, ``Tuesday, December 1, 2026``, ``Tuesday 1 December 2026``.
    """
    _check(language)
    day = moment.date() if isinstance(moment, datetime) else moment
    return _say_day(day, language, year=True)


def _local_now(now: datetime, moment: datetime) -> datetime:
    """``now`` on the wall clock of ``moment``'s zone; a naive ``now`` is read there."""
    if moment.tzinfo is None:
        return now.replace(tzinfo=None)
    return in_zone(now, moment.tzinfo)


_FR_DAY_WORDS = {0: "aujourd'hui", 1: "demain", -1: "hier"}
_EN_DAY_WORDS = {0: "today", 1: "tomorrow", -1: "yesterday"}


def say_datetime(
    moment: datetime, *, language: str, now: datetime | None = None, day_words: bool = True
) -> str:
    """An absolute date and time, with today/tomorrow/yesterday where true.

    ``aujourd'hui, lundi 23 novembre à 10 h 15``, ``Wednesday, November 25, at
    6:00 p.m.``, ``Wednesday 25 November at 6:00 p.m.``; the year is written
    when ``now`` is not given or falls in another year, and American usage
    sets it off with commas: ``Monday, November 23, 2026, at 9:40 a.m.``
    (Chicago and AP style). ``day_words=False`` leaves out today/tomorrow
    (a timeline's dates, read later).
    """
    _check(language)
    moment = real(moment)
    day = moment.date()
    word = None
    year = True
    if now is not None:
        local_now = _local_now(now, moment)
        year = local_now.year != day.year
        words = _FR_DAY_WORDS if language == "fr" else _EN_DAY_WORDS
        word = words.get((day - local_now.date()).days) if day_words else None
    text = _say_day(day, language, year=year)
    time_text = say_time(moment, language=language)
    if word is not None:
        text = f"{word}, {text}"
    if language == "fr":
        return f"{text} à {time_text}"
    if language in ("en", "en_US") and year:
        return f"{text}, at {time_text}"
    return f"{text} at {time_text}"


def say_promise(span: Span, *, language: str) -> str | None:
    """The relative form of a promise ("dans l'heure", "within 3 business days"), if it has one."""
    _check(language)
    n = span.amount
    unit = span.unit
    if unit is SpanUnit.END_OF_BUSINESS_DAY or n <= 0:
        return None
    if language == "fr":
        if unit is SpanUnit.HOURS:
            return "dans l'heure" if n == 1 else f"dans les {n}{NBSP}heures"
        if unit is SpanUnit.MINUTES:
            return f"dans les {n}{NBSP}minutes"
        if unit is SpanUnit.BUSINESS_HOURS:
            return "dans l'heure ouvrée" if n == 1 else f"dans les {n}{NBSP}heures ouvrées"
        if unit is SpanUnit.DAYS:
            return "sous un jour" if n == 1 else f"sous {n}{NBSP}jours"
        return "sous un jour ouvré" if n == 1 else f"sous {n}{NBSP}jours ouvrés"
    if unit is SpanUnit.HOURS:
        return "within the hour" if n == 1 else f"within {n} hours"
    if unit is SpanUnit.MINUTES:
        return f"within {n} minutes"
    if unit is SpanUnit.BUSINESS_HOURS:
        return "within one business hour" if n == 1 else f"within {n} business hours"
    if unit is SpanUnit.DAYS:
        return "within a day" if n == 1 else f"within {n} days"
    return "within one business day" if n == 1 else f"within {n} business days"


def _promise_holds(deadline: Deadline, now: datetime) -> bool:
    """Whether the relative promise, read at ``now``, is as true as the absolute time.

    "Within the hour" is true only while the deadline is at most an hour
    away: two business hours promised at 17:00 end at 10:00 the next day,
    which is not "within 2 hours". Business days hold on the day the
    deadline counts from only, since counting them again needs the calendar.
    """
    span = deadline.promise
    now = _local_now(now, deadline.at)
    if span is None or now >= deadline.at:
        return False
    # A promise rounded up to the quarter hour ("dans l'heure, avant 0 h 15" for a
    # report at 23:10) holds as the policy's own time did.
    at = deadline.exact or deadline.at
    left = elapsed(now, at) if at.tzinfo is not None else at - now
    if span.unit is SpanUnit.MINUTES:
        return left <= timedelta(minutes=span.amount)
    if span.unit in (SpanUnit.HOURS, SpanUnit.BUSINESS_HOURS):
        return left <= timedelta(hours=span.amount)
    if span.unit is SpanUnit.DAYS and deadline.basis is TimeBasis.CLOCK:
        # A wall-clock day may last 25 hours across a daylight-saving change.
        return left <= timedelta(days=span.amount, hours=1)
    local_now = _local_now(now, deadline.start)
    return local_now.date() == deadline.start.date()


def say_deadline(
    deadline: Deadline | datetime, *, language: str, now: datetime, relative: bool = True
) -> str:
    """A deadline as a client reads it, with the relative promise beside it where it holds.

    French: "dans l'heure, soit avant 10 h 15 aujourd'hui, lundi 23 novembre",
    "avant 18 h 00 demain, mardi 24 novembre", "d'ici le mercredi 25 novembre
    à 18 h 00". English: "within the hour, by 10:15 a.m. today, Monday,
    November 23", "by 6:00 p.m. on Wednesday, November 25"; in British
    usage (``en_GB``) "by 6:00 p.m. on Wednesday 25 November".

    A deadline in the small hours of the night under way is said as people
    say it: "dans l'heure, avant 0 h 15 cette nuit", "within the hour, by
    12:15 a.m. tonight", "avant minuit ce soir", "by midnight tonight".
    """
    _check(language)
    at = real(deadline.at if isinstance(deadline, Deadline) else deadline)
    local_now = _local_now(now, at)
    day = at.date()
    offset = (day - local_now.date()).days
    year = local_now.year != day.year
    day_text = _say_day(day, language, year=year)
    fr = language == "fr"
    time_text = say_time(at, language=language, note=not fr)
    which = dst_note(at, language=language) if fr else ""
    night = _tonight(at, local_now, offset)
    if night and at.hour == 0 and at.minute == 0:
        absolute = "avant minuit ce soir" if fr else "by midnight tonight"
    elif night:
        absolute = f"avant {time_text} cette nuit" if fr else f"by {time_text} tonight"
    elif fr and offset in (0, 1):
        absolute = f"avant {time_text} {_FR_DAY_WORDS[offset]}, {day_text}"
    elif fr:
        absolute = f"d'ici le {day_text} à {time_text}"
    elif offset in (0, 1):
        absolute = f"by {time_text} {_EN_DAY_WORDS[offset]}, {day_text}"
    else:
        absolute = f"by {time_text} on {day_text}"
    if which:
        absolute = f"{absolute}, {which}"
    if not relative or not isinstance(deadline, Deadline) or deadline.promise is None:
        return absolute
    promise = say_promise(deadline.promise, language=language)
    if promise is None or not _promise_holds(deadline, now):
        return absolute
    if fr and not night:
        return f"{promise}, soit {absolute}"
    return f"{promise}, {absolute}"


#: A deadline before this hour, in the night under way, is said "cette nuit" / "tonight".
_NIGHT_ENDS = 6
_EVENING_STARTS = 18


def _tonight(at: datetime, now: datetime, offset: int) -> bool:
    """Whether ``at`` falls in the small hours of the night ``now`` is in or about to start."""
    if at.hour >= _NIGHT_ENDS:
        return False
    if offset == 1:
        return now.hour >= _EVENING_STARTS
    return offset == 0 and now.hour < _NIGHT_ENDS
