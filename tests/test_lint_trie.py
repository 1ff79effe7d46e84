"""The trie factoring of the combined pattern: same language, fewer branches tried."""

from __future__ import annotations

import re

import pytest

from excuses.lint._trie import factor, leading_chars, split_first

PATTERNS = [
    r"ce\s+n'est\s+pas",
    r"c'est\s+normal",
    r"(?:cas\s+de\s+)?force\s+majeure",
    r"(?<!a\s)bientot\b",
    r"(?:nous|on)\s+(?:etions|est)\s+debordes",
    r"[0-3]?\d\s+novembre",
    r"asap\b",
    r"a",
    # Alternatives at the top level of one pattern, as a rule may write them.
    r"as\s+fast\s+as\s+we\s+can|as\s+fast\s+as\s+possible",
    r"c'est\s+l'essentiel|le\s+principal,?\s+c'est",
    # Word boundaries opening a pattern, an alternative or an alternative of a group.
    r"\bpour\s+si\s+peu\b|\bil\s+y\s+a\s+pire",
    r"(?:,|\bet)\s+pas",
    r"(?:\bne\s+|\bn')(?:est|a)\s+rien",
    # Patterns that share their first word and the space after it, then part.
    r"ce\s+comportement\s+est\s+normal",
    r"ce\s+n'est\s+rien",
    r"ce\s+(?<!pas\sce\s)point",
    r"ce\s+",
    r"ce\s+?x",
]


@pytest.mark.parametrize(
    "text",
    [
        "ce n'est pas",
        "c'est normal",
        "cas de force majeure",
        "force majeure",
        "bientot",
        "a bientot",
        "nous etions debordes",
        "on est debordes",
        "23 novembre",
        "3 novembre",
        "asap",
        "a",
        "ab",
        "cas de",
        "as fast as we can",
        "as fast as possible",
        "c'est l'essentiel",
        "le principal, c'est",
        "pour si peu",
        "xpour si peu",
        "il y a pire",
        "fil y a pire",
        "et pas",
        "bet pas",
        ", pas",
        "ne a rien",
        "n'est rien",
        "un'est rien",
        "ce comportement est normal",
        "ce  n'est rien",
        "ce\nn'est rien",
        "ce point",
        "pas ce point",
        "ce x",
        "ce",
        "cex",
    ],
)
def test_the_factored_alternation_matches_where_the_patterns_match(text: str) -> None:
    factored = re.compile(f"(?:{factor(PATTERNS)})")
    joined = re.compile("|".join(PATTERNS))
    for position in range(len(text) + 1):
        assert bool(factored.match(text, position)) == bool(joined.match(text, position))


def test_split_first_moves_a_look_behind_past_the_first_character() -> None:
    assert split_first(r"(?<!a\s)bientot") == [("b", r"(?<!a\sb)ientot")]


def test_split_first_expands_an_optional_group_into_both_cases() -> None:
    assert split_first(r"(?:tres\s+)?vite") == [("t", r"res\s+vite"), ("v", "ite")]


def test_split_first_shares_the_rest_among_alternatives_with_the_same_first_character() -> None:
    assert split_first(r"(?:nous|non|on)\s+x") == [("n", r"(?:ous|on)\s+x"), ("o", r"n\s+x")]


def test_split_first_splits_each_top_level_alternative_on_its_own() -> None:
    assert split_first(r"ab|cd") == [("a", "b"), ("c", "d")]
    assert split_first(r"as\s+we|as\s+possible") == [("a", r"s\s+we"), ("a", r"s\s+possible")]
    assert split_first(r"ab|\bcd") == [("a", "b"), ("c", r"(?<=\bc)d")]
    assert leading_chars(r"c'est|le\s+principal") == {"c", "l"}


def test_split_first_checks_an_opening_word_boundary_after_the_first_character() -> None:
    assert split_first(r"\bword") == [("w", r"(?<=\bw)ord")]
    assert split_first(r"(?:,|\bet)\s") == [(",", r"\s"), ("e", r"(?<=\be)t\s")]
    assert leading_chars(r"\b(?:tout|rien)\b|\bpire") == {"t", "r", "p"}


def test_patterns_that_cannot_be_split_are_kept_whole() -> None:
    assert split_first(r"\b\w+") is None
    assert split_first(r"[^\W\d_]+x") is None
    assert leading_chars(r"[0-3]?\d") is None
    assert leading_chars(r"[cç]a") == {"c", "ç"}


def test_split_first_splits_off_the_spaces_between_two_words() -> None:
    assert split_first(r"\s+n'est") == [(r"\s+", "n'est")]
    factored = factor([r"ce\s+n'est", r"ce\s+comportement", r"cela"], depth=4)
    assert factored.count(r"\s+") == 1


def test_spaces_are_not_split_off_where_their_width_matters() -> None:
    # A look-behind moved past them would no longer have a fixed width.
    assert split_first(r"(?<!x)\s+y") is None
    assert split_first(r"\b\s+y") is None
    # A lazy or possessive run of spaces is not the same run once factored.
    assert split_first(r"\s+?y") is None
    assert split_first(r"\s++y") is None
    # It is no character: what a pattern opens on is then not known.
    assert leading_chars(r"\s+y") is None
