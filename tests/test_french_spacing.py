"""French typography applied to text from the record, which people type with ordinary spaces."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import excuses
from excuses.typography import french_spacing

ROOT = Path(__file__).resolve().parents[1]
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Ligne directe : 01 84 60 12 34", f"Ligne directe{NBSP}: 01 84 60 12 34"),
        ("Depuis quand ?", f"Depuis quand{NNBSP}?"),
        ("Depuis quand?", f"Depuis quand{NNBSP}?"),
        ("Merci !", f"Merci{NNBSP}!"),
        ("d'abord ; ensuite", f"d\u2019abord{NNBSP}; ensuite"),
        ("« oui »", f"«{NBSP}oui{NBSP}»"),
        # Already right, or not punctuation at all: left exactly as it is.
        (f"«{NBSP}oui{NBSP}»", f"«{NBSP}oui{NBSP}»"),
        (f"Depuis quand{NNBSP}?", f"Depuis quand{NNBSP}?"),
        ("à 10:02, voir https://example.fr/a?b=1", "à 10:02, voir https://example.fr/a?b=1"),
        ("sans ponctuation", "sans ponctuation"),
        # Numbers keep their unit on the line; apostrophes are typographic.
        ("débité de 89,00 € de trop", f"débité de 89,00{NBSP}€ de trop"),
        ("livrées à 16 h 15 hier", f"livrées à 16{NBSP}h{NBSP}15 hier"),
        ("vers 9 h ce matin", f"vers 9{NBSP}h ce matin"),
        ("une remise de 15 %", f"une remise de 15{NBSP}%"),
        ("la commande n° 4471", f"la commande n°{NBSP}4471"),
        ("livrée le 20 novembre", f"livrée le 20{NBSP}novembre"),
        ("12,40 $ et 150 CHF", f"12,40{NBSP}$ et 150{NBSP}CHF"),
        ("l'heure qu'il est", "l\u2019heure qu\u2019il est"),
        ("2 heures, 3 hôtels", "2 heures, 3 hôtels"),
        ("'entre guillemets'", "'entre guillemets'"),
    ],
)
def test_french_spacing(typed: str, expected: str) -> None:
    assert french_spacing(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 500 colis", f"1{NNBSP}500 colis"),
        ("12 000 000 de lignes", f"12{NNBSP}000{NNBSP}000 de lignes"),
        ("un avoir de 1 500,50 €", f"un avoir de 1{NNBSP}500,50{NBSP}€"),
        ("1 500 €", f"1{NNBSP}500{NBSP}€"),
        ("(250 000)", f"(250{NNBSP}000)"),
        ("soit 999 999.", f"soit 999{NNBSP}999."),
    ],
)
def test_numbers_grouped_with_plain_spaces_get_narrow_no_break_spaces(
    typed: str, expected: str
) -> None:
    assert french_spacing(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "1500 colis",  # never grouped where the text did not group it
        "INC-2026 0142",
        "INC-12 345",
        "75011 Paris",
        "au 01 23 45 67 89",
        "au +33 1 23 45 67 89",
        "au +1 212 555 0199",
        "le 1 212 555 0199",
        "SIRET 732 829 320 00074",
        "FR76 3000 6000 0112 3456 7890 189",
        "en 2026 150 colis",
        "le 12 3456",
        "lot 1 5000",
        "0 123",
        "v1.2 345",
        "12/03 456",
        f"1{NNBSP}500 000",
        "1 500.25",
        "1 500-2",
    ],
)
def test_digits_that_are_not_a_grouped_number_stay_as_typed(typed: str) -> None:
    assert french_spacing(typed) == typed


def test_record_text_gets_french_spacing_in_text_and_html() -> None:
    record = excuses.load_record(ROOT / "examples" / "livraison-en-retard.fr.yaml")
    record = replace(record, sender=replace(record.sender, signature="Standard : 01 84 60 12 00"))
    message = excuses.draft(record, "acknowledgement", now=record.incident.reported_at)
    assert f"Standard{NBSP}: 01 84 60 12 00" in message.text
    assert f"Standard{NBSP}: 01 84 60 12 00" in message.html
    assert "Standard : 01" not in message.text


def test_english_record_text_is_left_as_typed() -> None:
    record = excuses.load_record(ROOT / "examples" / "late-delivery.en.yaml")
    message = excuses.draft(record, "acknowledgement", now=record.incident.reported_at)
    assert "Direct line: 020 7946 0321" in message.text


def test_grouped_numbers_in_record_text_reach_the_draft_with_narrow_spaces() -> None:
    record = excuses.load_record(ROOT / "examples" / "livraison-en-retard.fr.yaml")
    incident = replace(
        record.incident,
        impact="1 500 clients n'ont pas reçu leur commande (standard : 01 23 45 67 89).",
    )
    message = excuses.draft(
        replace(record, incident=incident), "acknowledgement", now=incident.reported_at
    )
    assert f"1{NNBSP}500 clients" in message.text
    assert f"1{NNBSP}500 clients" in message.html
    assert "01 23 45 67 89" in message.text
