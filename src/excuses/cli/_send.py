"""``excuses send``: check a drafted stage or a ready .eml and deliver it over SMTP."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._options import add_now_option
from ._project import add_config_options, project_config, team_policy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..lint._types import Finding
    from ..sending import SendResult

_DESCRIPTION = """\
Draft STAGE of an incident (or take a ready .eml file), run the phrase checker
on the exact message that will go out (subject, text and HTML), and hand it to
an SMTP server only when no finding reaches --fail-on. Each message the server
accepts is appended to the sent-log, which `excuses plan` reads.
"""

_EPILOG = """\
SMTP settings come from the [smtp] table of excuses.toml ([tool.excuses.smtp] in
pyproject.toml) and from the environment, which wins: EXCUSES_SMTP_HOST, _PORT,
_SECURITY (starttls, tls or none), _USERNAME, _PASSWORD, _TIMEOUT (seconds),
_FROM (replaces the From address) and _CAFILE. There is no password option:
a password on the command line would be readable by every user of the machine.

Exit status: 0 sent (or, with --dry-run, ready to send), 1 refused by the
checker, 2 usage, input or settings error, 67 a recipient refused (sent to no
one), 69 no server reachable or the message rejected, 74 sent but not logged,
75 connection dropped, timed out or refused for now (try again later), 76 TLS
failed, 77 authentication failed. Only messages the server accepted are logged.
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "send",
        help="check a message and send it over SMTP only when the checker passes",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "source",
        metavar="INCIDENT|MESSAGE.eml",
        help="an incident record (YAML or JSON) to draft from, or a ready .eml message",
    )
    parser.add_argument(
        "--stage",
        choices=("acknowledgement", "apology", "update", "closing", "debrief"),
        help="the stage to draft and send (required for an incident; for an .eml, the "
        "stage it is, so that the checker and the log know it)",
    )
    add_now_option(
        parser,
        "draft as of this ISO date-time (client's time zone without an offset); "
        "default: the current time",
    )
    parser.add_argument(
        "--templates", type=Path, default=None, metavar="DIR", help="a folder of own templates"
    )
    parser.add_argument(
        "--force",
        metavar="REASON",
        default=None,
        help="send despite the findings; REASON (one line) goes in the X-Excuses-Override "
        "header and the sent-log",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check and print the message that would be sent, and send nothing",
    )
    parser.add_argument(
        "--fail-on",
        choices=("info", "warning", "error"),
        default=None,
        help="the lowest severity that stops the send (default: the config's "
        "[lint] fail-on, else warning)",
    )
    parser.add_argument(
        "--sent-log",
        type=Path,
        default=None,
        metavar="PATH",
        help="the sent-log to append to (default: beside the source, NAME.sent.jsonl)",
    )
    add_config_options(
        parser,
        config_help="excuses.toml or pyproject.toml to read [smtp], [lint] and [policy] from "
        "(default: the nearest one above the source)",
        no_config_help="ignore the [lint] and [policy] settings of excuses.toml and "
        "pyproject.toml ([smtp] is still read: it says where to send)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..sending import SendRefused, send
    from ..sentlog import default_sent_log_path
    from ..smtp_config import load_smtp_settings

    source = Path(args.source)
    config = project_config(args, source.parent)
    settings = load_smtp_settings(args.config, start=source.parent)
    fail_on = args.fail_on or (config.fail_on.value if config.fail_on else "warning")
    item: Any
    if source.suffix.lower() == ".eml":
        item = _read_eml(source)
    else:
        if args.stage is None:
            print(
                f"excuses: error: {source}: name the stage to send with --stage "
                "(acknowledgement, apology, update, closing or debrief)",
                file=sys.stderr,
            )
            return 2
        from ..drafting import draft

        policy = team_policy(config)
        item = draft(source, args.stage, now=args.now, templates=args.templates, policy=policy)
    try:
        result = send(
            item,
            settings=settings,
            fail_on=fail_on,
            force_reason=args.force,
            log_path=args.sent_log or default_sent_log_path(source),
            dry_run=args.dry_run,
            stage=args.stage,
            lint_config=config.lint,
        )
    except SendRefused as refused:
        _print_findings(source, refused.findings)
        print(f"excuses: {refused}", file=sys.stderr)
        return 1
    if not result.dry_run:
        from . import mark_delivered

        mark_delivered(args)
    _report(source, result)
    return 0


def _read_eml(path: Path) -> Any:
    from email import policy
    from email.parser import BytesParser

    from ..errors import SendError

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SendError(f"{path}: cannot read the message ({exc.strerror})") from None
    return BytesParser(policy=policy.default).parsebytes(raw)


def _print_findings(source: Path, findings: Sequence[Finding]) -> None:
    for f in findings:
        where = f"{source}:{f.part or 'text'}:{f.line}:{f.column}"
        print(
            f"{where}: {f.severity} {f.rule_id} ({f.category}) {f.matched!r}: {f.message}",
            file=sys.stderr,
        )


def _report(source: Path, result: SendResult) -> None:
    stage = result.stage.value if result.stage else "message"
    recipients = ", ".join(result.recipients)
    below = [f for f in result.findings if f not in result.overridden]
    if below:
        _print_findings(source, below)
    if result.overridden:
        print(
            f"excuses: sent despite {len(result.overridden)} finding(s), "
            f"as forced: {result.override_reason}",
            file=sys.stderr,
        )
        _print_findings(source, result.overridden)
    if result.dry_run:
        via = result.server or "no SMTP server configured"
        print(f"Dry run: would send the {stage} to {recipients} via {via}; nothing was sent.")
        print(f"Envelope from: {result.envelope_from}")
        # The raw headers below may be RFC 2047-encoded; this line is for reading.
        print(f"Subject: {str(result.message['Subject']).strip()}")
        print()
        sys.stdout.write(result.data.replace(b"\r\n", b"\n").decode("utf-8", "replace"))
        return
    print(
        f"Sent the {stage} to {recipients} via {result.server}: {result.message_id} "
        f"({result.response}); logged in {result.log_path}"
    )
