"""``excuses explain RULE-ID``: what a rule looks for, why it hurts, and what to write instead."""

from __future__ import annotations

import argparse
from typing import Any

from ._project import add_config_options
from ._rules import _LANGUAGES, CATEGORY_DOCS, RuleInfo, all_rules, find_rule


def explain(rule: RuleInfo) -> str:
    """The rule's documentation under ruff's headings, as Markdown."""
    language = _LANGUAGES[rule.language]
    facts = [f"Category `{rule.category}`", f"severity {rule.severity}", f"{language}"]
    if rule.since:
        facts.append(f"since {rule.since}")
    if rule.source:
        facts.append(f"from {rule.source}")
    out = [f"# {rule.id}", "", ", ".join(facts) + ".", "", "## What it does", ""]
    if rule.what is not None:
        out.append(f"Finds, in messages written in {language}, {rule.what}.")
    elif rule.stage is not None:
        out.append(
            f"With `--stage {rule.stage}`, and on every {rule.stage} draft, checks that a "
            f"message written in {language} says what this stage must say, and reports it "
            "when it does not."
        )
    else:
        what = CATEGORY_DOCS.get(rule.category, rule.category)
        out.append(f"Finds, in messages written in {language}, {what}.")
    out += ["", "## Why is this bad?", "", rule.message, ""]
    if rule.flagged:
        out += ["## Example", ""]
        out += [f"    {example}" for example in rule.flagged]
        out.append("")
    out += ["## Use instead", "", rule.suggestion, ""]
    if rule.not_flagged:
        out.append("Not flagged:")
        out.append("")
        out += [f"    {example}" for example in rule.not_flagged]
        out.append("")
    return "\n".join(out).rstrip()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="explain one checker rule",
        description=(
            "Explain one rule of the checker, as `ruff rule` does: what it does, why it is "
            "bad, an example, and what to write instead."
        ),
        epilog="Exit status: 0 ok, 2 unknown rule.",
    )
    parser.add_argument("rule", metavar="RULE-ID", help="a rule id such as FR-DENIAL-001")
    add_config_options(
        parser,
        config_help="an excuses.toml or pyproject.toml whose rule files to search too "
        "(default: the nearest one above the current folder)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print(explain(find_rule(all_rules(args), args.rule)))
    return 0
