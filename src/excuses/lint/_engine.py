"""The matcher: every rule of a language compiled once into one pattern, run in one pass."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ._rules import GENERIC_NAME, Rule, expand, load_rule_file, builtin_rules
from ._normalize import fold

_SENTENCE_END = re.compile(r"[.!?\n\x00]")


@dataclass(frozen=True)
class Hit:
    """A rule matched at ``[start, end)`` of the folded text."""

    rule: Rule
    start: int
    end: int


class Engine:
    """All the rules of one language as a single alternation of named groups.

    Each rule is a group ``rN``; ``Match.lastgroup`` names the rule that
    matched, so one ``finditer`` over the text finds every rule at once.
    """

    def __init__(self, rules: list[Rule], name: str = GENERIC_NAME) -> None:
        self.rules = tuple(rules)
        branches = []
        for index, rule in enumerate(self.rules):
            body = "|".join(expand(p, name) for p in rule.patterns)
            branches.append(f"(?P<r{index}>{body})")
        # One guard for all branches: a phrase starts at a word start, so the
        # engine tries the alternation only there, not at every character.
        combined = "(?<![\\w-])(?:" + "|".join(branches) + ")" if branches else "(?!x)x"
        self.pattern = re.compile(combined, re.IGNORECASE)
        self.unless: dict[int, re.Pattern[str]] = {
            index: re.compile("|".join(expand(p, name) for p in rule.unless), re.IGNORECASE)
            for index, rule in enumerate(self.rules)
            if rule.unless
        }

    def hits(self, folded: str) -> Iterator[Hit]:
        """Every rule match in the folded (and masked) text, left to right."""
        for match in self.pattern.finditer(folded):
            group = match.lastgroup
            if group is None:  # pragma: no cover - every branch is a named group
                continue
            index = int(group[1:])
            start, end = match.span()
            if start == end:
                continue
            guard = self.unless.get(index)
            if guard is not None and guard.search(_sentence(folded, start, end)):
                continue
            yield Hit(self.rules[index], start, end)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``[start, end)``: an ``unless`` pattern looks at all of it."""
    left = max(text.rfind(c, 0, start) for c in ".!?\x00")
    found = _SENTENCE_END.search(text, end)
    right = found.start() if found is not None else len(text)
    return text[left + 1 : right]


def _name_pattern(team_names: tuple[str, ...]) -> str:
    if not team_names:
        return GENERIC_NAME
    names: set[str] = set()
    for full in team_names:
        full = full.strip()
        if not full:
            continue
        names.add(re.escape(fold(full)).replace("\\ ", " +"))
        names.add(re.escape(fold(full.split()[0])))
    alternatives = "|".join(sorted(names, key=len, reverse=True))
    return f"(?:{alternatives}|{GENERIC_NAME})"


@lru_cache(maxsize=16)
def get_engine(
    language: str, extra: tuple[Path, ...] = (), team_names: tuple[str, ...] = ()
) -> Engine:
    """The compiled engine for a language, its extra rule files and a team; cached per process."""
    rules = list(builtin_rules(language).rules)
    for path in extra:
        rules.extend(rule for rule in load_rule_file(path).rules if rule.language == language)
    return Engine(rules, _name_pattern(team_names))


_FR_WORDS = re.compile(
    r"\b(?:nous|vous|le|la|les|des|est|une|pour|avec|dans|sur|pas|que|qui|votre|notre|"
    r"bonjour|merci|cordialement|je|au|aux|du|et)\b"
)
_EN_WORDS = re.compile(
    r"\b(?:we|you|the|and|is|are|for|with|in|on|not|that|your|our|hello|thanks|regards|"
    r"dear|to|of|it|will|be|this)\b"
)


def detect_language(folded: str) -> str:
    """``fr`` or ``en``, by counting frequent words in the first few thousand characters."""
    sample = folded[:4000].lower()
    french = len(_FR_WORDS.findall(sample))
    english = len(_EN_WORDS.findall(sample))
    return "fr" if french > english else "en"
