"""The rules' regular expressions compiled once, when the rule files are generated, and loaded.

Compiling the few hundred patterns of a language's rules costs far more than
checking an email: Python's ``re`` parses each pattern and turns it into the
code its matcher runs, at every start of the process. That code depends only
on the pattern and on the interpreter's matcher, so ``scripts/gen_docs.py``
writes it once per language beside the rules (``rules/<lang>.<tag>.sre``,
``<tag>`` naming the interpreter, as ``__pycache__`` does), and a start of the
checker hands it to the matcher instead of compiling again.

The file is used only when everything it depends on is what the running
interpreter has (its implementation and version, the matcher's magic number
and code size, the Unicode database, the byte order) and when it was written
from the rules file as it is now; otherwise, and for any pattern it does not
hold, the pattern is compiled as usual. The matcher checks the code it is
given and refuses code that is not valid; the tests check that the shipped
file holds exactly what compiling the patterns gives.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the matcher itself: no stubs
import marshal
import re
import sys
from array import array
from functools import cache
from pathlib import Path

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RULES_DIR = Path(__file__).parent / "rules"
#: Format of the file: raise it when its layout changes.
FORMAT = 2


def interpreter_key() -> tuple[object, ...]:
    """What the compiled code depends on, besides the pattern itself."""
    import unicodedata

    return (
        FORMAT,
        sys.implementation.cache_tag,
        _sre.MAGIC,
        _sre.CODESIZE,
        sys.maxunicode,
        unicodedata.unidata_version,
        sys.byteorder,
    )


def file_name(language: str) -> str:
    """The name of a language's compiled file for the running interpreter."""
    return f"{language}.{sys.implementation.cache_tag}.sre"


#: One compiled pattern: (flags, groups, groupindex, indexgroup, code as bytes).
_Entry = tuple[int, int, dict[str, int], tuple[str | None, ...], bytes]


def build(sources: list[tuple[str, int]]) -> dict[tuple[str, int], _Entry]:
    """The matcher's code for each ``(pattern, flags)``, as ``re.compile`` would build it."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    entries: dict[tuple[str, int], _Entry] = {}
    for source, given in sources:
        flags = int(given)
        if (source, flags) in entries:
            continue
        parsed = _parser.parse(source, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entries[(source, flags)] = (
            int(flags | parsed.state.flags),
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
            array("I", [int(op) for op in code]).tobytes(),
        )
    return entries


def file_bytes(rules_crc32: int, sources: dict[str, tuple[str, int]]) -> bytes:
    """The compiled file of one language: its key, the rules' checksum, every pattern by
    name (``main``: the combined pattern of the main pass) and every compiled entry."""
    data = {
        "key": interpreter_key(),
        "rules_crc32": rules_crc32,
        "sources": {name: (source, int(flags)) for name, (source, flags) in sources.items()},
        "entries": build(list(sources.values())),
    }
    return marshal.dumps(data)


def same(written: bytes, built: bytes) -> bool:
    """Whether two compiled files hold the same data (marshal's bytes for equal data may
    differ by how many references to a string the writing process happened to hold)."""
    try:
        return bool(marshal.loads(written) == marshal.loads(built))
    except (ValueError, EOFError, TypeError):
        return False


class Compiled:
    """The compiled patterns of one language's file, made into pattern objects on first use."""

    def __init__(
        self, sources: dict[str, tuple[str, int]], entries: dict[tuple[str, int], _Entry]
    ) -> None:
        self._sources = sources
        self._entries = entries
        self._made: dict[tuple[str, int], re.Pattern[str]] = {}

    def source(self, name: str) -> tuple[str, int] | None:
        """The ``(regex, flags)`` the shipped rules' engine names ``name``, if any."""
        return self._sources.get(name)

    def main(self) -> re.Pattern[str] | None:
        """The combined pattern of the shipped rules' main pass."""
        main = self._sources.get("main")
        return None if main is None else self.get(*main)

    def get(self, source: str, flags: int = 0) -> re.Pattern[str] | None:
        """The pattern object of ``source``, or None when not held here."""
        key = (source, flags)
        made = self._made.get(key)
        if made is not None:
            return made
        entry = self._entries.get(key)
        if entry is None:
            return None
        final_flags, groups, groupindex, indexgroup, raw = entry
        code = array("I")
        code.frombytes(raw)
        try:
            pattern: re.Pattern[str] = _sre.compile(
                source, final_flags, code.tolist(), groups, groupindex, indexgroup
            )
        except RuntimeError:  # the matcher found the code invalid: compile the source instead
            return None
        self._made[key] = pattern
        return pattern


def read_artefact(
    path: Path, key: tuple[object, ...], checksum_field: str, checksum: int
) -> dict[str, Any] | None:
    """The data of a file written at build time with :mod:`marshal`, or None when it is
    missing, damaged, or was written for another interpreter (``key``) or from other
    sources (``checksum``): the caller then builds what it holds from the sources."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    if data.get(checksum_field) != checksum:
        return None
    return data


@cache
def load(language: str, rules_crc32: int) -> Compiled | None:
    """The compiled file of ``language`` when it suits this interpreter and these rules."""
    path = RULES_DIR / file_name(language)
    if array("I").itemsize != _sre.CODESIZE:
        return None
    data = read_artefact(path, interpreter_key(), "rules_crc32", rules_crc32)
    if data is None:
        return None
    entries, sources = data.get("entries"), data.get("sources")
    if not isinstance(entries, dict) or not isinstance(sources, dict):
        return None
    return Compiled(sources, entries)
