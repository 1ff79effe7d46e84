"""The matcher: every rule of a language compiled once into one pattern, run in one pass.

The combined pattern is a single alternation of every rule pattern, factored
by leading characters like a trie (``_trie``), so that at each word start the
regular-expression engine tries only the patterns that can match there.
When it matches, the pattern is identified among the few that start with
that character, in file order, and checked against its rule's ``unless``;
patterns that name a person are confirmed on the cased text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from ._compiled import Compiled, helper, load
from ._normalize import fold
from ._rules import (
    CASED_NAME,
    NAME_HEAD,
    NOT_NAMES,
    OWNED_CATEGORIES,
    SCAN_NAME,
    UPPER,
    Rule,
    builtin_dot_cuts,
    builtin_rules,
    builtin_rules_crc32,
    builtin_scan_table,
    builtin_sentence_local,
    expand,
    load_rule_file,
)
from ._trie import factor, group_end, leading_chars, split_alternatives

# pathlib is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# A sentence ends at . ! ? or a blank line, not at a line break: mail clients
# wrap sentences, and a rule must not depend on where they did.
_SENTENCE_END = helper(r"[.!?\x00]|\n[^\S\n]*\n")
_UP_TO_LAST_END = helper(r"(?s).*(?:[.!?\x00]|\n[^\S\n]*\n)")
_WORD = helper(r"[^\W\d_]+")
# The ``.`` after which ``_stretches.CUT`` cuts (``re`` skips to a ``.`` in C).
_DOT_CUT = helper(r"\.(?=\s)(?<=[^\W_]{2}\.)")
_BLANK_LINE = helper(r"\n[^\S\n]*\n")
# Where the combined pattern may match: it opens on this look-behind (``main_source``).
_AT_WORD_START = helper(r"(?<![\w-])")
#: Stretches remembered per engine before the memory is cleared.
REMEMBERED = 20_000
#: Characters read by one engine before its factored pattern pays for its compilation.
_FACTOR_AFTER = 20_000
#: The same when it is loaded, not compiled (the shipped rules): the plain pattern is three
#: times slower to run, or more on text met for the first time, so loading the factored one
#: pays after one email; one short email is still read with the plain one.
_LOAD_FACTORED_AFTER = 1_000
#: Levels of leading characters (or runs of spaces) the factored pattern groups by: four
#: measured fastest for their size (six reads ~0.5 % faster and ships a 12 % larger file).
_FACTOR_DEPTH = 4
#: A text this short is scanned with only the patterns whose opening words it holds.
_FILTER_BELOW = 4_000
# The literal run a pattern's alternatives open on ("rappel" in "(?:rappel|repond)\\w*"):
# a text without any of them cannot match, so a short text need not compile it.
# Read only to build a scan table (the shipped rules come with theirs): compiled when used.
_LITERAL_RUN = r"(?:[a-z0-9'-]|\\s\+(?![?*{]))+"
_SPACES = helper(r"\s+")
_TOKEN = r"\\.|\[(?:\\.|[^\]\\])*\]|[()|]"
_WORD_START = helper(r"(?<![\w-])\S")
#: How many first characters of a place in the text choose the patterns tried there.
_KEY = 3
#: How many characters of an opening (a word, or the first words of a phrase) are compared.
_HEAD = 12


class Hit:
    """A rule matched at ``[start, end)`` of the normalised text."""

    __slots__ = ("end", "rule", "start")

    def __init__(self, rule: Rule, start: int, end: int) -> None:
        self.rule = rule
        self.start = start
        self.end = end


class Engine:
    """All the rules of one language as one factored alternation, compiled once.

    Patterns that open on a person's name (``<name> forgot``) need the
    original case, which the lower-cased text has lost: they form a second
    combined pattern, run on the cased text, that starts with a capital
    letter so that ``re`` skips to capitals in C. Every other pattern is in
    the main one.
    """

    def __init__(
        self,
        rules: list[Rule],
        team_names: tuple[str, ...] = (),
        language: str = "fr",
        table: list[tuple[str, tuple[str, ...] | None, frozenset[str] | None]] | None = None,
        compiled: Compiled | None = None,
        stretches: bool = False,
        dot_cuts: str = "",
    ) -> None:
        """``table``: per main-pass pattern, its regex, openings and leading characters,
        as :func:`scan_table` gives them, read from a file instead of worked out again;
        ``compiled``: the shipped rules' patterns already compiled (see ``_compiled``),
        its combined pattern used only with ``table``; ``stretches``: no regex of these
        rules reads across a cut (``_stretches.problems``), so :meth:`hits` may read a
        text stretch by stretch and remember each stretch's matches; ``dot_cuts``: the
        words of one character before a ``.`` after which no regex reads on (see
        :func:`dot_cuts`), where a run may also end."""
        self.rules = tuple(rules)
        self.stretches = stretches
        self.dot_cuts = dot_cuts if stretches else ""
        #: Per stretch of text met (folded and cased), the matches found in it.
        self._stretches: dict[tuple[str, str], tuple[tuple[Rule, int, int], ...]] = {}
        self._precompiled = compiled
        #: The shipped rules as compiled at build time: their scans are loaded, not compiled.
        self._shipped = (
            compiled is not None and table is not None and compiled.source("main") is not None
        )
        self.language = language
        self._scan_name, self._cased_name = _name_patterns(team_names)
        self._head = _name_head(team_names)
        main: list[str] = []
        named: list[str] = []
        #: (rule index, pattern as written) of every pattern of the main pass, in file order.
        self._patterns: list[tuple[int, str]] = []
        by_char: dict[str, list[int]] = {}
        anywhere: list[int] = []
        self._named: list[int] = []
        # Per-pattern and per-rule regexes, compiled on first use: a short email needs few.
        self._compiled: dict[tuple[str, int], re.Pattern[str] | None] = {}
        #: Per main-pass pattern, the words one of which any match opens on (None: unknown).
        self._openings: list[tuple[str, ...] | None] = []
        #: The patterns kept for the first short texts, and their scan.
        self._filtered: tuple[frozenset[int], re.Pattern[str]] | None = None
        for index, rule in enumerate(self.rules):
            for pattern in rule.patterns:
                if pattern.startswith("<name>"):
                    if index not in self._named:
                        self._named.append(index)
                    if not self._shipped:
                        named.append(expand(pattern[len("<name>") :], language=language))
                    continue
                number = len(self._patterns)
                if table is not None:
                    regex, openings, chars = table[number]
                else:
                    regex = _at_word_start(expand(pattern, self._scan_name, language))
                    openings, chars = _openings(regex), _leading(regex)
                main.append(regex)
                self._patterns.append((index, pattern))
                self._openings.append(openings)
                if chars is None:
                    anywhere.append(number)
                else:
                    for char in chars:
                        by_char.setdefault(char, []).append(number)
        self._anywhere = anywhere
        self._candidates = {
            char: sorted({*numbers, *anywhere}) for char, numbers in by_char.items()
        }
        #: Whether some pattern may open on a space or masked text (see :meth:`quiet_in`).
        self.opens_on_blank = any(char.isspace() or char == "\x00" for char in self._candidates)
        self._opening: re.Pattern[str] | None = None
        #: Per pattern, the first characters (up to three, within the first word) of each
        #: word a match opens on; None when not known.
        self._keys: list[tuple[str, ...] | None] = [
            None if words is None else tuple({w.split(" ", 1)[0][:_KEY] for w in words})
            for words in self._openings
        ]
        #: The candidates at a place, by the first characters there (filled as met).
        self._by_head: dict[str, list[int]] = {}
        #: Per rule index, its file's ``owned`` patterns as a group number (one regex each).
        self._owned: list[tuple[str, ...]] = []
        self._owned_of: dict[int, int] = {}
        for index, rule in enumerate(self.rules):
            if rule.owned:
                if rule.owned not in self._owned:
                    self._owned.append(rule.owned)
                self._owned_of[index] = self._owned.index(rule.owned)
        self._has_unless = {
            index for index, rule in enumerate(self.rules) if rule.unless or rule.owned
        }
        self._cased_patterns = {
            number for number, (_, pattern) in enumerate(self._patterns) if "<name>" in pattern
        }
        #: The main-pass patterns one by one, compiled when a match must be identified.
        self._scans: list[re.Pattern[str] | None] = [None] * len(self._patterns)
        # One guard for all branches: a phrase starts at a word start, so the
        # engine tries the alternation there only, not inside words.
        self._main = main or ["(?!x)x"]
        self._small: re.Pattern[str] | None = None
        self._fast: re.Pattern[str] | None = None
        self._scanned = 0
        # Only at a word start: tried inside a long capitalised run, the name would
        # be re-read from every letter (quadratic).
        self.name_pattern: re.Pattern[str] | None = None
        names = (
            self._precompiled.source("names")
            if self._precompiled is not None and self._shipped
            else None
        )
        if names is not None:
            # The shipped rules' name pass as it was compiled: nothing to expand again.
            self.name_pattern = self._compile(*names)
        elif self._named:
            if not named:
                named = [
                    expand(pattern[len("<name>") :], language=language)
                    for index in self._named
                    for pattern in self.rules[index].patterns
                    if pattern.startswith("<name>")
                ]
            self.name_pattern = self._compile(
                f"{_name_start(team_names, named)}(?:{factor(named)})"
            )

    def _compile(self, regex: str, flags: int = 0) -> re.Pattern[str]:
        """``regex`` compiled: taken from the shipped compiled patterns when they hold it."""
        if self._precompiled is not None:
            found = self._precompiled.get(regex, flags)
            if found is not None:
                return found
        return re.compile(regex, flags)

    def main_source(self) -> str:
        """The source of the factored combined pattern of the main pass."""
        return rf"(?<![\w-])(?:{factor(self._main, _FACTOR_DEPTH)})"

    def sources(self) -> dict[str, tuple[str, int]]:
        """Every ``(regex, flags)`` this engine may compile, by name (``main``, ``names``,
        ``scan:3``, ``unless:12``...): what ``_compiled`` builds once for the shipped rules."""
        found = {"main": (self.main_source(), 0), "plain": (self.plain_source(), 0)}
        if self.name_pattern is not None:
            found["names"] = (self.name_pattern.pattern, 0)
        patterns, rules = len(self._patterns), len(self.rules)
        for kind, count in (
            ("scan", patterns),
            ("cased", patterns),
            ("name", rules),
            ("unless", rules),
            ("owned", len(self._owned)),
        ):
            for index in range(count):
                source = self._source(kind, index)
                if source is not None:
                    found[f"{kind}:{index}"] = source
        return found

    def scanner(self, size: int = 0) -> re.Pattern[str]:
        """The combined pattern of the main pass, for a text of ``size`` characters.

        Both forms are one alternation of every pattern, run once over the
        text; they find the same matches. The plain one compiles in half the
        time, which is what one short email needs; once a process has read
        more than a few hundred kilobytes, the factored one (three times
        faster to run) is compiled and used from then on. The shipped rules
        have both in their compiled file: the plain one, a third of the size,
        also loads three times faster, so a short email still starts with it,
        and the factored one is loaded after 1,000 characters.
        """
        self._scanned += size
        after = _LOAD_FACTORED_AFTER if self._shipped else _FACTOR_AFTER
        if self._fast is None and self._scanned > after:
            self._fast = self._loaded("main") or re.compile(self.main_source())
        if self._fast is not None:
            return self._fast
        if self._small is None:
            self._small = self._loaded("plain") or re.compile(self.plain_source())
        return self._small

    def plain_source(self) -> str:
        """The source of the plain combined pattern of the main pass (not factored)."""
        return rf"(?<![\w-])(?:{'|'.join(self._main)})"

    def _loaded(self, name: str) -> re.Pattern[str] | None:
        """The shipped rules' combined pattern ``name`` (``main``, ``plain``) as compiled at
        build time, or None (not the shipped rules, or not in their compiled file)."""
        if not self._shipped or self._precompiled is None:
            return None
        source = self._precompiled.source(name)
        return None if source is None else self._precompiled.get(*source)

    def prime(self, text: str) -> None:
        """Get the scan ready for the parts of one message, ``text`` being all of them joined.

        The parts (subject, body, a record's fields) are then scanned with
        the one pattern compiled for the whole, instead of one each.
        """
        if self._filterable(text) and self._filtered is None:
            kept = self._kept(text)
            self._filtered = (kept, self._compile_kept(kept))

    def _filterable(self, text: str) -> bool:
        return (
            not self._shipped
            and self._small is None
            and self._fast is None
            and len(text) < _FILTER_BELOW
            and self._scanned + len(text) <= _FACTOR_AFTER
        )

    def _kept(self, text: str) -> frozenset[int]:
        """The main-pass patterns that may match ``text``: those whose opening words it holds."""
        # Every opening a match could have: the first characters after each word start,
        # spaces squeezed as a pattern's \s+ reads them.
        text = _SPACES.sub(" ", text)
        heads = {
            text[start : start + length]
            for start in (m.start() for m in _WORD_START.finditer(text))
            for length in range(1, _HEAD + 1)
        }
        return frozenset(
            number
            for number, words in enumerate(self._openings)
            if words is None or any(word[:_HEAD] in heads for word in words)
        )

    def _compile_kept(self, kept: frozenset[int]) -> re.Pattern[str]:
        branches = [regex for number, regex in enumerate(self._main) if number in kept]
        return re.compile(rf"(?<![\w-])(?:{'|'.join(branches) or '(?!x)x'})")

    def _scanner_for(self, text: str) -> tuple[re.Pattern[str], frozenset[int] | None]:
        """The scan for ``text``: for a first short message, only the patterns it can match.

        Compiling every pattern costs more than checking a short email; a
        pattern whose opening words are all absent from the text cannot match
        it, so it is left out. A later text that needs more than that gets
        the full pattern, compiled once, like any long text. Also returns the
        patterns kept (None: all), which alone need identifying.
        """
        if not self._filterable(text):
            return self.scanner(len(text)), None
        kept = self._kept(text)
        if self._filtered is None:
            self._filtered = (kept, self._compile_kept(kept))
        elif not kept <= self._filtered[0]:
            return self.scanner(len(text)), None
        self._scanned += len(text)
        return self._filtered[1], self._filtered[0]

    @property
    def pattern(self) -> re.Pattern[str]:
        """The factored combined pattern (compiled on first use)."""
        if self._fast is None:
            self._fast = self._loaded("main") or re.compile(self.main_source())
        return self._fast

    def _rx(self, kind: str, index: int) -> re.Pattern[str] | None:
        """A regex (see :meth:`_source`) compiled the first time it is needed."""
        key = (kind, index)
        if key in self._compiled:
            return self._compiled[key]
        if self._shipped and self._precompiled is not None:
            # The shipped rules as they were compiled: no need to expand the pattern again.
            source = self._precompiled.source(f"{kind}:{index}")
        else:
            source = self._source(kind, index)
        compiled = self._compile(*source) if source is not None else None
        self._compiled[key] = compiled
        return compiled

    def _source(self, kind: str, index: int) -> tuple[str, int] | None:
        """One of the regexes the engine runs besides the combined one, with its flags.

        ``scan``: main-pass pattern number ``index`` on the folded text;
        ``cased``: the same pattern checking its name on the cased text;
        ``name``: the patterns of rule ``index`` that open on a name;
        ``unless``: the sentences that make a match of rule ``index`` fine;
        ``owned``: the sentences that own the fault, group ``index`` of ``owned`` patterns.
        """
        lang = self.language
        if kind == "owned":
            return "|".join(expand(p, language=lang) for p in self._owned[index]), 0
        if kind == "scan":
            return expand(self._patterns[index][1], self._scan_name, lang), 0
        if kind == "cased":
            pattern = self._patterns[index][1]
            if "<name>" in pattern:
                return expand(pattern, self._cased_name, lang), re.IGNORECASE
            return None
        rule = self.rules[index]
        if kind == "name":
            rests = [
                expand(p[len("<name>") :], language=lang)
                for p in rule.patterns
                if p.startswith("<name>")
            ]
            return (f"{self._head}(?:{'|'.join(rests)})", 0) if rests else None
        if kind == "unless" and rule.unless:
            return "|".join(expand(p, language=lang) for p in rule.unless), 0
        return None

    def hits(self, lowered: str, cased: str) -> list[Hit]:
        """Every rule match in the folded, masked text; ``cased`` is its twin with case kept.

        With ``stretches``, the text is read one stretch at a time (``_stretches``: cut
        after a ``.`` that no pattern reads across), and what was found in a stretch is
        remembered by its text: a mailbox repeats most of its sentences.
        """
        scanner, kept = self._scanner_for(lowered)
        if not self.stretches:
            return self._hits_in(lowered, cased, scanner, kept)
        memory = self._stretches
        if len(memory) >= REMEMBERED:
            memory.clear()
        found: list[Hit] = []
        append = found.append
        last = 0
        size = len(lowered)
        cut_ok = _DOT_CUT.match
        for cut in [*(m.end() for m in _DOT_CUT.finditer(lowered)), size]:
            if cut < size and cut_ok(cased, cut - 1) is None:
                continue  # the cased text must allow the same cut
            piece = lowered[last:cut]
            twin = cased[last:cut]
            if "\n" in piece and (spaced_piece := spaced(piece)) is not None:
                # Where a client wrapped the lines does not change what the rules read.
                piece = spaced_piece
                twin = twin.replace("\n", " ")
            key = (piece, twin)
            known = memory.get(key)
            if known is None:
                known = memory[key] = tuple(
                    (hit.rule, hit.start, hit.end)
                    for hit in self._hits_in(piece, twin, scanner, kept)
                )
            for rule, start, end in known:
                append(Hit(rule, start + last, end + last))
            last = cut
        return found

    def quiet_in(self, lowered: str, cased: str) -> bool:
        """Whether no rule can match in ``lowered`` (``cased`` its twin) because it holds
        only spaces and masked text (NUL), as a quoted reply does: a match of the main
        pass is identified only among the patterns that may open on its first character
        (:meth:`_identify`), and none opens on either; nor does the name pass match."""
        if self._anywhere or lowered.replace("\x00", "").strip():
            return False
        if self.opens_on_blank:
            return False
        return self.name_pattern is None or self.name_pattern.search(cased) is None

    def quiet_before(self, lowered: str, cased: str, end: int) -> bool:
        """Whether, reading ``lowered`` (``cased`` its twin) as :meth:`hits` does, no rule
        can match from a place before ``end``: neither the combined pattern nor a rule
        that opens on a name matches there, whatever its checks would then say.

        False when the text is not read by stretch, or its first stretch ends before ``end``,
        or the factored pattern is not loaded yet.
        """
        if not self.stretches:
            return False
        stop = len(lowered)
        for cut in _DOT_CUT.finditer(lowered):
            if _DOT_CUT.match(cased, cut.start()) is not None:
                stop = cut.end()
                break
        if stop < end:
            return False
        # The first stretch, as the pass reads it: it holds a blank line, so never spaced.
        text, twin = lowered[:stop], cased[:stop]
        if self._fast is None:
            # Until the factored pattern is loaded (see :meth:`scanner`), trying the plain
            # one place by place costs more than reading the text whole.
            return False
        scan = self._fast.match
        for start in self._opening_places().finditer(text, 0, end):
            if start.start() < end and scan(text, start.start()) is not None:
                return False
        # A rule that opens on a name matches only where the name pass does.
        found = None if self.name_pattern is None else self.name_pattern.search(twin)
        return found is None or found.start() >= end

    def _opening_places(self) -> re.Pattern[str]:
        """The places where the combined pattern may open: its opening look-behind holds, on
        a character some pattern opens on. Trying it only there spares a try at each blank
        and punctuation mark of a greeting (``bonjour madame martin,\\n\\n``)."""
        if self._opening is None:
            if self._anywhere:
                # Some pattern may open on any character: the look-behind alone.
                self._opening = _AT_WORD_START
            else:
                chars = re.escape("".join(sorted(self._candidates)))
                self._opening = re.compile(rf"(?<![\w-])(?=[{chars}])")
        return self._opening

    def _hits_in(
        self,
        lowered: str,
        cased: str,
        scanner: re.Pattern[str],
        kept: frozenset[int] | None,
    ) -> list[Hit]:
        found = self._main_hits(lowered, cased, scanner, kept)
        if self.name_pattern is not None and self.name_pattern.search(cased) is not None:
            found.extend(self._name_hits(lowered, cased))
            found.sort(key=lambda hit: (hit.start, hit.end))
        return found

    def _main_hits(
        self,
        lowered: str,
        cased: str,
        scanner: re.Pattern[str],
        kept: frozenset[int] | None,
    ) -> list[Hit]:
        found: list[Hit] = []
        position = 0
        search = scanner.search
        while True:
            match = search(lowered, position)
            if match is None:
                return found
            start = match.start()
            hit = self._identify(lowered, cased, start, kept)
            if hit is None:
                position = start + 1
                continue
            found.append(hit)
            position = max(hit.end, start + 1)

    def _name_hits(self, lowered: str, cased: str) -> Iterator[Hit]:
        assert self.name_pattern is not None
        position = 0
        search = self.name_pattern.search
        while True:
            match = search(cased, position)
            if match is None:
                return
            start = match.start()
            position = start + 1
            if start and (cased[start - 1].isalnum() or cased[start - 1] in "_-"):
                continue
            word = _WORD.match(lowered, start)
            if word is not None and word.group(0) in NOT_NAMES:
                continue
            for index in self._named:
                rx = self._rx("name", index)
                rule_match = rx.match(cased, start) if rx is not None else None
                if rule_match is None:
                    continue
                end = rule_match.end()
                if index in self._has_unless and self._excused(index, lowered, start, end):
                    continue
                yield Hit(self.rules[index], start, end)
                position = end
                break

    def _identify(
        self, lowered: str, cased: str, start: int, kept: frozenset[int] | None = None
    ) -> Hit | None:
        """The first pattern, in file order, that matches at ``start`` and passes its checks.

        ``kept``: the only patterns that can match this text (None: any).
        """
        scans = self._scans
        head = lowered[start : start + _KEY]
        candidates = self._by_head.get(head)
        if candidates is None:
            candidates = self._by_head[head] = self._candidates_at(head)
        for number in candidates:
            if kept is not None and number not in kept:
                continue
            scan = scans[number]
            if scan is None:
                scan = scans[number] = self._rx("scan", number)
                assert scan is not None
            found = scan.match(lowered, start)
            if found is None:
                continue
            if number in self._cased_patterns:
                verify = self._rx("cased", number)
                found = verify.match(cased, start) if verify is not None else None
                if found is None:
                    continue
            end = found.end()
            if end == start:
                continue
            index = self._patterns[number][0]
            if index in self._has_unless and self._excused(index, lowered, start, end):
                continue
            return Hit(self.rules[index], start, end)
        return None

    def _excused(self, index: int, lowered: str, start: int, end: int) -> bool:
        """Whether the sentence around a match of rule ``index`` makes it fine: one of the
        rule's ``unless`` patterns, or of its file's ``owned`` ones, is found in it."""
        sentence = _sentence(lowered, start, end)
        guard = self._rx("unless", index)
        if guard is not None and guard.search(sentence):
            return True
        group = self._owned_of.get(index)
        if group is None:
            return False
        owned = self._rx("owned", group)
        return owned is not None and owned.search(sentence) is not None

    def owned_guard(self, category: str) -> re.Pattern[str] | None:
        """The ``owned`` patterns of the first rules file, for a sentence of ``category``
        that the clause rules matched: None when they do not answer that category."""
        if category not in OWNED_CATEGORIES or not self._owned:
            return None
        return self._rx("owned", 0)

    def _candidates_at(self, head: str) -> list[int]:
        """The main-pass patterns, in file order, that may match where the text opens on
        ``head``: those that may start with its first character and, when the words
        they open on are known, open on one that ``head`` starts like."""
        keys = self._keys
        return [
            number
            for number in self._candidates.get(head[:1], self._anywhere)
            # One call in C for all of a pattern's keys: startswith takes a tuple.
            if (found := keys[number]) is None or head.startswith(found)
        ]


def _top_level(regex: str) -> list[tuple[int, int]]:
    """The spans of ``regex``'s top-level alternatives (tokens read by ``re``, in C)."""
    depth = 0
    spans: list[tuple[int, int]] = []
    last = 0
    for token in re.finditer(_TOKEN, regex):
        char = token.group(0)
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            spans.append((last, token.start()))
            last = token.end()
    spans.append((last, len(regex)))
    return spans


def _openings(regex: str) -> tuple[str, ...] | None:
    """The literal words a match of ``regex`` must open on, or None when they cannot be told.

    Read from alternatives that open on a plain word or on a group of such
    alternatives; a character made optional (``desolee?``) ends the word
    before it. Anything else (a class, a look-behind, an optional group)
    gives None: the pattern is always kept.
    """
    words: list[str] = []
    for start, end in _top_level(regex):
        alternative = regex[start:end]
        if alternative.startswith("(?:"):
            close = group_end(alternative, 0)
            if alternative[close : close + 1] in ("?", "*", "{"):
                return None
            inner = _openings(alternative[3 : close - 1])
            if inner is None:
                return None
            words.extend(inner)
            continue
        run = re.match(_LITERAL_RUN, alternative)
        if run is None:
            return None
        word = run.group(0).replace("\\s+", " ")
        if alternative[run.end() : run.end() + 1] in ("?", "*", "{"):
            word = word[:-1].rstrip()
        if not word:
            return None
        words.append(word)
    return tuple(dict.fromkeys(words))


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``[start, end)``: an ``unless`` pattern looks at all of it."""
    # A sentence longer than a few hundred characters is cut: enough for an "unless".
    floor = max(0, start - 400)
    before = _UP_TO_LAST_END.match(text, floor, start)
    left = before.end() if before is not None else floor
    after = _SENTENCE_END.search(text, end, end + 400)
    right = after.start() if after is not None else min(len(text), end + 400)
    return text[left:right]


def _name_head(team_names: tuple[str, ...]) -> str:
    """How a name opens a phrase in the cased text: a team member's name, or a capitalised word."""
    names = sorted(
        {r"\s+".join(re.escape(w) for w in n.split()) for n in team_names if n.strip()}
        | {re.escape(n.split()[0]) for n in team_names if n.strip()},
        key=len,
        reverse=True,
    )
    if not names:
        return f"(?:{NAME_HEAD})"
    return f"(?:{'|'.join(names)}|{NAME_HEAD})"


def _name_start(team_names: tuple[str, ...], rests: list[str]) -> str:
    """How the pass for rules that open on a name finds a name at a word start.

    ``(?<![\\w-])`` then the name head, as a rule's own pattern reads it. Without
    team names, and when no rule's words after the name can open on a letter
    (they open on a space, an apostrophe or a comma), the same places are found
    faster: the capital comes first, so ``re`` skips to capitals in C, the
    word-start test follows it, and the letters of a name are read once (given
    back one by one, a shorter name would be followed by a letter, which no rule
    reads after a name).
    """
    if team_names or not all(_opens_on_no_letter(rest) for rest in rests):
        return f"(?<![\\w-]){_name_head(team_names)}"
    return rf"(?:[{UPPER}](?<![\w-][{UPPER}])[^\W\d_]++(?:[\s-][{UPPER}][^\W\d_]++)?)"


def _opens_on_no_letter(regex: str) -> bool:
    """Whether every match of ``regex`` opens on a space, an apostrophe or a comma
    (worked out from how its alternatives are written; False when not sure)."""
    for start, end in _top_level(regex):
        alternative = regex[start:end]
        if alternative.startswith("(?:"):
            close = group_end(alternative, 0)
            if alternative[close : close + 1] in ("?", "*", "{"):
                return False
            if not _opens_on_no_letter(alternative[3 : close - 1]):
                return False
            continue
        if alternative.startswith("\\s"):
            opening = 2
        elif alternative.startswith(("'", ",")):
            opening = 1
        else:
            return False
        quantifier = alternative[opening : opening + 1]
        if quantifier in ("?", "*") and not _opens_on_no_letter(alternative[opening + 1 :]):
            return False
        if quantifier == "{":
            return False
    return True


def _name_patterns(team_names: tuple[str, ...]) -> tuple[str, str]:
    if not team_names:
        return SCAN_NAME, CASED_NAME
    names: set[str] = set()
    for full in team_names:
        words = fold(full).lower().split()
        if words:
            names.add(r"\s+".join(re.escape(w) for w in words))
            names.add(re.escape(words[0]))
    team = "|".join(sorted(names, key=len, reverse=True))
    return f"(?:{team}|{SCAN_NAME})", f"(?:{team}|{CASED_NAME})"


def _at_word_start(regex: str) -> str:
    """``regex`` as the combined pattern tries it, at a word start only: without an opening
    ``\\b`` when what follows can only open on a letter or a digit.

    The combined pattern is tried only after a character that is neither a word
    character nor a hyphen (or at the start of the text), where a ``\\b`` before a
    letter or digit always holds: dropping it lets the pattern be filed under the
    letters it opens on (tried only where the text has them, and told apart by the
    words it opens on) instead of being tried at every word start. Which rule
    matched, and where its match ends, is still read with the rule's own pattern.
    """
    if not regex.startswith("\\b") or len(split_alternatives(regex)) > 1:
        return regex
    rest = regex[2:]
    chars = leading_chars(rest)
    if not chars or not all(char.isalnum() for char in chars):
        return regex
    return rest


def _leading(regex: str) -> frozenset[str] | None:
    chars = leading_chars(regex)
    return None if chars is None else frozenset(chars)


def scan_table(
    rules: list[Rule], language: str
) -> list[tuple[str, tuple[str, ...] | None, frozenset[str] | None]]:
    """Per main-pass pattern of ``rules`` (no team names): its regex, the words a match
    opens on and the characters it starts with. Written beside the shipped rules once
    (``rules/<lang>.json``), so that a start of the checker does not work them out again."""
    table = []
    for rule in rules:
        for pattern in rule.patterns:
            if not pattern.startswith("<name>"):
                regex = _at_word_start(expand(pattern, SCAN_NAME, language))
                table.append((regex, _openings(regex), _leading(regex)))
    return table


@lru_cache(maxsize=16)
def get_engine(
    language: str, extra: tuple[Path, ...] = (), team_names: tuple[str, ...] = ()
) -> Engine:
    """The compiled engine for a language, its extra rule files and a team; cached per process."""
    rules = list(builtin_rules(language).rules)
    for path in extra:
        rules.extend(rule for rule in load_rule_file(path).rules if rule.language == language)
    table = builtin_scan_table(language) if not extra and not team_names else None
    crc = builtin_rules_crc32(language)
    compiled = load(language, crc) if crc is not None else None
    # The shipped rules were checked for reading by stretch when their file was written.
    stretches = table is not None and builtin_sentence_local(language)
    cuts = builtin_dot_cuts(language) if stretches else ""
    return Engine(rules, team_names, language, table, compiled, stretches, cuts)


#: The frequent words of each language that :func:`detect_language` counts, in the order
#: of the alternation ``\\b(?:w1|w2|...)\\b`` whose matches it counts (:func:`frequent_words`).
_FRENCH = [
    "nous",
    "vous",
    "le",
    "la",
    "les",
    "des",
    "est",
    "une",
    "un",
    "pour",
    "avec",
    "dans",
    "sur",
    "pas",
    "que",
    "qui",
    "votre",
    "notre",
    "bonjour",
    "merci",
    "cordialement",
    "je",
    "au",
    "aux",
    "du",
    "et",
    "ce",
    "c'est",
    "il",
    "elle",
    "sont",
    "mais",
    "sous",
    "depuis",
    "tres",
    "plus",
    "ne",
    "n'est",
    "d'un",
    "d'une",
    "l'",
    "qu'",
    "par",
    "cette",
    "ces",
    "nos",
    "vos",
]
_ENGLISH = [
    "we",
    "you",
    "the",
    "and",
    "is",
    "are",
    "for",
    "with",
    "in",
    "not",
    "that",
    "your",
    "our",
    "hello",
    "thanks",
    "regards",
    "dear",
    "to",
    "of",
    "it",
    "will",
    "be",
    "this",
    "was",
    "were",
    "has",
    "have",
    "it's",
    "we're",
    "we'll",
    "i'm",
    "by",
    "at",
    "from",
]
_RUN = helper(r"\w+")


def frequent_words(language: str) -> re.Pattern[str]:
    """The regex whose matches :func:`detect_language` counts (for the tests: compiling it
    costs more than the rest of a short email's check, so the count is made without it)."""
    words = _FRENCH if language == "fr" else _ENGLISH
    return re.compile(rf"\b(?:{'|'.join(words)})\b")


@cache
def _plan(language: str) -> dict[str, tuple[str, ...]]:
    """Per run of word characters, the frequent words that may match where it starts, in order:
    the word itself, and the words whose letters before their apostrophe are the run."""
    plan: dict[str, list[str]] = {}
    for word in _FRENCH if language == "fr" else _ENGLISH:
        plan.setdefault(word.split("'", 1)[0], []).append(word)
    return {run: tuple(words) for run, words in plan.items()}


def _is_word(char: str) -> bool:
    """What ``\\w`` reads in a str pattern."""
    return char.isalnum() or char == "_"


def _count_frequent(sample: str, language: str) -> int:
    """``len(frequent_words(language).findall(sample))``, without compiling that regex.

    A match opens where ``\\b`` holds before a letter: at the start of a run of word
    characters. A word without an apostrophe that matches there is the whole run (it must
    end on ``\\b``); one with an apostrophe (``c'est``, ``l'``) has the run before it. So at
    each run start, past the end of the last match, the candidates are tried in the
    alternation's order, each with ``startswith`` and the ``\\b`` after it.
    """
    plan = _plan(language)
    size = len(sample)
    count = 0
    end = 0
    for run in _RUN.finditer(sample):
        start = run.start()
        if start < end:
            continue  # inside the last match (the "est" of "c'est")
        for word in plan.get(run.group(), ()):
            stop = start + len(word)
            if not sample.startswith(word, start):
                continue
            # \b after the word: a word character on exactly one side.
            if _is_word(sample[stop - 1]) != (stop < size and _is_word(sample[stop])):
                count += 1
                end = stop
                break
    return count


def detect_language(lowered: str, raw: str = "") -> str:
    """``fr`` or ``en``, by counting frequent words in the first few thousand characters.

    A tie (a very short text) goes to French when ``raw``, the text before
    folding, has French accents.
    """
    sample = lowered[:4000]
    score = _count_frequent(sample, "fr") - _count_frequent(sample, "en")
    if score == 0:
        return "fr" if any(c in raw[:4000] for c in "éèàçùêâîôûÉÈÀÇ") else "en"
    return "fr" if score > 0 else "en"


def spaced(piece: str) -> str | None:
    """``piece`` with its line breaks as spaces, or None when it holds a blank line or ends on
    a line break (it is then read as it is): see ``_stretches``."""
    if piece.endswith("\n") or _BLANK_LINE.search(piece) is not None:
        return None
    return piece.replace("\n", " ")


def stretch_problems(engine: Engine) -> dict[str, list[str]]:
    """Per regex the engine runs (``main``, ``names``, ``scan:3``, ``unless:5``...;
    ``branch:3`` for a branch of the plain combined pattern), what could read across a cut
    between stretches or tell a line break from a space (``_stretches.problems``; the
    ``unless`` patterns read a sentence window that a stretch holds whole, so only
    their line breaks matter)."""
    from ._stretches import problems

    found = {
        name: problems(regex, flags, window=name.startswith(_WINDOWED))
        for name, (regex, flags) in _pass_regexes(engine).items()
    }
    return {name: listed for name, listed in found.items() if listed}


#: The regexes searched in a sentence window (``_sentence``), which a stretch holds whole.
_WINDOWED = ("unless:", "owned:")


def _pass_regexes(engine: Engine) -> dict[str, tuple[str, int]]:
    """Every regex the engine may run, by name (see :func:`stretch_problems`)."""
    regexes = dict(engine.sources())
    regexes.update((f"branch:{n}", (regex, 0)) for n, regex in enumerate(engine._main))
    return regexes


def sentence_local(engine: Engine) -> bool:
    """Whether the engine may read a text stretch by stretch (no regex reads across a cut)."""
    return not stretch_problems(engine)


#: The words of one character before a "." where a run may end (``_runs``), ``m`` standing
#: for "a.m" and "p.m": a digit always ends a sentence there, the others when the reader
#: says so, from the next word.
DOT_CUT_CANDIDATES = "0123456789hm"


def dot_cuts(engine: Engine) -> str:
    """Those of :data:`DOT_CUT_CANDIDATES` after which no regex of the engine consumes a
    ``.``, in either case (``_stretches.dot_readers``), when it reads by stretch at all."""
    from ._stretches import dot_readers

    if not sentence_local(engine):
        return ""
    chars = DOT_CUT_CANDIDATES + DOT_CUT_CANDIDATES.upper()
    read: set[str] = set()
    for name, (regex, flags) in _pass_regexes(engine).items():
        # A sentence window is cut at every ".": what it reads after one does not matter.
        if not name.startswith(_WINDOWED):
            read |= dot_readers(regex, flags, chars)
    return "".join(
        char for char in DOT_CUT_CANDIDATES if char not in read and char.upper() not in read
    )
