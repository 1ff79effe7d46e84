"""``excuses plan``: print an incident's timeline, what is overdue, and what is due next."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._options import add_now_option
from ._project import add_config_options, project_config, team_policy

if TYPE_CHECKING:
    from ..record import IncidentRecord
    from ..timeline import MissedCommitment, SentMessage, Timeline

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LABEL_WIDTH = 48

# The table's own words in the record's language (day and month names come from Babel).
_FR = {
    "When": "Quand",
    "Stage": "Message",
    "What": "Quoi",
    "Status": "État",
    "Times in the client's zone": "Heures dans le fuseau du client",
    "now": "maintenant",
    "Next: nothing; the closing note has been sent": (
        "Suivant\u00a0: rien, la note de clôture est partie"
    ),
    "Next": "Suivant",
    "due": "prévu le",
    "acknowledgement to send": "accusé de réception à envoyer",
    "apology to send": "excuses à envoyer",
    "update to send": "point d’avancement à envoyer",
    "closing to send": "note de clôture à envoyer",
    "debrief to send": "retour d’expérience à envoyer",
    "overdue by": "en retard de",
    "late": "de retard",
    "Missed commitments": "Engagements manqués",
    "none": "aucun",
    "delivered": "tenu le",
    "not delivered": "pas tenu",
    "The last promise was missed: the next message must say so and apologise for it.": (
        "La dernière promesse n’a pas été tenue\u00a0: le prochain message doit le dire "
        "et s’en excuser."
    ),
    "done": "fait",
    "kept": "tenu",
    "missed": "manqué",
    "overdue": "en retard",
    "upcoming": "à venir",
    "acknowledgement": "accusé de réception",
    "apology": "excuses",
    "update": "point d’avancement",
    "closing": "clôture",
    "debrief": "retour d’expérience",
}


def _say(words: str, language: str) -> str:
    """``words`` in the record's language: English as written, French from the table."""
    return _FR.get(words, words) if language == "fr" else words


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="print the timeline of an incident: messages, promises, what is overdue and due next",
        description=(
            "Print the timeline of an incident in the client's time zone: the messages "
            "sent, the promises made and whether they were kept, what is overdue, and "
            "which message is due next and by when. Missed commitments are listed with "
            "how late they were."
        ),
    )
    parser.add_argument("incident", metavar="INCIDENT", help="the incident record (YAML or JSON)")
    add_now_option(
        parser,
        "the moment to judge from, as an ISO date-time like 2026-11-24T18:00 "
        "(read in the client's time zone without an offset); default: the current time",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=(
            "a table to read (default), in the record's language, or JSON for other tools, "
            "whose entries keep their kind and label in English"
        ),
    )
    parser.add_argument(
        "--sent-log",
        metavar="PATH",
        default=None,
        help=(
            "the log of messages actually sent (default: INCIDENT's name with .sent.jsonl "
            "as suffix, when it exists); without one, what was sent is inferred from the record"
        ),
    )
    add_config_options(
        parser,
        config_help=(
            "an excuses.toml or pyproject.toml whose [policy] sets the deadlines "
            "(default: the nearest one above INCIDENT)"
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..loader import load_record
    from ..timeline import build_timeline

    policy = team_policy(project_config(args, Path(args.incident).parent))
    record = load_record(args.incident)
    timeline = build_timeline(record, args.now, sent=_logged(args, record), policy=policy)
    if args.format == "json":
        data = {
            "incident": record.incident.id,
            "timezone": record.client.timezone,
            **timeline.to_dict(),
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(render_table(record, timeline))
    return 0


def _logged(args: argparse.Namespace, record: IncidentRecord) -> list[SentMessage]:
    """The messages the sent-log records for this incident, if there is a log."""
    from ..sentlog import default_sent_log_path, sent_messages

    if args.sent_log is not None:
        path = Path(args.sent_log)
        if not path.is_file():
            from ..errors import ExcusesError

            raise ExcusesError(f"{path}: no such sent-log; check the --sent-log path")
    else:
        path = default_sent_log_path(args.incident)
        if not path.is_file():
            return []
    # A line torn by a crash is skipped with a warning: say it as one line, not a traceback.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        messages = sent_messages(path, record.incident.id)
    for warning in caught:
        print(f"excuses: warning: {warning.message}", file=sys.stderr)
    return messages


def when(moment: datetime, *, year: bool = False, language: str = "en") -> str:
    """A moment at a glance, in its own zone: ``Mon 23 Nov 09:40``, ``lun. 23 nov. 09:40``."""
    if language == "fr":
        from babel.dates import format_date

        day = format_date(moment, "EEE d MMM", locale="fr")
    else:
        day = f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]}"
    if year:
        day += f" {moment.year}"
    return f"{day} {moment:%H:%M}"


def how_long(delta: timedelta, language: str = "en") -> str:
    """A duration to the minute: ``30m``, ``4h15m``, ``1d2h``; in French ``4 h 15``, ``1 j 2 h``."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if language == "fr":
        return _how_long_fr(days, hours, mins)
    parts = []
    if days:
        parts.append(f"{days}d")
    if hours:
        parts.append(f"{hours}h")
    if mins or not parts:
        parts.append(f"{mins:02d}m" if parts else f"{mins}m")
    return "".join(parts)


def _how_long_fr(days: int, hours: int, mins: int) -> str:
    # French writes 4 h 15 and 30 min, each number kept with its unit by a no-break space.
    parts = [f"{days}\u00a0j"] if days else []
    if hours:
        parts.append(f"{hours}\u00a0h" + (f"\u00a0{mins:02d}" if mins else ""))
    elif mins or not parts:
        parts.append(f"{mins}\u00a0min")
    return "\u00a0".join(parts)


def _cut(text: str, width: int) -> str:
    """One line of at most ``width`` characters; control characters from the record show as �."""
    text = " ".join(text.split())
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _missed_line(missed: MissedCommitment, language: str = "en") -> str:
    commitment = missed.commitment
    stage = f" ({_say(commitment.stage.value, language)})" if commitment.stage else ""
    due = when(commitment.due, language=language)
    sep = "\u00a0:" if language == "fr" else ":"
    promise = _cut(commitment.promise, 60)
    quoted = f"«\u00a0{promise}\u00a0»" if language == "fr" else f'"{promise}"'
    head = f"{quoted}{stage}{sep} {_say('due', language)} {due}"
    late = how_long(missed.late_by, language)
    if missed.delivered and commitment.delivered_at is not None:
        delivered = when(commitment.delivered_at, language=language)
        return f"{head}, {_say('delivered', language)} {delivered}, {late} {_say('late', language)}"
    return f"{head}, {_say('not delivered', language)}, {_say('overdue by', language)} {late}"


def render_table(record: IncidentRecord, timeline: Timeline) -> str:
    """The timeline as a table a person reads at a glance."""
    from ..timeline_labels import criticality_name

    zone = record.client.timezone
    lang = record.language
    lines = [
        f"{record.incident.id} · {_cut(record.incident.title, 60)} · "
        f"{criticality_name(record.incident.criticality, lang)}",
        f"{_say('Times in the client' + chr(39) + 's zone', lang)}, {zone}"
        f"{chr(0x202F) if lang == 'fr' else ''}; "
        f"{_say('now', lang)} {when(timeline.now, year=True, language=lang)}",
        "",
    ]
    rows = [
        (
            "",
            f"{_say('When', lang)} ({zone})",
            _say("Stage", lang),
            _say("What", lang),
            _say("Status", lang),
        )
    ]
    for entry in timeline.entries:
        flag = "!" if entry.status in ("missed", "overdue") else ""
        status = _say(entry.status, lang)
        if entry.late_by is not None:
            status += f" ({how_long(entry.late_by, lang)} {_say('late', lang)})"
        rows.append(
            (
                flag,
                when(entry.at, language=lang),
                _say(entry.stage.value, lang) if entry.stage else "-",
                _cut(entry.display_label or entry.label, _LABEL_WIDTH),
                status,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(4)]
        lines.append(f"{cells[0]} {cells[1]}  {cells[2]}  {cells[3]}  {row[4]}".rstrip())
    lines.append("")
    sep = "\u00a0:" if lang == "fr" else ":"
    if timeline.next_stage is None or timeline.next_due is None:
        lines.append(_say("Next: nothing; the closing note has been sent", lang))
    else:
        late = ""
        if timeline.next_due < timeline.now:
            overdue = how_long(timeline.now - timeline.next_due, lang)
            late = f" ({_say('overdue by', lang)} {overdue})"
        due = when(timeline.next_due, language=lang)
        stage = timeline.next_stage.value
        if lang == "fr":
            # « à envoyer » needs no agreement: « excuses à envoyer », never « excuses dû ».
            what = f"{_say(stage + ' to send', lang)} au plus tard le"
        else:
            what = f"{stage} due"
        lines.append(f"{_say('Next', lang)}{sep} {what} {due}{late}")
    missed_title = _say("Missed commitments", lang)
    if timeline.missed:
        lines.append(f"{missed_title} ({len(timeline.missed)}){sep}")
        lines.extend(f"  ! {_missed_line(m, lang)}" for m in timeline.missed)
    else:
        lines.append(f"{missed_title}{sep} {_say('none', lang)}")
    if timeline.last_promise_missed is not None:
        lines.append(
            _say(
                "The last promise was missed: the next message must say so and apologise for it.",
                lang,
            )
        )
    return "\n".join(lines)
