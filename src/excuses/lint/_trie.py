"""Factoring an alternation by its first characters, so the regex engine dispatches like a trie.

``re`` tries the branches of an alternation one after the other; with a few
hundred rule patterns that is a few hundred checks at every word start.
Grouping the patterns by their first character (or character class) turns
it into a handful of checks, each of which ``re`` does in a fast path, then
the same again one level down. The run of spaces between two words (``\\s+``)
is grouped on like a character: most patterns open on a short word ("ce",
"we", "nous") followed by a space, and the word after it is what tells them
apart.
"""

from __future__ import annotations

_SPECIAL = set("\\[]().|?*+{}^$")
#: The run of spaces between two words of a pattern, split off like a first character
#: (it cannot move past a look-behind: it has no fixed width).
_SPACES = "\\s+"


def _class_end(regex: str, start: int) -> int:
    """The index just after the ``[...]`` class opening at ``start``."""
    index = start + 1
    if index < len(regex) and regex[index] == "^":
        index += 1
    if index < len(regex) and regex[index] == "]":
        index += 1
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if char == "]":
            return index + 1
        index += 1
    raise ValueError(f"unterminated class in {regex!r}")


def group_end(regex: str, start: int) -> int:
    """The index just after the group opening at ``start``."""
    depth = 0
    index = start
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(regex, index)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError(f"unbalanced group in {regex!r}")


def split_alternatives(regex: str) -> list[str]:
    """The top-level alternatives of ``regex``."""
    parts: list[str] = []
    depth = 0
    index = 0
    last = 0
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(regex, index)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(regex[last:index])
            last = index + 1
        index += 1
    parts.append(regex[last:])
    return parts


def split_first(regex: str) -> list[tuple[str, str]] | None:
    """``(first, rest)`` pairs such that ``regex`` is the alternation of ``first + rest``.

    ``first`` is one literal character, one character class or the run of spaces
    ``\\s+``; ``None`` when the pattern does not start with one (a lookbehind, an
    optional group…).
    """
    if not regex:
        return None
    alternatives = split_alternatives(regex)
    if len(alternatives) > 1:
        # A|B: each alternative on its own, or B would be read after A's first character.
        each: list[tuple[str, str]] = []
        for alternative in alternatives:
            split = split_first(alternative)
            if split is None:
                return None
            each.extend(split)
        return each
    if regex.startswith("\\b"):
        # \bcR is c(?<=\bc)R: the word boundary is checked once c has matched, so the
        # pattern is filed under c instead of being tried at every position.
        split = split_first(regex[2:])
        if split is None or any(first == _SPACES for first, _ in split):
            return None
        return [(first, f"(?<=\\b{first}){rest}") for first, rest in split]
    char = regex[0]
    if char == "[":
        end = _class_end(regex, 0)
    elif char == "(":
        if regex.startswith(("(?<!", "(?<=")):
            # (?<!X)cR is c(?<!Xc)R: the look-behind moves past the first character.
            end = group_end(regex, 0)
            split = split_first(regex[end:])
            if split is None or any(first == _SPACES for first, _ in split):
                return None
            look, inner = regex[:4], regex[4 : end - 1]
            return [(first, f"{look}{inner}{first}){rest}") for first, rest in split]
        if not regex.startswith("(?:"):
            return None
        end = group_end(regex, 0)
        optional = regex[end : end + 1] == "?" and regex[end + 1 : end + 2] not in ("?", "+")
        if optional:
            # (?:X)?Y is X Y or Y: both start with a known character, or the split fails.
            without = split_first(regex[end + 1 :])
            with_group = split_first(regex[:end] + regex[end + 1 :])
            if without is None or with_group is None:
                return None
            return with_group + without
        if end < len(regex) and regex[end] in "?*+{":
            return None
        # Alternatives that open on the same character share one copy of what
        # follows the group: (?:ab|ac|d)X is a(?:b|c)X or dX.
        grouped: dict[str, list[str]] = {}
        for alternative in split_alternatives(regex[3 : end - 1]):
            split = split_first(alternative)
            if split is None:
                return None
            for first, rest in split:
                grouped.setdefault(first, []).append(rest)
        pairs: list[tuple[str, str]] = []
        for first, rests in grouped.items():
            unique = list(dict.fromkeys(rests))
            inner = unique[0] if len(unique) == 1 else f"(?:{'|'.join(unique)})"
            pairs.append((first, inner + regex[end:]))
        return pairs
    elif regex.startswith(_SPACES) and regex[len(_SPACES) : len(_SPACES) + 1] not in ("?", "+"):
        # The space between two words: alternatives that share it share what follows, one
        # level down (``ce\s+n'est|ce\s+comportement``), where ``re`` would otherwise
        # read the space again for each.
        return [(_SPACES, regex[len(_SPACES) :])]
    elif char in _SPECIAL:
        return None
    else:
        end = 1
    if end < len(regex) and regex[end] in "?*+{":
        return None
    return [(regex[:end], regex[end:])]


def factor(regexes: list[str], depth: int = 1) -> str:
    """One regex equivalent to the alternation of ``regexes``, grouped by leading characters."""
    unique = list(dict.fromkeys(regexes))
    if depth == 0 or len(unique) < 3:
        return "|".join(f"(?:{r})" if "|" in r else r for r in unique)
    buckets: dict[str, list[str]] = {}
    others: list[str] = []
    for regex in unique:
        split = split_first(regex)
        if split is None:
            others.append(regex)
            continue
        for first, rest in split:
            buckets.setdefault(first, []).append(rest)
    branches = []
    for first, rests in buckets.items():
        if any(rest == "" for rest in rests):
            # A pattern ends here: keep the empty alternative last so longer ones win.
            inner = factor([r for r in rests if r], depth - 1)
            branches.append(f"{first}(?:{inner})?" if inner else first)
        else:
            branches.append(f"{first}(?:{factor(rests, depth - 1)})")
    branches.extend(f"(?:{r})" for r in others)
    return "|".join(branches)


def class_chars(first: str) -> set[str] | None:
    """The characters a ``first`` from :func:`split_first` stands for (None: too many to list)."""
    if first == _SPACES:
        return None
    if not first.startswith("["):
        return {first}
    body = first[1:-1]
    if body.startswith("^") or "\\" in body:
        return None
    chars: set[str] = set()
    index = 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            chars.update(chr(c) for c in range(ord(body[index]), ord(body[index + 2]) + 1))
            index += 3
        else:
            chars.add(body[index])
            index += 1
    return chars


def leading_chars(regex: str) -> set[str] | None:
    """Every character a match of ``regex`` can start with; None when that is not known."""
    split = split_first(regex)
    if split is None:
        return None
    chars: set[str] = set()
    for first, _rest in split:
        found = class_chars(first)
        if found is None:
            return None
        chars |= found
    return chars
