"""The checker's fast paths give exactly what the plain, step-by-step reading gives.

Speed work reads sentences, scores them and finds rule matches with fewer
steps in Python; these tests hold each fast path to a straightforward
reference, on every sentence of the corpus's train and dev splits, the tuned
corpus and the rules' own examples (the test split is never read here).
"""

from __future__ import annotations

import math
import sys
from operator import add
from pathlib import Path

import pytest

from excuses.lint._model import Model, feature_names, get_model, text_sentences
from excuses.lint._reader import features

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from checker_corpus import (  # noqa: E402
    CORPUS,
    rule_example_rows,
    sentence_rows,
    three_column_rows,
)


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
