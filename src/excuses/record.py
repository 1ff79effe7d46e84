"""The incident record: one incident toward one client, the single input of excuses.

The classes here are plain frozen dataclasses. Each field's ``metadata``
carries the documentation (``doc``) and an example (``example``) that the
loader's messages, the JSON Schema (``excuses schema``) and the reference in
``docs/`` are generated from, so the three never disagree. The loader's
messages about a French record describe the fields in French, from
:mod:`excuses.record_messages.fr_fields`, which a test keeps in step with these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal


def _meta(doc: str, example: Any = None, fmt: str | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"doc": doc}
    if example is not None:
        meta["example"] = example
    if fmt is not None:
        meta["format"] = fmt
    return meta


def _f(doc: str, example: Any = None, fmt: str | None = None) -> Any:
    """A required field with its documentation."""
    return field(metadata=_meta(doc, example, fmt))


def _opt(doc: str, default: Any = None, example: Any = None, fmt: str | None = None) -> Any:
    """An optional field with its documentation."""
    if isinstance(default, (list, tuple)):
        return field(default=tuple(default), metadata=_meta(doc, example, fmt))
    return field(default=default, metadata=_meta(doc, example, fmt))


_MODULE_READY = False


class _Record:
    """A part of the incident record: checked when built in Python, as the loader checks a file.

    A wrong value raises :class:`~excuses.errors.RecordError` with the
    loader's own message; a value the loader would have normalised (a list
    for a tuple, ``"critical"`` for :attr:`Criticality.CRITICAL`, ``"fr"``
    for ``"FR"``) is normalised the same way.
    """

    def __post_init__(self) -> None:
        if not _MODULE_READY:
            return  # a default value built while this module loads (``PolicyOverrides()``)
        from ._convert import validate

        validate(self)


def summary_of(cls: type) -> str:
    """A record class's own docstring, without the field list :func:`help` shows after it."""
    return (cls.__doc__ or "").split("\n\nFields:\n")[0].strip()


def _documented(cls: type[Any]) -> type[Any]:
    """``cls`` with its fields and their descriptions appended to its docstring, for ``help()``."""
    from dataclasses import MISSING, fields

    lines = []
    for f in fields(cls):
        if f.metadata.get("internal"):
            continue
        optional = f.default is not MISSING or f.default_factory is not MISSING
        kind = " (optional)" if optional else ""
        lines.append(f"    {f.name}{kind}: {f.metadata.get('doc', '')}")
    cls.__doc__ = f"{(cls.__doc__ or '').rstrip()}\n\nFields:\n\n" + "\n".join(lines) + "\n"
    return cls


Language = Literal["fr", "en"]
LANGUAGES: tuple[str, ...] = ("fr", "en")


class Criticality(StrEnum):
    """How badly the incident hurts the client; sets the deadline and update cadence."""

    ANNOYING = "annoying"
    IMPORTANT = "important"
    CRITICAL = "critical"


class FoundBy(StrEnum):
    """Who noticed the incident first: the client, or us before the client did."""

    CLIENT = "client"
    US = "us"


class Stage(StrEnum):
    """The messages of an incident, in the order they are sent."""

    ACKNOWLEDGEMENT = "acknowledgement"
    APOLOGY = "apology"
    UPDATE = "update"
    CLOSING = "closing"
    DEBRIEF = "debrief"


class PromiseKind(StrEnum):
    """What keeps a promise: our next message (the answer, the next update), or something else."""

    ANSWER = "answer"
    UPDATE = "update"
    OTHER = "other"


class GestureKind(StrEnum):
    """The kind of goodwill gesture offered in the closing note."""

    DISCOUNT = "discount"
    CREDIT = "credit"
    REFUND = "refund"
    FREE_SERVICE = "free-service"
    PRIORITY_HANDLING = "priority-handling"
    OTHER = "other"


class SenderGender(StrEnum):
    """The grammatical gender French agrees with when the sender speaks of themself."""

    FEMININE = "feminine"
    MASCULINE = "masculine"
    NEUTRAL = "neutral"


class TimeBasis(StrEnum):
    """Whether a delay counts every hour of the clock or only the client's business hours."""

    CLOCK = "clock"
    BUSINESS = "business"


