"""``excuses lint``: check emails, HTML, Markdown, text or incident records before sending."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from .._frozen import Frozen
from ._console import is_utf8
from ._lint_files import KINDS, Target, expand
from ._options import add_now_option
from ._project import add_config_options, project_config

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from ..lint import Finding, LintConfig, Severity
    from ..lint._output import InputError

_STAGES = ("acknowledgement", "apology", "update", "closing", "debrief")
_FORMATS = ("text", "json", "sarif", "github")
#: A YAML or JSON file is taken for an incident record when one of these is a top-level key.
_RECORD_KEYS = (
    r"""(?m)^["']?(?:incident|client|sender)["']?[ \t]*:|"(?:incident|client|sender)"\s*:"""
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="check messages for denial, blame, vague deadlines and other reflexes",
        description=(
            "Check client messages (plain text, Markdown, HTML, .eml) or incident records "
            "(.yaml, .yml, .json) for the reflexes that hurt a client relationship: denial, "
            "blame, deflection, non-apologies, vague deadlines, minimisation, excuses. With "
            "--stage, also report what that stage's message lacks. A folder is searched for "
            "those files (hidden folders left out); a glob pattern such as 'replies/**/*.txt' "
            "is expanded. A YAML or JSON file with no incident, client or sender at its top "
            "level is not an incident record: skipped when found in a folder or by a pattern, "
            "an input error when named. Use - to read standard input."
        ),
        epilog=(
            "Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or input "
            "error (every file is still checked; the worst status wins). Silence one line with "
            "'excuses: ignore[RULE-ID]', a whole message with 'excuses: ignore-message'."
        ),
    )
    parser.add_argument(
        "files", nargs="*", metavar="PATH", help="files, folders or glob patterns, or - for stdin"
    )
    parser.add_argument("--stage", choices=_STAGES, help="the stage the message belongs to")
    parser.add_argument("--language", choices=("fr", "en"), help="default: detected")
    parser.add_argument(
        "--record",
        metavar="FILE",
        help="with --stage: also report what the message says against this incident record, "
        "as of --now (default: when the record's history sends that stage)",
    )
    add_now_option(parser, "the moment the message is sent, for --record")
    parser.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=_FORMATS,
        default="text",
        help="default: text; github prints annotations for GitHub Actions",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="report only these rules: ids (FR-DENIAL-001), id prefixes (FR-DENIAL, EN) or "
        "categories (denial), comma-separated or repeated",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="RULES",
        help="do not report these rules (ids, id prefixes or categories, as --select)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("info", "warning", "error"),
        default=None,
        help="lowest severity that makes the exit status 1 (default: warning)",
    )
    add_config_options(
        parser,
        config_help="an excuses.toml or pyproject.toml to read settings from "
        "(default: the nearest one above the current folder)",
    )
    parser.set_defaults(run=run)


def _read(name: str) -> bytes:
    from ..errors import ExcusesError

    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ExcusesError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ExcusesError(f"{name}: is a directory; give the files to check") from None
    except OSError as exc:
        raise ExcusesError(f"{name}: cannot be read ({exc.strerror})") from None


def _decode(name: str, data: bytes) -> str:
    from ..errors import ExcusesError

    if b"\x00" in data:
        raise ExcusesError(f"{name}: not a text file (it holds NUL bytes); give a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExcusesError(
            f"{name}: not UTF-8 text (invalid byte at offset {exc.start}); "
            "save it as UTF-8 and try again"
        ) from None


class Skipped(Exception):
    """A file that is not for the checker (a YAML or JSON file that is no incident record)."""


def _check_file(
    target: Target, args: argparse.Namespace, config: LintConfig
) -> tuple[list[Finding], str]:
    """The findings in one file, and its text (which the findings' offsets point into)."""
    from ..lint import check_message, check_text
    from ..lint._inputs import in_message_file, message_places

    name = target.name
    kind = "plain" if name == "-" else KINDS.get(Path(name).suffix.lower(), "plain")
    data = _read(name)
    if kind == "eml":
        findings = check_message(data, stage=args.stage, config=config, language=args.language)
        findings += _against_record(data, kind, args, config)
        places = message_places(data)
        located = [in_message_file(finding, places) for finding in findings]
        return located, data.decode("utf-8", errors="replace")
    text = _decode(name, data)
    if kind == "record":
        return _check_record(name, text, config), text
    found = check_text(text, language=args.language, stage=args.stage, kind=kind, config=config)
    return found + _against_record(text, kind, args, config), text


def _against_record(
    source: str | bytes, kind: str, args: argparse.Namespace, config: LintConfig
) -> list[Finding]:
    if not args.record:
        return []
    from ..errors import ExcusesError
    from ..lint._consistency import text_findings
    from ..loader import load_record

    if not args.stage:
        raise ExcusesError("--record needs --stage: the message is read as that stage's")
    record = load_record(args.record)
    return text_findings(
        source, kind, args.stage, record, args.now, language=args.language, config=config
    )


