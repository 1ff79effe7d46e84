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

Each message is sent once: a stage the sent-log shows as delivered for this
incident (or a message with the same Message-ID) is refused, unless --again
says a second message is meant; it then gets a Message-ID of its own. A send
cut off after the whole message went out is logged as uncertain, and the next
send of it asks for --again, which retries it under the same Message-ID. The
sent-log is locked while a send reads and writes it, so two people sending
the same stage at once send it once.

Exit status: 0 sent (or, with --dry-run, ready to send), 1 refused by the
checker or already sent, 2 usage, input or settings error, 67 a recipient
refused (sent to no one), 69 no server reachable or the message rejected, 73
the sent-log cannot be written (nothing sent), 74 sent but not logged, 75
connection dropped, timed out or refused for now, or the sent-log busy (try
again later), 76 TLS failed, 77 authentication failed.
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
        "--again",
        action="store_true",
        help="send a stage the sent-log shows as already sent, as a second message on purpose "
        "(or retry one whose delivery was uncertain)",
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
        no_config_help="read no excuses.toml or pyproject.toml at all: the SMTP settings "
        "then come from the EXCUSES_SMTP_* variables alone",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..sending import AlreadySent, MaybeSent, SendRefused, send
    from ..sentlog import default_sent_log_path
    from ..smtp_config import SmtpConfigError, load_smtp_settings

    source = Path(args.source)
    if args.force is not None and not args.force.strip():
        print(
            "excuses: error: --force needs a REASON: say why the findings are acceptable",
            file=sys.stderr,
        )
        return 2
    config = project_config(args, source.parent)
    settings = load_smtp_settings(args.config, start=source.parent, read_files=not args.no_config)
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
            again=args.again,
        )
    except SmtpConfigError as error:
        if settings.host is None:
            raise SmtpConfigError(f"{error} (or name the file with --config PATH)") from None
        raise
    except SendRefused as refused:
        _print_findings(source, refused.findings)
        print(
            f"excuses: {refused.summary}; fix the message, or send it anyway with --force REASON",
            file=sys.stderr,
        )
        return 1
    except AlreadySent as sent:
        print(
            f"excuses: {sent.summary}. To send a second message on purpose, add --again "
            "(it gets a Message-ID of its own)",
            file=sys.stderr,
        )
        return 1
    except MaybeSent as maybe:
        print(
            f"excuses: {maybe.summary}. If it did not arrive, add --again to send it once more "
            "(under the same Message-ID, so a mailbox that has the first copy can tell)",
            file=sys.stderr,
        )
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
        f"Sent the {stage}{_again(result.sequence)} to {recipients} via {result.server}: "
        f"{result.message_id} "
        f"({result.response}); logged in {result.log_path}"
    )


def _again(sequence: int) -> str:
    return "" if sequence == 1 else f" again (send {sequence} of it)"
