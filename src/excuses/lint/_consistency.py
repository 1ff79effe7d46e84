"""What a message says against what the record says was true when it left.

Phrase rules judge how a message speaks; this check judges whether it tells
the truth, given the incident record and the moment the message is sent:

- ``RECORD-001``: a step of the plan called done that was not done yet;
- ``RECORD-002``: a next-update time other than the one the record says this
  message promised;
- ``RECORD-003``: a deadline or due time already past when the message leaves;
- ``RECORD-004``: an apology for a slip that did not happen (no promise was
  missed since the last message, or not that many).

The text is read as the drafts and most people write these facts: step
descriptions copied from the record, times of day such as ``17 h 00`` or
``5:00 p.m.``, dates such as ``mardi 24 novembre`` or ``November 24``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..record import IncidentRecord, Stage
from ._inputs import Extracted, plain
from ._types import Finding, LintConfig, Severity

_SPACE = r"[\s\u00a0\u202f]+"
_APOSTROPHE = "['\u2019]"
#: A quarter of an hour either way: the drafts round times people read.
_TOLERANCE = timedelta(minutes=15)

_FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_EN_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

_TIME = {
    "fr": re.compile(
        rf"(?<![\w:])(?P<h>[01]?\d|2[0-3]){_SPACE}?h(?:{_SPACE}?(?P<m>[0-5]\d))?(?!\w)"
        r"|\b(?P<noon>midi)\b|\b(?P<midnight>minuit)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?<![\w:])(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?\s*(?P<ap>[ap])\.?m\b\.?"
        r"|\b(?P<noon>noon|midday)\b|\b(?P<midnight>midnight)\b",
        re.IGNORECASE,
    ),
}
_DATE = {
    "fr": re.compile(rf"\b(?P<d>1er|[0-3]?\d){_SPACE}(?P<mon>{'|'.join(_FR_MONTHS)})\b", re.I),
    "en": re.compile(
        rf"\b(?:(?P<mon>{'|'.join(_EN_MONTHS)}){_SPACE}(?P<d>[0-3]?\d)\b"
        rf"|(?P<d2>[0-3]?\d){_SPACE}(?P<mon2>{'|'.join(_EN_MONTHS)})\b)",
        re.I,
    ),
}
_DONE = {
    "fr": re.compile(r"\bFait\b"),
    "en": re.compile(r"\bDone\b"),
}
_LATE_MARK = {
    "fr": re.compile(r"\bEn retard\b", re.I),
    "en": re.compile(r"\bLate\b"),
}
_NEXT_UPDATE = {
    "fr": re.compile(
        rf"prochain point|nous vous écrirons|nous vous ferons un point d{_APOSTROPHE}avancement",
        re.I,
    ),
    "en": re.compile(
        r"next update|we will write to you again|we will send you a progress update", re.I
    ),
}
_ANSWER = {
    "fr": re.compile(r"nous reviendrons vers vous", re.I),
    "en": re.compile(r"we will (?:come back|get back|reply) to you", re.I),
}
_DUE = {
    "fr": re.compile(rf"Échéance{_SPACE}?:", re.I),
    "en": re.compile(r"\bDue\b"),
}
_SLIP = {
    "fr": re.compile(
        rf"nous n{_APOSTROPHE}avons pas tenu (?:cet engagement|le délai|les délais)"
        rf"|vous parvient avec .{{1,40}}? de retard"
        rf"|c{_APOSTROPHE}est la (?P<nth>deuxième|troisième|\w+ième) fois que nous manquons",
        re.I | re.S,
    ),
    "en": re.compile(
        r"we did not keep that promise|we also missed (?:a time|times)"
        r"|reaches you .{1,40}? (?:later than we promised|after the progress update)"
        r"|this is the (?P<nth>second|third|\w+th) time we have missed",
        re.I | re.S,
    ),
}
_ORDINALS = {
    "deuxième": 2,
    "troisième": 3,
    "quatrième": 4,
    "cinquième": 5,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}

# The French texts are written with their typography (no-break spaces, ’): they are
# shown as they are, with no typesetter loaded before a send.
_MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        "done": (
            "Cette étape est dite faite, mais le dossier ne la donne pas pour faite au moment "
            "où le message part.",
            "Donnez son échéance, ou sa nouvelle échéance si elle est en retard.",
        ),
        "next": (
            "L’heure du prochain point n’est pas celle que le dossier dit avoir promise.",
            "Reprenez l’heure promise ({expected}), ou mettez le dossier à jour.",
        ),
        "past": (
            "Cette échéance est déjà passée au moment où le message part.",
            "Dites que l’étape est en retard et donnez sa nouvelle échéance.",
        ),
        "slip": (
            "Le message s’excuse d’un retard que le dossier ne montre pas.",
            "Retirez ces excuses, ou enregistrez l’engagement manqué dans le dossier.",
        ),
    },
    "en": {
        "done": (
            "This step is called done, but the record does not show it done when the message "
            "leaves.",
            "Give its due time, or its new time if it is late.",
        ),
        "next": (
            "The time of the next update is not the one the record says this message promised.",
            "Use the promised time ({expected}), or update the record.",
        ),
        "past": (
            "This deadline has already passed when the message leaves.",
            "Say the step is late and give its new time.",
        ),
        "slip": (
            "The message apologises for a delay the record does not show.",
            "Remove the apology, or record the missed promise.",
        ),
    },
}
_IDS = {"done": "001", "next": "002", "past": "003", "slip": "004"}


def _texts(language: str, key: str, expected: str) -> tuple[str, str]:
    """The message and suggestion of a contradiction, the time the record expects in it."""
    message, suggestion = _MESSAGES[language][key]
    return message, suggestion.format(expected=expected)


#: A message that says what was not true is an error: it must not leave as it is.
_SEVERITY = Severity.ERROR
#: What each rule looks for, for ``excuses explain`` and the rules reference.
_WHAT = {
    "done": "a step of the record's plan that the message calls done (`Fait`, `Done` after "
    "its description) while the record does not show it done when the message leaves",
    "next": "a time of the next update, in an update or an apology, other than the one the "
    "record says this message promised (a quarter of an hour either way is allowed)",
    "past": "a due time, a next-update time or an answer time that is already past when the "
    "message leaves, on a step not marked late",
    "slip": "an apology for a missed promise when the record shows no promise missed since "
    "the last message, or fewer than the message counts",
}
#: A message of a stage that each rule flags, and why, against the shipped example
#: record of its language (``examples/livraison-en-retard.fr.yaml``,
#: ``examples/late-delivery.en.yaml``) when its history sends that stage.
_EXAMPLES: dict[str, dict[str, tuple[str, str, str]]] = {
    "fr": {
        "done": (
            "update",
            "3. Clore votre réclamation et vous confirmer l'avoir par écrit. Fait.",
            "dans le point du 24 novembre : la réclamation n'est close que le 25",
        ),
        "next": (
            "update",
            "Prochain point\u00a0: demain à 17\u00a0h\u00a000.",
            "dans le point du 24 novembre, qui a promis le suivant pour 12\u00a0h\u00a000",
        ),
        "past": (
            "apology",
            "2. Livrer les trois références par coursier à vos deux boutiques. "
            "Échéance\u00a0: lundi 23\u00a0novembre à 12\u00a0h\u00a000.",
            "dans les excuses, parties le 23 novembre après midi",
        ),
        "slip": (
            "apology",
            "Nous n'avons pas tenu cet engagement.",
            "dans les excuses : le dossier ne montre encore aucun engagement manqué",
        ),
    },
    "en": {
        "done": (
            "update",
            "1. Close your claim and confirm the credit note in writing. Done.",
            "in the update of 24 November: the claim is only closed on the 25th",
        ),
        "next": (
            "update",
            "Next update: tomorrow at 5:00 p.m.",
            "in the update of 24 November, which promised the next one by noon",
        ),
        "past": (
            "apology",
            "2. Deliver the three items to both shops by courier. Due Monday 23 November at noon.",
            "in the apology, sent on 23 November in the afternoon",
        ),
        "slip": (
            "apology",
            "We did not keep that promise.",
            "in the apology: the record shows no promise missed yet",
        ),
    },
}


@dataclass(frozen=True)
class RecordRule:
    """One consistency rule, as ``excuses rules``, ``excuses explain`` and the reference show it."""

    id: str
    language: str
    severity: Severity
    #: What it looks for, in English, completing "Finds, in messages written in …,".
    what: str
    message: str
    suggestion: str
    #: A message of ``example_stage`` this rule flags, against the shipped example
    #: record of its language, and the facts of the record that make it wrong.
    example: str
    example_stage: str
    example_situation: str


def record_rules(language: str) -> list[RecordRule]:
    """The consistency rules of a language (``FR-RECORD-001``…), in id order."""
    rules = []
    for key, number in _IDS.items():
        message, suggestion = _texts(language, key, "YYYY-MM-DD HH:MM")
        rules.append(
            RecordRule(
                id=f"{language.upper()}-RECORD-{number}",
                language=language,
                severity=_SEVERITY,
                what=_WHAT[key],
                message=message,
                suggestion=suggestion,
                example=_EXAMPLES[language][key][1],
                example_stage=_EXAMPLES[language][key][0],
                example_situation=_EXAMPLES[language][key][2],
            )
        )
    return rules


@dataclass(frozen=True)
class Contradiction:
    """One statement of a message that the record, at the message's moment, contradicts."""

    key: str
    start: int
    end: int
    expected: str = ""


