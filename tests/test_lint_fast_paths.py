"""The checker's fast paths give exactly what the plain, step-by-step reading gives.

Speed work reads sentences, scores them and finds rule matches with fewer
steps in Python; these tests hold each fast path to a straightforward
reference, on every sentence of the corpus's train and dev splits, the tuned
corpus and the rules' own examples (the test split is never read here).
"""

from __future__ import annotations

import math
import re
from operator import add

import pytest
from checker_corpus import (
    CORPUS,
    rule_example_rows,
    sentence_rows,
    three_column_rows,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from excuses.lint._engine import (
    _FACTOR_DEPTH,
    _at_word_start,
    _name_start,
    _opens_on_no_letter,
    get_engine,
)
from excuses.lint._model import Model, feature_names, get_model, text_sentences
from excuses.lint._normalize import _non_ascii, normalize
from excuses.lint._reader import features
from excuses.lint._rules import NAME_HEAD, SCAN_NAME, UPPER, expand
from excuses.lint._trie import factor


def corpus_texts(language: str) -> list[str]:
    """The train and dev sentences, the tuned corpus and the rules' examples of a language."""
    rows = [
        *sentence_rows(language, frozenset({"train", "dev"})),
        *three_column_rows(CORPUS / f"{language}.tsv", "train"),
        *rule_example_rows(language),
    ]
    return [row.sentence for row in rows]


def corpus_sentences(language: str) -> list[list[str]]:
    return [tokens for text in corpus_texts(language) for tokens in text_sentences(text, language)]


def reference_probabilities(model: Model, tokens: list[str], ruled: tuple[str, ...]) -> list[float]:
    """The class probabilities as the model file describes them, one feature at a time."""
    found = features(tokens, model.lexicon)
    found.extend((f"r:{category}", ()) for category in ruled)
    totals = list(model.bias)
    for name, _ in found:
        sparse = model.weights.get(name)
        if sparse is None:
            continue
        row = [0.0] * len(model.classes)
        for pair in sparse.split():
            index, weight = pair.split(":")
            row[int(index)] = float(weight)
        totals = list(map(add, totals, row))
    top = max(totals)
    exps = [math.exp(t - top) for t in totals]
    whole = sum(exps)
    return [e / whole for e in exps]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_feature_names_are_the_names_of_the_features_in_order(language: str) -> None:
    model = get_model(language)
    assert model is not None
    sentences = corpus_sentences(language)
    assert len(sentences) > 1000
    for tokens in sentences:
        expected = [name for name, _ in features(tokens, model.lexicon)]
        assert feature_names(tokens, model.lexicon) == expected, tokens


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_models_scores_are_those_of_adding_one_feature_at_a_time(language: str) -> None:
    model = get_model(language)
    assert model is not None
    fresh = Model.__new__(Model)
    fresh.__dict__.update(model.__dict__, _readings={}, _dense={})
    categories = ((), ("denial",), ("blame-client", "excuse"))
    for number, tokens in enumerate(corpus_sentences(language)):
        ruled = categories[number % len(categories)]
        reading = fresh.read(tokens, ruled)
        # Equal to the last bit: the weights are added in the same order.
        assert reading.probabilities == reference_probabilities(model, tokens, ruled), tokens
        verdict = reading.verdict()
        if verdict is not None:
            found = features(tokens, model.lexicon)
            found.extend((f"r:{category}", ()) for category in ruled)
            best = model.classes.index(verdict.category)
            assert verdict.evidence == model._evidence(found, best, len(tokens))
            assert verdict.confidence == reading.probabilities[best]


def reference_name_pattern(language: str) -> re.Pattern[str]:
    """The pass for rules that open on a name, as a rule's own pattern reads a name."""
    engine = get_engine(language)
    named = [
        expand(pattern[len("<name>") :], language=language)
        for rule in engine.rules
        for pattern in rule.patterns
        if pattern.startswith("<name>")
    ]
    return re.compile(f"(?<![\\w-])(?:{NAME_HEAD})(?:{factor(named)})")


NAME_TEXTS = [
    "Tom forgot to send it. TOM forgot. Tomforgot it. I forgot. Tom Smith forgot your order.",
    "-Tom forgot it, x-Tom forgot it, _Tom forgot it, 3Tom forgot it, «Tom» forgot it.",
    "It was Priya's mistake. Priya O'Neil's fault. Jean-Pierre messed up. Zoë forgot.",
    "Kevin, in accounts, forgot. Kevin from the warehouse dropped the ball. Dear Tom, sorry.",
    "Cyril a oublié votre commande. Jean-Pierre s'est trompé. Mme Martin devait vérifier.",
    "C'est Cyril qui a raté l'envoi. L'Équipe a oublié. Éric avait oublié de vérifier.",
]

NAME_WORDS = [
    "Tom",
    "Smith",
    "Priya",
    "Jean-Pierre",
    "Éric",
    "I",
    "A",
    "TOM",
    "forgot",
    "messed",
    "up",
    "'s",
    "mistake",
    "fault",
    ",",
    "in",
    "accounts",
    "a",
    "oublié",
    "s'est",
    "trompé",
    "devait",
    "vérifier",
    "-",
    "\n",
    ".",
]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_shipped_rules_find_names_by_their_capital_first(language: str) -> None:
    engine = get_engine(language)
    assert engine.name_pattern is not None
    # Every shipped rule that opens on a name reads a space, an apostrophe or a comma
    # after it; a rule that reads a letter there makes the name pass slower (not wrong).
    assert engine.name_pattern.pattern.startswith(f"(?:[{UPPER}](?<!"), (
        "a rule opening on <name> reads a letter right after the name"
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_shipped_pattern_is_filed_under_the_characters_it_opens_on(language: str) -> None:
    # A pattern whose first characters cannot be told is tried at every position of the
    # text and stays outside the combined pattern's factoring: one such pattern makes a
    # mailbox several times slower to scan (not wrong). A rule that needs one should say why.
    engine = get_engine(language)
    unfiled = [engine.rules[engine._patterns[number][0]].id for number in engine._anywhere]
    assert unfiled == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_names_are_found_where_the_word_start_test_first_finds_them(language: str) -> None:
    engine = get_engine(language)
    assert engine.name_pattern is not None
    reference = reference_name_pattern(language)
    texts = [*NAME_TEXTS, *corpus_texts(language)]
    for text in texts:
        folded = normalize(text).nfc
        expected = [m.span() for m in reference.finditer(folded)]
        assert [m.span() for m in engine.name_pattern.finditer(folded)] == expected, text


@settings(max_examples=300, deadline=None)
@given(
    words_=st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=30),
    glue=st.sampled_from([" ", "", "\n"]),
    language=st.sampled_from(["fr", "en"]),
)
def test_any_text_gives_the_same_names_either_way(
    words_: list[str], glue: str, language: str
) -> None:
    engine = get_engine(language)
    assert engine.name_pattern is not None
    text = normalize(glue.join(words_)).nfc
    expected = [m.span() for m in reference_name_pattern(language).finditer(text)]
    assert [m.span() for m in engine.name_pattern.finditer(text)] == expected


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        (r"\s+forgot", True),
        (r"'s\s+fault", True),
        (r",?\s+(?:in|from)\s+\w+", True),
        (r"(?:'s|\s+is|\s+was)\s+to\s+blame", True),
        (r"\s*forgot", False),
        (r",?forgot", False),
        (r"forgot", False),
        (r"(?:\s+is|was)", False),
        (r"(?:\s+is)?forgot", False),
        (r"\s{0,2}x", False),
        (r"", False),
    ],
)
def test_what_opens_on_no_letter_is_told_conservatively(regex: str, expected: bool) -> None:
    assert _opens_on_no_letter(regex) is expected


