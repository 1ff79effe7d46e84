"""The classifier: its reading of sentences, its findings, how they are silenced, its model file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from checker_corpus import corpus_digest
from hypothesis import given, settings
from hypothesis import strategies as st

from excuses.lint import LintConfig, check_text
from excuses.lint._compiled import built_name
from excuses.lint._model import MODEL_DIR, Model, get_model, model_rule_id, text_sentences
from excuses.lint._reader import LEXICON_DIR, features, load_lexicon, sentences, words
from excuses.lint._rules import CATEGORIES

# A sentence the shipped rules do not match and the model reads as an excuse. The tests of
# the classifier turn clause rules off, so that they see the classifier alone.
MODEL_ONLY = "Half the office was off with flu that week."
NO_CLAUSES = LintConfig(disabled=frozenset({"clauses"}))


def test_french_elisions_are_words_of_their_own_and_numbers_read_alike() -> None:
    assert [w for w, _, _ in words("c'est l'equipe qui n'a pas livre les 12 colis", "fr")] == [
        "c'",
        "est",
        "l'",
        "equipe",
        "qui",
        "n'",
        "a",
        "pas",
        "livre",
        "les",
        "#",
        "colis",
    ]
    assert [w for w, _, _ in words("it's not our fault, it's yours", "en")] == [
        "it's",
        "not",
        "our",
        "fault",
        ",",
        "it's",
        "yours",
    ]


def test_sentences_end_at_punctuation_and_blank_lines_not_at_wrapped_lines() -> None:
    text = "we are sorry. the carrier\nlost it at 5 p.m. today!\n\nnext one"
    spans = [text[s.start : s.end] for s in sentences(text, "en")]
    assert spans == ["we are sorry.", "the carrier\nlost it at 5 p.m. today!", "next one"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Your parcel left at 9 a.m. We checked it twice.",
            "en",
            ["your parcel left at # a m", "we checked it twice"],
        ),
        (
            "Boxes, labels, etc. Nothing is missing.",
            "en",
            ["boxes , labels , etc", "nothing is missing"],
        ),
        (
            "Nous rappelons avant 17 h. Rien ne manque.",
            "fr",
            ["nous rappelons avant # h", "rien ne manque"],
        ),
        # A day, a month or a word in capitals goes on with the time; so does a lower-case word.
        (
            "We call you by 4 p.m. Friday at the latest.",
            "en",
            ["we call you by # p m friday at the latest"],
        ),
        ("Call us by 5 p.m. CET, please.", "en", ["call us by # p m cet , please"]),
        ("We deliver at 9 a.m. tomorrow.", "en", ["we deliver at # a m tomorrow"]),
        # Other abbreviations and initials never close a sentence.
        ("Dear Mr. Smith, J. Doe wrote.", "en", ["dear mr smith , j doe wrote"]),
        ("Rendez-vous avec M. Durand.", "fr", ["rendez-vous avec m durand"]),
    ],
)
def test_a_time_or_etc_closes_its_sentence_before_a_capitalised_word(
    text: str, language: str, expected: list[str]
) -> None:
    assert [" ".join(tokens) for tokens in text_sentences(text, language)] == expected


def test_the_checker_reads_the_sentence_after_a_time_on_its_own() -> None:
    # Read as one with the sentence before it, a reflex written after a time weighed too
    # little to be reported: the classifier must read it exactly as it reads it alone.
    alone = "Our systems show no errors at all."
    text = "Our courier collects the parcel tomorrow at 10 a.m. " + alone
    model = [f for f in check_text(text, language="en") if f.confidence is not None]
    by_itself = [f for f in check_text(alone, language="en") if f.confidence is not None]
    assert [(f.matched, f.category) for f in model] == [(alone, "denial")]
    assert [f.confidence for f in model] == [f.confidence for f in by_itself]


def test_a_text_with_no_punctuation_is_read_in_windows() -> None:
    text = "word " * 1000
    read = sentences(text, "en")
    assert len(read) == 17 and all(len(s.tokens) <= 60 for s in read)


def test_whose_fault_it_is_reads_differently_in_the_two_orders() -> None:
    lexicon = load_lexicon(LEXICON_DIR / "en.toml")

    def names(text: str) -> set[str]:
        (tokens,) = text_sentences(text, "en")
        return {name for name, _ in features(tokens, lexicon)}

    theirs = names("It's not our fault, it's yours.")
    ours = names("It's not your fault, it's ours.")
    assert {"c:NEG OUR FAULT", "n:OUR", "n:FAULT"} <= theirs
    assert {"c:NEG YOUR FAULT", "n:YOUR", "n:FAULT"} <= ours
    assert "c:NEG OUR FAULT" not in ours and "c:NEG YOUR FAULT" not in theirs
    # The comma ends the negation's scope: "yours" is not negated.
    assert "n:yours" not in theirs


def test_a_sentence_no_rule_matches_is_reported_with_confidence_and_evidence() -> None:
    (finding,) = check_text(MODEL_ONLY, language="en", config=NO_CLAUSES)
    model = get_model("en")
    assert model is not None
    assert finding.rule_id == model_rule_id("en", finding.category) == "EN-MODEL-EXCUSE"
    assert (finding.start, finding.end, finding.matched) == (0, len(MODEL_ONLY), MODEL_ONLY)
    assert finding.confidence is not None and model.threshold <= finding.confidence <= 1
    assert finding.evidence and all(word in MODEL_ONLY for word in finding.evidence)
    assert finding.severity.value == "warning"
    assert f"{finding.confidence:.2f}" in finding.message


def test_classifier_findings_are_silenced_like_rules() -> None:
    def ids(text: str, disabled: frozenset[str] = frozenset()) -> list[str]:
        config = LintConfig(disabled=disabled | NO_CLAUSES.disabled)
        return [f.rule_id for f in check_text(text, language="en", config=config)]

    assert ids(MODEL_ONLY) == ["EN-MODEL-EXCUSE"]
    for name in ("EN-MODEL-EXCUSE", "excuse", "model"):
        assert ids(MODEL_ONLY, frozenset({name})) == []
    assert ids(f"{MODEL_ONLY} <!-- excuses: ignore[EN-MODEL-EXCUSE] -->") == []


def test_quoted_client_words_are_not_read_by_the_classifier() -> None:
    assert check_text(f"You wrote: « {MODEL_ONLY} »", language="en") == []


def test_a_users_own_rule_is_never_dropped_by_the_model(tmp_path: Path) -> None:
    rules = tmp_path / "house.toml"
    rules.write_text(
        'language = "en"\n[[rule]]\nid = "HOUSE-001"\ncategory = "denial"\nseverity = "error"\n'
        'message = "No."\nsuggestion = "Yes."\npatterns = ["we are sorry"]\n'
        'examples.match = ["we are sorry"]\nexamples.no_match = ["fine"]\n',
        encoding="utf-8",
    )
    config = LintConfig(extra_rules=(rules,))
    found = check_text("We are sorry, we made a mistake.", language="en", config=config)
    assert [f.rule_id for f in found] == ["HOUSE-001"]


def test_a_clause_rules_match_is_dropped_when_the_model_is_sure_the_sentence_is_fine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A clause rule's match is a feature of the model, as a phrase rule's is, and the
    # model's veto drops it the same way; with the classifier off, nothing is dropped.
    text = "Customers often forget to check the box."
    model = get_model("en")
    assert model is not None
    tokens = text_sentences(text, "en")[0]
    fine = model.read(tokens, ("blame-client",)).fine

    def ids(config: LintConfig | None = None) -> list[str]:
        return [f.rule_id for f in check_text(text, language="en", config=config)]

    monkeypatch.setattr(model, "veto", 2.0)
    assert ids() == ["EN-CLAUSE-CUSTOMERS-OFTEN"]
    monkeypatch.setattr(model, "veto", fine)
    assert ids() == []
    assert ids(LintConfig(disabled=frozenset({"model"}))) == ["EN-CLAUSE-CUSTOMERS-OFTEN"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_shipped_model_was_trained_on_the_corpus_as_it_is(language: str) -> None:
    data = json.loads((MODEL_DIR / f"{language}.json").read_text(encoding="utf-8"))
    assert data["corpus_sha256"] == corpus_digest(language), (
        "the corpus, rules, lexicon or reader changed since the model was trained: run make model"
    )
    assert data["classes"] == ["none", *CATEGORIES]
    assert 0 < data["threshold"] <= 1


def test_the_model_is_read_without_a_numerical_library() -> None:
    import subprocess

    code = (
        "import sys; from excuses.lint import check_text; "
        "check_text('We are sorry.', language='en'); "
        "print(sorted(m for m in ('numpy', 'scipy', 'sklearn') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


SENTENCE_WORDS = [
    *[
        "we",
        "you",
        "our",
        "your",
        "not",
        "fault",
        "carrier",
        "supplier",
        "team",
        "sorry",
        "if",
        "soon",
        "just",
        "busy",
        "policy",
    ],
    *[
        "nous",
        "vous",
        "notre",
        "votre",
        "pas",
        "faute",
        "transporteur",
        "équipe",
        "désolés",
        "si",
        "vite",
        "petit",
        "débordés",
    ],
    *["it's", "c'est", "n'", ",", ".", "!", "«", "»", "Cyril", "\u200b"],
]


@settings(max_examples=150, deadline=None)
@given(
    words_=st.lists(st.sampled_from(SENTENCE_WORDS), min_size=1, max_size=40),
    language=st.sampled_from(["fr", "en"]),
)
def test_classifier_spans_slice_to_their_sentence(words_: list[str], language: str) -> None:
    text = " ".join(words_)
    for finding in check_text(text, language=language):
        assert text[finding.start : finding.end] == finding.matched
        if finding.confidence is not None:
            assert finding.matched.strip() == finding.matched
            assert all(word in finding.matched for word in finding.evidence)


# Words of the reflexes the classifier was written for, in both languages, and punctuation.
PHRASE_WORDS = [
    "we",
    "will",
    "get",
    "back",
    "to",
    "you",
    "in",
    "due",
    "course",
    "per",
    "our",
    "terms",
    "your",
    "browser",
    "is",
    "out",
    "of",
    "date",
    "mistakes",
    "were",
    "made",
    "the",
    "carrier",
    "lost",
    "it",
    "only",
    "a",
    "few",
    "minutes",
    "sorry",
    "if",
    "you",
    "felt",
    "nous",
    "reviendrons",
    "vers",
    "vous",
    "en",
    "temps",
    "utile",
    "le",
    "transporteur",
    "a",
    "perdu",
    "votre",
    "colis",
    "conformément",
    "à",
    "nos",
    "conditions",
    "des",
    "erreurs",
    "ont",
    "été",
    "commises",
    ".",
    ",",
    ";",
]


def _tiny_model(thresholds: dict[str, float]) -> Model:
    """A hand-made model: "late" pushes towards vague-deadline, "fault" towards denial."""
    classes = ["none", *CATEGORIES]
    vague, denial = classes.index("vague-deadline"), classes.index("denial")
    return Model(
        {
            "language": "en",
            "classes": classes,
            "bias": [0.0] * len(classes),
            "weights": {"w:late": f"{vague}:6", "w:fault": f"{denial}:6"},
            "lexicon": {},
            "threshold": min(thresholds.values()),
            "thresholds": thresholds,
        }
    )


def test_each_category_is_reported_at_its_own_threshold() -> None:
    model = _tiny_model({**dict.fromkeys(CATEGORIES, 1.0), "vague-deadline": 0.5})
    late = model.read(["late"])
    fault = model.read(["fault"])
    # Both read as their category with the same probability; only one may be reported.
    assert late.probabilities[CATEGORIES.index("vague-deadline") + 1] == pytest.approx(
        fault.probabilities[CATEGORIES.index("denial") + 1]
    )
    verdict = late.verdict()
    assert verdict is not None and verdict.category == "vague-deadline"
    assert fault.verdict() is None


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(PHRASE_WORDS),
        min_size=1,
        max_size=30,
    ),
    language=st.sampled_from(["fr", "en"]),
)
def test_classifier_findings_reach_their_categorys_threshold_and_slice_the_text(
    words: list[str], language: str
) -> None:
    text = " ".join(words)
    model = get_model(language)
    assert model is not None
    for finding in check_text(text, language=language):
        assert text[finding.start : finding.end] == finding.matched
        if "-MODEL-" in finding.rule_id:
            assert finding.confidence is not None
            threshold = model.thresholds.get(finding.category, model.threshold)
            assert round(threshold, 2) <= finding.confidence <= 1
            assert all(word in finding.matched for word in finding.evidence)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_built_model_file_is_the_model_file_parsed(language: str) -> None:

    from excuses.lint._compiled import same
    from excuses.lint._model import MODEL_DIR, built_model_file

    built = MODEL_DIR / built_name(language)
    assert same(built.read_bytes(), built_model_file(language))
    shipped = get_model(language)
    assert shipped is not None
    parsed = json.loads((MODEL_DIR / f"{language}.json").read_text(encoding="utf-8"))
    assert shipped.weights == parsed["weights"]
    assert shipped.thresholds == parsed["thresholds"]


def test_a_built_model_file_of_another_model_file_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from excuses.lint import _model

    for name in ("en.json", built_name("en")):
        shutil.copy(_model.MODEL_DIR / name, tmp_path / name)
    data = json.loads((tmp_path / "en.json").read_text(encoding="utf-8"))
    data["veto"] = 0.123
    (tmp_path / "en.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(_model, "_MODEL_DIR", tmp_path)
    _model.get_model.cache_clear()
    try:
        model = _model.get_model("en")
        assert model is not None and model.veto == 0.123
        (tmp_path / built_name("en")).write_bytes(b"not marshal")
        _model.get_model.cache_clear()
        model = _model.get_model("en")
        assert model is not None and model.veto == 0.123
    finally:
        _model.get_model.cache_clear()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_weights_read_from_their_buckets_are_those_of_the_model_file(language: str) -> None:
    from excuses.lint._model import MODEL_DIR, WHOLE_AFTER, Weights, _bucketed

    parsed = json.loads((MODEL_DIR / f"{language}.json").read_text(encoding="utf-8"))
    built = _bucketed(parsed)
    weights = Weights(built["weight_buckets"], built["weight_rows"])  # type: ignore[arg-type]
    names = [*parsed["weights"], "w:not-a-feature", "", "w:"]
    assert [weights.get(name) for name in names] == [parsed["weights"].get(n) for n in names]
    assert weights == parsed["weights"]
    # Rows are read from the buckets first, then from every row, loaded after so many.
    assert len(names) > 2 * WHOLE_AFTER
    size = len(parsed["classes"])
    expected = []
    for name in names:
        text = parsed["weights"].get(name)
        row = None if text is None else [0.0] * size
        for pair in [] if text is None else text.split():
            index, weight = pair.split(":")
            row[int(index)] = float(weight)  # type: ignore[index]
        expected.append(None if row is None else tuple(row))
    assert [weights.row(name, size) for name in names] == expected


def test_weights_that_would_not_read_back_from_lines_are_kept_whole() -> None:
    from excuses.lint._model import _bucketed

    model = {"weights": {"w:a\tb": "0:1.0", "w:c": "1:0.5"}}
    assert _bucketed(model) == model