class SpanUnit(StrEnum):
    """Units of a :class:`Span`."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    BUSINESS_HOURS = "business-hours"
    BUSINESS_DAYS = "business-days"
    END_OF_BUSINESS_DAY = "end-of-business-day"


_SPAN_RE = re.compile(
    r"^\s*(?:(?P<eod>end[ -]of[ -](?:the[ -])?business[ -]day)|"
    r"(?P<amount>\d+)\s*(?P<unit>min|mins|minutes?|h|hours?|d|days?|"
    r"business[ -]hours?|business[ -]days?))\s*$",
    re.IGNORECASE,
)

_UNIT_WORDS: dict[str, SpanUnit] = {
    "min": SpanUnit.MINUTES,
    "mins": SpanUnit.MINUTES,
    "minute": SpanUnit.MINUTES,
    "minutes": SpanUnit.MINUTES,
    "h": SpanUnit.HOURS,
    "hour": SpanUnit.HOURS,
    "hours": SpanUnit.HOURS,
    "d": SpanUnit.DAYS,
    "day": SpanUnit.DAYS,
    "days": SpanUnit.DAYS,
    "business-hour": SpanUnit.BUSINESS_HOURS,
    "business-hours": SpanUnit.BUSINESS_HOURS,
    "business-day": SpanUnit.BUSINESS_DAYS,
    "business-days": SpanUnit.BUSINESS_DAYS,
}


class SpanTooLong(ValueError):
    """A delay longer than a year (in business time: 260 days or 2,000 hours)."""

    def __init__(self, longest: Span) -> None:
        super().__init__(f"expected a delay of at most a year, so at most `{longest}`")
        #: The longest delay of the same unit.
        self.longest = longest


# A year in each unit: no promise to a client is further away, and none of the date
# arithmetic on a record's dates can then leave the calendar.
_LONGEST: dict[SpanUnit, int] = {
    SpanUnit.MINUTES: 366 * 24 * 60,
    SpanUnit.HOURS: 366 * 24,
    SpanUnit.DAYS: 366,
    SpanUnit.BUSINESS_HOURS: 2000,
    SpanUnit.BUSINESS_DAYS: 260,
    SpanUnit.END_OF_BUSINESS_DAY: 0,
}


@dataclass(frozen=True)
class Span:
    """A delay such as ``1h``, ``90 minutes``, ``3 business days`` or ``end of business day``."""

    amount: int
    unit: SpanUnit

    #: The pattern a span is written in, shown in error messages and the schema.
    PATTERN = _SPAN_RE.pattern

    @classmethod
    def parse(cls, text: str) -> Span:
        """Read a span from its written form; raise ``ValueError`` when it is not one."""
        match = _SPAN_RE.match(text)
        if match is None:
            raise ValueError(text)
        if match.group("eod"):
            return cls(0, SpanUnit.END_OF_BUSINESS_DAY)
        unit_word = re.sub(r"[ ]+", "-", match.group("unit").lower())
        unit = _UNIT_WORDS[unit_word]
        digits = match.group("amount").lstrip("0") or "0"
        if len(digits) > 7 or int(digits) > _LONGEST[unit]:
            raise SpanTooLong(cls(_LONGEST[unit], unit))
        return cls(int(digits), unit)

    def __str__(self) -> str:
        if self.unit is SpanUnit.END_OF_BUSINESS_DAY:
            return "end of business day"
        words = self.unit.value.replace("-", " ")
        return f"{self.amount} {words[:-1] if self.amount == 1 else words}"


@_documented
@dataclass(frozen=True)
class Client(_Record):
    """The client organisation and the person we write to."""

    organisation: str = _f("The client's organisation.", "Boulangeries Martin")
    contact_name: str = _f("The name used to greet the contact.", "Mme Martin")
    email: str = _f("The contact's email address.", "claire.martin@example.fr", "email")
    country: str = _f(
        "ISO 3166-1 alpha-2 country code: its public holidays and business days count, "
        "and it sets how English dates are written (Monday 23 November in GB).",
        "FR",
        "country",
    )
    timezone: str = _f(
        "IANA time zone of the client; every time in the messages is written in it.",
        "Europe/Paris",
        "timezone",
    )
    subdivision: str | None = _opt(
        "Region, state or province code whose own public holidays also count.", None, "ENG"
    )
    locale: str | None = _opt(
        "How the client writes, as a BCP 47 tag in the record's language (`en-US`, `en-GB`, "
        "`fr-CA`): dates, amounts and English spelling. Default: from the language and country.",
        None,
        "fr-FR",
        "locale",
    )
    cc: tuple[str, ...] = _opt(
        "Others at the client who get a copy of every client message (the contact's manager), "
        "as `Name <address>` or an address. Never copied on the internal debrief.",
        (),
        ["Paul Vasseur <paul.vasseur@maison-vasseur.example>"],
        "mailbox",
    )
    bcc: tuple[str, ...] = _opt(
        "Addresses at the client that get a blind copy of every client message.",
        (),
        ["achats@maison-vasseur.example"],
        "mailbox",
    )


@_documented
@dataclass(frozen=True)
class Sender(_Record):
    """Who signs the messages, speaking for the team."""

    name: str = _f("Full name of the sender.", "Jérôme Labastie")
    role: str = _f("The sender's role, shown under the name.", "Responsable logistique")
    organisation: str = _f("The sender's organisation.", "Onirio Distribution")
    email: str = _f(
        "The sender's email address (the From header).", "j.labastie@example.com", "email"
    )
    signature: str | None = _opt(
        "Extra signature lines (phone, address) placed under the name.", None, "01 23 45 67 89"
    )
    gender: SenderGender | None = _opt(
        'The sender\'s grammatical gender in French: `feminine` ("votre interlocutrice"), '
        '`masculine` ("votre interlocuteur"), or `neutral`, the default: a wording that '
        "needs no agreement.",
        None,
        "feminine",
    )
    timezone: str | None = _opt(
        "IANA time zone of the sender, when it differs from the client's: the `Date` of every "
        "message is written in it (default: the client's zone).",
        None,
        "Europe/Paris",
        "timezone",
    )
    cc: tuple[str, ...] = _opt(
        "Colleagues copied on every message (the account manager), as `Name <address>` or an "
        "address.",
        (),
        ["Nadia Haddad <n.haddad@onirio.example>"],
        "mailbox",
    )
    bcc: tuple[str, ...] = _opt(
        "Our addresses that get a blind copy of every message (an archive mailbox).",
        (),
        ["archives@onirio.example"],
        "mailbox",
    )
    reply_to: str | None = _opt(
        "Where the client's replies should go (a support address), when not to the sender.",
        None,
        "Service client <service.client@onirio.example>",
        "mailbox",
    )


@_documented
@dataclass(frozen=True)
class TeamMember(_Record):
    """A colleague who may be named as the owner of a fix (never as its cause)."""

    name: str = _f("Full name.", "Cyril Dubois")
    role: str | None = _opt("Role in the team.", None, "Préparateur de commandes")
    email: str | None = _opt("Email address.", None, fmt="email")


@_documented
@dataclass(frozen=True)
class Incident(_Record):
    """What went wrong, who noticed, and how much it hurts."""

    id: str = _f("A reference for the incident, quoted in subjects and logs.", "INC-2026-0142")
    title: str = _f("A short, factual title.", "Livraison incomplète et en retard")
    found_by: FoundBy = _f("Who noticed first: `client` or `us`.", "client")
    reported_at: datetime = _f(
        "When the client reported it, or when we found it.", "2026-11-23T10:02", "date-time"
    )
    channel: str = _f("How it reached us: email, phone, monitoring…", "phone")
    criticality: Criticality = _f(
        "`annoying`, `important` or `critical`: sets the deadline and cadence.", "important"
    )
    what_happened: str = _f(
        "The facts, without excuses.", "La commande a été livrée avec une semaine de retard."
    )
    impact: str = _f(
        "What it means for the client.",
        "Deux points de vente n'ont pas pu vendre de viennoiseries.",
    )
    symptoms: tuple[str, ...] = _opt("Symptoms known so far.", (), ["Trois références manquantes"])
    questions: tuple[str, ...] = _opt(
        "Questions to ask the client; sensible defaults are used when empty.",
        (),
        ["Depuis quand constatez-vous le problème ?"],
    )
    already_tried: tuple[str, ...] = _opt(
        "What the client already did about it (a claim, a call).",
        (),
        ["Une réclamation ouverte auprès du service client le 18 novembre"],
    )
    client_words: str | None = _opt(
        "The client's own words, quoted as they said them.", None, "Il manque la moitié !"
    )
    known_facts: tuple[str, ...] = _opt(
        "What we already know, when we found it ourselves.", (), ["Seules les factures de novembre"]
    )
    message_id: str | None = _opt(
        "The Message-ID of the client's email that reported it: our messages reply to it, "
        "so they join the client's own thread.",
        None,
        "<CAF3x9Q@mail.example.fr>",
        "message-id",
    )
    broken_promise: bool = _opt(
        "Whether the incident is itself a promise we did not keep (a delivery a week late): "
        "the first commitment missed afterwards is then the second slip, and said so.",
        False,
    )
    internal_summary: str | None = _opt(
        "What happened, told to the team: the client in the third person. The internal "
        "debrief uses it; without it, the debrief quotes what the client was told.",
        None,
        "La commande de Maison Vasseur a été livrée avec une semaine de retard.",
    )


@_documented
@dataclass(frozen=True)
class Action(_Record):
    """One step of the action plan, with the person or role who will do it."""

    description: str = _f("What will be done.", "Livrer les trois références manquantes")
    owner: str = _f("The person or role who will do it.", "Cyril Dubois")
    due: datetime = _f("When it will be done.", "2026-11-24T12:00", "date-time")
    done_at: datetime | None = _opt(
        "When it was done; a draft sent before that moment shows it as still to do.",
        None,
        "2026-11-24T11:40",
        "date-time",
    )
    done: bool = _opt(
        "Done at a time nobody recorded (older records): drafts call it done, and say the "
        "time is unknown. Prefer `done_at`.",
        False,
    )
    new_due: datetime | None = _opt(
        "The new time announced once `due` was missed; drafts after `due` give it.",
        None,
        "2026-11-24T16:30",
        "date-time",
    )

    def is_done(self, moment: datetime) -> bool:
        """Whether the step was done at ``moment`` (a step done at an unknown time always is)."""
        if self.done_at is not None:
            return self.done_at <= moment
        return self.done


@_documented
@dataclass(frozen=True)
class Update(_Record):
    """A progress update that was sent to the client, its lists as they stood when it left."""

    sent_at: datetime = _f("When the update was sent.", "2026-11-24T10:00", "date-time")
    done: tuple[str, ...] = _opt(
        "What was done when it was sent.", (), ["Références manquantes livrées"]
    )
    in_progress: tuple[str, ...] = _opt(
        "What was under way when it was sent.", (), ["Avoir en préparation"]
    )
    blocked: tuple[str, ...] = _opt("What was blocked when it was sent, and on what.", ())
    estimated_recovery: datetime | None = _opt(
        "The estimated return to normal.", None, "2026-11-25T18:00", "date-time"
    )
    next_update_at: datetime | None = _opt(
        "When the next update was promised.", None, "2026-11-25T10:00", "date-time"
    )


@_documented
@dataclass(frozen=True)
class Commitment(_Record):
    """A promise made to the client, kept or not."""

    promise: str = _f("What was promised.", "Vous rappeler avec un plan d'action")
    due: datetime = _f("By when it was promised.", "2026-11-23T17:00", "date-time")
    delivered_at: datetime | None = _opt(
        "When it was actually delivered; empty while it is not.",
        None,
        "2026-11-23T16:40",
        "date-time",
    )
    stage: Stage | None = _opt("The message that made the promise.", None, "acknowledgement")
    kind: PromiseKind | None = _opt(
        "`answer` (our answer with the plan), `update` (the next progress update) or "
        "`other` (a delivery, a callback…); by default `answer` for a promise the "
        "acknowledgement made, else `other`. Record the next-update promise of every "
        "message you send as an `update` commitment.",
        None,
        "update",
    )

    @property
    def promise_kind(self) -> PromiseKind:
        """The promise's kind, the default filled in."""
        if self.kind is not None:
            return self.kind
        if self.stage is Stage.ACKNOWLEDGEMENT:
            return PromiseKind.ANSWER
        return PromiseKind.OTHER


