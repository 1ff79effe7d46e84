"""One email thread per incident: stable Message-IDs, ``In-Reply-To``, ``References``, the topic.

Every message of an incident is named by what it is, not by chance: its
``Message-ID`` is built from the incident id, the stage (and, for a progress
update, its number), a sequence and the sender's domain, so that drafting the
same message again gives it the same identity, and a retry is recognisable
as the same message by the mailboxes that already hold it::

    <INC-2026-0142.acknowledgement.1@onirio.example>
    <INC-2026-0142.update-2.1@onirio.example>        the second progress update
    <INC-2026-0142.apology.2@onirio.example>         an apology sent again on purpose

Each later message replies to the one before it: ``In-Reply-To`` names the
last message of the incident, ``References`` the whole chain from the first
(the client's own report when the record holds its ``Message-ID``), as RFC
5322 section 3.6.4 asks, trimmed as mail clients trim it when it grows long:
the first identifier (the root of the thread) and the most recent ones.
Drafts take the chain from the record's history; ``excuses send`` takes it
from the sent-log, which knows what actually left.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache

from .business_time import in_zone
from .record import IncidentRecord, Stage
from .subjects import topic

#: At most this many identifiers in ``References``: the root and the most recent ones.
MAX_REFERENCES = 20

#: The client-facing stages in the order the client receives them; the debrief comes last.
_ORDER: tuple[Stage, ...] = (
    Stage.ACKNOWLEDGEMENT,
    Stage.APOLOGY,
    Stage.UPDATE,
    Stage.CLOSING,
    Stage.DEBRIEF,
)

# What a Message-ID's left part keeps as written: the characters every mail client reads back
# unchanged. Anything else becomes "-" and a short digest keeps distinct ids distinct.
_PLAIN = re.compile(r"[A-Za-z0-9_-]+")
_OTHER = re.compile(r"[^A-Za-z0-9_-]+")
_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$")


def message_id(
    incident_id: str,
    stage: Stage,
    sender_email: str,
    *,
    number: int | None = None,
    sequence: int = 1,
) -> str:
    """The ``Message-ID`` of one message of an incident, the same each time it is drafted.

    ``number`` is the progress update's number (1 for the first); ``sequence``
    counts the deliberate sends of that same message (2 when it is sent again).
    """
    token = stage.value if number is None else f"{stage.value}-{number}"
    return f"<{_left_part(incident_id)}.{token}.{sequence}@{_domain(sender_email)}>"


def resequenced(message_id: str, sequence: int) -> str:
    """A ready message's ``Message-ID`` for its ``sequence``-th deliberate send."""
    left, _, right = message_id.strip().strip("<>").rpartition("@")
    found = re.fullmatch(r"(.*)\.(\d+)", left)
    base = found.group(1) if found else left
    return f"<{base}.{sequence}@{right}>"


def update_number(record: IncidentRecord, now: datetime) -> int:
    """The number of the progress update drafted at ``now``: the record's updates sent by then."""
    return max(_sent(record, now), 1)


def record_chain(record: IncidentRecord, stage: Stage, now: datetime) -> tuple[str, ...]:
    """The Message-IDs of the messages the record shows went out before ``stage`` at ``now``.

    The client's report comes first when the record holds its ``Message-ID``;
    then the stages before this one, and every progress update sent before it.
    """
    sender = record.sender.email
    incident_id = record.incident.id
    chain: list[str] = []
    if record.incident.message_id:
        chain.append(record.incident.message_id)
    for earlier in _ORDER[: _ORDER.index(stage) + 1]:
        if earlier is Stage.UPDATE:
            # The updates before this one: those sent by now, less this one when it is one.
            count = update_number(record, now) - 1 if stage is Stage.UPDATE else _sent(record, now)
            chain += [
                message_id(incident_id, Stage.UPDATE, sender, number=n) for n in range(1, count + 1)
            ]
        elif earlier is not stage:
            chain.append(message_id(incident_id, earlier, sender))
    return tuple(chain)


def references(chain: Iterable[str]) -> tuple[str, ...]:
    """``chain`` without repeats, trimmed to the root and the most recent identifiers."""
    unique = tuple(dict.fromkeys(i for i in chain if i))
    if len(unique) <= MAX_REFERENCES:
        return unique
    return (unique[0], *unique[-(MAX_REFERENCES - 1) :])


def thread_topic(record: IncidentRecord) -> str:
    """The part every subject of the incident shares, for ``Thread-Topic`` (Outlook)."""
    return topic(record)


def header_list(ids: Sequence[str]) -> str:
    """Identifiers as one ``References`` header value."""
    return " ".join(ids)


def _sent(record: IncidentRecord, now: datetime) -> int:
    zone = now.tzinfo
    return sum(1 for u in record.updates if zone is None or in_zone(u.sent_at, zone) <= now)


# A draft names up to five messages of its incident (itself and the ones it replies to), each
# from the same incident id and sender address: both are worked out once, not once per name.
@lru_cache(maxsize=1024)
def _left_part(incident_id: str) -> str:
    text = incident_id.strip()
    if _PLAIN.fullmatch(text):
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    slug = _OTHER.sub("-", text).strip("-")
    return f"{slug}-{digest}" if slug else digest


@lru_cache(maxsize=1024)
def _domain(address: str) -> str:
    domain = address.rpartition("@")[2].strip().rstrip(".")
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            domain = ""
    return domain if _DOMAIN.match(domain) else "localhost"
