"""Precision and recall of the phrase checker on the labelled corpus in tests/corpus/.

Each corpus line is ``label<TAB>category<TAB>sentence``: ``pos`` lines must
be flagged with that category (several may be given, comma-separated);
``neg`` lines are hard negatives that borrow a category's words and must not
be flagged at all. Prints per-category and per-language figures and lists
every miss; exits 1 when a language falls below the floors.

    python bench/lint_quality.py
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from excuses.lint import check_text

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.90


@dataclass
class Scores:
    """True positives, false positives and false negatives, per category."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    sentences: int = 0

    def precision(self, category: str | None = None) -> float:
        tp = self.tp[category] if category else sum(self.tp.values())
        fp = self.fp[category] if category else sum(self.fp.values())
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, category: str | None = None) -> float:
        tp = self.tp[category] if category else sum(self.tp.values())
        fn = self.fn[category] if category else sum(self.fn.values())
        return tp / (tp + fn) if tp + fn else 1.0


def read_corpus(path: Path) -> list[tuple[str, set[str], str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, category, sentence = line.split("\t")
        if label not in ("pos", "neg"):
            raise ValueError(f"{path.name}:{number}: label must be pos or neg, got {label!r}")
        expected = set(category.split(",")) if label == "pos" else set()
        rows.append((label, expected, sentence))
    return rows


def evaluate(language: str) -> Scores:
    """Run the checker over ``tests/corpus/<language>.tsv``."""
    scores = Scores()
    for label, expected, sentence in read_corpus(CORPUS / f"{language}.tsv"):
        scores.sentences += 1
        findings = check_text(sentence, language=language)
        found = {f.category for f in findings}
        for category in expected & found:
            scores.tp[category] += 1
        for category in expected - found:
            scores.fn[category] += 1
            scores.misses.append(f"missed {category}: {sentence}")
        for category in found - expected:
            scores.fp[category] += 1
            which = ", ".join(f"{f.rule_id} «{f.matched}»" for f in findings)
            scores.misses.append(f"false {category} ({label}): {sentence}  [{which}]")
    return scores


def main() -> int:
    ok = True
    for language in ("fr", "en"):
        scores = evaluate(language)
        categories = sorted(set(scores.tp) | set(scores.fp) | set(scores.fn))
        print(f"== {language}: {scores.sentences} sentences")
        print(f"{'category':16} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
        for category in categories:
            print(
                f"{category:16} {scores.tp[category]:4} {scores.fp[category]:4} "
                f"{scores.fn[category]:4} {scores.precision(category):10.3f} "
                f"{scores.recall(category):8.3f}"
            )
        precision, recall = scores.precision(), scores.recall()
        print(f"{'all':16} {'':14} {precision:10.3f} {recall:8.3f}")
        for miss in scores.misses:
            print(f"  {miss}")
        if precision < PRECISION_FLOOR or recall < RECALL_FLOOR:
            ok = False
            print(f"  BELOW FLOOR (precision >= {PRECISION_FLOOR}, recall >= {RECALL_FLOOR})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
