"""French typography applied to text from the record, which people type with ordinary spaces."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import excuses
from excuses.filters import french_spacing

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