@_documented
@dataclass(frozen=True)
class Measure(_Record):
    """A corrective measure so that it does not happen again."""

    description: str = _f("The measure.", "Contrôle du bon de préparation avant expédition")
    due: datetime = _f("When it is (or will be) in place.", "2026-12-01T09:00", "date-time")
    owner: str | None = _opt("Who owns it.", None, "Responsable logistique")
    done_at: datetime | None = _opt(
        "When it was put in place.", None, "2026-11-30T09:00", "date-time"
    )
    done: bool = _opt(
        "In place since a time nobody recorded (older records). Prefer `done_at`.", False
    )

    def is_done(self, moment: datetime) -> bool:
        """Whether the measure was in place at ``moment``."""
        if self.done_at is not None:
            return self.done_at <= moment
        return self.done


@_documented
@dataclass(frozen=True)
class Gesture(_Record):
    """The goodwill gesture offered in the closing note."""

    kind: GestureKind = _f("The kind of gesture.", "discount")
    description: str = _f("The gesture, in a sentence.", "un avoir sur votre prochaine commande")
    amount: Decimal | None = _opt("Amount, when the gesture has one.", None, "150.00")
    currency: str | None = _opt("ISO 4217 currency code of the amount.", None, "EUR", "currency")


@_documented
@dataclass(frozen=True)
class Resolution(_Record):
    """How the incident ended, why it happened, and what changes."""

    resolved_at: datetime = _f("When it was resolved.", "2026-11-25T15:00", "date-time")
    summary: str = _f(
        "What happened and what was done.", "Les références manquantes ont été livrées."
    )
    root_cause: str = _f(
        "Why it happened, as a process failure (never a person).",
        "Le bon de préparation n'était pas comparé à la commande.",
    )
    detection_gap: str = _f(
        "Why nobody caught it before the client did.",
        "Aucun contrôle n'avait lieu entre la préparation et l'expédition.",
    )
    measures: tuple[Measure, ...] = _opt(
        "Corrective measures, with dates; the closing note needs at least one.", ()
    )
    gesture: Gesture | None = _opt("The goodwill gesture.", None)
    client_satisfied: bool | None = _opt(
        "Whether the client confirmed the solution suits them.", None
    )


