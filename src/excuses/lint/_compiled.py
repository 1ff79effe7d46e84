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


def built_name(language: str) -> str:
    """The name of a file of a language's parsed rules, clause rules or model, written with
    :mod:`marshal` for the running interpreter."""
    return f"{language}.{sys.implementation.cache_tag}.marshal"


def built_key(layout: int) -> tuple[object, ...]:
    """What reading such a file back depends on, besides its sources: the ``layout`` of
    its data (raised when it changes), the interpreter and its :mod:`marshal` format."""
    return (layout, sys.implementation.cache_tag, marshal.version)


#: One compiled pattern: (flags, groups, groupindex, indexgroup, code as bytes).
_Entry = tuple[int, int, dict[str, int], tuple[str | None, ...], bytes]


def build(sources: list[tuple[str | bytes, int]]) -> dict[tuple[str | bytes, int], _Entry]:
    """The matcher's code for each ``(pattern, flags)``, as ``re.compile`` would build it."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    entries: dict[tuple[str | bytes, int], _Entry] = {}
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
        "entries": build([(source, flags) for source, flags in sources.values()]),
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
        pattern: re.Pattern[str] | None = _from_entry(source, entry)
        if pattern is not None:
            self._made[key] = pattern
        return pattern


def _from_entry(source: str | bytes, entry: _Entry) -> re.Pattern[Any] | None:
    """The pattern object of ``source`` from its compiled entry (None: the matcher refused
    the code, and the source is to be compiled instead)."""
    final_flags, groups, groupindex, indexgroup, raw = entry
    code = array("I")
    code.frombytes(raw)
    try:
        made: re.Pattern[Any] = _sre.compile(
            source, final_flags, code.tolist(), groups, groupindex, indexgroup
        )
    except RuntimeError:
        return None
    return made


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


# --- the checker's own regexes --------------------------------------------------------------------
#
# Besides the rules' patterns, the checker runs a few dozen regexes of its own (sentence
# ends, run ends, masking, message headers). Compiled at each start, they would cost a
# good share of a short email's check; they are compiled with the rules instead, into one
# file for every language (``rules/common.<tag>.sre``), each module asking for its regexes
# by their source (the sentence reader excepted: its text is part of what a model is
# trained from).

#: The name of the file of the checker's own regexes, as a language's would be named.
COMMON = "common"
#: The pattern objects asked for, by ``(source, flags)``: from the common file or compiled.
_MADE: dict[tuple[str | bytes, int], re.Pattern[Any]] = {}


@cache
def _common() -> dict[tuple[str | bytes, int], _Entry]:
    """The entries of the common file when it suits this interpreter (else none)."""
    if array("I").itemsize != _sre.CODESIZE:
        return {}
    data = read_artefact(RULES_DIR / file_name(COMMON), interpreter_key(), "format", FORMAT)
    entries = None if data is None else data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _made(source: str | bytes, flags: int) -> re.Pattern[Any]:
    key = (source, int(flags))
    made = _MADE.get(key)
    if made is not None:
        return made
    entry = _common().get(key)
    pattern = None if entry is None else _from_entry(source, entry)
    if pattern is None:
        pattern = re.compile(source, flags)
    _MADE[key] = pattern
    return pattern


def helper(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``: the code compiled when the rule files were generated,
    when the common file holds it, else compiled now."""
    return _made(source, flags)


def helper_bytes(source: bytes, flags: int = 0) -> re.Pattern[bytes]:
    """:func:`helper` for a pattern on bytes."""
    return _made(source, flags)


def common_file_bytes(asked: list[tuple[str | bytes, int]]) -> bytes:
    """The common file holding the code of every ``(source, flags)`` of ``asked``."""
    data = {"key": interpreter_key(), "format": FORMAT, "entries": build(asked)}
    return marshal.dumps(data)


def common_file() -> bytes:
    """The common file for this interpreter: every regex the checker's modules ask for when
    they are imported, and those asked for on first use, for each language."""
    import importlib
    import pkgutil

    from . import _masking, _normalize, _runs
    from ._rules import builtin_dot_cuts

    package = importlib.import_module(__package__)
    modules = [
        importlib.import_module(f"{__package__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]
    later = [_runs._run_end(builtin_dot_cuts(language)) for language in ("fr", "en")]
    later += [_masking._pattern(name) for name in _masking._SOURCES]
    later.append(_normalize._ignorable())
    by_id = {id(pattern): key for key, pattern in _MADE.items()}
    asked = {
        by_id[id(value)]
        for values in ([vars(module).values() for module in modules] + [later])
        for value in values
        if id(value) in by_id
    }
    return common_file_bytes(sorted(asked, key=repr))
