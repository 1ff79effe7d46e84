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
import os
import re
import sys
from array import array
from functools import cache

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# Paths are strings here, as in the modules that read the shipped files at a start:
# importing pathlib would cost a tenth of the check of a short email.
#: The directory of this package, where the shipped files are.
HERE = os.path.dirname(__file__)  # noqa: PTH120


def joined(directory: str | os.PathLike[str], name: str) -> str:
    """The path of ``name`` in ``directory``."""
    return os.path.join(directory, name)  # noqa: PTH118


def exists(path: str) -> bool:
    """Whether there is a file or directory at ``path``."""
    return os.path.exists(path)  # noqa: PTH110


RULES_DIR = joined(HERE, "rules")
#: Format of the file: raise it when its layout changes.
FORMAT = 4


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
_Entry = tuple[int, int, dict[str, int], tuple[str | None, ...], bytes | memoryview]


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
    named = {name: (source, int(flags)) for name, (source, flags) in sources.items()}
    return layout(rules_crc32, named, build(list(named.values())))


#: The first bytes of a compiled file of a language's rules, before the length of its head.
MAGIC = b"excuses-sre\x00"
_LENGTH = 4


def layout(
    rules_crc32: int,
    sources: dict[str, tuple[str, int]],
    entries: dict[tuple[str | bytes, int], _Entry],
) -> bytes:
    """A compiled file holding ``entries``, with ``sources`` naming some of them.

    A start of the checker needs the combined pattern and the patterns of the few rules
    that match, a small part of a file that holds every pattern of every rule: so each
    pattern's source and its entry are written each on its own, after a head saying
    where each one lies, and only those asked for are read (see :class:`Compiled`).
    """
    pairs = list(entries)
    numbers = {pair: number for number, pair in enumerate(pairs)}
    by_hash: dict[tuple[int, int], list[int]] = {}
    for number, (source, flags) in enumerate(pairs):
        by_hash.setdefault((_hash(source), flags), []).append(number)
    blobs = [marshal.dumps({key: tuple(found) for key, found in by_hash.items()})]
    for pair in pairs:
        blobs += [marshal.dumps(pair), _entry_bytes(entries[pair])]
    offsets = [0]
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    head = marshal.dumps(
        {
            "key": interpreter_key(),
            "rules_crc32": rules_crc32,
            "names": {name: numbers[pair] for name, pair in sources.items()},
            "offsets": array("Q", offsets).tobytes(),
        }
    )
    return MAGIC + len(head).to_bytes(_LENGTH, "little") + head + b"".join(blobs)


def _entry_bytes(entry: _Entry) -> bytes:
    """A pattern's entry as a compiled file holds it: :mod:`marshal`'s bytes of all but its
    code and of the code's size, then the code itself. Read back, the code is a view of
    the bytes read (see :meth:`Compiled._entry`): the combined pattern's megabytes are
    then copied once fewer than if :mod:`marshal` read them, and touched once fewer."""
    flags, groups, groupindex, indexgroup, code = entry
    return marshal.dumps((flags, groups, groupindex, indexgroup, len(code))) + bytes(code)


def _held(entry: _Entry) -> _Entry:
    """``entry`` with its code as bytes, not a view of the part it was read from."""
    flags, groups, groupindex, indexgroup, code = entry
    return flags, groups, groupindex, indexgroup, bytes(code)


def _hash(source: str | bytes) -> int:
    """A checksum of a pattern's source, the same in every process (``hash`` is not)."""
    import zlib

    raw = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
    return zlib.crc32(raw)


#: What reading a damaged part of a compiled file may raise.
_DAMAGED = (ValueError, EOFError, TypeError, IndexError, KeyError, OverflowError, OSError)


def _decoded(data: bytes) -> object:
    """Everything a file written with :mod:`marshal` holds, a compiled file's every part."""
    if not data.startswith(MAGIC):
        return marshal.loads(data)
    compiled = opened(data)
    if compiled is None:
        raise ValueError("damaged compiled file")
    return {
        "key": compiled.key,
        "rules_crc32": compiled.rules_crc32,
        "sources": {name: compiled.source(name) for name in compiled._names},
        "entries": [(compiled._pair(n), _held(compiled._entry(n))) for n in range(compiled._count)],
        "lookup": compiled._blob(0),
    }


