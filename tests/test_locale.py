"""The client's locale: chosen once per record, read by every filter and template."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from excuses import Stage, draft, load_record
from excuses.errors import RecordError
from excuses.filters import full_stop, money, salutation_name
from excuses.locales import client_locale, respell, typeset
from excuses.phrasing import say_datetime

ROOT = Path(__file__).resolve().parents[1]
US = ROOT / "examples" / "duplicate-invoices.en.yaml"
GB = ROOT / "examples" / "late-delivery.en.yaml"
NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("language", "country", "tag", "cldr", "dates", "spelling"),
    [
        ("en", "US", None, "en_US", "en_US", "en_US"),
        ("en", "GB", None, "en_GB", "en_GB", "en_GB"),
        ("en", "CA", None, "en_CA", "en_US", "en_US"),
        ("en", "IE", None, "en_IE", "en_GB", "en_GB"),
        ("en", "JP", None, "en_US", "en_US", "en_US"),
        ("en", "FR", None, "en_FR", "en_GB", "en_GB"),
        ("en", "JP", "en-GB", "en_GB", "en_GB", "en_GB"),
        ("fr", "FR", None, "fr_FR", "fr", "fr"),
        ("fr", "CA", None, "fr_CA", "fr", "fr"),
        ("fr", "BE", None, "fr_BE", "fr", "fr"),
        ("fr", "CH", None, "fr_CH", "fr", "fr"),
        ("fr", "JP", None, "fr_FR", "fr", "fr"),
        ("fr", "US", "fr-CA", "fr_CA", "fr", "fr"),
    ],
)
def test_one_locale_per_client(
    language: str, country: str, tag: str | None, cldr: str, dates: str, spelling: str
) -> None:
    locale = client_locale(language, country, tag)
    assert (locale.cldr, locale.dates, locale.spelling) == (cldr, dates, spelling)


def test_a_locale_in_another_language_is_refused() -> None:
    with pytest.raises(ValueError, match="expected a fr-XX tag such as fr-FR, got 'en-GB'"):
        client_locale("fr", "FR", "en-GB")


def test_a_mismatched_locale_in_a_record_is_a_located_error() -> None:
    record = load_record(US)
    client = dataclasses.replace(record.client, locale="fr-CA")
    record = dataclasses.replace(record, client=client)
    with pytest.raises(RecordError, match=r"client\.locale"):
        draft(record, Stage.ACKNOWLEDGEMENT, now=record.incident.reported_at)


def test_american_dates_set_the_year_off_with_commas_and_drop_it_this_year() -> None:
    moment = datetime(2026, 11, 23, 9, 40, tzinfo=NY)
    assert say_datetime(moment, language="en_US") == "Monday, November 23, 2026, at 9:40 a.m."
    same_year = datetime(2026, 12, 1, tzinfo=NY)
    assert say_datetime(moment, language="en_US", now=same_year, day_words=False) == (
        "Monday, November 23 at 9:40 a.m."
    )
    assert say_datetime(moment, language="en_GB") == "Monday 23 November 2026 at 9:40 a.m."


def test_a_draft_written_the_year_after_writes_the_year() -> None:
    record = load_record(US)
    assert record.resolution is not None
    item = draft(record, Stage.CLOSING, now=datetime(2027, 1, 4, 9, 0, tzinfo=NY))
    text = item.text.replace("\n", " ")
    assert "We resolved the problem on Tuesday, November 24, 2026, at 11:30 a.m." in text
    assert "In place by Wednesday, November 25, 2026." in text


def test_templates_words_follow_the_clients_spelling() -> None:
    us = load_record(US)
    gb = load_record(GB)
    for record, said, unsaid in ((us, "apologize", "apologise"), (gb, "apologise", "apologize")):
        # The first update came late: it apologises for that, once.
        item = draft(record, Stage.UPDATE, now=record.updates[0].sent_at)
        assert said in item.text and said in item.html
        assert unsaid not in item.text and unsaid not in item.html


def test_a_record_can_ask_for_british_spelling_in_the_united_states() -> None:
    record = load_record(US)
    record = dataclasses.replace(record, client=dataclasses.replace(record.client, locale="en-GB"))
    item = draft(record, Stage.UPDATE, now=record.updates[0].sent_at)
    assert "apologise" in item.text and "Dear Mr Baxter," in item.text


def test_respelling_leaves_template_code_and_record_text_alone() -> None:
    source = "We apologise. {{ sender.organisation }} <td class='organisation'>Organisation</td>"
    assert respell(source, "en_US") == (
        "We apologize. {{ sender.organisation }} <td class='organisation'>Organization</td>"
    )
    assert respell(source, "en_GB") == source
    record = load_record(US)
    incident = dataclasses.replace(record.incident, impact="Our organisation apologised.")
    record = dataclasses.replace(record, incident=incident)
    item = draft(record, Stage.APOLOGY, now=record.incident.reported_at + timedelta(hours=1))
    assert "Our organisation apologised." in item.text


@pytest.mark.parametrize(
    ("name", "spelling", "expected"),
    [
        ("Mr Baxter", "en_US", "Mr. Baxter"),
        ("Mr. Baxter", "en_US", "Mr. Baxter"),
        ("Ms Patel", "en_US", "Ms. Patel"),
        ("Mr. Baxter", "en_GB", "Mr Baxter"),
        ("Dr Okafor", "en_GB", "Dr Okafor"),
        ("Mme Martin", "fr", "Madame Martin"),
        ("Mrsomething Else", "en_US", "Mrsomething Else"),
    ],
)
def test_courtesy_titles_follow_the_variant(name: str, spelling: str, expected: str) -> None:
    assert salutation_name(name, spelling) == expected


def test_a_name_ending_in_a_period_ends_the_sentence_once() -> None:
    assert full_stop("Sato Trading K.K.") == "Sato Trading K.K."
    assert full_stop("Acme Ltd") == "Acme Ltd."


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("150.00", "GBP", "en_GB", "£150"),
        ("89.00", "USD", "en_US", "$89"),
        ("89.5", "USD", "en_US", "$89.50"),
        ("12.40", "CAD", "fr_CA", "12,40\u00a0$"),
        ("12.40", "CAD", "fr_FR", "12,40\u00a0$CA"),
        ("1500", "EUR", "fr_FR", "1\u202f500\u00a0€"),
        ("150", "CHF", "fr_CH", "150\u00a0CHF"),
        ("15000", "JPY", "en_US", "¥15,000"),
        ("-0", "GBP", "en_GB", "£0"),
        ("-0.001", "GBP", "en_GB", "£0.00"),
    ],
)
def test_amounts_as_people_write_them(
    amount: str, currency: str, locale: str, expected: str
) -> None:
    assert money(Decimal(amount), currency, locale) == expected


def test_french_templates_write_the_typographic_apostrophe_outside_code() -> None:
    source = (
        "Dans l'heure {{ 'x'|elide('de') }} <td class='a'>d'ici</td> [% if x %]c'est[% endif %]"
    )
    assert typeset(source, "fr") == (
        "Dans l\u2019heure {{ 'x'|elide('de') }} <td class='a'>d\u2019ici</td> "
        "[% if x %]c\u2019est[% endif %]"
    )
    assert typeset(source, "en") == source


def test_french_drafts_have_no_straight_apostrophe_in_their_words() -> None:
    for name in ("livraison-en-retard.fr.yaml", "factures-en-double.fr.yaml"):
        record = load_record(ROOT / "examples" / name)
        for stage in Stage:
            now = record.resolution.resolved_at if record.resolution else None
            item = draft(record, stage, now=now + timedelta(hours=1) if now else None)
            assert "'" not in item.subject + item.text, (name, stage)


def test_an_owner_ending_in_a_period_ends_the_sentence_once() -> None:
    record = load_record(US)
    actions = tuple(
        dataclasses.replace(action, owner="Sato Trading K.K.") for action in record.actions
    )
    record = dataclasses.replace(record, actions=actions)
    item = draft(record, Stage.APOLOGY, now=record.incident.reported_at + timedelta(hours=1))
    assert "Owner: Sato Trading K.K. " in item.text
    assert "K.K.." not in item.text
