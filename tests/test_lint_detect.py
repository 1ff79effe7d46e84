"""The language guess counts frequent words without compiling their regex, and counts the same."""

from __future__ import annotations

import pytest
from checker_corpus import CORPUS, sentence_rows, three_column_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from excuses.lint._engine import _ENGLISH, _FRENCH, _count_frequent, frequent_words
from excuses.lint._normalize import normalize

PIECES = [
    *_FRENCH,
    *_ENGLISH,
    "c",
    "'",
    "est",
    "d",
    "une",
    "qu",
    "il",
    "l",
    "we",
    "re",
    "'re",
    "s",
    "_",
    "3",
    "é",
    "x",
    "-",
    ".",
    ",",
    "\x00",
    "\n",
]


@settings(max_examples=500, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), max_size=40),
    glue=st.sampled_from(["", " ", "'", "-"]),
    language=st.sampled_from(["fr", "en"]),
)
def test_the_count_is_that_of_the_regex(pieces: list[str], glue: str, language: str) -> None:
    sample = glue.join(pieces)
    assert _count_frequent(sample, language) == len(frequent_words(language).findall(sample))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_count_of_every_corpus_sentence_is_that_of_the_regex(language: str) -> None:
    rows = [
        *sentence_rows(language, frozenset({"train", "dev"})),
        *three_column_rows(CORPUS / f"{language}.tsv", "train"),
    ]
    texts = [normalize(row.sentence).lowered for row in rows]
    texts.append(" ".join(texts)[:4000])
    for text in texts:
        for counted in ("fr", "en"):
            expected = len(frequent_words(counted).findall(text))
            assert _count_frequent(text, counted) == expected, text
