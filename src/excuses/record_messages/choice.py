"""Which catalogue speaks about a record: its language, else the caller's, the file's, the env's."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import PurePath
from typing import Any

from .base import Catalogue

#: The environment variable naming the language of messages about a record whose own
#: language cannot be read (``fr`` or ``en``).
LANGUAGE_VARIABLE = "EXCUSES_LANGUAGE"

_LANGUAGES = ("fr", "en")

# ``language: fr`` at the start of a line of a YAML record, or ``"language": "fr"`` in JSON:
# enough to speak the record's language about a file that cannot be parsed at all.
_WRITTEN = re.compile(
    r"^language[ \t]*:[ \t]*[\"']?(fr|en)[\"']?[ \t]*(?:#|$)"
    r'|"language"\s*:\s*"(fr|en)"',
    re.MULTILINE | re.IGNORECASE,
)


def _known(value: Any) -> str | None:
    if isinstance(value, str) and value.strip().lower() in _LANGUAGES:
        return value.strip().lower()
    return None


def _of_name(filename: str | None) -> str | None:
    """``fr`` for ``incident.fr.yaml``: the language a record's file name gives."""
    if not filename:
        return None
    suffixes = PurePath(filename).suffixes
    return _known(suffixes[-2][1:]) if len(suffixes) >= 2 else None


def language_of(
    data: Any = None,
    *,
    text: str | None = None,
    filename: str | None = None,
    language: str | None = None,
) -> str:
    """The language to speak about a record in, from the most to the least certain clue.

    ``data``: the record as read (its ``language`` field); ``text``: the
    record as written, when it could not be read; ``language``: the caller's
    choice; ``filename``: ``*.fr.yaml``; then :data:`LANGUAGE_VARIABLE`; then English.
    """
    if isinstance(data, Mapping):
        found = _known(data.get("language"))
        if found:
            return found
    if text is not None and data is None:
        match = _WRITTEN.search(text[:100_000])
        if match:
            return (match.group(1) or match.group(2)).lower()
    return (
        _known(language) or _of_name(filename) or _known(os.environ.get(LANGUAGE_VARIABLE)) or "en"
    )


@cache
def catalogue(language: str = "en") -> Catalogue:
    """The catalogue of ``language`` (English for any language without one)."""
    if language == "fr":
        from .fr import French

        return French()
    from .en import English

    return English()
