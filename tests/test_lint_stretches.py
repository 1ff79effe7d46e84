"""The rule pass reads a text stretch by stretch only where that gives what one pass gives.

``_stretches.problems`` tells whether a regex may see across a cut; the shipped rules
must pass it (a rule that reads across a ``.`` after a word makes every mailbox slower,
and the engine then reads each text whole, as it always did); and the matches read by
stretch, from memory or afresh, are those of one pass over the whole text, on the
corpus's train and dev sentences, the tuned corpus and the rules' examples, joined in
paragraphs, lines and blank lines (the test split is never read here).
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from functools import cache

import pytest
from checker_corpus import (
    CORPUS,
    rule_example_rows,
    sentence_rows,
    three_column_rows,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from excuses.lint._check import _Prepared
from excuses.lint._engine import Engine, get_engine, sentence_local, spaced, stretch_problems
from excuses.lint._inputs import extract
from excuses.lint._rules import builtin_rules, builtin_sentence_local
from excuses.lint._stretches import CUT, problems


@pytest.mark.parametrize(
    "regex",
    [
        r"foo\s+bar",
        r"(?<![\w-])foo\b",
        r"foo(?=\s*[.,;!]|\s*$|\s+(?:and|so)\b)",
        r"(?:m\.|mme|monsieur)\s+[^\W\d_]+",
        r"(?:we\s+)?m\.\s+x",
        r"[^\s.!?;:\x00]+\s+pas",
        r"[A-Z](?<![\w-][A-Z])[^\W\d_]++",
        r"(?i:sorry)[,;]?",
    ],
)
def test_what_cannot_read_across_a_cut_passes(regex: str) -> None:
    assert problems(regex) == []


@pytest.mark.parametrize(
    "regex",
    [
        r"foo.bar",  # any character: a "."
        r"foo\W+bar",
        r"sorry[.!]\s+we",
        r"xm\.",  # a "." after two letters is a cut
        r"\w+\.",
        r"(?:am)*\.",
        r"(?<=\. )we",  # a look-behind reading a "."
        r"[A-Z](?<![\w-].)x",
        r"foo(?=[.!]\s)",  # a look-ahead reading past a "."
        r"foo(?=[.]+)",
        r"^we",
        r"(a)\1",
        r"sorry[ ]we",  # a space, not a line break
        r"sorry\nwe",
        r"sorry[^\n]+we",
        r"(?m)sorry$",
        r"(?<=\s)we",  # a look-behind that matches the end of a blank line
        r"(?<=,\s\s)we",
        r"(?<=\sto)we",  # ... or reads its line break before what follows
        r"(?<=a?\s)we",
    ],
)
def test_what_may_read_across_a_cut_is_told(regex: str) -> None:
    assert problems(regex) != []


@pytest.mark.parametrize(
    "regex", [r"(?<=not\s)we", r"(?<!see\syou\s)we", r"(?<=[,;]\s)we", r"(?<=\bto\s)we"]
)
def test_a_look_behind_after_a_word_never_reads_a_blank_line(regex: str) -> None:
    assert problems(regex) == []


def test_an_unless_pattern_is_checked_for_line_breaks_only() -> None:
    assert problems(r"^(?:we|i)\b\s+ours", window=True) == []
    assert problems(r"ours[^\n]*$", window=True) != []


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        (" we are\nsorry.", " we are sorry."),
        ("\nwe are sorry.", " we are sorry."),
        ("no break.", "no break."),
        ("dear tom,\n\nsorry.", None),
        ("dear tom,\n \nsorry.", None),
        ("kind regards,\ntom\n", None),
    ],
)
def test_line_breaks_are_read_as_spaces_where_no_window_ends(
    piece: str, expected: str | None
) -> None:
    assert spaced(piece) == expected


def test_cuts_follow_a_dot_ending_a_word_of_two_letters_or_digits() -> None:
    text = "We did it. M. Dupont came. Order 4471. 3. e.g. x ab.\ncd end."
    cuts = [m.start() for m in CUT.finditer(text)]
    assert [text[cut - 3 : cut] for cut in cuts] == ["it.", "me.", "71.", "ab."]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_shipped_regex_reads_across_a_cut(language: str) -> None:
    engine = Engine(list(builtin_rules(language).rules), (), language)
    assert stretch_problems(engine) == {}
    # ... as the parsed file says, so the checker reads by stretch.
    assert builtin_sentence_local(language)
    assert get_engine(language).stretches


def test_a_rule_reading_across_a_cut_keeps_the_whole_text_pass() -> None:
    first = builtin_rules("en").rules[0]
    crossing = replace(first, patterns=(r"sorry.\s+we",), unless=())
    assert not sentence_local(Engine([crossing], (), "en"))
    assert sentence_local(Engine([replace(crossing, patterns=(r"sorry,?\s+we",))], (), "en"))


def corpus_texts(language: str) -> list[str]:
    rows = [
        *sentence_rows(language, frozenset({"train", "dev"})),
        *three_column_rows(CORPUS / f"{language}.tsv", "train"),
        *rule_example_rows(language),
    ]
    return [row.sentence for row in rows]


def hits(engine: Engine, text: str) -> list[tuple[str, int, int]]:
    prepared = _Prepared(extract(text, "plain"))
    return [(h.rule.id, h.start, h.end) for h in engine.hits(prepared.lowered, prepared.cased)]


@cache
def whole_and_by_stretch(language: str) -> tuple[Engine, Engine]:
    rules = list(builtin_rules(language).rules)
    return Engine(rules, (), language), Engine(rules, (), language, stretches=True)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_matches_by_stretch_are_those_of_the_whole_text(language: str) -> None:
    whole, by_stretch = whole_and_by_stretch(language)
    texts = corpus_texts(language)
    found = 0
    for glue in (" ", "\n", "\n\n", ".  ", "\n> ", "wrapped"):
        for index in range(0, len(texts), 6):
            # Each sentence met at least twice, in new places: from memory, then afresh.
            text = " ".join(texts[index : index + 9])
            if glue == "wrapped":  # lines broken in new places each time
                text = "\n".join(textwrap.wrap(text, 30 + index % 40))
            else:
                text = glue.join(texts[index : index + 9])
            expected = hits(whole, text)
            assert hits(by_stretch, text) == expected, text
            found += len(expected)
    assert found > 1000


WORDS = [
    "we",
    "are",
    "sorry",
    "nous",
    "sommes",
    "desoles",
    "it",
    "was",
    "not",
    "our",
    "fault",
    "M.",
    "Mme",
    "Dupont",
    "Tom",
    "forgot",
    "a",
    "oublie",
    "this",
    "is",
    "normal",
    "une",
    "semaine",
    "sans",
    "c'est",
    "la",
    "politique",
    "e.g.",
    "3.",
    "ok.",
    "done.",
    "fini.",
    "!",
    "?",
    ",",
    "\n",
    "\n\n",
    '"',
    "»",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    glue=st.sampled_from([" ", "", "\n"]),
    language=st.sampled_from(["fr", "en"]),
)
def test_any_text_gives_the_same_matches_by_stretch(
    words: list[str], glue: str, language: str
) -> None:
    whole, by_stretch = whole_and_by_stretch(language)
    text = glue.join(words)
    expected = hits(whole, text)
    assert hits(by_stretch, text) == expected
    assert hits(by_stretch, text) == expected  # from memory
