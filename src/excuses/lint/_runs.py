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

At such a cut, the sentence before ends with the ``.`` and the next sentence
opens after it: the sentences, their words, the rule matches in them and
what the classifier and clause rules read in them are those of the run read
alone. A run without a blank line, that does not end on a line break, is
read and remembered with its line breaks as spaces, as the rule pass reads
its stretches (``_engine.spaced``): neither the reader nor any of the checks
after it tells one from the other there.
"""

from __future__ import annotations

import re

from ._reader import _ABBREVIATIONS

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

#: The rule pass's cut (``_engine._DOT_CUT``, the ``.`` of ``_stretches.CUT``).
_DOT_CUT = re.compile(r"\.(?=\s)(?<=[^\W_]{2}\.)")
# Where, inside the word before a ``.``, the reader's last sentence end could fall.
_INNER_END = re.compile(r"[.!?\x00]")
#: Runs remembered per language and set of disabled rules before the memory is cleared.
REMEMBERED = 20_000
#: Sets of disabled rules (configurations) remembered at once.
_CONFIGS = 8


def run_ends(lowered: str, cased: str) -> list[int]:
    """The offsets where ``lowered`` (the folded, masked text, ``cased`` its twin with case
    kept) may be cut into runs, in order, the text's end last."""
    ends: list[int] = []
    cased_cut = _DOT_CUT.match
    inner_end = _INNER_END.search
    for match in _DOT_CUT.finditer(lowered):
        dot = match.start()
        if cased_cut(cased, dot) is None:
            continue  # the rule pass does not cut there either
        # The reader's word before the ".": at least the two letters or digits before it.
        word = lowered[dot - 8 if dot > 8 else 0 : dot].rsplit(None, 1)[-1]
        if word in _ABBREVIATIONS or inner_end(word) is not None:
            continue
        ends.append(dot + 1)
    ends.append(len(lowered))
    return ends


class Memory:
    """What was found in each run met, by the run's text (folded and cased), per language,
    set of disabled rules and classifier's decisions: all else is applied afterwards."""

    def __init__(self) -> None:
        self._by_config: dict[tuple[str, frozenset[str], object], dict[tuple[str, str], Found]] = {}

    def of(
        self, language: str, disabled: frozenset[str], model: Model | None
    ) -> dict[tuple[str, str], Found]:
        """The runs remembered for a language, a set of disabled rules and the classifier
        as it decides now (bounded)."""
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
        return found
