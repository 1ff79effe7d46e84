"""Text built to slip past or stall the checker: invisible characters, odd forms, huge runs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excuses.lint import check_text
from excuses.lint._engine import get_engine
from excuses.lint._normalize import normalize
from test_lint_properties import VOCABULARY

INVISIBLE = ["\u200b", "\u00ad", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u180e"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_inside_a_phrase_does_not_hide_it(char: str) -> None:
    text = f"We will fix it as{char}ap, it is just a mi{char}nor glitch.\n"
    findings = check_text(text, language="en")
    assert [(f.category, f.matched) for f in findings] == [
        ("vague-deadline", f"as{char}ap"),
        ("minimisation", f"just a mi{char}nor glitch"),
    ]


def test_the_issue_example_is_flagged_in_french_too() -> None:
    text = "Nous reviendrons vers vous au plus\u200b vi\u00adte, c'est un pe\u200btit souci."
    findings = check_text(text, language="fr")
    assert [f.category for f in findings] == ["vague-deadline", "minimisation"]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.matched


def test_compatibility_forms_read_as_their_plain_letters() -> None:
    # A ligature, full-width letters and a one-character ellipsis before the phrase.
    text = "Fine … it is just a minor ﬁx; we will reply ＡＳＡＰ."
    findings = check_text(text, language="en")
    assert [(f.category, f.matched) for f in findings] == [("vague-deadline", "ＡＳＡＰ")]
    assert check_text("It was just a minor glitch ﬁxed", language="en")[0].matched == (
        "just a minor glitch"
    )


def test_offsets_map_back_across_removed_and_expanded_characters() -> None:
    text = "a\u200bb … e\u0301t\u00e9 ﬁn"
    normalized = normalize(text)
    assert normalized.lowered == "ab ... ete fin"
    # Every boundary of the normalised text maps to a boundary of the original,
    # in order, and the ends to the ends.
    mapped = [normalized.to_original(i) for i in range(len(normalized.lowered) + 1)]
    assert mapped == sorted(mapped)
    assert mapped[0] == 0 and mapped[-1] == len(text)
    assert text[mapped[3] : mapped[6]] == "…"
    assert text[mapped[11] : mapped[14]] == "ﬁn"


def test_text_without_odd_characters_keeps_its_offsets() -> None:
    text = "Bonjour\u00a0: c’est réglé à 17\u202fh\u202f00."
    normalized = normalize(text)
    assert len(normalized.lowered) == len(text)
    assert all(normalized.to_original(i) == i for i in range(len(text) + 1))


def test_a_name_is_looked_for_only_at_a_word_start() -> None:
    # Tried inside a capitalised run, the name pattern re-read the run from
    # every letter: 16,000 capitals took 30 seconds, four times more per doubling.
    pattern = get_engine("en").name_pattern
    assert pattern is not None
    run = "HHHHHHHH forgot your order"
    assert pattern.search(run) is not None
    assert pattern.search(run, 1) is None


@pytest.mark.parametrize(
    "text",
    [
        "H" * 1_000_000,
        "Hh " * 300_000,
        "H-" * 500_000,
        "a\u200b" * 500_000,
        '"' * 1_000_000,
        "«" * 1_000_000,
        ("We were swamped, it is just a minor glitch. " * 25_000).replace(". ", ", "),
    ],
    ids=["capitals", "capitalised-words", "hyphens", "zero-width", "quotes", "guillemets", "long"],
)
def test_a_one_megabyte_single_line_is_checked(text: str) -> None:
    findings = check_text(text, language="en")
    for finding in findings[:50]:
        assert text[finding.start : finding.end] == finding.matched


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=30),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=6),
    char=st.sampled_from(INVISIBLE),
    language=st.sampled_from(["fr", "en"]),
)
def test_invisible_characters_anywhere_change_no_finding(
    words: list[str], cuts: list[int], char: str, language: str
) -> None:
    text = " ".join(words)
    hidden = text
    for cut in sorted({c % (len(text) + 1) for c in cuts}, reverse=True):
        hidden = hidden[:cut] + char + hidden[cut:]
    plain = [f.rule_id for f in check_text(text, language=language)]
    found = check_text(hidden, language=language)
    assert [f.rule_id for f in found] == plain
    for finding in found:
        assert hidden[finding.start : finding.end] == finding.matched
