"""Reports: human-readable lines (coloured on a terminal), JSON, and SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ._types import Finding, Severity

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _where(finding: Finding, name: str) -> str:
    place = name
    if finding.part:
        place += f"[{finding.part}]"
    if finding.field_path:
        place += f"[{finding.field_path}]"
    return f"{place}:{finding.line}:{finding.column}"


def format_text(findings: Sequence[tuple[str, Finding]], *, colour: bool = False) -> str:
    """One finding per line, ``file:line:col: severity rule [category] message``, then advice."""
    lines: list[str] = []
    for name, finding in findings:
        severity = finding.severity.value
        where = _where(finding, name)
        quoted = f" «{finding.matched}»" if finding.matched else ""
        if colour:
            tint = _COLOURS[finding.severity]
            lines.append(
                f"{_BOLD}{where}{_RESET}: {tint}{severity}{_RESET} {_BOLD}{finding.rule_id}{_RESET}"
                f" [{finding.category}]{quoted} {finding.message}"
            )
            lines.append(f"  {_DIM}→ {finding.suggestion}{_RESET}")
        else:
            lines.append(
                f"{where}: {severity} {finding.rule_id} [{finding.category}]{quoted} "
                f"{finding.message}"
            )
            lines.append(f"  → {finding.suggestion}")
    return "\n".join(lines)


def summary(count: int, files: int) -> str:
    noun = "finding" if count == 1 else "findings"
    where = "file" if files == 1 else "files"
    return f"{count} {noun} in {files} {where}"


def to_json(findings: Sequence[tuple[str, Finding]]) -> str:
    """A JSON array of findings, each with its ``file``."""
    rows = [{"file": name, **finding.to_dict()} for name, finding in findings]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_sarif(
    findings: Sequence[tuple[str, Finding]], *, version: str, rules: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; ``rules`` describe every rule that may appear."""
    descriptors: list[dict[str, Any]] = [dict(rule) for rule in rules]
    index = {rule["id"]: i for i, rule in enumerate(descriptors)}
    results = []
    for name, finding in findings:
        if finding.rule_id not in index:
            index[finding.rule_id] = len(descriptors)
            descriptors.append(
                rule_descriptor(
                    finding.rule_id,
                    finding.category,
                    finding.severity,
                    finding.message,
                    finding.suggestion,
                )
            )
        end_line, end_column = _end_of(finding)
        region: dict[str, Any] = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": end_line,
            "endColumn": end_column,
            "charOffset": finding.start,
            "charLength": finding.end - finding.start,
        }
        if finding.matched:
            region["snippet"] = {"text": finding.matched}
        result: dict[str, Any] = {
            "ruleId": finding.rule_id,
            "ruleIndex": index[finding.rule_id],
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": f"{finding.message} {finding.suggestion}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": name},
                        "region": region,
                    }
                }
            ],
            "properties": {"category": finding.category},
        }
        if finding.part or finding.field_path:
            result["locations"][0]["logicalLocations"] = [
                {"name": finding.field_path or finding.part, "kind": "member"}
            ]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "excuses",
                        "version": version,
                        "informationUri": "https://github.com/excuses-project/excuses",
                        "rules": descriptors,
                    }
                },
                "results": results,
            }
        ],
    }


def _end_of(finding: Finding) -> tuple[int, int]:
    text = finding.matched
    breaks = text.count("\n")
    if not breaks:
        return finding.line, finding.column + len(text)
    return finding.line + breaks, len(text) - text.rfind("\n")


def rule_descriptor(
    rule_id: str, category: str, severity: Severity, message: str, suggestion: str
) -> dict[str, Any]:
    """The SARIF ``reportingDescriptor`` of one rule."""
    return {
        "id": rule_id,
        "shortDescription": {"text": message},
        "help": {"text": suggestion},
        "defaultConfiguration": {"level": _SARIF_LEVEL[severity]},
        "properties": {"category": category},
    }