def test_team_names_or_a_rule_reading_a_letter_keep_the_word_start_test_first() -> None:
    assert _name_start(("Tom Smith",), [r"\s+forgot"]).startswith("(?<![\\w-])")
    assert _name_start((), [r"\s+forgot", "forgot"]).startswith("(?<![\\w-])")
    assert _name_start((), [r"\s+forgot"]).startswith(f"(?:[{UPPER}]")


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        (r"\bulterieurement\b", r"ulterieurement\b"),
        (r"\bdes\s+(?:que|qu')", r"des\s+(?:que|qu')"),
        (r"\b(?:minimes?|infimes?)", r"(?:minimes?|infimes?)"),
        (r"\b(?:'ok|x)", r"\b(?:'ok|x)"),
        (r"\b\w+", r"\b\w+"),
        (r"\b[^a]", r"\b[^a]"),
        (r"\b(?:x|)", r"\b(?:x|)"),
        (r"\b", r"\b"),
        (r"we\b", r"we\b"),
        (r"\bfoo|bar", r"\bfoo|bar"),
    ],
)
def test_an_opening_word_boundary_is_dropped_only_where_a_word_start_implies_it(
    regex: str, expected: str
) -> None:
    assert _at_word_start(regex) == expected


@pytest.mark.parametrize("language", ["fr", "en"])
def test_dropping_opening_word_boundaries_keeps_where_the_combined_pattern_starts(
    language: str,
) -> None:
    """The combined pattern only tells where a match may start: built from each rule's
    own pattern, opening word boundaries kept, it starts at exactly the same places."""
    engine = get_engine(language)
    own = [
        expand(pattern, SCAN_NAME, language)
        for rule in engine.rules
        for pattern in rule.patterns
        if not pattern.startswith("<name>")
    ]
    assert any(_at_word_start(regex) != regex for regex in own) or language == "en"
    reference = re.compile(rf"(?<![\w-])(?:{factor(own, _FACTOR_DEPTH)})")
    text = "\n\n".join(normalize(t).lowered for t in corpus_texts(language))

    def starts(pattern: re.Pattern[str]) -> list[int]:
        found, position = [], 0
        while (match := pattern.search(text, position)) is not None:
            found.append(match.start())
            position = match.start() + 1
        return found

    expected = starts(reference)
    assert len(expected) > 500
    assert starts(engine.pattern) == expected


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_combined_pattern_opens_only_where_quiet_before_tries_it(language: str) -> None:
    """``quiet_before`` tries the combined pattern only at its opening places: every place
    where it matches on the corpus is one of them, and blanks and punctuation are not."""
    engine = get_engine(language)
    text = "\n\n".join(normalize(t).lowered for t in corpus_texts(language))
    places = {match.start() for match in engine._opening_places().finditer(text)}
    starts, position = [], 0
    while (match := engine.pattern.search(text, position)) is not None:
        starts.append(match.start())
        position = match.start() + 1
    assert len(starts) > 500
    assert set(starts) <= places
    assert not any(text[place].isspace() for place in places)


