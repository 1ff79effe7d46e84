"""The checker's blind sets are frozen: a change to them would let tuning leak into the figures."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"

# Recorded when each set was written. A set that must change gets a new file and a new line
# here, so that the figures measured on the old one stay comparable.
FROZEN = {
    "heldout/en.tsv": "e9da872593b8f7fb3999a3c2dff29d21d5828e9e106047603c2c555094da6325",
    "heldout/fr.tsv": "5d3a05284fc3cac58c8ee860a2a60a082cdde545d436f46be354419379a35279",
    "blind/en.tsv": "b0a6627a155c436fb2b1e41ad48bd827acde3ed5bd97910447037d07330cdb0d",
    "blind/fr.tsv": "1d6b2e4c04a3d341d1e6d1e7c2aa9e16a0a09fbc42d7835f70f52032fd6cc07f",
    "blind-2/en.tsv": "32e610817d762dfd15c425c3dd7762b568858a8ebec7a64c156ee2a957fbe4e2",
    "blind-2/fr.tsv": "d7cc191eed658373be744feee1f85b74006d1c1e05a74bf02850313b0f9b00ad",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_blind_set_is_unchanged(name: str) -> None:
    digest = hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"{name} changed: blind sets are frozen, write a new one"


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_blind_set_is_well_formed(name: str) -> None:
    categories = {
        "denial", "blame-client", "blame-team", "blame-person", "blame-fate",
        "deflection", "non-apology", "vague-deadline", "minimisation", "excuse",
    }  # fmt: skip
    rows = [
        line.split("\t")
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rows
    for label, category, sentence in rows:
        assert label in {"pos", "neg"}
        assert category in categories or (label == "neg" and category == "none")
        assert sentence.strip() == sentence and sentence


# The test split of the labelled corpus: its rows, in file order, as written when it was split
# by source. Train and dev rows may grow; a test row added, removed or edited fails here.
FROZEN_TEST_SPLIT = {
    "en": (561, "a06e9bad9c5f053ad0b938c6ba831905ac37bd085d6fabeb8a2be8f1c457d401"),
    "fr": (604, "3e4345d05e980927b4a92ffc1762a3f5c5e6c61ea9fdc66d69a22d4090ca2c0d"),
}


@pytest.mark.parametrize("language", sorted(FROZEN_TEST_SPLIT))
def test_the_test_split_is_unchanged(language: str) -> None:
    text = (CORPUS / "sentences" / f"{language}.tsv").read_text(encoding="utf-8")
    rows = [
        line
        for line in text.splitlines()
        if line and not line.startswith("#") and line.split("\t")[2] == "test"
    ]
    digest = hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()
    assert (len(rows), digest) == FROZEN_TEST_SPLIT[language], (
        f"the {language} test split changed: it is frozen, add new rows under new sources"
    )
