"""What is not our words: quoted client words, ``>`` lines, reply history and signatures.

Findings inside these ranges are dropped, and the stage checks do not count
a date or an apology found there: quoting the client's "petit souci" is not
minimising it, and the date in "Le lun. 23 nov. 2026 à 10:02, X a écrit :" is
not a deadline.
"""

from __future__ import annotations

import re
from functools import cache

from ._compiled import helper

# "Le lun. 23 nov. 2026 à 10:02, Claire Martin <c@x.fr> a écrit :" and
# "On Mon, Nov 23, 2026 at 10:02 AM, Claire <c@x.com> wrote:", possibly
# wrapped over two lines by the mail client; below is the quoted history.
# Read from the start of a line.
_REPLY_LINE = (
    r"[ \t]*(?:le|on)\b[^\n]{0,300}?(?:\n[^\n]{0,200}?)?"
    r"(?:\ba[ \t\u00a0\u202f]+[ée]crit|\bwrote)[ \t\u00a0\u202f]*:[ \t]*$"
    r"|[ \t]*-{2,}[ \t]*(?:original message|message d'origine|message original|"
    r"forwarded message|message transf[ée]r[ée])[ \t]*-{2,}[ \t]*$"
)
_SOURCES = {
    ">": r"(?m)^[ \t]*>[^\n]*",
    "reply": rf"(?im)^(?:{_REPLY_LINE})",
    # Where a reply header may be (see ``reply_start``): a colon ending a line, and what a
    # header's line ends with before that colon.
    "colon at a line end": r"(?m):[ \t]*$",
    "opening": r"(?i)[ \t]*(?:le|on)\b",
    "wrote": r"(?i)(?:\ba[ \t\u00a0\u202f]+[ée]crit|\bwrote)[ \t\u00a0\u202f]*\Z",
    "--": r"(?m)^-- ?$",
    "«": r"«[^«»]{0,600}?»",
    "“": r"“[^“”]{0,600}?”",
    "‹": r"‹[^‹›]{0,300}?›",
    '"': r"(?<![\w\"])\"(?:[^\"\n]|\n(?![ \t]*\n)){1,400}?\"",
}


@cache
def _pattern(name: str) -> re.Pattern[str]:
    """One masking pattern, compiled the first time a text may need it."""
    return helper(_SOURCES[name])


# Cheap substring tests that tell whether a pattern can match at all.
_QUOTE_MARKS = ("«", "“", "‹", '"')


def masked_ranges(text: str) -> list[tuple[int, int]]:
    """Sorted, merged ``(start, end)`` ranges of ``text`` that are not the sender's words."""
    ranges: list[tuple[int, int]] = []
    cut = len(text)
    # A reply header holds one of these (written out, not any() over a tuple: one
    # generator less for every email).
    if (
        "crit" in text
        or "CRIT" in text
        or "wrote" in text
        or "Wrote" in text
        or "WROTE" in text
        or "---" in text
    ):
        reply = reply_start(text)
        if reply is not None:
            cut = reply
    if "--" in text:
        found = _pattern("--").search(text, 0, cut)
        if found is not None:
            cut = found.start()
    if cut < len(text):
        ranges.append((cut, len(text)))
    head = text[:cut]
    if ">" in head:
        ranges.extend(m.span() for m in _pattern(">").finditer(head))
    for mark in _QUOTE_MARKS:
        if mark in head:
            ranges.extend(m.span() for m in _pattern(mark).finditer(head))
    return _merge(ranges)


def reply_start(text: str) -> int | None:
    """Where the first reply header (or forwarded message's) of ``text`` starts, if any:
    where ``_SOURCES["reply"]`` is first found, at the start or after a line break.

    The header's own pattern reaches lazily for up to five hundred characters, and
    trying it costs more than the rest of the masking. A header ends its first or its
    second line with "a écrit :" or "wrote:" (found from the colon that ends the line),
    or is a line of dashes: its start is worked out from there, the pattern's reach
    counted from where it reads "le" or "on".
    """
    found = None
    wrote = _pattern("wrote").search
    opening = _pattern("opening").match
    for colon in _pattern("colon at a line end").finditer(text):
        at = colon.start()
        here = text.rfind("\n", 0, at) + 1
        said = wrote(text, here, at)
        if said is None:
            continue
        if here:
            # Wrapped by the mail client: "le ..." on the line before, at most 300
            # characters from "le" to that line's end, and 200 on this line.
            before = text.rfind("\n", 0, here - 1) + 1
            head = opening(text, before, here)
            if head is not None and here - 1 - head.end() <= 300 and said.start() - here <= 200:
                found = before
                break
        head = opening(text, here, at)
        if head is not None and said.start() - head.end() <= 300:
            found = here
            break
    # A forwarded message's line of dashes, before the header found, if any.
    header = _pattern("reply").match
    at = text.find("--", 0, found)
    while at >= 0:
        here = text.rfind("\n", 0, at) + 1
        if not text[here:at].strip(" \t") and header(text, here) is not None:
            return here
        end = text.find("\n", at)
        at = -1 if end < 0 else text.find("--", end, found)
    return found


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with the masked ranges replaced by NUL characters (same length).

    NUL is neither a word character nor a space, so a pattern can neither
    match inside a masked range nor join the words on each side of it.
    """
    if not ranges:
        return text
    parts: list[str] = []
    last = 0
    for start, end in ranges:
        parts.append(text[last:start])
        parts.append("\x00" * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def overlaps(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` touches any of the sorted ``ranges``."""
    for r_start, r_end in ranges:
        if r_start >= end:
            return False
        if r_end > start:
            return True
    return False
