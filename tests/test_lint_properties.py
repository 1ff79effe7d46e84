"""Properties of the checker on any input: no exception, exact spans, line breaks do not matter."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from excuses.lint import check_text
from excuses.lint._types import LintConfig

# Words and phrases the rules care about, mixed with plain ones, so that the
# generated texts do hit rules; none of them starts a quoted line, a reply
# header or a signature, which do depend on where lines start.
VOCABULARY = [
    "nous",
    "étions",
    "débordés",
    "ce",
    "n'est",
    "n’est",
    "pas",
    "un",
    "petit",
    "souci",
    "au",
    "plus",
    "vite",
    "c'est",
    "Cyril",
    "qui",
    "a",
    "géré",
    "oublié",
    "la",
    "faute",
    "du",
    "transporteur",
    "de",
    "votre",
    "notre",
    "just",
    "minor",
    "glitch",
    "we",
    "were",
    "swamped",
    "soon",
    "you",
    "must",
    "have",
    "made",
    "mistake",
    "not",
    "our",
    "fault",
    "bad",
    "luck",
    "carrier",
    "UPS",
    "never",
    "delivered",
    "lost",
    "it's",
    "yours",
    "their",
    "ours",
    "livreur",
    "perdu",
    "vient",
    "prestataire",
    "vôtre",
    "by",
    "17",
    "h",
    "00",
    "5:00",
    "p.m.",
    "today",
    ".",
    ",",
    "«",
    "»",
    "!",
]

KINDS = st.sampled_from(["plain", "markdown", "html"])
STAGES = st.sampled_from([None, "acknowledgement", "apology", "update", "closing", "debrief"])


@settings(max_examples=150, deadline=None)
@given(text=st.text(), kind=KINDS, stage=STAGES, language=st.sampled_from([None, "fr", "en"]))
def test_any_unicode_text_is_checked_without_error(
    text: str, kind: str, stage: str | None, language: str | None
) -> None:
    findings = check_text(text, kind=kind, stage=stage, language=language)
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.matched
        assert finding.line >= 1 and finding.column >= 1


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=40),
    noise=st.text(alphabet=st.characters(codec="utf-8"), max_size=3),
    language=st.sampled_from(["fr", "en"]),
)
def test_spans_slice_to_the_matched_text(words: list[str], noise: str, language: str) -> None:
    text = noise + " ".join(words)
    for finding in check_text(text, language=language):
        assert text[finding.start : finding.end] == finding.matched


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=40),
    noise=st.text(alphabet=st.characters(codec="utf-8"), max_size=3),
    language=st.sampled_from(["fr", "en"]),
    model=st.booleans(),
)
def test_clause_findings_slice_to_the_words_they_matched(
    words: list[str], noise: str, language: str, model: bool
) -> None:
    """With the classifier on or off, a clause rule's span lies inside one sentence."""
    text = noise + " ".join(words)
    config = LintConfig(disabled=frozenset() if model else frozenset({"model"}))
    for finding in check_text(text, language=language, config=config):
        assert text[finding.start : finding.end] == finding.matched
        if "-CLAUSE-" in finding.rule_id:
            assert finding.matched.strip() == finding.matched and finding.matched


def test_the_vocabulary_reaches_clause_rules() -> None:
    text = "UPS never delivered it. " + " ".join(VOCABULARY[:5])
    assert any("-CLAUSE-" in f.rule_id for f in check_text(text, language="en"))


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=40),
    breaks=st.lists(st.booleans(), min_size=40, max_size=40),
    language=st.sampled_from(["fr", "en"]),
)
def test_findings_do_not_depend_on_where_lines_break(
    words: list[str], breaks: list[bool], language: str
) -> None:
    spaced = " ".join(words)
    separators = ["\n" if cut else " " for cut in breaks[: len(words) - 1]]
    broken = words[0] + "".join(sep + word for sep, word in zip(separators, words[1:], strict=True))
    assert len(broken) == len(spaced)

    def spans(text: str) -> list[tuple[str, int, int]]:
        return [(f.rule_id, f.start, f.end) for f in check_text(text, language=language)]

    assert spans(broken) == spans(spaced)


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=40),
    language=st.sampled_from(["fr", "en"]),
)
def test_the_plain_and_the_factored_pattern_find_the_same_starts(
    words: list[str], language: str
) -> None:
    from excuses.lint._engine import Engine
    from excuses.lint._normalize import normalize
    from excuses.lint._rules import builtin_rules

    engine = Engine(list(builtin_rules(language).rules), language=language)
    text = normalize(" ".join(words)).lowered
    plain = engine.scanner(0)  # first use: the plain alternation
    factored = engine.pattern

    def start(pattern: re.Pattern[str], position: int) -> int | None:
        found = pattern.search(text, position)
        return None if found is None else found.start()

    # The engine only takes where the next match starts, then identifies it rule by rule.
    for position in range(len(text) + 1):
        assert start(plain, position) == start(factored, position)


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=40),
    language=st.sampled_from(["fr", "en"]),
)
def test_a_short_text_scanned_with_its_own_patterns_finds_the_same_starts(
    words: list[str], language: str
) -> None:
    from excuses.lint._engine import Engine
    from excuses.lint._normalize import normalize
    from excuses.lint._rules import builtin_rules

    text = normalize(" ".join(words)).lowered
    engine = Engine(list(builtin_rules(language).rules), language=language)
    filtered, kept = engine._scanner_for(text)
    assert kept is not None
    full = Engine(list(builtin_rules(language).rules), language=language).scanner(0)
    for position in range(len(text) + 1):
        first = filtered.search(text, position)
        second = full.search(text, position)
        assert (first and first.start()) == (second and second.start())


def test_a_short_text_compiles_only_the_patterns_whose_opening_words_it_holds() -> None:
    from excuses.lint._engine import Engine, _openings
    from excuses.lint._rules import builtin_rules

    assert _openings(r"foo\s+bar|baz") == ("foo bar", "baz")
    assert _openings(r"au\s+plus\s+(?:vite|tot)") == ("au plus ",)
    assert _openings(r"(?:desolee?s?|navree?s?|regrett\w+)\s+que") == ("desole", "navre", "regrett")
    assert _openings(r"(?:cas\s+de\s+)?force\s+majeure") is None
    engine = Engine(list(builtin_rules("en").rules), language="en")
    short, _ = engine._scanner_for("we will reply soon.")
    assert len(short.pattern) < len(engine.scanner(0).pattern) / 2
