"""Text normalisation for matching: NFC, one apostrophe, one space, no accents, with an offset map.

Matching runs on a folded copy of the text in which every apostrophe-like
character is ``'``, every Unicode space (no-break, narrow no-break, line
breaks) is a plain space and accented Latin letters lose their accents. The
folding keeps one character for one character, so an offset in the folded
text is an offset in the NFC text; only when NFC itself changes the text
(decomposed accents) is an explicit map back to the original kept.
"""

from __future__ import annotations

import sys
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

APOSTROPHES = "'\u2019\u2018\u02bc\u02b9\u2032\u00b4\u0060\uff07\u201b\u02bb\u055a"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for char in APOSTROPHES:
        table[ord(char)] = "'"
    for code in range(0x80, 0x3000 + 1):
        char = chr(code)
        if char.isspace():
            table[code] = " "
    for code in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F):
        table[code] = " "
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            table[code] = base
    # Hyphen-like dashes read as hyphens inside words ("peut-être", "e‑mail").
    for char in "\u2010\u2011":
        table[ord(char)] = "-"
    return table


_TABLE = _build_table()


def fold(text: str) -> str:
    """The matching form of an NFC text, of the same length."""
    return text.translate(_TABLE)


@dataclass(frozen=True)
class Normalized:
    """A folded text and the way back from its offsets to the original's."""

    original: str
    #: The NFC text: same length as ``folded``, with its line breaks and quotes.
    nfc: str
    folded: str
    #: (folded offset, original offset) at each place where the two drift apart.
    _anchors: tuple[tuple[int, int], ...] = ()

    def to_original(self, offset: int) -> int:
        """The original offset of a folded offset (a boundary maps to a boundary)."""
        if not self._anchors:
            return offset
        index = bisect_right(self._anchors, (offset, sys.maxsize)) - 1
        if index < 0:
            return offset
        folded_at, original_at = self._anchors[index]
        return original_at + (offset - folded_at)


def normalize(text: str) -> Normalized:
    """NFC-normalise and fold ``text``, remembering how to map offsets back."""
    if unicodedata.is_normalized("NFC", text):
        return Normalized(text, text, fold(text))
    # Rare: decomposed input. Normalise each maximal run from one starter to
    # the next so the map is exact at every starter boundary.
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = []
    folded_len = 0
    start = 0
    length = len(text)
    while start < length:
        end = start + 1
        while end < length and unicodedata.combining(text[end]):
            end += 1
        chunk = unicodedata.normalize("NFC", text[start:end])
        if len(chunk) != end - start or not anchors:
            anchors.append((folded_len, start))
        pieces.append(chunk)
        folded_len += len(chunk)
        if len(chunk) != end - start:
            anchors.append((folded_len, end))
        start = end
    nfc = "".join(pieces)
    return Normalized(text, nfc, fold(nfc), tuple(anchors))
