"""Consoles that cannot write every character (a Windows code page such as cp1252).

A message in French holds narrow no-break spaces and « »; a report holds "→".
Where the console's encoding has no such character, it is replaced rather
than ending the command with ``UnicodeEncodeError`` (which would exit with a
status that reads as "findings").
"""

from __future__ import annotations

import sys
from contextlib import suppress

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


def is_utf8(stream: TextIO) -> bool:
    """Whether ``stream`` writes UTF-8, so that any character goes through as it is."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    return encoding in ("utf-8", "utf8", "utf-8-sig")


def tolerate_narrow_consoles() -> None:
    """Let standard output and error replace the characters their encoding lacks."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or is_utf8(stream) or getattr(stream, "errors", None) != "strict":
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with suppress(ValueError, OSError):
                reconfigure(errors="replace")


def error_label(exc: BaseException) -> str:
    """``error:``, or ``erreur :`` before the problems of a French record."""
    language = getattr(exc, "language", "en")
    if language == "en":
        return "error:"
    from ..record_messages import catalogue

    return catalogue(language).error_label()


def warning_label(language: str) -> str:
    """``warning:``, or ``avertissement :`` before a warning about a French record."""
    return "avertissement\u00a0:" if language == "fr" else "warning:"


def colon(language: str) -> str:
    """The colon after a label: French puts a no-break space before it."""
    return "\u00a0:" if language == "fr" else ":"
