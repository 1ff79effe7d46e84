"""``excuses rules``: list the checker's rules, built-in and from the project's configuration."""

from __future__ import annotations

import argparse
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._project import add_config_options, project_config

#: What the rules of each category look for, for ``excuses explain``.
CATEGORY_DOCS: dict[str, str] = {
    "denial": "saying there is no fault: that it works as designed, is normal, or that "
    "nobody on our side had a part in it",
    "blame-client": "blaming the client: suggesting they erred, misread, misconfigured or "
    "should have checked",
    "blame-team": "blaming the team or another department, or a manager saying they were not aware",
    "blame-person": "naming a colleague as the cause of the fault",
    "blame-fate": "blaming bad luck, Murphy's law or a third party such as a carrier",
    "deflection": "sending the client elsewhere, or asking them to wait, without a solution",
    "non-apology": 'apologies that doubt the harm ("if you felt…") or hide who erred '
    "(the passive voice)",
    "vague-deadline": 'promises with no date: "as soon as possible", "shortly"',
    "minimisation": 'shrinking the problem: "a minor glitch", "just a small issue"',
    "excuse": "excuses: the workload, stress or a busy period given as the reason",
}
_LANGUAGES = {"fr": "French", "en": "English"}


@dataclass(frozen=True)
class RuleInfo:
    """One rule or stage check, as the two commands show it."""

    id: str
    category: str
    severity: str
    language: str
    message: str
    suggestion: str
    flagged: tuple[str, ...] = ()
    not_flagged: tuple[str, ...] = ()
    since: str | None = None
    stage: str | None = None
    source: str | None = None
    #: What it looks for, when the category alone does not say it.
    what: str | None = None


def all_rules(args: argparse.Namespace) -> list[RuleInfo]:
    """Every rule id the checker reports, the project's rules too (see :func:`known_rules`)."""
    return known_rules(project_config(args, Path.cwd()).lint.extra_rules)


def known_rules(extra_rules: tuple[Path, ...] = ()) -> list[RuleInfo]:
    """Every rule id the checker reports, with ``extra_rules``' rules, French first.

    The phrase rules, the clause rules, then the classifier's ids, the stage checks and the
    checks against the record.
    """
    from ..lint import load_rules
    from ..lint._clauses import get_clauses
    from ..lint._consistency import record_rules
    from ..lint._model import category_texts, model_rule_id
    from ..lint._rules import CATEGORIES
    from ..lint._stage_checks import all_stage_checks

    found: list[RuleInfo] = []
    for language in _LANGUAGES:
        for rule in load_rules(language, extra=extra_rules):
            builtin = rule.source.startswith("excuses/")
            found.append(
                RuleInfo(
                    rule.id,
                    rule.category,
                    rule.severity.value,
                    rule.language,
                    rule.message,
                    rule.suggestion,
                    rule.examples_match,
                    rule.examples_no_match,
                    rule.since,
                    source=None if builtin else rule.source,
                )
            )
        clauses = get_clauses(language)
        for clause in clauses.clauses if clauses is not None else ():
            found.append(
                RuleInfo(
                    clause.id,
                    clause.category,
                    clause.severity,
                    language,
                    clause.message,
                    clause.suggestion,
                    clause.examples_match,
                    clause.examples_no_match,
                    what=f"in sentences no rule matched, the words in the order "
                    f"`{' '.join(clause.sequence)}` (a clause rule): "
                    f"{CATEGORY_DOCS[clause.category]}",
                )
            )
        for category in CATEGORIES:
            message, suggestion = category_texts(language, category)
            found.append(
                RuleInfo(
                    model_rule_id(language, category),
                    category,
                    "warning",
                    language,
                    message,
                    suggestion,
                    what=f"in sentences no rule matched, what the classifier reads as "
                    f"{CATEGORY_DOCS[category]}",
                )
            )
        for check in all_stage_checks(language):
            found.append(
                RuleInfo(
                    check.id,
                    "stage",
                    check.severity.value,
                    language,
                    check.message,
                    check.suggestion,
                    stage=check.stage,
                )
            )
        for record_rule in record_rules(language):
            found.append(
                RuleInfo(
                    record_rule.id,
                    "record",
                    record_rule.severity.value,
                    language,
                    record_rule.message,
                    record_rule.suggestion,
                    flagged=(record_rule.example, f"({record_rule.example_situation})"),
                    what=f"{record_rule.what}. It runs with `--record FILE --stage STAGE`, "
                    "and on every draft",
                )
            )
    return found


def find_rule(rules: list[RuleInfo], rule_id: str) -> RuleInfo:
    """The rule named ``rule_id`` (any case); the error suggests the closest id."""
    from ..errors import ExcusesError

    by_id = {rule.id: rule for rule in rules}
    wanted = rule_id.strip().upper()
    if wanted in by_id:
        return by_id[wanted]
    close = difflib.get_close_matches(wanted, list(by_id), n=1)
    also = f" (did you mean {close[0]}?)" if close else ""
    raise ExcusesError(
        f"unknown rule {rule_id!r}{also}; expected a rule id like FR-DENIAL-001 "
        "(`excuses rules` lists them)"
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list the checker's rules",
        description=(
            "List every rule of the checker, one a line: its id, category, severity and why "
            "it hurts; then the classifier's ids, the stage checks and the checks against the "
            "record. The project's own rule files (from excuses.toml "
            "or pyproject.toml) are listed too. `excuses explain RULE-ID` tells more about one."
        ),
    )
    parser.add_argument("--language", choices=tuple(_LANGUAGES), help="only this language's rules")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    add_config_options(
        parser,
        config_help="an excuses.toml or pyproject.toml whose rule files to list too "
        "(default: the nearest one above the current folder)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rules = [r for r in all_rules(args) if args.language in (None, r.language)]
    if args.format == "json":
        rows = [
            {
                "id": r.id,
                "category": r.category,
                "severity": r.severity,
                "language": r.language,
                "message": r.message,
                "suggestion": r.suggestion,
            }
            for r in rules
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    id_width = max(len(r.id) for r in rules)
    category_width = max(len(r.category) for r in rules)
    for r in rules:
        print(f"{r.id:<{id_width}}  {r.category:<{category_width}}  {r.severity:<7}  {r.message}")
    return 0
