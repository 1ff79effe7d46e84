"""Train the checker's classifier for each language and write its model file.

    python scripts/train_checker.py [--language fr,en] [--misses]

Reads the train split (with the tuned corpus and the rules' examples) and the
dev split of ``tests/corpus/sentences/``; never the test split nor the blind
sets. For each regularisation strength in a small grid, fits a multinomial
logistic regression (scikit-learn, a development dependency) over the
features of ``excuses.lint._reader``, then picks, on dev, the strength and
the confidence threshold that give the most recall of rules and model
together while their precision stays at or above 0.95. Writes
``src/excuses/lint/model/<lang>.json``: sorted keys, rounded weights, the
digest of the corpus it came from; the same corpus gives the same bytes.
``--misses`` prints the dev sentences that are missed or wrongly flagged.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checker_corpus import Row, corpus_digest, sentence_rows, training_rows

from excuses.lint import LintConfig, check_text
from excuses.lint._model import MODEL_DIR, Model, text_sentences
from excuses.lint._reader import LEXICON_DIR, features, load_lexicon
from excuses.lint._rules import CATEGORIES

CLASSES = ("none", *CATEGORIES)
STRENGTHS = (0.5, 1.0, 3.0)
PRECISION_TARGET = 0.95
MIN_COUNT = 2
#: Weights below this are left out of the model file: they hardly move a score, and a
#: smaller file loads faster. Thresholds are chosen on dev with the model as written.
SMALLEST_WEIGHT = 0.05
RULES_ONLY = LintConfig(disabled=frozenset({"model"}))


def row_tokens(row: Row, language: str) -> list[str]:
    """All the words of a row's sentences, a ``;`` between two sentences."""
    tokens: list[str] = []
    for sentence in text_sentences(row.sentence, language):
        if tokens:
            tokens.append(";")
        tokens.extend(sentence)
    return tokens


def fit(
    rows: list[Row],
    ruled: list[set[str]],
    language: str,
    lexicon: dict[str, tuple[str, ...]],
    strength: float,
):
    """A fitted logistic regression and its vocabulary (features seen in two rows or more).

    Besides the words, a row's features say which categories the rules found
    in it (``r:<category>``): the model learns when a rule's match is right.
    """
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counted = []
    for row, categories in zip(rows, ruled, strict=True):
        counts = Counter(name for name, _ in features(row_tokens(row, language), lexicon))
        counts.update(f"r:{category}" for category in sorted(categories))
        counted.append(counts)
    frequency: Counter[str] = Counter()
    for counts in counted:
        frequency.update(counts.keys())
    vocabulary = sorted(name for name, n in frequency.items() if n >= MIN_COUNT)
    column = {name: i for i, name in enumerate(vocabulary)}
    data, indices, pointers = [], [], [0]
    for counts in counted:
        for name in sorted(counts):
            if name in column:
                indices.append(column[name])
                data.append(float(counts[name]))
        pointers.append(len(indices))
    matrix = csr_matrix((data, indices, pointers), shape=(len(rows), len(vocabulary)))
    labels = [CLASSES.index(row.categories[0]) if row.categories else 0 for row in rows]
    model = LogisticRegression(C=strength, max_iter=5000, tol=1e-6)
    model.fit(matrix, labels)
    return model, vocabulary


def export(
    model, vocabulary: list[str], language: str, lexicon: dict[str, tuple[str, ...]]
) -> dict:
    """The model as the JSON-ready mapping ``excuses.lint._model.Model`` reads."""
    present = [int(c) for c in model.classes_]
    weights: dict[str, str] = {}
    for column, name in enumerate(vocabulary):
        row: list[str] = []
        for position, class_index in enumerate(present):
            weight = round(float(model.coef_[position, column]), 2)
            if abs(weight) >= SMALLEST_WEIGHT:
                row.append(f"{class_index}:{weight:g}")
        if row:
            weights[name] = " ".join(row)
    bias = [-30.0] * len(CLASSES)
    for position, class_index in enumerate(present):
        bias[class_index] = round(float(model.intercept_[position]), 4)
    return {
        "format": 1,
        "language": language,
        "classes": list(CLASSES),
        "bias": bias,
        "weights": weights,
        "lexicon": {word: list(classes) for word, classes in lexicon.items()},
        "threshold": 1.0,
    }


def rule_categories(rows: list[Row], language: str) -> list[set[str]]:
    return [
        {f.category for f in check_text(row.sentence, language=language, config=RULES_ONLY)}
        for row in rows
    ]


def model_reads(
    model: Model, rows: list[Row], ruled: list[set[str]], language: str
) -> list[list[list[float]]]:
    """Per row, the model's class probabilities for each of its sentences."""
    return [
        [
            model.read(sentence, tuple(sorted(found))).probabilities
            for sentence in text_sentences(row.sentence, language)
        ]
        for row, found in zip(rows, ruled, strict=True)
    ]


