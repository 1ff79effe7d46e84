"""Clause rules: sequences of word classes matched on the sentences the reader cut."""

from __future__ import annotations

import pytest

from excuses.lint import check_text
from excuses.lint._clauses import ClauseSet, get_clauses
from excuses.lint._normalize import normalize
from excuses.lint._reader import sentences
from excuses.lint._rules import CATEGORIES
from excuses.lint._types import LintConfig

LANGUAGES = ("fr", "en")


def _clauses(language: str) -> ClauseSet:
    found = get_clauses(language)
    assert found is not None
    return found


def _matches(language: str, text: str) -> list[str]:
    """The clause rule matched in each sentence of ``text`` (the matcher alone)."""
    clauses = _clauses(language)
    ids = []
    for sentence in sentences(normalize(text).lowered, language):
        found = clauses.match(sentence.tokens)
        if found is not None:
            ids.append(found[0].id)
    return ids


EXAMPLES = [
    (language, clause.id, example, True)
    for language in LANGUAGES
    for clause in _clauses(language).clauses
    for example in clause.examples_match
] + [
    (language, clause.id, example, False)
    for language in LANGUAGES
    for clause in _clauses(language).clauses
    for example in clause.examples_no_match
]


@pytest.mark.parametrize(("language", "clause_id", "example", "matches"), EXAMPLES)
def test_clause_examples(language: str, clause_id: str, example: str, matches: bool) -> None:
    if matches:
        assert clause_id in _matches(language, example)
    else:
        assert _matches(language, example) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_clause_rule_carries_the_documented_fields(language: str) -> None:
    clauses = _clauses(language).clauses
    assert len({clause.id for clause in clauses}) == len(clauses)
    for clause in clauses:
        assert clause.id.startswith(f"{language.upper()}-CLAUSE-")
        assert clause.category in CATEGORIES
        assert clause.severity in ("error", "warning", "info")
        assert clause.message and clause.suggestion
        assert clause.examples_match and clause.examples_no_match
        assert clause.needed, "a clause rule needs at least one required step"


@pytest.mark.parametrize(
    ("language", "text", "clause_id"),
    [
        ("en", "UPS never delivered it.", "EN-CLAUSE-THIRD-NEVER"),
        ("en", "Not our fault, it's yours.", "EN-CLAUSE-NOT-OURS-YOURS"),
        ("en", "It was their fault, not ours.", "EN-CLAUSE-THEIRS-NOT-OURS"),
        ("en", "Please double-check your stockroom first.", "EN-CLAUSE-CHECK-YOUR"),
        ("en", "If you had ordered earlier, this would not have happened.", "EN-CLAUSE-IF-YOU-HAD"),
        ("fr", "UPS n'a jamais présenté votre colis.", "FR-CLAUSE-TIERS-JAMAIS"),
        ("fr", "Le transporteur l'a perdu.", "FR-CLAUSE-TIERS-PERDU"),
        ("fr", "Le problème vient exclusivement du prestataire.", "FR-CLAUSE-VIENT-DU-TIERS"),
    ],
)
def test_a_clause_finding_spans_the_words_it_matched(
    language: str, text: str, clause_id: str
) -> None:
    findings = check_text("Hello,\n\n" + text, language=language)
    found = [f for f in findings if f.rule_id == clause_id]
    assert len(found) == 1, findings
    finding = found[0]
    source = "Hello,\n\n" + text
    assert source[finding.start : finding.end] == finding.matched
    assert finding.line == 3 and finding.message and finding.suggestion
    # The classifier does not report the same sentence a second time.
    assert [f for f in findings if f.start >= finding.start and "-MODEL-" in f.rule_id] == []


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Not your fault, it's ours."), ("fr", "Ce n'est pas votre faute, c'est la nôtre.")],
)
def test_owning_the_fault_is_not_blaming_the_client(language: str, text: str) -> None:
    assert check_text(text, language=language) == []


def test_a_sentence_a_rule_matched_is_left_to_the_rule() -> None:
    ids = [f.rule_id for f in check_text("The carrier lost it.", language="en")]
    assert ids and not any("-CLAUSE-" in rule_id for rule_id in ids)


def test_clause_rules_run_with_the_classifier_off_and_can_be_turned_off() -> None:
    text = "UPS never delivered it."
    no_model = LintConfig(disabled=frozenset({"model"}))
    assert [f.rule_id for f in check_text(text, language="en", config=no_model)] == [
        "EN-CLAUSE-THIRD-NEVER"
    ]
    for selector in ("clauses", "EN-CLAUSE-THIRD-NEVER", "blame-fate"):
        config = LintConfig(disabled=frozenset({selector, "model"}))
        assert check_text(text, language="en", config=config) == []


def test_an_inline_marker_silences_a_clause_rule() -> None:
    text = "UPS never delivered it. <!-- excuses: ignore[EN-CLAUSE-THIRD-NEVER] -->"
    assert not any("-CLAUSE-" in f.rule_id for f in check_text(text, language="en"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_parsed_clause_file_reads_as_the_toml_files(language: str) -> None:
    from excuses.lint import _clauses

    fresh = _clauses.ClauseSet(language, _clauses.clause_data(language))
    shipped = _clauses.get_clauses(language)
    assert shipped is not None
    assert shipped.lexicon == fresh.lexicon
    assert [c.id for c in shipped.clauses] == [c.id for c in fresh.clauses]
    assert [c.sequence for c in shipped.clauses] == [c.sequence for c in fresh.clauses]