def mailbox(language: str) -> list[str]:
    """Emails made of the corpus's sentences, each met several times, in new places."""
    texts = corpus_texts(language)
    long_one = " ".join(["word"] * 130) + ". "
    return [
        "Hello,\n\n" + " ".join(texts[index : index + 5]) + "\n\n" + long_one + texts[index]
        for index in range(0, len(texts), 3)
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sentences_read_from_memory_are_those_the_reader_reads(language: str) -> None:
    # A sentence met again takes the words remembered from its first reading: its span is
    # its own, its words are those the reader gives, at any place in any text.
    from excuses.lint import _reader, _reading

    _reading._MEMORY.clear()
    for text in mailbox(language):
        normalized = normalize(text)
        lowered, cased = normalized.lowered, normalized.nfc
        for case in (cased, None):
            expected = [
                (s.start, s.end, s.tokens) for s in _reader.sentences(lowered, language, case)
            ]
            for _ in range(2):
                read = _reading.sentences(lowered, language, case)
                assert [(s.start, s.end, s.tokens) for s in read] == expected
                assert all(s.words == tuple(s.tokens) for s in read)
                assert [s.spans() for s in read] == [
                    s.spans() for s in _reader.sentences(lowered, language, case)
                ]
    assert _reading._MEMORY[language]


SENTENCE_PIECES = st.lists(
    st.sampled_from(
        [
            *"ab .!?\n\t\x00\u00a0\u2003\x1c\x85'\",)»”",
            *("mr", "e.g", " x", "etc", "Déjà", "p.m", "a.m", "7 h", " We", " CET", " May"),
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(SENTENCE_PIECES)
def test_sentence_ends_are_found_as_the_reader_finds_them(text: str) -> None:
    from excuses.lint import _reader, _reading

    assert [m.span() for m in _reading._END.finditer(text)] == [
        m.span() for m in _reader._end_pattern().finditer(text)
    ]
    assert _reading.ends(text) == _reader._ends(text)
    lowered = text.lower()
    if len(lowered) == len(text):
        assert _reading.ends(lowered, text) == _reader._ends(lowered, text)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sentence_ends_of_the_corpus_are_those_the_reader_finds(language: str) -> None:
    from excuses.lint import _reader, _reading

    for text in mailbox(language):
        normalized = normalize(text)
        lowered = normalized.lowered
        assert _reading.ends(lowered) == _reader._ends(lowered)
        assert _reading.ends(lowered, normalized.nfc) == _reader._ends(lowered, normalized.nfc)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_remembered_clause_matches_are_those_matched_afresh(language: str) -> None:
    from excuses.lint._clauses import get_clauses

    clauses = get_clauses(language)
    assert clauses is not None
    clauses._matched.clear()
    matched = 0
    for tokens in corpus_sentences(language) * 2:
        found = clauses.match(tokens)
        assert found == clauses._match(tuple(tokens))
        matched += found is not None
    assert matched and clauses._matched


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=80))
def test_the_non_ascii_characters_are_those_a_regex_finds(text: str) -> None:
    # Lone surrogates included: a file read with ``surrogateescape`` holds them.
    assert _non_ascii(text) == set(re.findall(r"[^\x00-\x7f]", text))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_non_ascii_characters_of_the_corpus_are_those_a_regex_finds(language: str) -> None:
    text = "\n".join(corpus_texts(language)) + "\udcff ﬁ\u200b Ｗ…"
    assert _non_ascii(text) == set(re.findall(r"[^\x00-\x7f]", text))
