"""Subject lines: the stage first, then one topic shared by every message of the incident.

A phone shows the first 30 to 40 characters of a subject, so each subject
opens with what the message is ("Progress update:", "Nos excuses, notre
plan :"), followed by the incident's *topic*: its title and reference,
identical in every stage so that a mail client threading by subject, or by
``Thread-Topic``, groups the messages. The topic is shortened (the title
part, at a word, never the reference) so that the longest subject of the
incident stays within :data:`SUBJECT_WIDTH` characters where the reference
leaves room for it.

French puts no capital after a colon: the title's first letter is lowered
when it starts a common word (``Commande n° 4471…`` becomes ``commande
n° 4471…``), never when the word is a name the record spells with a capital
elsewhere (an organisation, a person) or an acronym.
"""

from __future__ import annotations

import re

from .filters import french_spacing
from .record import IncidentRecord

#: RFC 5322's recommended line length, the longest subject a phone or a list shows whole.
SUBJECT_WIDTH = 78

# The longest stage label of each language that goes before the topic: the
# templates' subjects must not use a longer one (a test holds them to it).
LONGEST_LABEL = {"fr": "Point en retard, excuses\u00a0: ", "en": "Late update, apologies: "}

_SHORT_ENDINGS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "for",
        "in",
        "on",
        "at",
        "by",
        "with",
        "or",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "et",
        "en",
        "au",
        "aux",
        "à",
        "un",
        "une",
        "pour",
        "sur",
        "par",
        "avec",
        "ou",
        "d",
        "l",
    ]
)
_ELLIPSIS = "\u2026"


def _shorten(title: str, room: int) -> str:
    """``title`` cut at a word so that it and an ellipsis take at most ``room`` characters."""
    if len(title) <= room:
        return title
    cut = title[: room - 1]
    if title[room - 1] != " " and " " in cut:
        # The last piece is a word cut in the middle: drop it.
        cut = cut.rsplit(" ", 1)[0]
    words = cut.split(" ")
    while len(words) > 1 and words[-1].lower().strip(",;:") in _SHORT_ENDINGS:
        words.pop()
    return " ".join(words).rstrip(" ,;:-\u2013\u2014") + _ELLIPSIS


def _names(record: IncidentRecord) -> set[str]:
    texts = [record.client.organisation, record.client.contact_name, record.sender.organisation]
    texts += [record.sender.name, *(member.name for member in record.team)]
    return {word for text in texts for word in re.findall(r"\w+", text)}


def _lowered(title: str, record: IncidentRecord) -> str:
    first = re.match(r"\w+", title)
    if first is None:
        return title
    word = first.group(0)
    common = word[:1].isupper() and word[1:].islower() and word not in _names(record)
    return title[:1].lower() + title[1:] if common else title


def topic(record: IncidentRecord) -> str:
    """The part every subject of the incident shares: its title (maybe shortened) and reference."""
    incident = record.incident
    title = re.sub(r"[ \t]+", " ", incident.title.strip(" \t"))
    if record.language == "fr":
        title = french_spacing(_lowered(title, record))
    reference = f" ({incident.id})"
    label = LONGEST_LABEL.get(record.language, LONGEST_LABEL["en"])
    room = SUBJECT_WIDTH - len(label) - len(reference)
    # Below a dozen characters a shortened title says nothing: keep it whole.
    if room >= 12:
        title = _shorten(title, room)
    return f"{title}{reference}"