def same(written: bytes, built: bytes) -> bool:
    """Whether two compiled files hold the same data (marshal's bytes for equal data may
    differ by how many references to a string the writing process happened to hold)."""
    try:
        return bool(_decoded(written) == _decoded(built))
    except _DAMAGED:
        return False


class Compiled:
    """The compiled patterns of one language's file, each read and made into a pattern
    object on first use."""

    def __init__(
        self,
        read: Callable[[int, int], bytes | memoryview],
        start: int,
        key: object,
        rules_crc32: object,
        names: dict[str, int],
        offsets: array[int],
    ) -> None:
        #: ``read(offset, size)``: bytes of the file, read only when a part is asked for.
        self._read = read
        #: Where the parts start in the file, and where each one lies from there: part 0
        #: is the index by checksum of source, parts ``2n + 1`` and ``2n + 2`` the source
        #: and entry of pattern ``n``.
        self._start = start
        self._offsets = offsets
        self._count = (len(offsets) - 2) // 2
        self.key = key
        self.rules_crc32 = rules_crc32
        self._names = names
        self._pairs: dict[int, tuple[str, int]] = {}
        self._numbers: dict[tuple[str, int], int] = {}
        self._by_hash: dict[tuple[int, int], tuple[int, ...]] | None = None
        self._made: dict[tuple[str, int], re.Pattern[str] | None] = {}

    def _blob(self, part: int) -> Any:
        begin, end = self._offsets[part], self._offsets[part + 1]
        return marshal.loads(self._read(self._start + begin, end - begin))

    def _pair(self, number: int) -> tuple[str, int]:
        pair = self._pairs.get(number)
        if pair is None:
            source, flags = self._blob(2 * number + 1)
            if not isinstance(source, str) or not isinstance(flags, int):
                raise TypeError("not a pattern's source")
            pair = self._pairs[number] = (source, flags)
            self._numbers[pair] = number
        return pair

    def _entry(self, number: int) -> _Entry:
        part = 2 * number + 2
        begin, end = self._offsets[part], self._offsets[part + 1]
        blob = memoryview(self._read(self._start + begin, end - begin))
        flags, groups, groupindex, indexgroup, size = marshal.loads(blob)
        if not 0 <= size <= len(blob):
            raise ValueError("damaged pattern entry")
        return flags, groups, groupindex, indexgroup, blob[len(blob) - size :]

    def source(self, name: str) -> tuple[str, int] | None:
        """The ``(regex, flags)`` the shipped rules' engine names ``name``, if any."""
        number = self._names.get(name)
        if number is None:
            return None
        try:
            return self._pair(number)
        except _DAMAGED:
            return None

    def main(self) -> re.Pattern[str] | None:
        """The combined pattern of the shipped rules' main pass."""
        main = self.source("main")
        return None if main is None else self.get(*main)

    def get(self, source: str, flags: int = 0) -> re.Pattern[str] | None:
        """The pattern object of ``source``, or None when not held here."""
        key = (source, flags)
        if key in self._made:
            return self._made[key]
        pattern: re.Pattern[str] | None = None
        try:
            number = self._number(key)
            if number is not None:
                pattern = _from_entry(source, self._entry(number))
        except _DAMAGED:
            pattern = None
        self._made[key] = pattern
        return pattern

    def _number(self, key: tuple[str, int]) -> int | None:
        """The number of the pattern ``key`` in the file, if it holds it."""
        number = self._numbers.get(key)
        if number is not None:
            return number
        if self._by_hash is None:
            self._by_hash = self._blob(0)
        for found in self._by_hash.get((_hash(key[0]), key[1]), ()):
            if self._pair(found) == key:
                return int(found)
        return None


def opened(data: bytes) -> Compiled | None:
    """The compiled file ``data``, its parts left unread; None when it is not one."""
    view = memoryview(data)
    return _opened(lambda offset, size: view[offset : offset + size], len(data))


