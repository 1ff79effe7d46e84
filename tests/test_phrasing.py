"""Saying deadlines, dates and times in French and English: exact strings, typography included."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from excuses import say_date, say_datetime, say_deadline
from excuses.deadlines import Deadline, answer_deadline, next_update_deadline
from excuses.filters import list_and, money
from excuses.phrasing import NBSP, locale_for, say_promise, say_time
from excuses.record import Span, SpanUnit, TimeBasis
from test_deadlines import make_record

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def nb(text: str) -> str:
    """Expected text with ``~`` standing for the no-break space French typography puts there."""
    return text.replace("~", NBSP)


# (case, criticality, reported at, client zone, now, French, English): the answer
# deadline of a record reported at that time, said at ``now``.
ANSWER_PHRASES = [
    (
        "critical-within-the-hour",
        "critical",
        "2026-11-23T09:15",
        "Europe/Paris",
        "2026-11-23T09:15+01:00",
        "dans l'heure, soit avant 10~h~15 aujourd'hui, lundi 23~novembre",
        "within the hour, by 10:15 a.m. today, Monday, November 23",
    ),
    (
        "critical-read-thirty-minutes-later",
        "critical",
        "2026-11-23T09:15",
        "Europe/Paris",
        "2026-11-23T09:45+01:00",
        "dans l'heure, soit avant 10~h~15 aujourd'hui, lundi 23~novembre",
        "within the hour, by 10:15 a.m. today, Monday, November 23",
    ),
    (
        "critical-past-midnight",
        "critical",
        "2026-11-23T23:30",
        "Europe/Paris",
        "2026-11-23T23:30+01:00",
        "dans l'heure, avant 0~h~30 cette nuit",
        "within the hour, by 12:30 a.m. tonight",
    ),
    (
        "important-end-of-day",
        "important",
        "2026-11-23T10:02",
        "Europe/Paris",
        "2026-11-23T10:02+01:00",
        "avant 18~h~00 aujourd'hui, lundi 23~novembre",
        "by 6:00 p.m. today, Monday, November 23",
    ),
    (
        "important-after-hours",
        "important",
        "2026-11-23T20:30",
        "Europe/Paris",
        "2026-11-23T20:30+01:00",
        "avant 18~h~00 demain, mardi 24~novembre",
        "by 6:00 p.m. tomorrow, Tuesday, November 24",
    ),
    (
        "important-friday-evening",
        "important",
        "2026-11-27T17:45",
        "Europe/Paris",
        "2026-11-27T17:45+01:00",
        "d'ici le lundi 30~novembre à 18~h~00",
        "by 6:00 p.m. on Monday, November 30",
    ),
    (
        "annoying-three-business-days",
        "annoying",
        "2026-11-23T10:02",
        "Europe/Paris",
        "2026-11-23T10:02+01:00",
        "sous 3~jours ouvrés, soit d'ici le jeudi 26~novembre à 10~h~15",
        "within 3 business days, by 10:15 a.m. on Thursday, November 26",
    ),
    (
        "annoying-read-the-next-day",
        "annoying",
        "2026-11-23T10:02",
        "Europe/Paris",
        "2026-11-24T09:00+01:00",
        "d'ici le jeudi 26~novembre à 10~h~15",
        "by 10:15 a.m. on Thursday, November 26",
    ),
    (
        "annoying-over-christmas",
        "annoying",
        "2026-12-24T10:00",
        "Europe/Paris",
        "2026-12-24T10:00+01:00",
        "sous 3~jours ouvrés, soit d'ici le mercredi 30~décembre à 10~h~00",
        "within 3 business days, by 10:00 a.m. on Wednesday, December 30",
    ),
    (
        "important-into-next-year",
        "important",
        "2026-12-31T17:30",
        "Europe/Paris",
        "2026-12-31T17:30+01:00",
        "d'ici le lundi 4~janvier 2027 à 18~h~00",
        "by 6:00 p.m. on Monday, January 4, 2027",
    ),
    (
        "critical-sender-in-paris-client-in-new-york",
        "critical",
        "2026-11-23T16:30+01:00",
        "America/New_York",
        "2026-11-23T16:30+01:00",
        "dans l'heure, soit avant 11~h~30 aujourd'hui, lundi 23~novembre",
        "within the hour, by 11:30 a.m. today, Monday, November 23",
    ),
    (
        "important-first-of-the-month",
        "important",
        "2026-11-30T17:30",
        "Europe/Paris",
        "2026-11-30T17:30+01:00",
        "avant 18~h~00 demain, mardi 1\u1d49\u02b3~décembre",
        "by 6:00 p.m. tomorrow, Tuesday, December 1",
    ),
    (
        "critical-noon",
        "critical",
        "2026-11-23T11:00",
        "Europe/Paris",
        "2026-11-23T11:00+01:00",
        "dans l'heure, soit avant 12~h~00 aujourd'hui, lundi 23~novembre",
        "within the hour, by noon today, Monday, November 23",
    ),
    (
        "critical-missed-already",
        "critical",
        "2026-11-23T09:15",
        "Europe/Paris",
        "2026-11-23T10:30+01:00",
        "avant 10~h~15 aujourd'hui, lundi 23~novembre",
        "by 10:15 a.m. today, Monday, November 23",
    ),
]


@pytest.mark.parametrize(
    ("criticality", "reported_at", "zone", "now", "french", "english"),
    [case[1:] for case in ANSWER_PHRASES],
    ids=[case[0] for case in ANSWER_PHRASES],
)
def test_say_answer_deadline(
    criticality: str, reported_at: str, zone: str, now: str, french: str, english: str
) -> None:
    record = make_record(reported_at, criticality, timezone=zone, country="FR")
    deadline = answer_deadline(record)
    moment = datetime.fromisoformat(now)
    assert say_deadline(deadline, language="fr", now=moment) == nb(french)
    assert say_deadline(deadline, language="en", now=moment) == english


def test_update_cadence_phrase() -> None:
    record = make_record("2026-11-23T09:00", "critical")
    sent = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
    deadline = next_update_deadline(record, sent)
    assert say_deadline(deadline, language="fr", now=sent) == nb(
        "dans les 2~heures, soit avant 12~h~00 aujourd'hui, lundi 23~novembre"
    )
    assert say_deadline(deadline, language="en", now=sent) == (
        "within 2 hours, by noon today, Monday, November 23"
    )


def test_relative_form_can_be_left_out() -> None:
    record = make_record("2026-11-23T09:15", "critical")
    now = datetime(2026, 11, 23, 9, 15, tzinfo=PARIS)
    deadline = answer_deadline(record)
    assert say_deadline(deadline, language="fr", now=now, relative=False) == nb(
        "avant 10~h~15 aujourd'hui, lundi 23~novembre"
    )
    assert say_deadline(deadline.at, language="en", now=now) == (
        "by 10:15 a.m. today, Monday, November 23"
    )


def test_a_business_hours_promise_is_not_said_when_it_spans_a_night() -> None:
    # Two business hours from 17:00 end at 10:00 the next day: "within 2 hours" would lie.
    record = make_record("2026-11-23T17:00", "important", policy={"answer_within": "2h"})
    now = datetime(2026, 11, 23, 17, 0, tzinfo=PARIS)
    assert say_deadline(answer_deadline(record), language="en", now=now) == (
        "by 10:00 a.m. tomorrow, Tuesday, November 24"
    )


def test_answer_by_is_said_without_a_promise() -> None:
    record = make_record("2026-11-23T10:02", policy={"answer_by": "2026-11-25T18:00"})
    now = datetime(2026, 11, 23, 10, 2, tzinfo=PARIS)
    assert say_deadline(answer_deadline(record), language="fr", now=now) == nb(
        "d'ici le mercredi 25~novembre à 18~h~00"
    )
    assert say_deadline(answer_deadline(record), language="en", now=now) == (
        "by 6:00 p.m. on Wednesday, November 25"
    )


def test_a_naive_now_is_read_in_the_deadline_zone() -> None:
    deadline = answer_deadline(make_record("2026-11-23T09:15", "critical"))
    assert say_deadline(deadline, language="en", now=datetime(2026, 11, 23, 9, 15)) == (
        "within the hour, by 10:15 a.m. today, Monday, November 23"
    )


def test_now_in_another_zone_is_read_in_the_deadline_zone() -> None:
    # 23:30 in Paris is still Monday 17:30 in New York: "today" is the client's today.
    deadline = Deadline(
        at=datetime(2026, 11, 23, 18, 0, tzinfo=NEW_YORK),
        promise=Span(0, SpanUnit.END_OF_BUSINESS_DAY),
        basis=TimeBasis.BUSINESS,
        start=datetime(2026, 11, 23, 10, 0, tzinfo=NEW_YORK),
    )
    now = datetime(2026, 11, 23, 23, 30, tzinfo=PARIS)
    assert say_deadline(deadline, language="en", now=now) == (
        "by 6:00 p.m. today, Monday, November 23"
    )


@pytest.mark.parametrize(
    ("moment", "now", "french", "english"),
    [
        (
            datetime(2026, 11, 23, 10, 15, tzinfo=PARIS),
            datetime(2026, 11, 23, 8, 0, tzinfo=PARIS),
            "aujourd'hui, lundi 23~novembre à 10~h~15",
            "today, Monday, November 23 at 10:15 a.m.",
        ),
        (
            datetime(2026, 11, 24, 9, 0, tzinfo=PARIS),
            datetime(2026, 11, 23, 8, 0, tzinfo=PARIS),
            "demain, mardi 24~novembre à 9~h~00",
            "tomorrow, Tuesday, November 24 at 9:00 a.m.",
        ),
        (
            datetime(2026, 11, 22, 18, 0, tzinfo=PARIS),
            datetime(2026, 11, 23, 8, 0, tzinfo=PARIS),
            "hier, dimanche 22~novembre à 18~h~00",
            "yesterday, Sunday, November 22 at 6:00 p.m.",
        ),
        (
            datetime(2026, 11, 25, 18, 0, tzinfo=PARIS),
            datetime(2026, 11, 23, 8, 0, tzinfo=PARIS),
            "mercredi 25~novembre à 18~h~00",
            "Wednesday, November 25 at 6:00 p.m.",
        ),
        (
            datetime(2026, 11, 25, 12, 0, tzinfo=PARIS),
            None,
            "mercredi 25~novembre 2026 à 12~h~00",
            "Wednesday, November 25, 2026, at noon",
        ),
    ],
    ids=["today", "tomorrow", "yesterday", "this-week", "no-now"],
)
def test_say_datetime(moment: datetime, now: datetime | None, french: str, english: str) -> None:
    assert say_datetime(moment, language="fr", now=now) == nb(french)
    assert say_datetime(moment, language="en", now=now) == english


def test_say_date() -> None:
    assert say_date(date(2026, 12, 1), language="fr") == nb("mardi 1\u1d49\u02b3~décembre 2026")
    assert say_date(date(2026, 12, 1), language="en") == "Tuesday, December 1, 2026"
    moment = datetime(2026, 7, 14, 9, 0, tzinfo=PARIS)
    assert say_date(moment, language="fr") == nb("mardi 14~juillet 2026")
    assert say_date(moment, language="en") == "Tuesday, July 14, 2026"


def test_say_time() -> None:
    assert say_time(datetime(2026, 11, 23, 17, 0), language="fr") == nb("17~h~00")
    assert say_time(datetime(2026, 11, 23, 9, 5), language="fr") == nb("9~h~05")
    assert say_time(datetime(2026, 11, 23, 0, 0), language="en") == "12:00 a.m."
    assert say_time(datetime(2026, 11, 23, 17, 0), language="en") == "5:00 p.m."


@pytest.mark.parametrize(
    ("span", "french", "english"),
    [
        ("1h", "dans l'heure", "within the hour"),
        ("4h", "dans les 4~heures", "within 4 hours"),
        ("30 minutes", "dans les 30~minutes", "within 30 minutes"),
        ("1 business hour", "dans l'heure ouvrée", "within one business hour"),
        ("1 day", "sous un jour", "within a day"),
        ("2 days", "sous 2~jours", "within 2 days"),
        ("1 business day", "sous un jour ouvré", "within one business day"),
        ("3 business days", "sous 3~jours ouvrés", "within 3 business days"),
    ],
)
def test_say_promise(span: str, french: str, english: str) -> None:
    assert say_promise(Span.parse(span), language="fr") == nb(french)
    assert say_promise(Span.parse(span), language="en") == english


def test_end_of_business_day_has_no_relative_form() -> None:
    assert say_promise(Span.parse("end of business day"), language="fr") is None


def test_unknown_language_is_refused() -> None:
    with pytest.raises(
        ValueError, match="cannot say dates in 'de'; expected one of fr, en, en_US, en_GB"
    ):
        say_date(date(2026, 12, 1), language="de")
    with pytest.raises(ValueError, match=r"cannot say dates in 'de'; expected one of fr, en$"):
        locale_for("de", "DE")


@pytest.mark.parametrize(
    ("language", "country", "locale"),
    [
        ("en", "GB", "en_GB"),
        ("en", "gb", "en_GB"),
        ("en", "IE", "en_GB"),
        ("en", "AU", "en_GB"),
        ("en", "NZ", "en_GB"),
        ("en", "ZA", "en_GB"),
        ("en", "IN", "en_GB"),
        ("en", "US", "en_US"),
        ("en", "CA", "en_US"),
        ("en", "PH", "en_US"),
        # No English of CLDR's for that country (or none at all): CLDR's own fallback.
        ("en", "ZZ", "en_US"),
        ("en", None, "en_US"),
        ("fr", "GB", "fr"),
        ("fr", "CA", "fr"),
    ],
)
def test_locale_for_follows_the_client_country(
    language: str, country: str | None, locale: str
) -> None:
    assert locale_for(language, country) == locale


BRITISH_ANSWERS = [
    (
        "critical",
        "2026-11-23T09:15",
        "2026-11-23T09:15+00:00",
        "within the hour, by 10:15 a.m. today, Monday 23 November",
    ),
    (
        "important",
        "2026-11-30T17:30",
        "2026-11-30T17:30+00:00",
        "by 6:00 p.m. tomorrow, Tuesday 1 December",
    ),
    (
        "annoying",
        "2026-12-30T10:00",
        "2026-12-30T10:00+00:00",
        "within 3 business days, by 10:00 a.m. on Tuesday 5 January 2027",
    ),
]


@pytest.mark.parametrize(
    ("criticality", "reported_at", "now", "british"),
    BRITISH_ANSWERS,
    ids=["within-the-hour", "first-of-the-month", "next-year"],
)
def test_british_deadlines_put_the_day_first(
    criticality: str, reported_at: str, now: str, british: str
) -> None:
    record = make_record(reported_at, criticality, timezone="Europe/London", country="GB")
    deadline = answer_deadline(record)
    moment = datetime.fromisoformat(now)
    assert say_deadline(deadline, language="en_GB", now=moment) == british
    # American usage is plain "en", unchanged.
    assert say_deadline(deadline, language="en_US", now=moment) == say_deadline(
        deadline, language="en", now=moment
    )


def test_british_precise_deadline_and_dates() -> None:
    record = make_record("2026-11-23T10:02", policy={"answer_by": "2026-11-25T18:00"})
    now = datetime(2026, 11, 23, 10, 2, tzinfo=PARIS)
    assert say_deadline(answer_deadline(record), language="en_GB", now=now) == (
        "by 6:00 p.m. on Wednesday 25 November"
    )
    assert say_date(date(2026, 12, 1), language="en_GB") == "Tuesday 1 December 2026"
    assert say_datetime(
        datetime(2026, 11, 23, 10, 15, tzinfo=PARIS), language="en_GB", now=now
    ) == ("today, Monday 23 November at 10:15 a.m.")
    assert say_datetime(datetime(2026, 11, 25, 12, 0, tzinfo=PARIS), language="en_GB") == (
        "Wednesday 25 November 2026 at noon"
    )
    assert say_time(datetime(2026, 11, 23, 18, 0), language="en_GB") == "6:00 p.m."
    assert say_promise(Span.parse("2 business days"), language="en_GB") == (
        "within 2 business days"
    )


def test_amounts_and_lists_follow_the_same_locale() -> None:
    assert money(Decimal("89.00"), "USD", "en_US") == "$89"
    assert money(Decimal("89.00"), "USD", "en_GB") == "US$89"
    assert money(Decimal("150.00"), "GBP", "en_GB") == "£150"
    assert money(Decimal("150.00"), "EUR", "fr") == nb("150~€")
    assert money(Decimal("89.50"), "USD", "en_US") == "$89.50"
    assert list_and(["A", "B", "C"], "en_US") == "A, B, and C"
    assert list_and(["A", "B", "C"], "en_GB") == "A, B and C"
    assert list_and(["A", "B", "C"], "fr") == "A, B et C"
