"""``excuses draft``: draft one stage (or every stage) of an incident, or one message per record."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ._console import colon, error_label, warning_label
from ._options import add_now_option
from ._project import add_config_options, project_config, team_policy

FORMATS = ("text", "html", "eml", "json")
STAGE_NAMES = ("acknowledgement", "apology", "update", "closing", "debrief")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "draft",
        help="draft the message of a stage from an incident record",
        description=(
            "Draft the message a client should receive at one stage of an incident (subject, "
            "plain text and HTML), in the record's language. Without --stage, the stage due "
            "next by the timeline. Several records (or a file holding many: a YAML stream, a "
            "YAML or JSON list, JSON Lines) are drafted one message each into --outdir or "
            "--mbox; a bad record is reported with its position and the others are still "
            "drafted."
        ),
    )
    parser.add_argument(
        "incidents", nargs="+", metavar="INCIDENT", help="incident record files (YAML or JSON)"
    )
    parser.add_argument(
        "--stage", choices=STAGE_NAMES, help="the stage to draft (default: the next one due)"
    )
    parser.add_argument(
        "--all-stages",
        action="store_true",
        help=(
            "print every stage of one record, as text, one after the other, each drafted "
            "at the moment the record's own history sends it (or at --now)"
        ),
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="what to print or write for one record (default: text)",
    )
    parser.add_argument("--output", type=Path, metavar="PATH", help="write to PATH, atomically")
    add_now_option(parser, "draft as of this ISO date-time (client's time zone without an offset)")
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="a folder of fr/ and en/ templates that override ours, file by file",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--outdir", type=Path, metavar="DIR", help="write one .eml per record into DIR"
    )
    where.add_argument("--mbox", type=Path, metavar="PATH", help="write every message to one mbox")
    parser.add_argument(
        "--fail-fast", action="store_true", help="stop at the first record that cannot be drafted"
    )
    add_config_options(
        parser,
        config_help=(
            "an excuses.toml or pyproject.toml whose [policy] sets the deadlines "
            "(default: the nearest one above the first INCIDENT)"
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # One policy for the whole run: every record of a batch is promised the same scale.
    args.policy = team_policy(project_config(args, Path(args.incidents[0]).parent))
    if args.all_stages:
        if len(args.incidents) != 1 or args.stage or args.outdir or args.mbox:
            return _usage(
                "--all-stages drafts one record and prints it; drop --stage, "
                "--outdir and --mbox, and give a single INCIDENT"
            )
        return _all_stages(args)
    if args.outdir or args.mbox:
        return _batch(args)
    if len(args.incidents) != 1:
        return _usage(
            f"{len(args.incidents)} records given: write them with --outdir DIR "
            "(one .eml each) or --mbox PATH"
        )
    return _one(args)


def _usage(message: str) -> int:
    print(f"excuses: error: {message}", file=sys.stderr)
    return 2


def _one(args: argparse.Namespace) -> int:
    from ..batch import iter_records
    from ..drafting import draft

    entries = list(iter_records(args.incidents))
    if len(entries) != 1:
        return _usage(
            f"{args.incidents[0]} holds {len(entries)} records: write them with --outdir DIR "
            "(one .eml each) or --mbox PATH"
        )
    _source, record = entries[0]
    if isinstance(record, Exception):
        raise record
    item = draft(record, args.stage, now=args.now, templates=args.templates, policy=args.policy)
    _warn(item.stage.value, item.warnings, item.language)
    data = render_as(item, args.format)
    if args.output is not None:
        from ..outputs import write_atomic

        write_atomic(args.output, data)
    else:
        _write_stdout(data)
    return 0


def render_as(item: Any, fmt: str) -> bytes:
    """A draft in one of :data:`FORMATS`, as the bytes written to a file or the terminal."""
    from ..drafting import _single_line

    if fmt == "eml":
        data: bytes = item.to_email().as_bytes()
        return data
    if fmt == "json":
        return f"{item.to_json()}\n".encode()
    if fmt == "html":
        return f"{item.html}".encode()
    # The subject line reads like a header: a line break in it would forge the next one.
    _single_line("Subject", item.subject)
    return (f"{_subject_label(item.language)} {item.subject}\n\n{item.text}").encode()


def _subject_label(language: str) -> str:
    return "Objet\u00a0:" if language == "fr" else "Subject:"


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _warn(stage: str, warnings: Sequence[str], language: str) -> None:
    """Each warning of a draft, in the draft's language as the warnings themselves are."""
    for warning in warnings:
        said = f"{warning_label(language)} {stage}{colon(language)}"
        print(f"excuses: {said} {warning}", file=sys.stderr)


