"""Checking a text run by run, each run met before taken from memory, finds what checking it
whole finds: the same findings, spans, lines, columns, messages, in the same order.

``_runs`` cuts a text where a rule-pass stretch and a sentence of the reader both end;
these tests hold the cut to the reader's sentence ends, and every check to the one
that reads each text whole (``_check.BY_RUNS`` off), on mailboxes made of the corpus's
train and dev sentences (the test split is never read here), under several
configurations and input kinds, and on generated text full of abbreviations, quotes,
masked lines, line breaks and odd characters.
"""

from __future__ import annotations

import re
import sys
import textwrap
from dataclasses import replace

import pytest
from checker_corpus import (
    CORPUS,
    rule_example_rows,
    sentence_rows,
    three_column_rows,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from excuses.lint import LintConfig, Severity, _check, _reader, check_message, check_text
from excuses.lint._engine import _BLANK_LINE, _DOT_CUT, Engine, dot_cuts, get_engine
from excuses.lint._masking import blank, masked_ranges
from excuses.lint._normalize import normalize
from excuses.lint._rules import builtin_dot_cuts, builtin_rules
from excuses.lint._runs import Memory, run_ends

TYPE_CHECKING = False
if TYPE_CHECKING:
    from excuses.lint._runs import Found

RULES_ONLY = LintConfig(disabled=frozenset({"model"}))
CONFIGS = [
    LintConfig(),
    RULES_ONLY,
    LintConfig(disabled=frozenset({"clauses"})),
    LintConfig(disabled=frozenset({"model", "clauses"})),
    LintConfig(disabled=frozenset({"minimisation", "EN-MODEL-blame", "FR-MODEL-deflection"})),
    LintConfig(severities={"minimisation": Severity.ERROR}, stage_checks=False),
]


def corpus_texts(language: str) -> list[str]:
    rows = [
        *sentence_rows(language, frozenset({"train", "dev"})),
        *three_column_rows(CORPUS / f"{language}.tsv", "train"),
        *rule_example_rows(language),
    ]
    return [row.sentence for row in rows]


GREETINGS = {"fr": ["Bonjour Madame Martin,", "Madame,"], "en": ["Dear Ms Hartley,", "Hi Priya,"]}
CLOSINGS = {
    "fr": ["Bien cordialement,", "Bonne journée,"],
    "en": ["Kind regards,", "Thanks again,"],
}
REPLY = {
    "fr": "Le lun. 23 nov. 2026 à 10:02, Claire Martin <claire.martin@example.fr> a écrit :",
    "en": "On Mon, Nov 23, 2026 at 10:02 AM, Emma Hartley <emma@example.co.uk> wrote:",
}


def mailbox(language: str) -> list[str]:
    """Emails made of the corpus's sentences, each met several times, in new places and
    wrapped anew, with greetings, closings, signatures and quoted history."""
    texts = corpus_texts(language)
    emails = []
    for index in range(0, len(texts), 4):
        body = " ".join(texts[index : index + 7])
        width = 40 + index % 50
        lines = [GREETINGS[language][index % 2], "", *textwrap.wrap(body, width), ""]
        lines += [CLOSINGS[language][index % 2], "", "Sarah Collins"]
        if index % 3 == 0:
            quoted = textwrap.wrap(" ".join(texts[index + 2 : index + 5]), 70)
            lines += ["", REPLY[language], *(f"> {line}" for line in quoted)]
        emails.append("\n".join(lines) + "\n")
    return emails


def as_dicts(found: list[object]) -> list[dict[str, object]]:
    return [finding.to_dict() for finding in found]  # type: ignore[attr-defined]


def whole_and_by_runs(
    monkeypatch: pytest.MonkeyPatch, check: object, *args: object, **kwargs: object
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The findings of ``check(*args, **kwargs)`` read whole, then by runs."""
    monkeypatch.setattr(_check, "BY_RUNS", False)
    whole = as_dicts(check(*args, **kwargs))  # type: ignore[operator]
    monkeypatch.setattr(_check, "BY_RUNS", True)
    return whole, as_dicts(check(*args, **kwargs))  # type: ignore[operator]


@pytest.fixture
def fresh_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_check, "_RUNS", Memory())


@pytest.mark.usefixtures("fresh_runs")
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("config", CONFIGS, ids=range(len(CONFIGS)))
def test_a_mailbox_checked_by_runs_gives_what_it_gives_whole(
    monkeypatch: pytest.MonkeyPatch, language: str, config: LintConfig
) -> None:
    emails = mailbox(language)
    total = 0
    for _ in range(2):  # afresh, then from memory
        for email in emails:
            whole, by_runs = whole_and_by_runs(
                monkeypatch, check_text, email, language=language, config=config
            )
            assert by_runs == whole, email
            total += len(whole)
    assert total > 200


@pytest.mark.usefixtures("fresh_runs")
@pytest.mark.parametrize("language", ["fr", "en"])
def test_other_inputs_by_runs_give_what_they_give_whole(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    emails = mailbox(language)[:60]
    for index, email in enumerate(emails):
        stage = ("apology", "update", None)[index % 3]
        marked = email.replace("\n\n", "\n\nexcuses: ignore[minimisation]\n", 1)
        html = "<p>" + email.replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"
        markdown = email.replace("we ", "**we** ", 2)
        for text, kind in ((marked, "plain"), (html, "html"), (markdown, "markdown")):
            whole, by_runs = whole_and_by_runs(
                monkeypatch, check_text, text, language=language, stage=stage, kind=kind
            )
            assert by_runs == whole, text
        message = f"Subject: {email.splitlines()[2][:40]}\nContent-Type: text/plain\n\n{email}"
        whole, by_runs = whole_and_by_runs(monkeypatch, check_message, message.encode())
        assert by_runs == whole, message
    # Accents, ligatures, invisible characters and NFKC changes shift the offsets.
    odd = "ﬁnally\u200b déjà vu… Ｗe are sorry. " * 3
    whole, by_runs = whole_and_by_runs(monkeypatch, check_text, odd + emails[0], language=language)
    assert by_runs == whole


def test_runs_are_remembered_for_the_classifier_as_it_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from excuses.lint._model import get_model

    model = get_model("en")
    assert model is not None
    memory = Memory()
    runs = memory.of("en", frozenset(), model)
    assert memory.of("en", frozenset(), model) is runs
    monkeypatch.setattr(model, "veto", model.veto / 2)
    assert memory.of("en", frozenset(), model) is not runs
    halved = memory.of("en", frozenset(), model)
    assert memory.of("en", frozenset(), model) is halved
    # Changed in place, the thresholds are read again at each call, however often the
    # same configuration was asked for before.
    monkeypatch.setitem(model.thresholds, "blame-client", model.thresholds["blame-client"] / 2)
    assert memory.of("en", frozenset(), model) is not halved
    assert memory.of("en", frozenset({"x"}), model) is not memory.of("en", frozenset(), model)
    monkeypatch.undo()
    assert memory.of("en", frozenset(), model) is runs
    assert memory.of("en", frozenset(), None) is not runs
    assert memory.of("fr", frozenset(), model) is not runs


@pytest.mark.usefixtures("fresh_runs")
@pytest.mark.parametrize(
    "text",
    [
        "Hello,\n\nWe are sorry.",
        "Hi Tom,\n\nit's normal\n\nWe are sorry. It was not our fault.",  # "normal" + $
        "Dear Ms Hartley,\n\nTom forgot\n\nyour order. It was just a minor glitch.",
        "Bonjour Claire,\n\nc'est normal\n\nNous sommes désolés. Ce n'est pas notre faute.",
        "Merci,\n\nle livreur a perdu\n\nle colis. Un petit souci.",
    ],
)
def test_paragraphs_read_apart_give_what_they_give_whole(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    for language in ("en", "fr"):  # the factored pattern, which reading apart needs
        assert get_engine(language).pattern is not None
    for language in ("en", "fr"):
        for _ in range(2):
            whole, by_runs = whole_and_by_runs(monkeypatch, check_text, text, language=language)
            assert by_runs == whole


def test_a_paragraph_is_read_apart_only_where_no_rule_matches_from_it() -> None:
    engine = get_engine("en")
    assert engine.pattern is not None
    lowered, cased = folded("Hi Tom,\n\nit's normal\n\nWe are sorry.")
    first, second = (m.end() for m in _BLANK_LINE.finditer(lowered))
    assert engine.quiet_before(lowered, cased, first)
    # Nothing matches before the second blank line read with what follows, but read alone
    # "it's normal" ends the text: a match ("normal" then only spaces to the end).
    assert engine.quiet_before(lowered, cased, second)
    assert engine.hits(lowered[:second], cased[:second])
    lowered, cased = folded("Hi Tom,\n\nit's normal, sorry\n\nWe are sorry.")
    assert not engine.quiet_before(lowered, cased, lowered.index("we"))
    lowered, cased = folded("Mr. Smith,\n\nWe are sorry.")
    assert not engine.quiet_before(lowered, cased, lowered.index("we"))  # a cut before


@pytest.mark.parametrize("language", ["fr", "en"])
def test_runs_read_by_paragraphs_find_what_they_find_whole(language: str) -> None:
    # Paragraphs without their last stop: a rule reading "only spaces to the end" matches
    # at the end of one read alone, not before the next: it is then read whole.
    engine = get_engine(language)
    assert engine.pattern is not None
    texts = [text.rstrip(".!?") for text in corpus_texts(language)]
    config = LintConfig()
    split = 0
    for index in range(0, len(texts) - 2, 2):
        text = f"{texts[index]}\n\n{texts[index + 1]}\n\n{texts[index + 2]}."
        lowered, cased = folded(text)
        memory = Memory().of(language, frozenset(), None)
        found = _check._found_by_paragraphs(lowered, cased, language, config, engine, memory)
        assert found == _check._found(lowered, cased, language, config, engine), text
        split += bool(memory)
    assert split > 100


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("config", CONFIGS[:4], ids=range(4))
def test_a_run_opening_on_a_space_finds_what_it_finds_without_it(
    language: str, config: LintConfig
) -> None:
    # A run met for the first time is read without the space it opens on (``_runs``): the
    # reader, the rule pass, and the windows of the ``unless`` and ``owned`` patterns must
    # not tell the two apart.
    engine = get_engine(language)
    assert engine.pattern is not None
    assert not engine.opens_on_blank
    compared = 0
    for text in corpus_texts(language):
        lowered, cased = folded(text)
        if not lowered[:1].isalnum():
            continue
        bare = _check._found(lowered, cased, language, config, engine)
        moved: Found = ([], [], [])
        _check._add(bare, 1, *moved)
        spaced = _check._found(" " + lowered, " " + cased, language, config, engine)
        assert spaced == moved, text
        compared += bool(bare[0] or bare[1] or bare[2])
    assert compared > 300


def test_a_run_is_read_without_its_opening_space_once(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    found = _check._found_by_paragraphs

    def spy(lowered: str, *args: object) -> Found:
        read.append(lowered)
        return found(lowered, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(_check, "_found_by_paragraphs", spy)
    monkeypatch.setattr(_check, "_RUNS", Memory())
    first = "It was just a minor glitch. Thanks.\n"
    second = "Thanks. It was just a minor glitch.\n"
    whole = [as_dicts(check_text(text, language="en")) for text in (first, second)]
    # " thanks." is read as "thanks.", which the second text then opens on.
    assert read == ["it was just a minor glitch.", "thanks.", "\n"]
    assert whole[1][0]["matched"] == whole[0][0]["matched"]
    assert whole[1][0]["start"] == whole[0][0]["start"] + len("Thanks. ")


def test_user_rules_and_team_names_are_read_whole() -> None:
    # Only the shipped rules are known not to read across a cut.
    assert get_engine("en").stretches
    assert not get_engine("en", (), ("Kevin Brown",)).stretches


PIECES = st.lists(
    st.sampled_from(
        [
            *" .!?\n\x00'\",)»”«“-\x1c\x85\u2003İΣ",
            *("ab", "Mr", "mr", "Ms", "etc", "e.g", "a.m", "p.m", "no", "7 h", "17h", "x", "4471"),
            *("»Mr", "\x00mr", "”etc"),
            *(" We", " we", " May", " CET", "Déjà", "ﬁn", "\u200b", "\u00a0", "\n\n", "\n> "),
            *(" sorry", " it was not our fault", " just a minor glitch", " it's yours"),
            *(" nous sommes désolés", " ce n'est pas notre faute", " un petit souci"),
            *(" the courier lost it", " le livreur", " vous auriez dû", " as soon as possible"),
            *(" it's normal", " c'est normal", "Hello,", "Bonjour Claire,", "\n \n"),
            *("\nOn Mon, Nov 23 at 10:02, Emma <e@x.com> wrote:\n", "\n-- \nSarah\n"),
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=PIECES, language=st.sampled_from(["fr", "en"]), config=st.sampled_from(CONFIGS))
def test_any_text_by_runs_gives_what_it_gives_whole(
    text: str, language: str, config: LintConfig
) -> None:
    results = []
    for by_runs in (False, True, True):  # whole, then by runs afresh or from memory
        _check.BY_RUNS = by_runs
        try:
            results.append(as_dicts(check_text(text, language=language, config=config)))
        finally:
            _check.BY_RUNS = True
    assert results[1] == results[0]
    assert results[2] == results[0]


def folded(text: str) -> tuple[str, str]:
    normalized = normalize(text)
    masked = masked_ranges(normalized.nfc)
    return blank(normalized.lowered, masked), blank(normalized.nfc, masked)


#: Every word of one character a run may end after (``Engine.dot_cuts``).
ALL_CUTS = "0123456789hm"


@settings(max_examples=400, deadline=None)
@given(PIECES, st.sampled_from(["", "0123456789h", ALL_CUTS]))
# A sentence that ends on "p.m." before a capital: the run may end there as after "a.m.".
@example("p.m. İ", ALL_CUTS)
@example("We open at 9 a.m. We close at 5 p.m. Thank you.", ALL_CUTS)
def test_runs_end_where_a_sentence_and_a_stretch_end(text: str, after: str) -> None:
    lowered, cased = folded(text)
    ends = run_ends(lowered, cased, after)
    assert ends[-1] == len(lowered)
    assert ends == sorted(set(ends))
    sentence_ends = {end for _, end in _reader._ends(lowered, cased)}
    for end in ends[:-1]:
        # The reader ends a sentence on the "." just before, and the next opens after it.
        assert end in sentence_ends
        cut = _DOT_CUT.match(lowered, end - 1) and _DOT_CUT.match(cased, end - 1)
        # Or the "." ends a word of one character the rules read no "." after.
        word = lowered[: end - 1].split()[-1]
        times = ("a.m", "p.m") if "m" in after else ()
        assert cut or word in [*after.replace("m", ""), *times]
        assert cased[end].isspace() and cased[end - 1] == "."
        assert all(stop <= end or start >= end for start, stop in _reader._ends(lowered, cased))


def reference_run_ends(lowered: str, cased: str, after: str = "") -> list[int]:
    """Where runs end, step by step as the module's docstring says."""
    ends = []
    for match in re.finditer(r"\.(?=\s)", lowered):
        dot = match.start()
        # The reader's word before the ".", in up to eight characters.
        word = (lowered[max(0, dot - 8) : dot].split() or [""])[-1]
        if _DOT_CUT.match(lowered, dot) and _DOT_CUT.match(cased, dot):
            if word in _reader._ABBREVIATIONS or any(char in word for char in ".!?\x00"):
                continue
            ends.append(dot + 1)
            continue
        one = "m" if word in ("a.m", "p.m") else word if len(word) == 1 and word != "m" else ""
        if not one or one not in after:
            continue
        opening = dot - len(word)
        if opening > 0 and not lowered[opening - 1].isspace():
            continue
        if cased[opening : dot + 1].lower() != lowered[opening : dot + 1]:
            continue
        if not cased[dot + 1].isspace():
            continue
        # A digit always ends a sentence; "h", "a.m" and "p.m" before a capitalised word.
        if one.isdigit() or _reader.closes_sentence(lowered, cased, word, dot, dot + 1):
            ends.append(dot + 1)
    return [*ends, len(lowered)]


@settings(max_examples=600, deadline=None)
@given(PIECES, st.sampled_from(["", "0123456789h", ALL_CUTS]))
def test_runs_end_where_they_end_step_by_step(text: str, after: str) -> None:
    lowered, cased = folded(text)
    assert run_ends(lowered, cased, after) == reference_run_ends(lowered, cased, after)
    if len(text.lower()) == len(text):
        lower = text.lower()
        assert run_ends(lower, text, after) == reference_run_ends(lower, text, after)


def test_no_lower_case_changes_what_a_cut_reads_of_a_character() -> None:
    """``run_ends`` reads the cuts in the folded text alone: the cased text allows each one
    too, as no character's lower case (final sigma's too) differs from it in what a cut
    reads."""
    classes = [re.compile(r"[^\W_]"), re.compile(r"\s"), re.compile(r"[.!?\x00]")]
    pairs = [(chr(code), chr(code).lower()) for code in range(sys.maxunicode + 1)]
    pairs.append(("\u03a3", "\u03c2"))
    for char, lower in pairs:
        if lower == char or len(lower) != 1:
            continue  # a lower case of two characters is not taken (``_normalize._lower``)
        for pattern in classes:
            assert (pattern.match(char) is None) == (pattern.match(lower) is None), char


@pytest.mark.parametrize(
    ("text", "cuts"),
    [
        ("We are sorry. It was late.", [13]),
        ("Dear Mr. Smith, we are sorry. Bye", [29]),  # "mr." ends no run
        ("Tea, coffee etc. We are sorry. Bye", [30]),  # nor "etc.", whose end depends on "We"
        ('He said "ok."ab. Bye', []),  # the sentence may end inside the word before
        ("It ended.\x00ab. Bye", []),
        # After masked text, the reader's word is "mr" alone: no run ends there.
        ("«Déjà vu»Mr. Smith is here. Bye", [27]),
        ("It ended.\x00mr. Smith is here. Bye", [28]),
        ("Line one.\nLine two.", [9]),
    ],
)
def test_where_runs_end(text: str, cuts: list[int]) -> None:
    lowered, cased = folded(text)
    assert run_ends(lowered, cased) == [*cuts, len(lowered)]


@pytest.mark.parametrize(
    ("text", "cuts"),
    [
        ("Nous rappelons à 16 h. Nous sommes désolés.", [22]),
        ("Nous rappelons à 16 h. nous sommes désolés.", []),  # "h." ends no sentence here
        ("Il est 16 h. Bonne journée.", [12]),
        ("Le lot h. Fin.", []),  # "h" after no number is no hour
        ("By 4 p.m. We are sorry. Bye", [9, 23]),
        ("By 4 p.m. Friday we call. Bye", [25]),  # a day goes on with the time
        ("By 4 p.m. we call. Bye", [18]),
        ("From December 1. we are sorry. Bye", [16, 30]),  # a digit always ends one
        ("Version 2.1. Bye", []),  # "2.1" is no word of one character
        ("Mr. Smith is here, room 4.\nBye", [26]),
        ("Room x. Bye", []),  # a letter ends no run
    ],
)
def test_where_runs_end_after_a_word_of_one_character(text: str, cuts: list[int]) -> None:
    lowered, cased = folded(text)
    assert run_ends(lowered, cased, ALL_CUTS) == [*cuts, len(lowered)]
    assert run_ends(lowered, cased) == reference_run_ends(lowered, cased)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_shipped_rules_read_no_dot_after_the_words_runs_end_on(language: str) -> None:
    engine = get_engine(language)
    assert engine.dot_cuts == builtin_dot_cuts(language) == dot_cuts(engine)
    assert {"fr": "0123456789h", "en": ALL_CUTS}[language] == engine.dot_cuts


def test_a_rule_reading_a_dot_after_a_word_of_one_character_keeps_runs_whole_there() -> None:
    first = builtin_rules("en").rules[0]
    reading = replace(first, patterns=(r"at\s+\d+\s+h\.\s+we",), unless=())
    assert "h" not in dot_cuts(Engine([reading], (), "en"))
    assert dot_cuts(Engine([reading], (), "en")).startswith("0123456789")
    times = replace(first, patterns=(r"(?:[ap]\.m\.)\s+sharp",), unless=())
    assert "m" not in dot_cuts(Engine([times], (), "en"))
    numbers = replace(first, patterns=(r"\d\.?\s+sorry",), unless=())
    assert dot_cuts(Engine([numbers], (), "en")) == "hm"


@pytest.mark.usefixtures("fresh_runs")
@pytest.mark.parametrize(
    ("text", "language", "more"),
    [
        ("Nous rappelons à 16 h. Nous sommes désolés, ce n'est pas notre faute.", "fr", 1),
        ("Nous rappelons à 16 h. nous sommes désolés, ce n'est pas notre faute.", "fr", 0),
        ("Livraison avant 12 h. Ce n'est qu'un petit souci. Il est 9 h. Désolés.", "fr", 2),
        ("We call you by 4 p.m. It was just a minor glitch. By 9 a.m. We are sorry.", "en", 2),
        ("We call you by 4 p.m. Friday. It was just a minor glitch.", "en", 0),
        ("From December 1. It was not our fault. It's normal.", "en", 1),
        ("Hi Tom,\n\nby 4 p.m.\nWe are sorry. It was not our fault.\n\nBest,\nSarah", "en", 1),
    ],
)
def test_runs_cut_after_a_word_of_one_character_give_what_they_give_whole(
    monkeypatch: pytest.MonkeyPatch, text: str, language: str, more: int
) -> None:
    lowered, cased = folded(text)
    cuts = get_engine(language).dot_cuts
    assert len(run_ends(lowered, cased, cuts)) == len(run_ends(lowered, cased)) + more
    # Each text holds a rule's match, so that the runs have something to keep (rules only);
    # with the classifier on, its veto may drop that match (a time read before it looks like
    # an owning sentence's), and the runs must then drop it too.
    for config, holds_a_match in ((RULES_ONLY, True), (LintConfig(), False)):
        for _ in range(2):
            whole, by_runs = whole_and_by_runs(
                monkeypatch, check_text, text, language=language, config=config
            )
            assert by_runs == whole
            assert whole or not holds_a_match


def test_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from excuses.lint import _runs

    monkeypatch.setattr(_runs, "REMEMBERED", 5)
    memory = Memory()
    runs = memory.of("en", frozenset(), None)
    for index in range(5):
        runs[(str(index), str(index))] = ([], [], [])
    assert memory.of("en", frozenset(), None) == {}
    for index in range(20):
        memory.of("en", frozenset({str(index)}), None)
    assert len(memory._by_config) <= _runs._CONFIGS


@pytest.mark.parametrize("language", ["fr", "en"])
def test_spaces_and_masked_text_are_known_to_hold_nothing(language: str) -> None:
    engine = get_engine(language)
    config = LintConfig()
    for text in ("\x00" * 40, "\n\n\x00\x00 \x00\n", "  \n", "\x00 a"):
        quiet = engine.quiet_in(text, text)
        assert quiet == (text.replace("\x00", "").strip() == "")
        if quiet:
            # What reading it would find: nothing.
            monkeypatched = replace_quiet(engine)
            assert _check._found(text, text, language, config, monkeypatched) == ([], [], [])


def replace_quiet(engine: Engine) -> Engine:
    """``engine`` without the short cut of :meth:`Engine.quiet_in`."""
    import copy

    reading = copy.copy(engine)
    reading.quiet_in = lambda lowered, cased: False  # type: ignore[method-assign]
    return reading


def test_a_rule_that_may_open_anywhere_keeps_masked_text_read() -> None:
    first = builtin_rules("en").rules[0]
    anywhere = replace(first, patterns=(r"[^a]+sorry",), unless=())
    assert not Engine([anywhere], (), "en").quiet_in("\x00\x00", "\x00\x00")
    assert Engine([replace(anywhere, patterns=("sorry",))], (), "en").quiet_in("\x00", "\x00")


def test_a_rule_that_may_open_anywhere_is_tried_at_every_place_before_a_blank_line() -> None:
    first = builtin_rules("en").rules[0]
    text = "hello,\n\nwe are late."
    cut = text.index("we")
    known = Engine(
        [replace(first, patterns=(r"we\s+are\s+late",), unless=())], (), "en", stretches=True
    )
    # What it opens on is not known: it may open on the blank line, before the cut.
    anywhere = Engine(
        [replace(first, patterns=(r"\s+we\s+are",), unless=())], (), "en", stretches=True
    )
    for engine in (known, anywhere):
        assert engine.pattern is not None  # loaded, as after the first kilobyte of a mailbox
    assert known.quiet_before(text, text, cut)
    assert not anywhere.quiet_before(text, text, cut)
