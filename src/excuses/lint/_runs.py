"""Where a text may be cut into runs of whole sentences, each checked on its own and remembered.

A mailbox is made of sentences met before, in new orders: each email puts
its greeting, its stock sentences and its closing together anew. Checking a
text is then mostly the same work again for each of them (finding sentence
ends, the rule pass's stretches, the classifier's and the clause rules'
memories). The checker instead cuts a text into runs and remembers, by a
run's text, everything the checks found in it (``_check``), before the
findings are placed in the text.

A run ends where two cuts meet, so that what is found in it does not depend
on the text around it:

- a cut of the rule pass (``_stretches.CUT``, after a ``.`` that ends a word
  of two letters or digits and is followed by a space, allowed by the cased
  text as the engine requires): no rule reads across it;
- an end of a sentence of the reader (``_reading.ends``). There the ``.`` is
  a sentence end of its own (two letters or digits before it, a space
  after), unless the word before it is an abbreviation (``mr.``, ``etc.``,
  read in up to eight characters after the last sentence end). That word is
  the last run of non-spaces before the ``.`` within eight characters, when
  it holds no ``.``, ``!``, ``?`` nor masked text (NUL), where the last
  sentence end could fall; such a word is not a run's end, nor is an
  abbreviation (whether ``etc.`` ends a sentence depends on the next word).

A run also ends after the ``.`` of a word of one character that no regex of
the rule pass reads a ``.`` after (``Engine.dot_cuts``, see ``_stretches``),
the word opening after a space or at the start and a space following (the
cased text holding the same characters but for their case): a digit
(``december 1.``), ``h`` (``17 h.``) or, for ``m``, ``a.m`` and ``p.m``.
The reader's word there is that word, whatever the last sentence end (none
falls inside it). It ends a sentence after a digit; after the others only
before a capitalised word (``_reader.closes_sentence``), which is read in the
whole text: there the cut is made. Read alone, the run before still has its
last sentence end there (it is the end of the text), and the reader reads no
more than three characters back from a ``.`` of the run after (``17 h``), where
its start, after a ``.``, holds no digit.

At such a cut, the sentence before ends with the ``.`` and the next sentence
opens after it: the sentences, their words, the rule matches in them and
what the classifier and clause rules read in them are those of the run read
alone.

A run met for the first time is also read apart on each side of its last
blank line (an email's greeting opens the run of its first sentence, its
closing and signature follow the last), when that changes nothing: the
reader ends a sentence at a blank line whatever follows it; no rule may
match from a place before it, read with what follows (the combined pattern
and the name pass tried there, ``_engine.Engine.quiet_before``) or alone;
and no regex of the rule pass reads back over a blank line
(``_stretches``: its look-behinds cannot match the end of one), so the text
after it reads alike alone. A run without a blank line, that does not end on a line break, is
read and remembered with its line breaks as spaces, as the rule pass reads
its stretches (``_engine.spaced``): neither the reader nor any of the checks
after it tells one from the other there.

A run met for the first time that opens on one space before a letter or digit
(each run of a paragraph but its first) is read without that space, and what is
found in it moved by one: the first sentence of an email is met without it,
after the blank line below the greeting, and the same sentence is met with it
further down. Nothing the checks read tells the two apart. The reader skips
the spaces that open a sentence, so the sentences, their words and what the
classifier and the clause rules read in them are the same. No pattern of the
rule pass opens on a space (``Engine.opens_on_blank``, else the run is read as it
is); a ``\\b`` before a letter or digit holds in both; a look-behind that could
read that space must read a character before it (the blank-line rule of
``_stretches``, checked with ``sentence_local``), which neither text has. The
sentence window of an ``unless`` or ``owned`` pattern opens on the space in one
and on the letter in the other: the tests hold every shipped pattern to reading
both alike, on every train and dev sentence of the corpus.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import repeat

from ._compiled import helper
from ._engine import _DOT_CUT
from ._reader import _ABBREVIATIONS, closes_sentence

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

    from ._clauses import Clause
    from ._model import Model
    from ._rules import Rule

    #: What the checks found in a text, offsets into its folded form, before the masked
    #: ranges, the markers and the way back to the source are applied: per rule match
    #: kept, its rule, start, end and the end of its last word; per clause rule's match,
    #: the clause rule and the span of its words; per classifier finding, its rule id,
    #: category, confidence, the sentence's span and the spans of the words that weighed
    #: most. Each list in text order.
    Found: TypeAlias = tuple[
        list[tuple[Rule, int, int, int]],
        list[tuple[Clause, int, int]],
        list[tuple[str, str, float, int, int, tuple[tuple[int, int], ...]]],
    ]

#: Runs remembered per language and set of disabled rules before the memory is cleared.
REMEMBERED = 20_000
#: Sets of disabled rules (configurations) remembered at once.
_CONFIGS = 8
_END = re.Match.end
_START = re.Match.start


@cache
def _run_end(after: str = "") -> re.Pattern[str]:
    """The ``.`` at which a run may end, found in one pass in C (see the module's docstring).

    After the rule pass's cut, one look-behind per length of word before the ``.``
    that could hold a ``.``, ``!``, ``?`` or NUL (from three to eight characters
    back: the two before the ``.`` are letters or digits), and one per length of
    abbreviation, which must then open the word: after a space or at the start.
    Or else, the ``.`` after a word of one character of ``after`` (``a.m`` and
    ``p.m`` for ``m``), after a space or at the start, which the pattern's one group
    matches (empty): whether the reader ends a sentence there is read afterwards
    (:func:`_word_ends`).
    """
    inner = "".join(f"(?<![.!?\\x00]\\S{{{back}}}\\.)" for back in range(2, 8))
    by_length: dict[int, list[str]] = {}
    for word in sorted(_ABBREVIATIONS):
        by_length.setdefault(len(word), []).append(re.escape(word))
    abbreviations = "".join(
        f"(?<!(?<!\\S)(?:{'|'.join(words)})\\.)" for _, words in sorted(by_length.items())
    )
    cut = _DOT_CUT.pattern + inner + abbreviations
    single = after.replace("m", "")
    words = [f"(?<=(?<!\\S)[{re.escape(single)}]\\.)"] if single else []
    if "m" in after:
        words.append(r"(?<=(?<!\S)[ap]\.m\.)")
    if not words:
        return helper(cut)
    # Both open on the "." before a space, so that ``re`` skips to one in C.
    opening = r"\.(?=\s)"
    return helper(f"{opening}(?:{cut[len(opening) :]}|({'|'.join(words)}))")


def run_ends(lowered: str, cased: str, after: str = "") -> list[int]:
    """The offsets where ``lowered`` (the folded, masked text, ``cased`` its twin with case
    kept, ``lowered`` read from it character by character as ``_normalize`` does) may be
    cut into runs, in order, the text's end last; ``after``: the words of one character a
    run may also end after (``Engine.dot_cuts``)."""
    pattern = _run_end(after)
    # Each end read in C (``map``), no Python call per "." (most emails hold a dozen).
    matches = list(pattern.finditer(lowered))
    ends = list(map(_END, matches))
    if pattern.groups:
        # -1 where the group took no part: the rule pass's cut.
        words = list(map(_START, matches, repeat(1)))
        if words.count(-1) != len(words):
            ends = _word_ends(lowered, cased, ends, words)
    ends.append(len(lowered))
    # The rule pass cuts only where the cased text allows it too (``_DOT_CUT`` on both): it
    # always does here, as no character's lower case differs from it in being a letter or
    # digit, a space, or one of ".!?" and NUL (the tests check every code point), and
    # ``lowered`` keeps ``cased``'s character where the lower case would be two.
    return ends


def _word_ends(lowered: str, cased: str, ends: list[int], words: list[int]) -> list[int]:
    """``ends`` without those after a word of one character (``words``: per end, where the
    pattern's group starts, -1 but there) where the reader ends no sentence, or the cased
    text differs (see the module's docstring)."""
    dropped = []
    for index, opened in enumerate(words):
        if opened < 0:
            continue
        end = ends[index]
        # "m" stands for "a.m" and "p.m" alone: no other word of one character ends in it.
        start = end - 4 if end >= 3 and lowered[end - 3] == "." else end - 2
        word = lowered[start : end - 1]
        # The cased text reads the same characters, but for their case, and a space after.
        same = cased[start:end].lower() == lowered[start:end] and cased[end].isspace()
        if not same or not (word.isdigit() or closes_sentence(lowered, cased, word, end - 1, end)):
            dropped.append(index)
    if not dropped:
        return ends
    for index in reversed(dropped):
        del ends[index]
    return ends


class Memory:
    """What was found in each run met, by the run's text (folded and cased), per language,
    set of disabled rules and classifier's decisions: all else is applied afterwards."""

    def __init__(self) -> None:
        self._by_config: dict[tuple[str, frozenset[str], object], dict[tuple[str, str], Found]] = {}
        #: The last configuration asked for, with a copy of its thresholds, and its runs:
        #: a mailbox asks for the same one at each email.
        self._last: tuple[object, ...] = ()

    def of(
        self, language: str, disabled: frozenset[str], model: Model | None
    ) -> dict[tuple[str, str], Found]:
        """The runs remembered for a language, a set of disabled rules and the classifier
        as it decides now (bounded)."""
        last = self._last
        # Compared, not hashed: the same objects but for the thresholds' values, read
        # again as they may have changed since.
        if (
            last
            and last[0] is model
            and last[1] == language
            and (last[2] is disabled or last[2] == disabled)
            and (
                model is None
                or (
                    last[3] == model.veto
                    and last[4] == model.threshold
                    and last[5] == model.thresholds
                )
            )
        ):
            runs = last[6]
            assert isinstance(runs, dict)
            if len(runs) < REMEMBERED:
                return runs
        # The model itself is part of the key (kept alive with it, so never mistaken for
        # another), and so are its thresholds: a test, or a caller, may change them.
        decides = None if model is None else (model, model.veto, model.threshold)
        thresholds = None if model is None else tuple(model.thresholds.items())
        key = (language, disabled, (decides, thresholds))
        found = self._by_config.get(key)
        if found is None or len(found) >= REMEMBERED:
            if found is None and len(self._by_config) >= _CONFIGS:
                self._by_config.clear()
            found = self._by_config[key] = {}
        if model is None:
            self._last = (None, language, disabled, None, None, None, found)
        else:
            copy = dict(model.thresholds)
            self._last = (model, language, disabled, model.veto, model.threshold, copy, found)
        return found
