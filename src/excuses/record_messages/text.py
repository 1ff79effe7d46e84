"""Text helpers the catalogues share (and the converter, for field paths)."""

from __future__ import annotations

import re

# Control characters (but tab and line breaks) and lone surrogates: never printable,
# never valid in an email, and an escape sequence could retitle or repaint a terminal.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every control character and lone surrogate written as an escape."""
    return UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)
