"""Reports: readable lines (coloured on a terminal), JSON, GitHub annotations, SARIF 2.1.0."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath

from .._frozen import Frozen
from ._types import Finding, Severity

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import dataclass
    from typing import Any
else:  # as dataclasses, without importing it at each start (see ``_frozen``)
    from .._frozen import dataclass

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/excuses-project/excuses"
#: Where each rule is explained; the rule id, lower-cased, is the anchor.
RULES_URI = INFORMATION_URI + "/blob/main/docs/reference/rules.md"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SRCROOT = "%SRCROOT%"


@dataclass(frozen=True)
class InputError:
    """An input that could not be checked (missing, unreadable, not a valid record)."""

    name: str
    message: str
    #: The line the (first) problem is on, when the input says.
    line: int | None = None


class Symbols(Frozen):
    """The arrow and quotes of the text report, with plain fallbacks for narrow consoles."""

    __slots__ = ("arrow", "close_quote", "open_quote")
    arrow: str
    open_quote: str
    close_quote: str

    def __init__(self, arrow: str = "→", open_quote: str = "«", close_quote: str = "»") -> None:
        object.__setattr__(self, "arrow", arrow)
        object.__setattr__(self, "open_quote", open_quote)
        object.__setattr__(self, "close_quote", close_quote)

    @classmethod
    def for_encoding(cls, encoding: str | None) -> Symbols:
        """The richest symbols ``encoding`` can write (``->`` and ``"`` in ASCII)."""

        def fits(text: str) -> bool:
            try:
                text.encode(encoding or "utf-8")
            except (UnicodeEncodeError, LookupError):
                return False
            return True

        arrow = "→" if fits("→") else "->"
        quotes = ("«", "»") if fits("«»") else ('"', '"')
        return cls(arrow, *quotes)


#: The default symbols of the text report (a UTF-8 console).
_RICH_SYMBOLS = Symbols()


def _where(finding: Finding, name: str) -> str:
    place = name
    if finding.part:
        place += f"[{finding.part}]"
    if finding.field_path:
        place += f"[{finding.field_path}]"
    return f"{place}:{finding.line}:{finding.column}"


def format_text(
    findings: Sequence[tuple[str, Finding]],
    *,
    colour: bool = False,
    symbols: Symbols = _RICH_SYMBOLS,
) -> str:
    """One finding per line, ``file:line:col: severity rule [category] message``, then advice."""
    lines: list[str] = []
    for name, finding in findings:
        severity = finding.severity.value
        where = _where(finding, name)
        quoted = (
            f" {symbols.open_quote}{finding.matched}{symbols.close_quote}"
            if finding.matched
            else ""
        )
        if colour:
            tint = _COLOURS[finding.severity]
            lines.append(
                f"{_BOLD}{where}{_RESET}: {tint}{severity}{_RESET} {_BOLD}{finding.rule_id}{_RESET}"
                f" [{finding.category}]{quoted} {finding.message}"
            )
            lines.append(f"  {_DIM}{symbols.arrow} {finding.suggestion}{_RESET}")
        else:
            lines.append(
                f"{where}: {severity} {finding.rule_id} [{finding.category}]{quoted} "
                f"{finding.message}"
            )
            lines.append(f"  {symbols.arrow} {finding.suggestion}")
    return "\n".join(lines)


def summary(count: int, files: int) -> str:
    noun = "finding" if count == 1 else "findings"
    where = "file" if files == 1 else "files"
    return f"{count} {noun} in {files} {where}"


def to_json(findings: Sequence[tuple[str, Finding]], *, ascii_only: bool = False) -> str:
    """A JSON array of findings, each with its ``file``; ``ascii_only`` escapes the rest."""
    rows = [{"file": name, **finding.to_dict()} for name, finding in findings]
    import json  # loaded for this format only: a check's start does without it

    return json.dumps(rows, ensure_ascii=ascii_only, indent=2)


# --- GitHub Actions workflow commands ----------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(
    findings: Sequence[tuple[str, Finding]],
    errors: Sequence[InputError] = (),
    *,
    texts: Mapping[str, str] | None = None,
) -> str:
    """One ``::error file=…,line=…,col=…,title=…::message`` annotation per finding.

    GitHub Actions shows these on the lines of a pull request; an input that
    could not be checked becomes an ``error`` annotation on its file.
    """
    lines: list[str] = []
    for error in errors:
        where = f",line={error.line}" if error.line is not None else ""
        lines.append(
            f"::error file={_escape_property(_posix(error.name))}{where},"
            f"title={_escape_property('excuses: input error')}::{_escape_data(error.message)}"
        )
    for name, finding in findings:
        end_line, end_column = _end_of(finding, (texts or {}).get(name))
        props = [
            f"file={_escape_property(_posix(name))}",
            f"line={finding.line}",
            f"col={finding.column}",
        ]
        if end_line == finding.line:
            props.append(f"endColumn={end_column}")
        else:
            props.append(f"endLine={end_line}")
        title = f"{finding.rule_id} [{finding.category}]"
        props.append(f"title={_escape_property(title)}")
        message = f"{finding.message} {finding.suggestion}"
        lines.append(
            f"::{_GITHUB_LEVEL[finding.severity]} {','.join(props)}::{_escape_data(message)}"
        )
    return "\n".join(lines)