def decide(ruled: set[str], reads: list[list[float]], threshold: float, veto: float) -> set[str]:
    """What the checker reports for one row: kept rule matches, else the model's category.

    A row's rule categories are taken as those of each of its sentences (rows
    are mostly one sentence); the checker itself decides sentence by sentence.
    """
    found: set[str] = set()
    for probabilities in reads:
        if ruled:
            if probabilities[0] < veto:
                found |= ruled
            continue
        best = max(range(1, len(probabilities)), key=probabilities.__getitem__)
        if probabilities[best] >= threshold:
            found.add(CLASSES[best])
    return found


def score(rows: list[Row], ruled: list[set[str]], reads, threshold: float, veto: float):
    """True and false positives and false negatives per category, rules and model together."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for row, rules, row_reads in zip(rows, ruled, reads, strict=True):
        found = decide(rules, row_reads, threshold, veto)
        expected = set(row.categories)
        for c in expected & found:
            tp[c] += 1
        for c in expected - found:
            fn[c] += 1
        for c in found - expected:
            fp[c] += 1
    return tp, fp, fn


def overall(tp: Counter[str], fp: Counter[str], fn: Counter[str]) -> tuple[float, float]:
    t, f, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return (t / (t + f) if t + f else 1.0), (t / (t + n) if t + n else 1.0)


#: A rule's match is dropped only when the model is this sure the sentence is fine: the
#: rules carry the playbook's examples, and a low veto would overrule them.
VETOES = (0.8, 0.9, 0.95, 2.0)


def choose_thresholds(rows, ruled, reads) -> tuple[float, float, float, float]:
    """The threshold and veto with the most recall at a precision of at least the target.

    Returns ``(threshold, veto, precision, recall)``; when no pair reaches the
    target, the pair with the best precision.
    """
    best: tuple[float, float, float, float] | None = None
    fallback: tuple[float, float, float, float] | None = None
    for veto in VETOES:
        for step in range(30, 100):
            threshold = step / 100
            precision, recall = overall(*score(rows, ruled, reads, threshold, veto))
            candidate = (threshold, veto, precision, recall)
            if precision >= PRECISION_TARGET and (best is None or recall > best[3]):
                best = candidate
            if fallback is None or (precision, recall) > (fallback[2], fallback[3]):
                fallback = candidate
    assert fallback is not None
    return best or fallback


def train(language: str, show_misses: bool) -> None:
    lexicon = load_lexicon(LEXICON_DIR / f"{language}.toml")
    rows = training_rows(language)
    dev = sentence_rows(language, frozenset({"dev"}))
    rows_ruled = rule_categories(rows, language)
    dev_ruled = rule_categories(dev, language)
    print(f"{language}: {len(rows)} training rows, {len(dev)} dev rows")
    rules_alone = overall(*score(dev, dev_ruled, [[[0.0, 0.0]]] * len(dev), 2.0, 2.0))
    print(f"  rules alone: dev precision {rules_alone[0]:.3f} recall {rules_alone[1]:.3f}")
    chosen = None
    for strength in STRENGTHS:
        fitted, vocabulary = fit(rows, rows_ruled, language, lexicon, strength)
        data = export(fitted, vocabulary, language, lexicon)
        reads = model_reads(Model(data), dev, dev_ruled, language)
        threshold, veto, precision, recall = choose_thresholds(dev, dev_ruled, reads)
        print(
            f"  C={strength:<5} threshold {threshold:.2f} veto {veto:.2f}:"
            f" dev precision {precision:.3f} recall {recall:.3f}"
        )
        # Most recall among those that reach the precision target; else most precision.
        reached = precision >= PRECISION_TARGET
        key = (reached, recall if reached else precision, precision)
        if chosen is None or key > chosen[0]:
            chosen = (key, strength, threshold, veto, data, reads)
    assert chosen is not None
    _, strength, threshold, veto, data, reads = chosen
    data.update(
        threshold=threshold, veto=veto, strength=strength, corpus_sha256=corpus_digest(language)
    )
    path = MODEL_DIR / f"{language}.json"
    MODEL_DIR.mkdir(exist_ok=True)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    print(
        f"  wrote model/{language}.json: C={strength}, threshold {threshold:.2f},"
        f" veto {veto:.2f}, {len(data['weights'])} features"
    )
    if show_misses:
        for row, ruled, row_reads in zip(dev, dev_ruled, reads, strict=True):
            found = decide(ruled, row_reads, threshold, veto)
            if found != set(row.categories):
                top = max(row_reads[0][1:]) if row_reads else 0.0
                print(
                    f"  dev {','.join(row.categories) or 'neg'} -> {','.join(sorted(found)) or '-'}"
                    f" (rules {','.join(sorted(ruled)) or '-'}, top {top:.2f}): {row.sentence}"
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="fr,en")
    parser.add_argument("--misses", action="store_true", help="print the dev misses")
    args = parser.parse_args()
    for language in args.language.split(","):
        train(language, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