def rule_ids(language: str) -> list[str]:
    """The consistency rule ids of a language (``FR-RECORD-001``…), for documentation."""
    return [rule.id for rule in record_rules(language)]


def _words(description: str) -> re.Pattern[str]:
    words = [re.escape(w).replace("'", _APOSTROPHE) for w in description.split()]
    return re.compile(_SPACE.join(words), re.IGNORECASE)


def _item_end(text: str, start: int) -> int:
    """Where a listed step's lines end: the next numbered item or blank line."""
    found = re.compile(r"\n(?:\s*\n|\d+\.\s)").search(text, start)
    return found.start() if found else len(text)


def _clock(match: re.Match[str]) -> tuple[int, int]:
    if match.group("noon"):
        return 12, 0
    if match.group("midnight"):
        return 0, 0
    hour = int(match.group("h"))
    minute = int(match.group("m") or 0)
    ap = match.groupdict().get("ap")
    if ap:
        hour = hour % 12 + (12 if ap.lower() == "p" else 0)
    return hour, minute


def _moment_in(window: str, language: str, near: datetime) -> tuple[datetime, int, int] | None:
    """The first time of day in ``window``, on the date written beside it (else ``near``'s)."""
    time = _TIME[language].search(window)
    if time is None:
        return None
    hour, minute = _clock(time)
    day = near.date()
    lowered = window.lower()
    if re.search(r"\bdemain\b|\btomorrow\b", lowered):
        day = day + timedelta(days=1)
    date = _DATE[language].search(window)
    if date is not None:
        months = _FR_MONTHS if language == "fr" else _EN_MONTHS
        number = date.group("d") or date.groupdict().get("d2") or "1"
        name = (date.group("mon") or date.groupdict().get("mon2") or "").lower()
        month = months.index(name) + 1
        year = near.year + (1 if month < near.month - 6 else 0)
        try:
            day = day.replace(year=year, month=month, day=1 if number == "1er" else int(number))
        except ValueError:
            return None
    at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=near.tzinfo)
    return at, time.start(), time.end()


