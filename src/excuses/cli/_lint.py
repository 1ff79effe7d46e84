"""``excuses lint``: check emails, HTML, Markdown, text or incident records before sending."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._project import add_config_options, project_config

if TYPE_CHECKING:
    from ..lint import Finding, LintConfig, Severity

_STAGES = ("acknowledgement", "apology", "update", "closing", "debrief")
_KINDS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".eml": "eml",
    ".yaml": "record",
    ".yml": "record",
    ".json": "record",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="check messages for denial, blame, vague deadlines and other reflexes",
        description=(
            "Check client messages (plain text, Markdown, HTML, .eml) or incident records "
            "(.yaml, .yml, .json) for the reflexes that hurt a client relationship: denial, "
            "blame, deflection, non-apologies, vague deadlines, minimisation, excuses. With "
            "--stage, also report what that stage's message lacks. Use - to read standard input."
        ),
        epilog=(
            "Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or input "
            "error. Silence one line with 'excuses: ignore[RULE-ID]', a whole message with "
            "'excuses: ignore-message'."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="files to check, or - for stdin")
    parser.add_argument("--stage", choices=_STAGES, help="the stage the message belongs to")
    parser.add_argument("--language", choices=("fr", "en"), help="default: detected")
    parser.add_argument(
        "--format", choices=("text", "json", "sarif"), default="text", help="default: text"
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

    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExcusesError(
            f"{name}: not UTF-8 text (invalid byte at offset {exc.start}); "
            "save it as UTF-8 and try again"
        ) from None


def _check_file(name: str, args: argparse.Namespace, config: LintConfig) -> list[Finding]:
    from ..lint import check_message, check_text

    kind = "plain" if name == "-" else _KINDS.get(Path(name).suffix.lower(), "plain")
    data = _read(name)
    if kind == "eml":
        return check_message(data, stage=args.stage, config=config, language=args.language)
    if kind == "record":
        from ..lint import check_record
        from ..loader import parse_record

        text = _decode(name, data)
        if name.lower().endswith(".json"):
            record = parse_record(text, format="json", filename=name)
        else:
            record = parse_record(text, format="yaml", filename=name)
        return check_record(record, config=config)
    return check_text(
        _decode(name, data), language=args.language, stage=args.stage, kind=kind, config=config
    )


def _settings(args: argparse.Namespace) -> tuple[LintConfig, Severity | None]:
    found = project_config(args, Path.cwd())
    return found.lint, found.fail_on


def run(args: argparse.Namespace) -> int:
    from ..errors import ExcusesError
    from ..lint import Severity

    if not args.files:
        raise ExcusesError(
            "no input: give the files to check (.eml, .html, .md, .txt, or an incident "
            ".yaml/.json), or - to read standard input"
        )
    config, configured_fail_on = _settings(args)
    fail_on = Severity(args.fail_on) if args.fail_on else configured_fail_on or Severity.WARNING
    results: list[tuple[str, Finding]] = []
    for name in args.files:
        label = "<stdin>" if name == "-" else name
        results.extend((label, finding) for finding in _check_file(name, args, config))
    _report(results, args)
    failing = any(finding.severity >= fail_on for _, finding in results)
    return 1 if failing else 0


def _report(results: list[tuple[str, Finding]], args: argparse.Namespace) -> None:
    from .. import __version__
    from ..lint._output import format_text, summary, to_json, to_sarif

    if args.format == "json":
        print(to_json(results))
    elif args.format == "sarif":
        print(json.dumps(to_sarif(results, version=__version__), ensure_ascii=False, indent=2))
    elif results:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        print(format_text(results, colour=colour))
        print(summary(len(results), len({name for name, _ in results})))