def _opened(read: Callable[[int, int], bytes | memoryview], length: int) -> Compiled | None:
    """The compiled file of ``length`` bytes that ``read(offset, size)`` reads."""
    start = len(MAGIC) + _LENGTH
    prefix = bytes(read(0, start))
    if len(prefix) != start or not prefix.startswith(MAGIC):
        return None
    size = int.from_bytes(prefix[len(MAGIC) :], "little")
    try:
        head = marshal.loads(read(start, size))
    except _DAMAGED:
        return None
    if not isinstance(head, dict):
        return None
    names, raw = head.get("names"), head.get("offsets")
    if not isinstance(names, dict) or not isinstance(raw, bytes) or len(raw) % 8:
        return None
    offsets = array("Q")
    offsets.frombytes(raw)
    if len(offsets) < 2 or len(offsets) % 2 or start + size + offsets[-1] != length:
        return None
    return Compiled(read, start + size, head.get("key"), head.get("rules_crc32"), names, offsets)


class _File:
    """A file kept open, read by part: a start reads a few hundred kilobytes of the
    megabytes a compiled file holds."""

    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_RDONLY)
        self.size = self._size()

    def _size(self) -> int:
        # Cheaper than fstat, and a file written anew for other rules is of another size.
        return os.lseek(self._fd, 0, os.SEEK_END)

    def read(self, offset: int, size: int) -> bytes:
        # A file written anew in place (not replaced) no longer holds its parts where
        # its head says: what is read is then taken as damaged, and compiled instead.
        if self._size() != self.size:
            raise ValueError("the compiled file changed since it was opened")
        return os.pread(self._fd, size, offset)

    def __del__(self, close: Callable[[int], None] = os.close) -> None:
        # ``close`` bound now: at the interpreter's exit, the module's ``os`` may be gone.
        if hasattr(self, "_fd"):  # not when opening it failed
            close(self._fd)


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


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file ``path``."""
    with open(path, "rb") as file:  # noqa: PTH123 (pathlib is not imported at a start)
        return file.read()


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of the UTF-8 file ``path``, its line ends read as ``pathlib`` reads them."""
    with open(path, encoding="utf-8") as file:  # noqa: PTH123 (see read_bytes)
        return file.read()


def read_artefact(
    path: str | os.PathLike[str], key: tuple[object, ...], checksum_field: str, checksum: int
) -> dict[str, Any] | None:
    """The data of a file written at build time with :mod:`marshal`, or None when it is
    missing, damaged, or was written for another interpreter (``key``) or from other
    sources (``checksum``): the caller then builds what it holds from the sources."""
    try:
        data = marshal.loads(read_bytes(path))
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
    if array("I").itemsize != _sre.CODESIZE:
        return None
    path = joined(RULES_DIR, file_name(language))
    try:
        if hasattr(os, "pread"):
            # pread reads at an offset without moving a position threads would share.
            file = _File(path)
            compiled = _opened(file.read, file.size)
        else:
            compiled = opened(read_bytes(path))
    except (OSError, *_DAMAGED):
        return None
    if compiled is None or compiled.key != interpreter_key():
        return None
    return compiled if compiled.rules_crc32 == rules_crc32 else None


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
    data = read_artefact(joined(RULES_DIR, file_name(COMMON)), interpreter_key(), "format", FORMAT)
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


def _current_dot_cuts(language: str) -> str:
    """The dot cuts of the shipped rules as they are now: those of their parsed file, or,
    while it is older than the rules (one was just edited), worked out from the rules."""
    from ._rules import builtin_dot_cuts, builtin_rules_crc32, parsed_rules_file

    if builtin_rules_crc32(language) is not None:
        return builtin_dot_cuts(language)
    import json

    cuts: str = json.loads(parsed_rules_file(language))["dot_cuts"]
    return cuts


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

    package = importlib.import_module(__package__)
    modules = [
        importlib.import_module(f"{__package__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]
    later = [_runs._run_end(_current_dot_cuts(language)) for language in ("fr", "en")]
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
