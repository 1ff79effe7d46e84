"""The rules files' ``owned`` patterns: a sentence that owns the fault while it names what a
bad sentence names is fine for the rules and clause rules of the categories it answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from excuses.lint import LintConfig, check_text
from excuses.lint._rules import OWNED_CATEGORIES, builtin_rules, load_rule_file

#: The classifier off: what is checked is the rules' own decision, not the veto's.
RULES_ONLY = LintConfig(disabled=frozenset({"model"}))


def _rule(rule_id: str, category: str, phrase: str) -> str:
    """A rule of a user's file that flags ``phrase``."""
    return (
        f'[[rule]]\nid = "{rule_id}"\ncategory = "{category}"\nseverity = "warning"\n'
        f'message = "Why."\nsuggestion = "What instead."\npatterns = ["{phrase}"]\n'
        f'examples.match = ["It is late {phrase}."]\nexamples.no_match = ["It is late."]\n'
    )


def _house(tmp_path: Path) -> Path:
    """A user's file: its owned pattern, a blame-fate rule and a vague-deadline rule."""
    path = tmp_path / "house.toml"
    path.write_text(
        'language = "en"\nowned = ["and (?:that|it) is on us"]\n'
        + _rule("HOUSE-001", "blame-fate", "because of the snow")
        + _rule("HOUSE-002", "vague-deadline", "in a jiffy"),
        encoding="utf-8",
    )
    return path


def _found(text: str, language: str, config: LintConfig = RULES_ONLY) -> list[str]:
    return [finding.rule_id for finding in check_text(text, language=language, config=config)]


def test_a_user_file_s_owned_patterns_excuse_the_categories_they_answer_only(
    tmp_path: Path,
) -> None:
    rules = {rule.id: rule for rule in load_rule_file(_house(tmp_path)).rules}
    assert rules["HOUSE-001"].owned == ("and (?:that|it) is on us",)
    # A vague deadline stays vague however much of the fault the sentence owns.
    assert rules["HOUSE-002"].owned == ()
    config = LintConfig(disabled=frozenset({"model"}), extra_rules=(_house(tmp_path),))
    assert "HOUSE-001" in _found("It is late because of the snow.", "en", config)
    assert "HOUSE-001" not in _found(
        "It is late because of the snow, and that is on us.", "en", config
    )
    assert "HOUSE-002" in _found("We will fix it in a jiffy, and that is on us.", "en", config)


def test_the_shipped_rules_carry_their_file_s_owned_patterns_by_category() -> None:
    for language in ("fr", "en"):
        rule_set = builtin_rules(language)
        assert rule_set.owned
        for rule in rule_set.rules:
            expected = rule_set.owned if rule.category in OWNED_CATEGORIES else ()
            assert rule.owned == expected, rule.id


@pytest.mark.parametrize(
    ("language", "bad", "owning"),
    [
        # A phrase rule (blame-fate) and its sentence set aside or owned.
        (
            "en",
            "Force majeure applies to this delay.",
            "Force majeure does not apply here; we missed the booking window ourselves.",
        ),
        (
            "en",
            "It was just bad luck.",
            "I'm not going to tell you it was bad luck; our checklist skipped the backup step.",
        ),
        (
            "fr",
            "C'est la faute à pas de chance.",
            "Je ne vais pas vous dire que c'est la faute à pas de chance : notre procédure de"
            " sauvegarde n'avait pas été testée.",
        ),
        (
            "fr",
            "Le transporteur a perdu votre colis.",
            "Le transporteur a perdu votre colis, mais c'est moi qui vous dois l'article.",
        ),
    ],
)
def test_a_sentence_that_owns_the_fault_is_not_flagged_for_the_words_it_names(
    language: str, bad: str, owning: str
) -> None:
    assert _found(bad, language), bad
    assert _found(owning, language) == []


def test_owned_patterns_excuse_a_clause_rule_of_their_categories() -> None:
    # EN-CLAUSE-THIRD-LOST: a third party as the whole cause, read as a clause.
    bad = "A third-party data centre failed and took the service down."
    owning = "A third-party data centre failed, and that is our design choice and our fault."
    assert "EN-CLAUSE-THIRD-LOST" in _found(bad, "en")
    assert _found(owning, "en") == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The courier lost it, and it was not our fault."),
        ("fr", "Le transporteur a perdu votre colis, et ce n'est pas de notre faute."),
        ("fr", "Le transporteur a perdu votre colis, c'est indépendant de nous."),
    ],
)
def test_a_clause_that_denies_the_fault_does_not_excuse(language: str, text: str) -> None:
    assert _found(text, language)
