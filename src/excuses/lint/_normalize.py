"""Text normalisation for matching: NFC, no accents, one apostrophe, lower case, offsets kept.

The rules match a folded copy of the text: NFC, Latin letters without their
accents, every apostrophe (' ’ ʼ …) as ``'``, lower case. Spaces (no-break,
narrow no-break, line breaks) are left as they are: a pattern's space stands
for ``\\s+``. Every step keeps one character for one character, so an
offset in the folded text is one in the NFC text; only when NFC itself
changes the text (decomposed accents) is an explicit map back kept.

The folding replaces only the non-ASCII characters the text actually holds,
each with one ``str.replace``: that runs at memory speed, where a
character-by-character table would cost ten times more on a mailbox.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

#: Every character read as an apostrophe.
APOSTROPHES = "'\u2019\u2018\u02bc\u02b9\u2032\u00b4\u0060\uff07\u201b\u02bb"

# Latin letters with diacritics (U+00C0..U+024F) and their base letters, as
# unicodedata's decomposition gives them; written out to keep the import instant.
_ACCENTED = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆ"
    "ćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐő"
    "ŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛ"
    "ǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯ"
    "ȰȱȲȳ"
)
_BASES = (
    "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaC"
    "cCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOo"
    "RrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuU"
    "uAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOo"
    "OoYy"
)
_FOLD: dict[str, str] = dict(zip(_ACCENTED, _BASES, strict=True))
_FOLD.update(dict.fromkeys(APOSTROPHES[1:], "'"))
# Hyphen-like dashes read as hyphens inside words ("peut‑être").
_FOLD["\u2010"] = _FOLD["\u2011"] = "-"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """``text`` without accents on Latin letters and with one apostrophe (same length)."""
    if text.isascii():
        return text
    for char in set(_NON_ASCII.findall(text)):
        if char in _FOLD:
            text = text.replace(char, _FOLD[char])
    return text


@dataclass(frozen=True)
class Normalized:
    """The NFC text, its lower-case matching form, and the way back to the original offsets."""

    original: str
    #: The folded NFC text with its case (for names), same length as ``lowered``.
    nfc: str
    lowered: str
    #: (normalised offset, original offset) at each place where the two drift apart.
    _anchors: tuple[tuple[int, int], ...] = ()

    def to_original(self, offset: int) -> int:
        """The original offset of a normalised offset (a boundary maps to a boundary)."""
        if not self._anchors:
            return offset
        index = bisect_right(self._anchors, (offset, sys.maxsize)) - 1
        if index < 0:
            return offset
        at, original_at = self._anchors[index]
        return original_at + (offset - at)


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A letter whose lower case is two characters (İ): keep it as it is.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def normalize(text: str) -> Normalized:
    """NFC-normalise, fold and lower-case ``text``, remembering how to map offsets back."""
    if unicodedata.is_normalized("NFC", text):
        cased = fold(text)
        return Normalized(text, cased, _lower(cased))
    # Rare: decomposed input. Normalise each run from one starter to the next
    # so that the map is exact at every starter.
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = [(0, 0)]
    length = 0
    start = 0
    size = len(text)
    while start < size:
        end = start + 1
        while end < size and unicodedata.combining(text[end]):
            end += 1
        chunk = unicodedata.normalize("NFC", text[start:end])
        pieces.append(chunk)
        length += len(chunk)
        if len(chunk) != end - start:
            anchors.append((length, end))
        start = end
    nfc = fold("".join(pieces))
    return Normalized(text, nfc, _lower(nfc), tuple(anchors))
