"""Clause rules: sequences of word classes, matched on the sentences the reader already cut.

A clause rule (``clauses/<lang>.toml``) names a sequence of steps over the
words of one sentence, each step a class of the lexicon (``lexicon/<lang>.toml``
and the clause file's own ``[classes]``) or a word (``=lost``), alternatives
joined by ``|``, an optional step ending in ``?``; between two steps at most
``gap`` words and no comma, except after a ``...`` step, which skips any
number of words. ``without`` names classes that no word of the sentence
outside the match may have (``WE``: "we are refunding you" owns the fault).
So one rule ``OUR? THIRD LOSE`` covers "the carrier lost it" and "our courier
mislaid your parcel", and ``NEG OUR FAULT ... YOUR|YOU`` reads "not our fault,
it's yours" but not "not your fault, it's ours".

Clause rules run only on sentences no regular-expression rule matched, before
the classifier, and report the span of the words they matched.

Building a language's rules (its lexicon, each rule's steps, the words that
must be present) costs milliseconds at each start of the checker, more as
rules are added: ``scripts/gen_docs.py`` writes the built rules once, with
:mod:`marshal`, beside the TOML files (``clauses/<lang>.<tag>.marshal``,
``<tag>`` naming the interpreter). A start of the checker reads that file
when it was written by this interpreter's marshal format from the TOML files
as they are now, and builds the rules from ``clauses/<lang>.json`` (or the
TOML files) otherwise.
"""

from __future__ import annotations

from functools import cache

from ._compiled import (
    HERE,
    built_key,
    built_name,
    exists,
    joined,
    read_artefact,
    read_bytes,
    read_text,
)

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

# Strings, not pathlib's paths (see ``_compiled``); ``CLAUSES_DIR`` is a path for tools.
_CLAUSES_DIR = joined(HERE, "clauses")
_LEXICON_DIR = joined(HERE, "lexicon")


def __getattr__(name: str) -> Any:
    if name == "CLAUSES_DIR":
        from pathlib import Path

        return Path(_CLAUSES_DIR)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_ANY = "..."
#: Format of the built file: raise it when the layout of :meth:`ClauseSet.state` changes.
FORMAT = 1
_BREAKS = frozenset(",;:()")
#: Sentences whose match is remembered before the memory is cleared.
_REMEMBERED = 20_000
# Words in most sentences: a step that accepts one of them is a poor first test.
_COMMON = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "in",
        "on",
        "by",
        "for",
        "with",
        "and",
        "or",
        "is",
        "it",
        "not",
        "no",
        "our",
        "we",
        "you",
        "your",
        "i",
        "au",
        "aux",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l'",
        "un",
        "une",
        "et",
        "ou",
        "en",
        "est",
        "pas",
        "ne",
        "n'",
        "nous",
        "vous",
        "votre",
        "notre",
    ]
)


class Step:
    """One step of a clause: the words it accepts (through their classes), optional or not."""

    __slots__ = ("classes", "optional", "skip", "words")

    def __init__(self, text: str) -> None:
        self.skip = text == _ANY
        self.optional = text.endswith("?")
        names = text.rstrip("?").split("|") if not self.skip else []
        self.words = frozenset(name[1:] for name in names if name.startswith("="))
        self.classes = frozenset(name for name in names if not name.startswith("="))

    def state(self) -> tuple[bool, bool, frozenset[str], frozenset[str]]:
        return (self.skip, self.optional, self.words, self.classes)

    @classmethod
    def from_state(cls, state: Sequence[Any]) -> Step:
        step = cls.__new__(cls)
        step.skip, step.optional, step.words, step.classes = state
        return step

    def accepts(self, token: str, classes: frozenset[str]) -> bool:
        return token in self.words or not self.classes.isdisjoint(classes)


