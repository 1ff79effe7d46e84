"""Whether the rule pass may read a text one stretch at a time, and where the stretches are cut.

The rule pass (``_engine.Engine.hits``) runs its patterns over a whole text.
A mailbox repeats its sentences (greetings, closings, quoted history, stock
phrases), so the engine remembers what it found in each stretch of text it
read, by the stretch's text. A stretch is cut just after a ``.`` that ends a
word of at least two letters or digits and is followed by a space
(:data:`CUT`); each stretch keeps the spaces that open it, so the stretches
of a text, end to end, are the text.

Reading stretch by stretch gives the same matches as one pass over the whole
text when no regex the pass runs on the text can see across a cut.
:func:`problems` checks it on a regex's parsed form, conservatively:

- a character that can be ``.`` is consumed only right after one letter or
  digit that follows a character that cannot be one, or opens the match
  (``m\\.`` in ``(?:m\\.|mme|monsieur)``): the ``.`` after one letter is never
  a cut. Every match opens where the character before it is not a letter or
  digit: the combined pattern starts with ``(?<![\\w-])``, each rule's own
  pattern is tried where it matched, and a name is read after a word start;
- a look-behind never reads a ``.``; a look-ahead reads one only as the last
  thing it reads (``(?=\\s*[.,;!])``), so nothing after a cut is read;
- no ``^``, ``\\A`` and no back-reference.

A match then never consumes the ``.`` that ends its stretch, nor reads past
it. A look-behind at a stretch's start sees a ``.`` in the whole text and
nothing in the stretch alone, which no look-behind that cannot read ``.``
tells apart (``\\b`` neither); ``$`` holds nowhere before the last stretch's
end in either. The ``unless`` patterns are searched in a sentence window
(``_engine._sentence``) cut at every ``.``, which a stretch holds whole, so
they need no check.

Line breaks: a mail client wraps a sentence where it likes, so a stretch met
again may differ from the first only by where its lines break. A stretch
without a blank line, that does not end on a line break, is read and
remembered with its line breaks as spaces (``_engine.spaced``), when no regex of
the pass, ``unless`` patterns included, tells a line break from a space: each
character class or literal reads both or neither, and no ``re.MULTILINE``.
The sentence window of an ``unless`` ends at a blank line, which such a
stretch does not hold, and ``$`` holds only at its end either way.

Blank lines: the checker also reads the text after a blank line apart from
the paragraph before it, where no rule matches from that paragraph
(``_runs``). A look-behind reaching back from there reads the line break
that ends the blank line, first or after the space or line break before it:
each look-behind node that can read a line break must not be first, and
must follow nodes that cannot read a space, so that it matches in neither
case, as it does not at the start of the text alone.

The shipped rules are checked when their parsed file is written
(``sentence_local`` in ``rules/<lang>.json``) and by the tests; the engine
reads by stretch only when that check held.

A ``.`` after a word of one character (``17 h.``, ``december 1.``, ``4 p.m.``)
is no cut of the rule pass: ``m\\.`` reads one. The checker still ends a run
there (``_runs``) after a character that :func:`dot_readers` finds no regex
reads a ``.`` after: no match then consumes that ``.`` (nor opens on it, after a
letter or digit), and all else is as at a cut above. Which characters those
are is worked out with ``sentence_local`` (``dot_cuts`` in ``rules/<lang>.json``).
"""

from __future__ import annotations

import re

#: Where a text is cut into stretches: just after such a ``.``.
CUT = re.compile(r"(?<=[^\W_]{2}\.)(?=\s)")

#: The opening of a match: the character before it is not a letter or digit.
_START = -1

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def problems(regex: str, flags: int = 0, *, window: bool = False) -> list[str]:
    """What in ``regex`` could read across a cut, or tell a line break from a space
    (empty: nothing). ``window``: an ``unless`` pattern, searched in a sentence window
    that a stretch holds whole: only the line breaks are checked."""
    walk = _walked(regex, flags)
    if walk.flags & re.MULTILINE:
        walk.found.append("MULTILINE: ^ and $ read line breaks")
    if window:  # what reads across a cut does not matter in a window
        walk.found = [found for found in walk.found if found.startswith("MULTILINE")]
    for position, (context, node) in enumerate(walk.nodes):
        if walk.can_read(node, " ") != walk.can_read(node, "\n"):
            walk.found.append(f"{context}: {node!r} tells a line break from a space")
        if not window and context == "main" and walk.can_read(node, "."):
            walk.check_dot(position)
    return walk.found


def dot_readers(regex: str, flags: int, chars: str) -> set[str]:
    """Those of ``chars`` after which ``regex`` may consume a ``.``: read by a node just
    before a consumed node that can read ``.`` (a match opening on the ``.`` is left out:
    none opens after a letter or digit)."""
    walk = _walked(regex, flags)
    found: set[str] = set()
    for position, (context, node) in enumerate(walk.nodes):
        if context != "main" or not walk.can_read(node, "."):
            continue
        for previous in walk.before[position] - {_START}:
            found.update(char for char in chars if walk.can_read(walk.nodes[previous][1], char))
    return found


def _walked(regex: str, flags: int) -> _Walk:
    """The walk of ``regex`` parsed, the nodes a match opens on marked as following its start."""
    from re import _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(regex, flags)
    walk = _Walk(parsed.state, int(flags | parsed.state.flags))
    _nullable, first, _last = walk.sequence(list(parsed), "main", False)
    for position in first:
        walk.before[position].add(_START)
    return walk


