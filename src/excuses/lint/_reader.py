"""The sentence reader: a folded text cut into sentences, each read once into words and classes.

The classifier (``_model``) and its training script share this reading, so
what a sentence "is" at training time is exactly what it is at run time:

- sentences end at ``.``, ``!`` or ``?`` before a space, at a blank line or
  at a masked range (quoted client words are not ours); a line break inside
  a paragraph does not end one (mail clients wrap);
- words are runs of letters and digits, with their inner hyphens and
  apostrophes; French elisions are words of their own (``n'est`` is
  ``n'`` + ``est``); a number reads ``#``;
- each word has the classes its language's lexicon gives it (``WE``,
  ``YOUR``, ``THIRD``, ``FAULT``, ``NEG``…; see ``lexicon/*.toml``), and a
  word after a negation, up to the next comma or contrast word, is in its
  scope.

The features are words, word pairs, word stems, classes and sequences of
classes, so that "not our fault, it's yours" (``NEG OUR FAULT … YOUR``) and
"not your fault, it's ours" (``NEG YOUR FAULT … OUR``) read differently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import TypeVar

    _S = TypeVar("_S", bound="Sentence")


@cache
def _end_pattern() -> re.Pattern[str]:
    """Sentence ends: terminal punctuation before a space, a blank line, masked text (NUL).

    Compiled on first use: the checker finds sentence ends with ``_reading``'s
    equivalent pattern, so a start of ``excuses lint`` never needs this one.
    """
    return re.compile(r"[.!?]+(?=[\s\x00\"»”)]|$)|\n[^\S\n]*\n|\x00+")


# A number (read "#"), a word with its inner hyphens and apostrophes, or the punctuation
# that ends a negation's scope; in French an elision first ("n'" of "n'est").
_WORD = r"\d[\w'-]*|[^\W_]+(?:['-][^\W_]+)*'?|[,;:()]"
_WORDS_EN = re.compile(_WORD)
_WORDS_FR = re.compile(r"(?:qu|jusqu|lorsqu|puisqu|presqu|[ldjmtscn])'(?=[^\W_])|" + _WORD)
# A dot after these is an abbreviation, not the end of a sentence.
_ABBREVIATIONS = frozenset(
    [
        "a.m",
        "p.m",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "nr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "m",
        "mme",
        "mlle",
        "me",
        "cf",
        "env",
        "approx",
        "ref",
        "tel",
    ]
)
#: Abbreviations that also close a sentence when a capitalised word follows them: "Your
#: parcel left at 9 a.m. We checked it". Others ("Mr.", "e.g.") never do.
_CLOSING_ABBREVIATIONS = frozenset(["a.m", "p.m", "etc"])
#: Capitalised words that go on with a time rather than open a sentence: "by 4 p.m. Friday".
_TIME_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")
# The French hour: "avant 17 h. Nous".
_HOUR = re.compile(r"\d\s?h\Z")


def closes_sentence(text: str, cased: str | None, word: str, dot: int, after: int) -> bool:
    """Whether the abbreviation ``word``, whose last "." is ``text[dot:after]``, still
    closes its sentence: a word that often ends one, and a capitalised word after it.

    The lower-case text the reader splits cannot tell "at 6 p.m. We checked"
    from "at 6 p.m. we checked", hence ``cased``, the same text with its case.
    """
    if cased is None:
        return False
    if word not in _CLOSING_ABBREVIATIONS and not (
        word == "h" and _HOUR.search(text, max(0, dot - 3), dot)
    ):
        return False
    return opens_sentence(cased, after)


def opens_sentence(cased: str, at: int) -> bool:
    """Whether the word after ``at`` in the cased text opens a sentence: a capitalised
    word does, unless it is in capitals (a time zone: "5 p.m. CET") or a day or month."""
    match = _NEXT_WORD.match(cased, at)
    if match is None:
        return False
    word = match.group(1)
    if not word[0].isupper() or (len(word) > 1 and word.isupper()):
        return False
    return word.lower() not in _TIME_WORDS


#: Words read in one sentence at most: a longer run (a text with no punctuation)
#: is read in windows of this many words, so the work stays linear.
WINDOW = 60
_BREAKS = frozenset(",;:()")


def __getattr__(name: str) -> Path:
    """``LEXICON_DIR``, the lexicon files, read by the training script (a model file
    carries its own copy): made when asked for, as pathlib costs milliseconds at each
    start of the checker."""
    if name == "LEXICON_DIR":
        from pathlib import Path

        return Path(__file__).parent / "lexicon"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Sentence:
    """One sentence of a text: its span (offsets in the text) and its words."""

    __slots__ = ("_language", "_text", "end", "start", "tokens")

    def __init__(self, start: int, end: int, tokens: list[str], text: str, language: str) -> None:
        self.start = start
        self.end = end
        self.tokens = tokens
        self._text = text
        self._language = language

    def spans(self) -> list[tuple[int, int]]:
        """The span of each of ``tokens`` in the text."""
        return [(a, b) for _, a, b in words(self._text, self._language, self.start, self.end)]


def _ends(text: str, cased: str | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, leading and trailing spaces left out.

    ``cased``: the same text with its case (same length), which tells whether
    "a.m.", "p.m.", "etc." or an hour's "h." closes a sentence (:func:`closes_sentence`);
    without it, they never do.
    """
    spans: list[tuple[int, int]] = []
    last = 0
    for match in _end_pattern().finditer(text):
        if match.group(0)[0] == ".":
            head = text[max(last, match.start() - 8) : match.start()].rsplit(None, 1)
            word = head[-1] if head else ""
            if (
                word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
            ) and not closes_sentence(text, cased, word, match.start(), match.end()):
                continue
        spans.append((last, match.end() if match.group(0)[0] in ".!?" else match.start()))
        last = match.end()
    spans.append((last, len(text)))
    result = []
    for start, end in spans:
        while start < end and (text[start].isspace() or text[start] == "\x00"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            result.append((start, end))
    return result


def _pattern(language: str) -> re.Pattern[str]:
    return _WORDS_FR if language == "fr" else _WORDS_EN


def _token(word: str) -> str:
    return "#" if word[0].isdigit() else word


def words(
    text: str, language: str, start: int = 0, end: int | None = None
) -> list[tuple[str, int, int]]:
    """The words of ``text[start:end]`` (folded text) with their spans; punctuation that
    ends a negation's scope (``, ; : ( )``) is kept as a word of its own."""
    return [
        (_token(match.group(0)), match.start(), match.end())
        for match in _pattern(language).finditer(text, start, len(text) if end is None else end)
    ]


def sentences(text: str, language: str, cased: str | None = None) -> list[Sentence]:
    """The sentences of a folded, masked text, each with its words (long ones in windows);
    ``cased``: the text with its case, as for :func:`_ends`.

    A sentence's words are read with one call in C; their spans only when a
    finding needs them (:meth:`Sentence.spans`).
    """
    result: list[Sentence] = []
    findall = _pattern(language).findall
    for start, end in _ends(text, cased):
        found = findall(text, start, end)
        if not found or all(word in _BREAKS for word in found):
            continue
        tokens = [_token(word) for word in found]
        if len(tokens) <= WINDOW:
            result.append(Sentence(start, end, tokens, text, language))
            continue
        result.extend(windows(text, language, start, end, Sentence))
    return result


def windows(
    text: str,
    language: str,
    start: int,
    end: int,
    make: Callable[[int, int, list[str], str, str], _S],
) -> list[_S]:
    """A sentence of more than ``WINDOW`` words, read as sentences of ``WINDOW`` words each
    (made by ``make``: this reader's ``Sentence`` or a subclass)."""
    spans = words(text, language, start, end)
    return [
        make(window[0][1], window[-1][2], [w for w, _, _ in window], text, language)
        for window in (spans[first : first + WINDOW] for first in range(0, len(spans), WINDOW))
    ]


Lexicon = Mapping[str, Sequence[str]]


def load_lexicon(path: Path) -> dict[str, tuple[str, ...]]:
    """A lexicon file read into ``word -> classes`` (classes in file order)."""
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    lexicon: dict[str, list[str]] = {}
    for name, entries in data["classes"].items():
        for word in entries:
            classes = lexicon.setdefault(word.lower(), [])
            if name not in classes:
                classes.append(name)
    return {word: tuple(classes) for word, classes in sorted(lexicon.items())}


def features(tokens: Sequence[str], lexicon: Lexicon) -> list[tuple[str, tuple[int, ...]]]:
    """The features of one sentence's words, each with the indices of the words it reads.

    ``w:`` a word, ``b:`` two words in a row, ``p:`` a long word's first five
    letters (a cheap stem: "plantée", "plantés"), ``k:`` a class, ``c:`` two
    and three classes in a row (words without a class skipped, so "not
    really our fault" is ``NEG OUR FAULT``), ``n:`` a word or class in a
    negation's scope, ``a:`` the first word and ``f:`` the first one or two
    classes (who or what the sentence opens on: "your developers…" is
    ``f:YOUR TEAM``, wherever the fault words fall), ``s:`` two classes found
    anywhere in the sentence.
    """
    found: list[tuple[str, tuple[int, ...]]] = []
    previous: tuple[str, int] | None = None
    sequence: list[tuple[str, int]] = []
    negated = False
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token in _BREAKS:
            previous = None
            negated = False
            sequence.append(("|", index))
            continue
        classes = lexicon.get(token, ())
        found.append(("w:" + token, (index,)))
        if previous is not None:
            found.append((f"b:{previous[0]} {token}", (previous[1], index)))
        previous = (token, index)
        if len(token) > 5:
            found.append(("p:" + token[:5], (index,)))
        if negated:
            found.append(("n:" + token, (index,)))
        for name in classes:
            found.append(("k:" + name, (index,)))
            if negated:
                found.append(("n:" + name, (index,)))
            seen.setdefault(name, index)
        if classes:
            sequence.append((classes[0], index))
            if classes[0] == "NEG" or "NEG" in classes:
                negated = True
            elif "CONTRAST" in classes:
                negated = False
    for position, (name, index) in enumerate(sequence):
        if name == "|":
            continue
        if position + 1 < len(sequence) and sequence[position + 1][0] != "|":
            second, second_index = sequence[position + 1]
            found.append((f"c:{name} {second}", (index, second_index)))
            if position + 2 < len(sequence) and sequence[position + 2][0] != "|":
                third, third_index = sequence[position + 2]
                found.append((f"c:{name} {second} {third}", (index, second_index, third_index)))
    if tokens and tokens[0] not in _BREAKS:
        found.append(("a:" + tokens[0], (0,)))
    if sequence and sequence[0][0] != "|":
        head, head_index = sequence[0]
        found.append(("f:" + head, (head_index,)))
        if len(sequence) > 1 and sequence[1][0] != "|":
            found.append((f"f:{head} {sequence[1][0]}", (head_index, sequence[1][1])))
    names = sorted(seen)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            found.append((f"s:{first}+{second}", (seen[first], seen[second])))
    return found