class Clause:
    """One clause rule: its id, category, texts, steps and guards."""

    __slots__ = (
        "category",
        "examples_match",
        "examples_no_match",
        "gap",
        "id",
        "message",
        "needed",
        "rest",
        "sequence",
        "severity",
        "starts",
        "steps",
        "suggestion",
        "without",
        "without_words",
    )

    def __init__(self, data: Mapping[str, Any], vocabulary: Mapping[str, frozenset[str]]) -> None:
        self.id: str = data["id"]
        self.category: str = data["category"]
        self.severity: str = data.get("severity", "warning")
        self.message: str = data["message"]
        self.suggestion: str = data["suggestion"]
        self.gap: int = int(data.get("gap", 2))
        self.sequence: tuple[str, ...] = tuple(data["sequence"])
        self.steps = tuple(Step(text) for text in self.sequence)
        guards = data.get("without", ())
        self.without = frozenset(name for name in guards if not name.startswith("="))
        self.without_words = frozenset(name[1:] for name in guards if name.startswith("="))
        examples = data.get("examples", {})
        self.examples_match: tuple[str, ...] = tuple(examples.get("match", ()))
        self.examples_no_match: tuple[str, ...] = tuple(examples.get("no_match", ()))
        # For each required step, the words that could fill it: a sentence with none
        # of one of them is left at once.
        needed = (
            step.words.union(*(vocabulary.get(name, frozenset()) for name in step.classes))
            for step in self.steps
            if not step.skip and not step.optional
        )
        # The rarest first: a step that accepts punctuation or a word in most
        # sentences comes after the others.
        self.needed = tuple(
            sorted(
                needed,
                key=lambda words: (words <= _BREAKS, not words.isdisjoint(_COMMON), len(words)),
            )
        )
        self.rest = self.needed[1:]
        # The words a match can start at: the first step's, and the next one's while
        # the steps before it are optional.
        starts: set[str] = set()
        for step in self.steps:
            if step.skip:
                continue
            starts |= step.words
            for name in step.classes:
                starts |= vocabulary.get(name, frozenset())
            if not step.optional:
                break
        self.starts = frozenset(starts)

    def state(self) -> tuple[Any, ...]:
        """Every field, in ``__slots__`` order (steps as their own states): plain data."""
        return tuple(
            tuple(step.state() for step in self.steps) if name == "steps" else getattr(self, name)
            for name in self.__slots__
        )

    @classmethod
    def from_state(cls, state: Sequence[Any]) -> Clause:
        clause = cls.__new__(cls)
        for name, value in zip(cls.__slots__, state, strict=True):
            if name == "steps":
                value = tuple(Step.from_state(step) for step in value)
            setattr(clause, name, value)
        return clause

    def match(self, tokens: Sequence[str], classes: Sequence[frozenset[str]]) -> list[int] | None:
        """The indices of the words matched (first match from the left), or None."""
        starts = self.starts
        for first, token in enumerate(tokens):
            if token not in starts:
                continue
            found = self._from(tokens, classes, 0, first, "anchor")
            if found is not None and not self._guarded(tokens, classes, found):
                return found
        return None

    def _guarded(
        self, tokens: Sequence[str], classes: Sequence[frozenset[str]], matched: list[int]
    ) -> bool:
        """Whether a word outside the match has a class (or is a word) the rule excludes."""
        inside = set(matched)
        return any(
            index not in inside
            and (tokens[index] in self.without_words or not self.without.isdisjoint(found))
            for index, found in enumerate(classes)
        )

    def _from(
        self,
        tokens: Sequence[str],
        classes: Sequence[frozenset[str]],
        step: int,
        at: int,
        mode: str,
    ) -> list[int] | None:
        """Steps ``step..`` matched from word ``at``: there (``anchor``), within the gap
        and the clause (``gap``), or anywhere after (``any``, after a ``...`` step)."""
        if step == len(self.steps):
            return []
        current = self.steps[step]
        if current.skip:
            return self._from(tokens, classes, step + 1, at, "any")
        count = len(tokens)
        last = at if mode == "anchor" else count - 1 if mode == "any" else at + self.gap
        for index in range(at, min(last, count - 1) + 1):
            if mode == "gap" and index > at and tokens[index - 1] in _BREAKS:
                break
            if current.accepts(tokens[index], classes[index]):
                rest = self._from(tokens, classes, step + 1, index + 1, "gap")
                if rest is not None:
                    return [index, *rest]
        if current.optional:
            return self._from(tokens, classes, step + 1, at, mode)
        return None


