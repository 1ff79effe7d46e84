"""The reader's sentences (``_reader.sentences``), each distinct sentence read once per process.

A mailbox repeats its greetings, closings, quoted history and stock
sentences. The words of a sentence depend on its text alone (the word
pattern looks neither before nor after it), so :func:`sentences` remembers
them by the sentence's text, and gives each sentence its words as a tuple
too (``words``): the key by which the clause rules and the classifier
remember what they read in it.

This is kept apart from ``_reader``, whose text is part of what a model is
trained from (a change to it calls for retraining); the tests hold
:func:`sentences` and :func:`ends` to ``_reader``'s on every train and dev
sentence of the corpus and on generated text.
"""

from __future__ import annotations

from ._compiled import helper
from ._reader import (
    _ABBREVIATIONS,
    _BREAKS,
    WINDOW,
    Sentence,
    _pattern,
    _token,
    closes_sentence,
    windows,
)

# The matches of ``_reader._end_pattern()``, written to open on one class of characters: ``re`` then
# skips to the next of them in C instead of trying three alternatives at every character.
_END = helper(
    r"[.!?\n\x00](?:(?<=[.!?])[.!?]*(?=[\s\x00\"»”)]|$)|(?<=\n)[^\S\n]*\n|(?<=\x00)\x00*)"
)
# Spaces and masked text before a sentence: \s reads in a str pattern what str.isspace() reads.
_LEADING = helper(r"[\s\x00]*")
#: Sentences remembered per language before the memory is cleared.
REMEMBERED = 20_000
#: Per language, what is remembered of each sentence met, by its text: its words as a list
#: and a tuple, None when it has no word to read, ``()`` when it is read in windows.
_MEMORY: dict[str, dict[str, tuple[list[str], tuple[str, ...]] | tuple[()] | None]] = {}


class ReadSentence(Sentence):
    """A sentence of the reader, with its words as a tuple too."""

    __slots__ = ("words",)

    def __init__(
        self,
        start: int,
        end: int,
        tokens: list[str],
        text: str,
        language: str,
        words: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(start, end, tokens, text, language)
        self.words = tuple(tokens) if words is None else words


def ends(text: str, cased: str | None = None) -> list[tuple[int, int]]:
    """``_reader._ends``: ``(start, end)`` of each sentence, outer spaces left out."""
    result: list[tuple[int, int]] = []
    last = 0
    leading = _LEADING.match
    for match in _END.finditer(text):
        begin, stop = match.span()
        first = text[begin]
        if first == ".":
            head = text[max(last, begin - 8) : begin].rsplit(None, 1)
            word = head[-1] if head else ""
            if (
                word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
            ) and not closes_sentence(text, cased, word, begin, stop):
                continue
        end = stop if first in ".!?" else begin
        # rstrip() strips what str.isspace() reads as a space.
        start = leading(text, last, end).end()  # type: ignore[union-attr]  # matches, maybe empty
        end = start + len(text[start:end].rstrip())
        if start < end:
            result.append((start, end))
        last = stop
    start = leading(text, last).end()  # type: ignore[union-attr]  # matches, maybe empty
    end = start + len(text[start:].rstrip())
    if start < end:
        result.append((start, end))
    return result


def _read(found: list[str]) -> tuple[list[str], tuple[str, ...]] | tuple[()] | None:
    """What is remembered of a sentence whose words ``findall`` found."""
    if not found or all(word in _BREAKS for word in found):
        return None
    if len(found) > WINDOW:
        return ()
    tokens = [_token(word) for word in found]
    return tokens, tuple(tokens)


def sentences(text: str, language: str, cased: str | None = None) -> list[ReadSentence]:
    """``_reader.sentences(text, language, cased)``, each sentence with its ``words``."""
    result: list[ReadSentence] = []
    findall = _pattern(language).findall
    memory = _MEMORY.get(language)
    if memory is None or len(memory) >= REMEMBERED:
        memory = _MEMORY[language] = {}
    for start, end in ends(text, cased):
        piece = text[start:end]
        if piece in memory:
            known = memory[piece]
        else:
            known = memory[piece] = _read(findall(piece))
        if known is None:
            continue
        if known:
            tokens, tupled = known
            result.append(ReadSentence(start, end, tokens, text, language, tupled))
            continue
        result.extend(windows(text, language, start, end, ReadSentence))
    return result