def contradictions(
    text: str, language: str, stage: Stage | str, record: IncidentRecord, moment: datetime
) -> list[Contradiction]:
    """What ``text``, a message of ``stage`` sent at ``moment``, says that the record denies."""
    from ..business_time import in_zone
    from ..deadlines import client_zone

    stage = Stage(getattr(stage, "value", stage))
    now = in_zone(moment, client_zone(record))
    found: list[Contradiction] = []
    found += _steps(text, language, record, now)
    found += _next_update(text, language, stage, record, now)
    found += _answer(text, language, stage, now)
    found += _slips(text, language, stage, record, now)
    return sorted(found, key=lambda c: (c.start, c.key))


def _steps(
    text: str, language: str, record: IncidentRecord, now: datetime
) -> Iterator[Contradiction]:
    for action in record.actions:
        for match in _words(action.description).finditer(text):
            end = _item_end(text, match.end())
            block = text[match.end() : end]
            done = _DONE[language].search(block)
            if done is not None and not action.is_done(now):
                yield Contradiction("done", match.end() + done.start(), match.end() + done.end())
                continue
            due = _DUE[language].search(block)
            if due is None or _LATE_MARK[language].search(block) or done is not None:
                continue
            told = _moment_in(block[due.end() :], language, now)
            if told is not None and told[0] < now - _TOLERANCE:
                offset = match.end() + due.end()
                yield Contradiction("past", offset + told[1], offset + told[2])


def _promised_update(record: IncidentRecord, stage: Stage, now: datetime) -> datetime | None:
    """The next update the record says a message of ``stage`` sent at ``now`` promised."""
    from ..business_time import in_zone
    from ..deadlines import client_zone

    zone = client_zone(record)
    if stage is Stage.UPDATE:
        for update in record.updates:
            if abs(in_zone(update.sent_at, zone) - now) < timedelta(minutes=1):
                return (
                    None if update.next_update_at is None else in_zone(update.next_update_at, zone)
                )
        return None
    if stage is Stage.APOLOGY:
        for commitment in record.commitments:
            due = in_zone(commitment.due, zone)
            if commitment.stage is Stage.APOLOGY and commitment.promise_kind.value == "update":
                # Already due: the record's apology went out earlier and made that promise.
                return due if due > now else None
    return None