class ClauseSet:
    """A language's clause rules and the word classes they read."""

    def __init__(self, language: str, data: Mapping[str, Any]) -> None:
        self.language = language
        self._empty: frozenset[str] = frozenset()
        lexicon: dict[str, set[str]] = {}
        for name, entries in data["classes"].items():
            for word in entries:
                lexicon.setdefault(word.lower(), set()).add(name)
        if language == "en":
            # "the courier's" reads as "the courier".
            for word in list(lexicon):
                lexicon.setdefault(word + "'s", lexicon[word])
        self.lexicon = {word: frozenset(names) for word, names in lexicon.items()}
        vocabulary: dict[str, set[str]] = {}
        for word, names in self.lexicon.items():
            for name in names:
                vocabulary.setdefault(name, set()).add(word)
        frozen = {name: frozenset(words) for name, words in vocabulary.items()}
        entries = data["clause"]
        if language == "fr":
            from ._rules import typeset_french

            entries = [
                {
                    **entry,
                    "message": typeset_french(entry["message"]),
                    "suggestion": typeset_french(entry["suggestion"]),
                }
                for entry in entries
            ]
        self.clauses = tuple(Clause(entry, frozen) for entry in entries)
        #: The words of each rule's rarest required step: a sentence with none of them
        #: matches no rule.
        by_index: dict[str, list[int]] = {}
        for index, clause in enumerate(self.clauses):
            for word in clause.needed[0]:
                by_index.setdefault(word, []).append(index)
        self.by_trigger_index = {word: tuple(found) for word, found in by_index.items()}
        self._index()

    def _index(self) -> None:
        self._matched: dict[tuple[str, ...], tuple[Clause, list[int]] | None] = {}
        by_index = self.by_trigger_index
        self.by_trigger = {
            word: tuple(self.clauses[index] for index in found) for word, found in by_index.items()
        }
        self.triggers = frozenset(by_index)

    def state(self) -> tuple[Any, ...]:
        """What :meth:`from_state` needs to rebuild these rules: tuples, dicts, frozensets,
        strings and numbers only, which :mod:`marshal` writes and reads back quickly."""
        # Equal sets written once: marshal writes an object met again as a reference to it.
        shared: dict[object, object] = {}

        def one(value: Any) -> Any:
            if isinstance(value, tuple):
                return tuple(one(item) for item in value)
            if isinstance(value, (frozenset, str)):
                return shared.setdefault(value, value)
            return value

        return (
            self.language,
            {one(word): one(names) for word, names in self.lexicon.items()},
            one(tuple(clause.state() for clause in self.clauses)),
            {one(word): found for word, found in self.by_trigger_index.items()},
        )

    @classmethod
    def from_state(cls, state: Sequence[Any]) -> ClauseSet:
        """The rules :meth:`state` describes, without building them again."""
        language, lexicon, clauses, by_trigger_index = state
        built = cls.__new__(cls)
        built.language = language
        built._empty = frozenset()
        built.lexicon = lexicon
        built.clauses = tuple(Clause.from_state(clause) for clause in clauses)
        built.by_trigger_index = by_trigger_index
        built._index()
        return built

    def match(self, tokens: Sequence[str]) -> tuple[Clause, list[int]] | None:
        """The first clause rule (file order) that matches the sentence's words, and its words.

        Remembered by the words (a tuple of them is read as it is): a mailbox repeats
        its sentences. The list of matched words is shared: not to be changed.
        """
        words = tuple(tokens)
        memory = self._matched
        if words in memory:
            return memory[words]
        if len(memory) >= _REMEMBERED:
            memory.clear()
        found = memory[words] = self._match(words)
        return found

    def _match(self, tokens: tuple[str, ...]) -> tuple[Clause, list[int]] | None:
        # Most sentences have no word that could fill the rarest step of any rule:
        # one test in C leaves them.
        hit = self.triggers.intersection(tokens)
        if not hit:
            return None
        if len(hit) == 1:
            candidates = self.by_trigger[next(iter(hit))]
        else:
            chosen: set[int] = set()
            for word in hit:
                chosen.update(self.by_trigger_index[word])
            candidates = tuple(self.clauses[index] for index in sorted(chosen))
        classes: list[frozenset[str]] | None = None
        for clause in candidates:
            missing = False
            for words in clause.rest:
                if words.isdisjoint(tokens):
                    missing = True
                    break
            if missing:
                continue
            if classes is None:
                empty = self._empty
                lexicon = self.lexicon
                classes = [lexicon.get(token, empty) for token in tokens]
            found = clause.match(tokens, classes)
            if found is not None:
                return clause, found
        return None