# --- SARIF ---------------------------------------------------------------------------------------


def _posix(name: str) -> str:
    return name.replace("\\", "/")


def artifact_location(name: str, base: Path | None = None) -> dict[str, Any]:
    """A path relative to ``base`` (the working directory), with forward slashes.

    A path outside ``base`` becomes an absolute ``file:`` URI; standard input is ``stdin``.
    """
    if name in ("-", "<stdin>"):
        return {"uri": "stdin"}
    base = base or Path.cwd()
    path = Path(name)
    absolute = path if path.is_absolute() else base / path
    try:
        relative = PurePath(_normalise(absolute)).relative_to(_normalise(base))
    except ValueError:
        return {"uri": Path(_normalise(absolute)).as_uri()}
    return {"uri": relative.as_posix(), "uriBaseId": _SRCROOT}


def _normalise(path: Path) -> str:
    import os.path

    # Not resolve(): a symbolic link in the working directory must not change the path shown.
    return os.path.normpath(path.absolute())


def _fingerprint(finding: Finding, seen: dict[str, int]) -> str:
    """A location-independent identity of a finding, as code scanning matches them across runs."""
    import hashlib  # SARIF only: a plain report never loads it

    key = "\x00".join((finding.rule_id, " ".join(finding.matched.lower().split())))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{digest}:{seen[digest]}"


def to_sarif(
    findings: Sequence[tuple[str, Finding]],
    *,
    version: str,
    rules: Sequence[dict[str, Any]] = (),
    errors: Sequence[InputError] = (),
    base: Path | None = None,
    texts: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; ``rules`` describe every rule that may appear.

    Each input that could not be checked is a ``toolExecutionNotification``
    of the run's invocation, which is then marked unsuccessful: the log stays
    valid, so an upload step still has something to read. ``texts`` (each
    file's text, by name) lets a region end where the words end in the file,
    even when the file folds them over lines.
    """
    base = base or Path.cwd()
    descriptors: list[dict[str, Any]] = [dict(rule) for rule in rules]
    index = {rule["id"]: i for i, rule in enumerate(descriptors)}
    results = []
    seen: dict[str, int] = {}
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
        end_line, end_column = _end_of(finding, (texts or {}).get(name))
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
                        "artifactLocation": artifact_location(name, base),
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {"excuses/v1": _fingerprint(finding, seen)},
            "properties": {"category": finding.category},
        }
        if finding.part or finding.field_path:
            result["locations"][0]["logicalLocations"] = [
                {"name": finding.field_path or finding.part, "kind": "member"}
            ]
        results.append(result)
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "error",
                "message": {"text": error.message},
                "locations": [{"physicalLocation": _error_place(error, base)}],
            }
            for error in errors
        ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "excuses",
                        "version": version,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {_SRCROOT: {"uri": base.resolve().as_uri() + "/"}},
                "invocations": [invocation],
                "results": results,
            }
        ],
    }


def _error_place(error: InputError, base: Path) -> dict[str, Any]:
    place: dict[str, Any] = {"artifactLocation": artifact_location(error.name, base)}
    if error.line is not None:
        place["region"] = {"startLine": error.line}
    return place


def _end_of(finding: Finding, source: str | None = None) -> tuple[int, int]:
    """The line and column just past the finding: from the file's text when known."""
    if source is not None and 0 <= finding.start <= finding.end <= len(source):
        line_start = source.rfind("\n", 0, finding.end) + 1
        return source.count("\n", 0, finding.end) + 1, finding.end - line_start + 1
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
        "helpUri": f"{RULES_URI}#{rule_id.lower()}",
        "defaultConfiguration": {"level": _SARIF_LEVEL[severity]},
        "properties": {"category": category, "tags": [category]},
    }
