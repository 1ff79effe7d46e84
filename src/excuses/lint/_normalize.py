"""Text normalisation for matching: NFKC, no invisible characters, no accents, lower case.

The rules match a folded copy of the text: NFKC (a ligature "ﬁ" is "fi", a
full-width letter a letter), without the default-ignorable code points
(zero-width spaces, soft hyphens, bidi marks) that a reader never sees,
Latin letters without their accents, every apostrophe (' ’ ʼ …) as ``'``,
lower case. Spaces (no-break, narrow no-break, line breaks) are left as
they are: a pattern's space stands for ``\\s+``. Folding and lower-casing
keep one character for one character; where NFKC or a removed character
changes the length, an explicit map back to the original offsets is kept.

The folding replaces only the non-ASCII characters the text actually holds,
each with one ``str.replace``: that runs at memory speed, where a
character-by-character table would cost ten times more on a mailbox.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from functools import cache

from .._frozen import Frozen
from ._compiled import helper

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
#: Every ASCII byte: deleted from a text's UTF-8, they leave its other characters whole.
_ASCII_BYTES = bytes(range(128))


def _non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of ``text``.

    In UTF-8 no byte of a multi-byte character is ASCII, so deleting the ASCII bytes
    leaves the others' characters whole: a few C passes over the text, where a regex
    that finds them one by one makes a string and a match of each accented letter.
    ``surrogatepass``: a lone surrogate (a file read with ``surrogateescape``) is kept.
    """
    kept = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return set(kept.decode("utf-8", "surrogatepass"))


def fold(text: str) -> str:
    """``text`` without accents on Latin letters and with one apostrophe (same length)."""
    if text.isascii():
        return text
    return _folded(text, _non_ascii(text))


def _folded(text: str, chars: set[str]) -> str:
    """:func:`fold` of a text whose non-ASCII characters are ``chars``."""
    for char in chars:
        if char in _FOLD:
            text = text.replace(char, _FOLD[char])
    return text


#: The default-ignorable code points of Unicode (DerivedCoreProperties.txt): invisible in
#: a mail reader, so a zero-width space or a soft hyphen inside "as\u200bap" must not hide it.
#: Compiled on first use (see _ignorable): only a text with non-ASCII characters needs it.
_IGNORABLE = (
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


@cache
def _ignorable() -> re.Pattern[str]:
    return helper(_IGNORABLE)


class Normalized(Frozen):
    """The NFKC text, its lower-case matching form, and the way back to the original offsets."""

    __slots__ = ("_anchors", "lowered", "nfc", "original")
    original: str
    #: The folded NFKC text with its case (for names), same length as ``lowered``.
    nfc: str
    lowered: str
    #: (normalised offset, original offset) at each place where the two drift apart.
    _anchors: tuple[tuple[int, int], ...]

    def __init__(
        self, original: str, nfc: str, lowered: str, _anchors: tuple[tuple[int, int], ...] = ()
    ) -> None:
        object.__setattr__(self, "original", original)
        object.__setattr__(self, "nfc", nfc)
        object.__setattr__(self, "lowered", lowered)
        object.__setattr__(self, "_anchors", _anchors)

    def to_original(self, offset: int) -> int:
        """The original offset of a normalised offset (a boundary maps to a boundary).

        Between two anchors the offsets move together, never past the next
        anchor: inside "..." written for one "…", every offset maps to the "…".
        """
        anchors = self._anchors
        if not anchors:
            return offset
        index = bisect_right(anchors, (offset, sys.maxsize)) - 1
        if index < 0:
            return offset
        at, original_at = anchors[index]
        mapped = original_at + (offset - at)
        if index + 1 < len(anchors):
            mapped = min(mapped, anchors[index + 1][1])
        return min(mapped, len(self.original))


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A letter whose lower case is two characters (İ): keep it as it is.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _odd_characters(chars: set[str]) -> str:
    """Those of the distinct non-ASCII characters of a text, ``chars``, that NFKC changes,
    that combine, or that are ignorable.

    A space that NFKC turns into a plain space (no-break, narrow no-break)
    is left: a pattern's space already reads every space.
    """
    known = _ODD
    if len(known) >= _ODD_REMEMBERED:
        known.clear()
    odd = []
    for char in chars:
        is_odd = known.get(char)
        if is_odd is None:
            is_odd = known[char] = _is_odd(char)
        if is_odd:
            odd.append(char)
    return "".join(sorted(odd))


#: Per non-ASCII character met, whether it is odd (:func:`_is_odd`): a mailbox has few.
_ODD: dict[str, bool] = {}
_ODD_REMEMBERED = 10_000


def _is_odd(char: str) -> bool:
    if _ignorable().match(char) or unicodedata.combining(char):
        return True
    changed = unicodedata.normalize("NFKC", char)
    return changed != char and not (changed.isspace() and char.isspace())


def normalize(text: str) -> Normalized:
    """NFKC-normalise, drop invisible characters, fold and lower-case ``text``.

    Offsets into the result map back to ``text`` (see ``Normalized.to_original``).
    Only the characters that need it are rewritten, each run with what it
    combines with, so a text with none of them costs one scan.
    """
    if text.isascii():
        return Normalized(text, text, _lower(text))
    chars = _non_ascii(text)
    odd = _odd_characters(chars)
    if not odd:
        cased = _folded(text, chars)
        return Normalized(text, cased, _lower(cased))
    # A run of such characters, with the character before it when the run opens on a
    # combining mark (so "e" + U+0301 composes to "é"); then NFKC of the run without
    # its invisible characters. Where the lengths differ, an anchor pair maps back.
    odd_class = "".join(f"\\U{ord(c):08x}" for c in odd)
    runs = re.compile(f"[{odd_class}]+")
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = [(0, 0)]
    length = 0
    last = 0
    for match in runs.finditer(text):
        start, end = match.span()
        if start > last and unicodedata.combining(text[start]):
            start -= 1
        if start < last:
            start = last
        pieces.append(text[last:start])
        length += start - last
        chunk = unicodedata.normalize("NFKC", _ignorable().sub("", text[start:end]))
        pieces.append(chunk)
        if len(chunk) != end - start:
            anchors.append((length, start))
            length += len(chunk)
            anchors.append((length, end))
        else:
            length += len(chunk)
        last = end
    pieces.append(text[last:])
    nfc = fold("".join(pieces))
    return Normalized(text, nfc, _lower(nfc), tuple(anchors))