def _next_update(
    text: str, language: str, stage: Stage, record: IncidentRecord, now: datetime
) -> Iterator[Contradiction]:
    if stage not in (Stage.UPDATE, Stage.APOLOGY):
        return
    expected = _promised_update(record, stage, now)
    for cue in _NEXT_UPDATE[language].finditer(text):
        window = text[cue.end() : cue.end() + 160]
        told = _moment_in(window, language, now)
        if told is None:
            continue
        at, start, end = told
        if at < now - _TOLERANCE:
            yield Contradiction("past", cue.end() + start, cue.end() + end)
        elif expected is not None and abs(at - expected) > _TOLERANCE:
            shown = expected.strftime("%Y-%m-%d %H:%M")
            yield Contradiction("next", cue.end() + start, cue.end() + end, shown)
        return


def _answer(text: str, language: str, stage: Stage, now: datetime) -> Iterator[Contradiction]:
    if stage is not Stage.ACKNOWLEDGEMENT:
        return
    for cue in _ANSWER[language].finditer(text):
        told = _moment_in(text[cue.end() : cue.end() + 160], language, now)
        if told is not None and told[0] < now - _TOLERANCE:
            yield Contradiction("past", cue.end() + told[1], cue.end() + told[2])


def _slips(
    text: str, language: str, stage: Stage, record: IncidentRecord, now: datetime
) -> Iterator[Contradiction]:
    if stage not in (Stage.APOLOGY, Stage.UPDATE, Stage.CLOSING):
        return
    from ..story import story_at

    named = story_at(record, stage, now).named_here
    for match in _SLIP[language].finditer(text):
        nth = match.group("nth")
        if not named or (nth and _ORDINALS.get(nth.lower()) not in (None, named[-1].number)):
            yield Contradiction("slip", match.start(), match.end())


def consistency_findings(
    extracted: Extracted,
    language: str,
    stage: Stage | str,
    record: IncidentRecord,
    moment: datetime,
    config: LintConfig | None = None,
) -> list[Finding]:
    """:func:`contradictions` as findings, located in the source ``extracted`` came from."""
    from ._suppress import read_markers

    lang = language if language in _MESSAGES else "en"
    text = extracted.text
    markers = read_markers(extracted.source)
    findings = []
    for item in contradictions(text, lang, stage, record, moment):
        rule_id = f"{lang.upper()}-RECORD-{_IDS[item.key]}"
        if config is not None and config.is_disabled(rule_id, "record"):
            continue
        message, suggestion = _texts(lang, item.key, item.expected)
        severity = _SEVERITY
        if config is not None:
            severity = config.severity_of(rule_id, "record", severity)
        start, end = extracted.span(item.start, item.end)
        source = extracted.source
        line = source.count("\n", 0, start) + 1
        column = start - (source.rfind("\n", 0, start) + 1) + 1
        if markers.silences(line, rule_id, "record"):
            continue
        findings.append(
            Finding(
                rule_id=rule_id,
                category="record",
                severity=severity,
                message=message,
                suggestion=suggestion,
                matched=source[start:end],
                start=start,
                end=end,
                line=line,
                column=column,
                part=extracted.part,
            )
        )
    return findings


def draft_findings(draft: Any, config: LintConfig | None = None) -> list[Finding]:
    """The contradictions between a drafted message's text and its record, at its moment."""
    record = getattr(draft, "record", None)
    moment = getattr(draft, "date", None)
    stage = getattr(draft, "stage", None)
    text = getattr(draft, "text", None)
    if not isinstance(record, IncidentRecord) or moment is None or stage is None or not text:
        return []
    return consistency_findings(
        plain(text, "text"), getattr(draft, "language", "en"), stage, record, moment, config
    )


def text_findings(
    source: str | bytes,
    kind: str,
    stage: Stage | str,
    record: IncidentRecord,
    moment: datetime | None = None,
    *,
    language: str | None = None,
    config: LintConfig | None = None,
) -> list[Finding]:
    """The contradictions between a written message (text, Markdown, HTML or .eml) and a record.

    ``moment`` defaults to the moment the record's own history sends ``stage``.
    """
    from ..stages import parse_stage, sending_moment
    from ._inputs import extract, message_parts, parse_message

    chosen = parse_stage(stage)
    at = moment or sending_moment(record, chosen) or record.incident.reported_at
    if kind == "eml":
        parts = message_parts(parse_message(source))
        body = [p for p in parts if p.part not in (None, "subject")]
        if not body:
            return []
        extracted = next((p for p in body if p.part == "text"), body[0])
    else:
        text = source.decode("utf-8-sig") if isinstance(source, bytes) else source
        extracted = extract(text, kind)
    return consistency_findings(extracted, language or record.language, chosen, record, at, config)
