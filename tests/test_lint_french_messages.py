"""The checker's French messages are set as a French reader expects them.

Rules, clause rules, stage checks and record checks are typed with ordinary
spaces; what the checker reports has a no-break space before ``:`` and inside
« », a narrow one before ``; ? !``, and typographic apostrophes, as the drafts do.
"""

from __future__ import annotations

import re

import pytest

from excuses.lint import check_text
from excuses.lint._clauses import get_clauses
from excuses.lint._consistency import record_rules
from excuses.lint._model import model_texts
from excuses.lint._rules import CATEGORIES, builtin_rules, parse_rules
from excuses.lint._stage_checks import all_stage_checks

# An ordinary space (or none) where French typography wants a no-break one, or a
# straight apostrophe between two letters.
_UNSET = re.compile(r"(?:^|[^\u00a0\u202f])[:;?!»](?=\s|$)|« |\w'\w")


def _unset(text: str) -> list[str]:
    return [match.group() for match in _UNSET.finditer(text)]


def _french_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for rule in builtin_rules("fr").rules:
        texts += [(rule.id, rule.message), (rule.id, rule.suggestion)]
    clauses = get_clauses("fr")
    assert clauses is not None
    for clause in clauses.clauses:
        texts += [(clause.id, clause.message), (clause.id, clause.suggestion)]
    for check in all_stage_checks("fr"):
        texts += [(check.id, check.message), (check.id, check.suggestion)]
    for record_rule in record_rules("fr"):
        texts += [(record_rule.id, record_rule.message), (record_rule.id, record_rule.suggestion)]
    for category in CATEGORIES:
        message, suggestion = model_texts("fr", category, 0.91, ("transporteur", "faute"))
        texts += [(f"model {category}", message), (f"model {category}", suggestion)]
    return texts


@pytest.mark.parametrize(("where", "text"), _french_texts())
def test_every_french_message_has_french_spacing(where: str, text: str) -> None:
    assert _unset(text) == [], f"{where}: {text!r}"


def test_the_pattern_sees_what_it_looks_for() -> None:
    assert _unset("Assumez : c'est nous ; « oui » ?") == [" :", "c'e", " ;", "« ", " »", " ?"]
    assert _unset("Assumez\u00a0: c’est nous\u202f; «\u00a0oui\u00a0»\u202f?") == []


def test_a_finding_in_french_reads_with_french_spacing() -> None:
    text = "Bonjour,\n\nC'est la faute du transporteur, nous n'y pouvons rien.\n"
    findings = check_text(text, language="fr", stage="acknowledgement")
    assert findings
    for finding in findings:
        assert _unset(finding.message) == [] and _unset(finding.suggestion) == [], finding


def test_a_users_french_rules_read_with_french_spacing_too() -> None:
    rules = parse_rules(
        """
language = "fr"
[[rule]]
id = "ACME-DENIAL-001"
category = "denial"
severity = "warning"
message = "Nier le problème : le client n'est pas écouté."
suggestion = "Écrivez « nous vérifions » ; puis dites quand."
patterns = ["tout va bien"]
examples.match = ["Tout va bien."]
examples.no_match = ["Rien ne va."]
""",
        "acme.toml",
    )
    (rule,) = rules.rules
    assert rule.message == "Nier le problème\u00a0: le client n’est pas écouté."
    assert rule.suggestion == "Écrivez «\u00a0nous vérifions\u00a0»\u202f; puis dites quand."


def test_english_messages_are_left_as_typed() -> None:
    rule = builtin_rules("en").rules[0]
    assert "\u00a0" not in rule.message + rule.suggestion