def _check_record(name: str, text: str, config: LintConfig) -> list[Finding]:
    from ..lint import check_record
    from ..lint._inputs import in_record_file, record_value_spans
    from ..loader import parse_record

    if not re.search(_RECORD_KEYS, text):  # compiled for records only
        raise Skipped(
            f"{name}: not an incident record (no incident, client or sender key at the top "
            "level); give a message or a record, or leave this file out"
        )
    if name.lower().endswith(".json"):
        record = parse_record(text, format="json", filename=name)
    else:
        record = parse_record(text, format="yaml", filename=name)
    findings = check_record(record, config=config)
    if not findings:
        return findings
    spans = record_value_spans(text)
    return [in_record_file(finding, text, spans) for finding in findings]


def _settings(args: argparse.Namespace) -> tuple[LintConfig, Severity | None]:
    found = project_config(args, Path.cwd())
    return found.lint, found.fail_on


class _Selection(Frozen):
    """``--select`` and ``--ignore``: rule ids, id prefixes or categories, as ruff reads them."""

    __slots__ = ("ignore", "select")
    select: tuple[str, ...]
    ignore: tuple[str, ...]

    def __init__(self, select: tuple[str, ...], ignore: tuple[str, ...]) -> None:
        object.__setattr__(self, "select", select)
        object.__setattr__(self, "ignore", ignore)

    @staticmethod
    def _matches(selector: str, finding: Finding) -> bool:
        if selector == "ALL" or selector.lower() == finding.category:
            return True
        return finding.rule_id.upper().startswith(selector.upper())

    def keeps(self, finding: Finding) -> bool:
        if self.select and not any(self._matches(s, finding) for s in self.select):
            return False
        return not any(self._matches(s, finding) for s in self.ignore)


def _selectors(values: list[str] | None) -> tuple[str, ...]:
    return tuple(
        part.strip() for value in values or () for part in value.split(",") if part.strip()
    )


def _selection(args: argparse.Namespace, config: LintConfig) -> _Selection:
    from ..errors import ExcusesError

    selection = _Selection(_selectors(args.select), _selectors(args.ignore))
    if not (selection.select or selection.ignore):
        return selection
    from ._rules import known_rules

    rules = known_rules(config.extra_rules)
    ids = [rule.id for rule in rules]
    categories = {rule.category for rule in rules}
    for option, selectors in (("--select", selection.select), ("--ignore", selection.ignore)):
        for selector in selectors:
            known = selector == "ALL" or selector.lower() in categories
            if not known and not any(i.upper().startswith(selector.upper()) for i in ids):
                raise ExcusesError(
                    f"{option} {selector}: no rule id, id prefix or category matches; expected "
                    "a rule id like FR-DENIAL-001, a prefix like FR-DENIAL or EN, or a category "
                    "like denial (`excuses rules` lists them)"
                )
    return selection


def run(args: argparse.Namespace) -> int:
    from ..errors import ExcusesError
    from ..lint import Severity
    from ..lint._output import InputError

    if not args.files:
        raise ExcusesError(
            "no input: give the files, folders or glob patterns to check (.eml, .html, .md, "
            ".txt, or an incident .yaml/.json), or - to read standard input"
        )
    config, configured_fail_on = _settings(args)
    fail_on = Severity(args.fail_on) if args.fail_on else configured_fail_on or Severity.WARNING
    selection = _selection(args, config)
    targets, errors = expand(args.files)
    for error in errors:
        _say_error(error, args)
    results: list[tuple[str, Finding]] = []
    texts: dict[str, str] = {}
    for target in targets:
        label = "<stdin>" if target.name == "-" else target.name
        try:
            found, texts[label] = _check_file(target, args, config)
        except Skipped as skipped:
            # Found in a folder or by a pattern, it is not for us; named, it is a mistake.
            if not target.explicit:
                continue
            error = InputError(label, str(skipped))
            errors.append(error)
            _say_error(error, args)
            continue
        except ExcusesError as exc:
            lines = [p.line for p in getattr(exc, "problems", ()) if p.line is not None]
            error = InputError(label, str(exc), lines[0] if lines else None)
            errors.append(error)
            _say_error(error, args)
            continue
        results.extend((label, finding) for finding in found if selection.keeps(finding))
    _report(results, errors, args, texts)
    if errors:
        return 2
    failing = any(finding.severity >= fail_on for _, finding in results)
    return 1 if failing else 0


def _say_error(error: InputError, args: argparse.Namespace) -> None:
    # Machine formats carry input errors in their own output; the person still reads stderr.
    print(f"excuses: error: {error.message}", file=sys.stderr)


def _report(
    results: list[tuple[str, Finding]],
    errors: list[InputError],
    args: argparse.Namespace,
    texts: dict[str, str],
) -> None:
    from ..lint._output import Symbols, format_text, summary, to_github, to_json, to_sarif

    # JSON escapes what a narrow console cannot write, so the data stays whole.
    ascii_only = not is_utf8(sys.stdout)
    if args.format == "json":
        print(to_json(results, ascii_only=ascii_only))
    elif args.format == "sarif":
        # Neither is loaded by a check in the default format: the installed version comes
        # from importlib.metadata, costly at start.
        import json

        from .. import __version__

        log = to_sarif(results, version=__version__, errors=errors, texts=texts)
        print(json.dumps(log, ensure_ascii=ascii_only, indent=2))
    elif args.format == "github":
        if results or errors:
            print(to_github(results, errors, texts=texts))
    elif results:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        symbols = Symbols.for_encoding(getattr(sys.stdout, "encoding", None))
        print(format_text(results, colour=colour, symbols=symbols))
        print(summary(len(results), len({name for name, _ in results})))