class _Walk:
    """One pass over a parsed regex: its single-character nodes, in which context each is
    read, and, for those the match consumes, which nodes may read the character before."""

    def __init__(self, state: Any, flags: int) -> None:
        self.state = state
        self.flags = flags
        #: (context, node) of each single-character node: main, ahead or behind.
        self.nodes: list[tuple[str, tuple[Any, Any]]] = []
        #: Per node the match consumes, the nodes that may read the character just before.
        self.before: dict[int, set[int]] = {}
        self.found: list[str] = []
        self._seen: dict[str, bool] = {}

    def sequence(
        self, items: list[tuple[Any, Any]], context: str, tail: bool
    ) -> tuple[bool, set[int], set[int]]:
        """Nullable, first and last consumed nodes of a sequence; ``tail``: nothing is
        read after it (the end of a look-ahead)."""
        nullable, first, last = True, set[int](), set[int]()
        end = len(items) - 1
        for index, item in enumerate(items):
            n, f, lst = self.node(item, context, tail and index == end)
            for position in f:
                self.before.setdefault(position, set()).update(last)
            if nullable:
                first |= f
            last = lst | last if n else lst
            nullable = nullable and n
        return nullable, first, last

    def node(
        self, item: tuple[Any, Any], context: str, tail: bool
    ) -> tuple[bool, set[int], set[int]]:
        from re import _constants as c  # type: ignore[attr-defined]

        op, av = item
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
            position = len(self.nodes)
            self.nodes.append((context, item))
            self.before.setdefault(position, set())
            reads_dot = context != "main" and self.can_read(item, ".")
            if reads_dot and (context == "behind" or not tail):
                self.found.append(f"{context}: {op} {av!r} can read '.'")
            return False, {position}, {position}
        if op is c.BRANCH:
            nullable, first, last = False, set[int](), set[int]()
            for alternative in av[1]:
                n, f, lst = self.sequence(list(alternative), context, tail)
                nullable, first, last = nullable or n, first | f, last | lst
            return nullable, first, last
        if op is c.SUBPATTERN:
            return self.sequence(list(av[3]), context, tail)
        if op is c.ATOMIC_GROUP:
            return self.sequence(list(av), context, tail)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, inner = av
            n, f, lst = self.sequence(list(inner), context, tail and high <= 1)
            if high > 1:  # one round may follow another
                for position in f:
                    self.before[position].update(lst)
            return n or low == 0, f, lst
        if op in (c.ASSERT, c.ASSERT_NOT):
            direction, inner = av
            # What a look-around reads is checked apart: it consumes nothing of the match.
            inside = "behind" if direction != 1 or context == "behind" else "ahead"
            opened = len(self.nodes)
            _, first, _ = self.sequence(list(inner), inside, True)
            if direction != 1:
                self.check_blank_line(range(opened, len(self.nodes)), first)
            return True, set(), set()
        if op is c.AT:
            if av in (c.AT_BEGINNING, c.AT_BEGINNING_STRING, c.AT_BEGINNING_LINE):
                self.found.append(f"{context}: anchored at a beginning ({av})")
            return True, set(), set()
        self.found.append(f"{context}: {op} not understood")
        return True, set(), set()

    def check_blank_line(self, nodes: range, first: set[int]) -> None:
        """A look-behind: it must not match where it reaches back over a blank line.

        Reaching back from a text that follows a blank line, a look-behind reads the
        line break that ends it, either first or after the space or line break before
        it. A node that can read a line break, never first, after nodes that cannot read
        a space, matches neither: so a text after a blank line reads alike alone or
        after its paragraph (``_runs``).
        """
        for position in nodes:
            _, node = self.nodes[position]
            if not self.can_read(node, "\n"):
                continue
            before = self.before.get(position, set())
            if position not in first and not any(
                self.can_read(self.nodes[p][1], " ") or self.can_read(self.nodes[p][1], "\n")
                for p in before
            ):
                continue
            self.found.append(f"behind: {node!r} may read the end of a blank line")

    def check_dot(self, position: int) -> None:
        """A consumed node that can read ``.``: the character before it must not be a letter
        or digit, or be one that follows a character that cannot be one."""
        for previous in self.before[position]:
            if previous == _START or not self.can_read_alnum(previous):
                continue
            if all(p == _START or not self.can_read_alnum(p) for p in self.before[previous]):
                continue
            _, node = self.nodes[position]
            self.found.append(f"main: {node!r} can read a '.' after two letters or digits")
            return

    def can_read(self, node: tuple[Any, Any], char: str) -> bool:
        """Whether one single-character node (a literal, a class, ``.``) matches ``char``."""
        from re import _compiler, _parser  # type: ignore[attr-defined]

        key = repr((node, char))
        known = self._seen.get(key)
        if known is None:
            pattern = _compiler.compile(_parser.SubPattern(self.state, [node]), self.flags)
            known = self._seen[key] = pattern.fullmatch(char) is not None
        return known

    def can_read_alnum(self, position: int) -> bool:
        """Whether a node may match a letter or a digit (true unless it is sure not to)."""
        from re import _constants as c  # type: ignore[attr-defined]

        _, (op, av) = self.nodes[position]
        if op is c.LITERAL:
            return chr(av).isalnum()
        if op is c.IN:
            for kind, value in av:
                if kind is c.LITERAL and not chr(value).isalnum():
                    continue
                if kind is c.CATEGORY and value is c.CATEGORY_SPACE:
                    continue
                return True
            return False
        return True