@_documented
@dataclass(frozen=True)
class PolicyOverrides(_Record):
    """Changes to the default deadline and cadence policy for this incident."""

    answer_by: datetime | None = _opt(
        "An explicit deadline for our first answer, instead of the computed one.",
        None,
        "2026-11-23T17:00",
        "date-time",
    )
    answer_within: Span | None = _opt(
        "How soon we answer first: `1h`, `end of business day`, `3 business days`…", None, "2h"
    )
    update_every: Span | None = _opt(
        "How often we update the client: `2h`, `1 business day`…", None, "1 business day"
    )
    time_basis: TimeBasis | None = _opt(
        "`clock` or `business`: whether delays count nights and weekends.", None, "business"
    )
    business_hours: str | None = _opt(
        "The client's business hours, as `HH:MM-HH:MM`.", None, "08:30-17:30", "hours"
    )
    working_days: tuple[str, ...] | None = _opt(
        "The client's working days, as `mon`…`sun`.",
        None,
        ["mon", "tue", "wed", "thu", "fri"],
        "weekday",
    )


@_documented
@dataclass(frozen=True)
class IncidentRecord(_Record):
    """One incident toward one client: everything excuses drafts and checks from."""

    language: Language = _f("`fr` or `en`: the language of every message.", "fr")
    client: Client = _f("The client.")
    sender: Sender = _f("Who signs.")
    incident: Incident = _f("What went wrong.")
    team: tuple[TeamMember, ...] = _opt("Colleagues who may be named as owners of fixes.", ())
    team_email: str | None = _opt(
        "The team's shared address: the internal debrief goes there, and to every team "
        "member with an email.",
        None,
        "preparation@onirio.example",
        "email",
    )
    actions: tuple[Action, ...] = _opt("The action plan.", ())
    updates: tuple[Update, ...] = _opt("Progress updates already sent, oldest first.", ())
    commitments: tuple[Commitment, ...] = _opt("Promises made to the client.", ())
    resolution: Resolution | None = _opt("How it ended, once it has.", None)
    policy: PolicyOverrides = _opt(
        "Overrides of the deadline and cadence policy.", PolicyOverrides()
    )
    #: Line numbers of each field path in the file it was loaded from (not a field of the record).
    source: SourceMap | None = field(
        default=None, compare=False, repr=False, metadata={"internal": True}
    )

    def __post_init__(self) -> None:
        if not _MODULE_READY:
            return
        from zoneinfo import ZoneInfo

        from ._convert import in_zone, validate

        if not validate(self):
            return
        # Date-times written without a time zone are the client's, as in a record file.
        zone = ZoneInfo(self.client.timezone)
        for name in ("incident", "actions", "updates", "commitments", "resolution", "policy"):
            value = getattr(self, name)
            placed = in_zone(value, zone)
            if placed is not value:
                object.__setattr__(self, name, placed)


@dataclass(frozen=True)
class SourceMap:
    """Where each field of a loaded record stands in its file, for located messages."""

    filename: str | None
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, path: str) -> int | None:
        """The line of ``path`` (like ``actions[2].due``), or of its closest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


_MODULE_READY = True