def clause_data(language: str) -> dict[str, Any]:
    """The clause file of ``language`` with the lexicon's classes merged into its own."""
    import tomllib

    lexicon = tomllib.loads(read_text(joined(_LEXICON_DIR, f"{language}.toml")))
    data = tomllib.loads(read_text(joined(_CLAUSES_DIR, f"{language}.toml")))
    classes: dict[str, list[str]] = {k: list(v) for k, v in lexicon["classes"].items()}
    for name, words in data.get("classes", {}).items():
        classes.setdefault(name, []).extend(words)
    return {"classes": classes, "clause": data.get("clause", [])}


def _sources_crc32(language: str) -> int:
    import zlib

    lexicon = read_bytes(joined(_LEXICON_DIR, f"{language}.toml"))
    return zlib.crc32(read_bytes(joined(_CLAUSES_DIR, f"{language}.toml")), zlib.crc32(lexicon))


def parsed_clauses_file(language: str) -> str:
    """The text of ``clauses/<lang>.json``: the clause file and the lexicon, parsed, as JSON.

    ``scripts/gen_docs.py`` writes it, so that a start of the checker reads
    JSON rather than importing a TOML parser.
    """
    import json

    data = {"toml_crc32": _sources_crc32(language), **clause_data(language)}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def built_clauses_file(language: str) -> bytes:
    """The bytes of ``clauses/<lang>.<tag>.marshal``: the rules built from the TOML files."""
    import marshal

    data = {
        "key": built_key(FORMAT),
        "toml_crc32": _sources_crc32(language),
        "state": ClauseSet(language, clause_data(language)).state(),
    }
    return marshal.dumps(data)


def _load_built(language: str, crc32: int) -> ClauseSet | None:
    """The rules of the built file, when it suits this interpreter and these TOML files."""
    path = joined(_CLAUSES_DIR, built_name(language))
    data = read_artefact(path, built_key(FORMAT), "toml_crc32", crc32)
    if data is None:
        return None
    try:
        return ClauseSet.from_state(data["state"])
    except (KeyError, TypeError, ValueError):
        return None


@cache
def get_clauses(language: str) -> ClauseSet | None:
    """The shipped clause rules of ``language`` (None when it has none).

    Read from the built file while it was written from the TOML files as they
    are now, else built from ``clauses/<lang>.json`` while that was, otherwise
    from the TOML files themselves.
    """
    if not exists(joined(_CLAUSES_DIR, f"{language}.toml")):
        return None
    crc32 = _sources_crc32(language)
    built = _load_built(language, crc32)
    if built is not None:
        return built
    parsed = joined(_CLAUSES_DIR, f"{language}.json")
    if exists(parsed):
        import json

        data: dict[str, Any] = json.loads(read_text(parsed))
        if data.get("toml_crc32") == crc32:
            return ClauseSet(language, data)
    return ClauseSet(language, clause_data(language))
