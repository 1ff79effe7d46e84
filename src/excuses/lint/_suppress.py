"""Inline markers that accept a finding on purpose, since the checker is sometimes wrong.

``excuses: ignore[FR-DENIAL-001]`` (rule ids or categories, comma-separated)
silences those rules on its own line, ``excuses: ignore`` every rule on that
line, ``excuses: ignore-next-line[...]`` the line below (handy in an HTML
comment above a paragraph), and ``excuses: ignore-message`` the whole message.
"""

from __future__ import annotations

import re

from .._frozen import Frozen

# Compiled by re (and kept in its cache) the first time a text holds a marker: most hold none,
# and a start of the checker need not compile it.
_MARKER = r"excuses:[ \t]*ignore(?P<kind>-message|-next-line)?(?:\[(?P<names>[^\]\n]*)\])?"


class Suppressions(Frozen):
    """The markers of one source: per line, the silenced names (``None`` for all)."""

    __slots__ = ("lines", "whole")
    whole: bool
    lines: dict[int, frozenset[str] | None]

    def __init__(self, whole: bool, lines: dict[int, frozenset[str] | None]) -> None:
        object.__setattr__(self, "whole", whole)
        object.__setattr__(self, "lines", lines)

    def silences(self, line: int, rule_id: str, category: str) -> bool:
        if self.whole:
            return True
        if line not in self.lines:
            return False
        names = self.lines[line]
        return names is None or rule_id in names or category in names


#: The markers of a source that holds none, as most do: made once.
_NONE = Suppressions(False, {})


def read_markers(source: str) -> Suppressions:
    """Every marker in ``source``; cheap when there is none (one substring test)."""
    if "xcuses" not in source and "XCUSES" not in source:
        return _NONE
    whole = False
    lines: dict[int, frozenset[str] | None] = {}
    for match in re.finditer(_MARKER, source, re.IGNORECASE):
        kind = (match.group("kind") or "").lower()
        if kind == "-message":
            whole = True
            continue
        line = source.count("\n", 0, match.start()) + 1
        if kind == "-next-line":
            line += 1
        names_text = match.group("names")
        names: frozenset[str] | None = None
        if names_text is not None and names_text.strip():
            names = frozenset(n.strip() for n in names_text.split(",") if n.strip())
        previous = lines.get(line, frozenset())
        if names is None or previous is None:
            lines[line] = None
        else:
            lines[line] = previous | names
    return Suppressions(whole, lines)
