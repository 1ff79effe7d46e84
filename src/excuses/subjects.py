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
from functools import lru_cache

from .record import IncidentRecord
from .typography import french_spacing

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


# A batch drafts one incident for thousands of clients: its title is cut and shaped once.
@lru_cache(maxsize=1024)
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


def _is_name(word: str, record: IncidentRecord) -> bool:
    """Whether ``word`` is a whole word of a name the record spells (an organisation, a person)."""
    texts = (
        record.client.organisation,
        record.client.contact_name,
        record.sender.organisation,
        record.sender.name,
        *(member.name for member in record.team),
    )
    # The substring test settles nearly every name without splitting it into words.
    return any(word in text and word in re.findall(r"\w+", text) for text in texts)


@lru_cache(maxsize=1024)
def _shaped(title: str, language: str) -> tuple[str, str, str | None]:
    """The title with its blanks tidied, as written and with its first letter lowered (both
    typeset in French), and the first word when lowering it depends on the record's names.

    French puts no capital after a colon, but a name keeps its own.
    """
    title = re.sub(r"[ \t]+", " ", title.strip(" \t"))
    if language != "fr":
        return title, title, None
    first = re.match(r"\w+", title)
    word = first.group(0) if first is not None else ""
    if not (word[:1].isupper() and word[1:].islower()):
        kept = french_spacing(title)
        return kept, kept, None
    return french_spacing(title), french_spacing(title[:1].lower() + title[1:]), word


def topic(record: IncidentRecord) -> str:
    """The part every subject of the incident shares: its title (maybe shortened) and reference."""
    incident = record.incident
    kept, lowered, word = _shaped(incident.title, record.language)
    title = kept if word is not None and _is_name(word, record) else lowered
    reference = f" ({incident.id})"
    label = LONGEST_LABEL.get(record.language, LONGEST_LABEL["en"])
    room = SUBJECT_WIDTH - len(label) - len(reference)
    # Below a dozen characters a shortened title says nothing: keep it whole.
    if room >= 12:
        title = _shorten(title, room)
    return f"{title}{reference}"