def _all_stages(args: argparse.Namespace) -> int:
    from ..drafting import draft_with
    from ..errors import ExcusesError
    from ..loader import load_record
    from ..record import Stage
    from ..rendering import renderer_for
    from ..stages import STAGES, sending_moment

    record = load_record(args.incidents[0])
    renderer = renderer_for(args.templates)
    status = 0
    chunks: list[str] = []
    for number, stage in enumerate(STAGES, start=1):
        header = f" {number}/{len(STAGES)} · {stage.value} "
        chunks.append(f"{header:═^72}\n")
        now = args.now or sending_moment(record, stage, args.policy)
        if now is None and stage is Stage.UPDATE:
            chunks.append(_not_in_history(record.language))
            continue
        try:
            # Never the clock: a stage the history does not date is drafted at the report.
            now = now or record.incident.reported_at
            item = draft_with(renderer, record, stage, now=now, policy=args.policy)
        except ExcusesError as exc:
            said = colon(record.language)
            not_drafted = "non rédigé" if record.language == "fr" else "not drafted"
            chunks.append(f"({not_drafted}{said} {exc})\n\n")
            print(f"excuses: {error_label(exc)} {stage.value}{said} {exc}", file=sys.stderr)
            status = 2
            continue
        _warn(stage.value, item.warnings, item.language)
        to = ", ".join(f"{name} <{email}>" for name, email in item.recipients())
        chunks.append(f"{_to_label(item.language)} {to}\n")
        chunks.append(f"{_subject_label(item.language)} {item.subject}\n\n{item.text}\n")
    text = "".join(chunks)
    if args.output is not None:
        from ..outputs import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
    else:
        _write_stdout(text.encode("utf-8"))
    return status


def _not_in_history(language: str) -> str:
    if language == "fr":
        return (
            "(aucun point d'avancement\u00a0: l'incident a été résolu avant qu'il ne soit dû)\n\n"
        )
    return "(no progress update: the incident was resolved before one was due)\n\n"


def _located(item: Any) -> str:
    """The item's error, located once: its source and position, then the problem."""
    message = str(item.error)
    french = getattr(item.error, "language", "en") == "fr"
    colon = "\u00a0:" if french else ":"
    own_prefix = f"{item.source}{colon} "
    if message.startswith(own_prefix):
        message = message[len(own_prefix) :]
    return f"{item.source} (position {item.position}){colon} {message}"


def _to_label(language: str) -> str:
    return "À\u00a0:" if language == "fr" else "To:"


def _batch(args: argparse.Namespace) -> int:
    from ..batch import draft_all, iter_records, write_folder, write_mbox

    sources = list(iter_records(args.incidents))
    total = len(sources)
    progress = _Progress(total, sys.stderr)
    failures: list[str] = []

    def on_item(item: Any) -> None:
        if item.error is not None:
            failure = _located(item)
            failures.append(failure)
            progress.clear()
            print(f"excuses: {error_label(item.error)} {failure}", file=sys.stderr)
        progress.step()

    items = draft_all(
        sources,
        args.stage,
        now=args.now,
        templates=args.templates,
        fail_fast=args.fail_fast,
        policy=args.policy,
    )
    if args.outdir is not None:
        write_folder(items, args.outdir, total=total, on_item=on_item)
        target = str(args.outdir)
    else:
        write_mbox(items, args.mbox, on_item=on_item)
        target = str(args.mbox)
    progress.done()
    drafted = progress.count - len(failures)
    if drafted == 0 and args.mbox is not None:
        summary = f"none of {total} drafted; {target} is left as it was"
    else:
        summary = f"{drafted} of {total} drafted into {target}"
    print(
        f"excuses: {summary}"
        + (f"; {len(failures)} could not be drafted (listed above)" if failures else ""),
        file=sys.stderr,
    )
    return 2 if failures else 0


class _Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.count = 0
        self.stream = stream
        self.live = stream.isatty()

    def step(self) -> None:
        self.count += 1
        if self.live:
            width = 30
            filled = width * self.count // max(self.total, 1)
            bar = "█" * filled + "·" * (width - filled)
            self.stream.write(f"\rdrafting [{bar}] {self.count}/{self.total}")
            self.stream.flush()

    def clear(self) -> None:
        if self.live:
            self.stream.write("\r\033[K")

    def done(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
