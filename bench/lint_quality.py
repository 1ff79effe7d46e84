"""Precision and recall of the phrase checker (rules and classifier), per language and category.

Sets, per language:

- ``tuned``: ``tests/corpus/<lang>.tsv``, the sentences the rules were tuned on;
- ``train``, ``dev``, ``test``: the splits of ``tests/corpus/sentences/<lang>.tsv``
  (by source), with the retired blind sets learnt from (``RETIRED_SETS`` in
  ``scripts/checker_corpus.py``: each whole in train, the last retired in dev). The model
  learns from train and its thresholds are chosen on dev;
- the measuring sets (``MEASURING_SETS``), ``heldout``, the newest blind set and
  ``other-writers``: folders under
  ``tests/corpus/`` written apart from the rules, the model and the training data. Each
  blind set was written after the figures of the ones before had been seen, so the newest
  is the one that still measures text nobody has looked at.

A ``pos`` sentence must be flagged with its category; a ``neg`` sentence must
not be flagged at all (any category found in it is a false positive). For
the test split and the blind sets, only counts and figures are printed,
never a sentence or the words matched, and they are printed last: they
measure, they are not there to tune on. ``--misses`` prints the sentences
missed or wrongly flagged in the tuned set and the dev split, the only ones
one may study. The dev split's figures are also printed by kind of source (support
replies, incident statements, written cases, the retired blind set...), which shows where
the checker reads worst.

    python bench/lint_quality.py [--misses] [--open-only]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from checker_corpus import (
    CORPUS,
    MEASURING_SETS,
    Row,
    blind_rows,
    sentence_rows,
    three_column_rows,
)

from excuses.lint import check_text
from excuses.lint._rules import CATEGORIES

PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.90
CATEGORY_RECALL_FLOOR = 0.80
OPEN_SETS = ("tuned", "train", "dev")
CLOSED_SETS = ("test", *MEASURING_SETS)


@dataclass
class Scores:
    """True positives, false positives and false negatives, per category."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    sentences: int = 0
    positives: int = 0
    #: Sentences flagged at all, whatever the category: a positive flagged under a
    #: neighbouring category counts here, not in the per-category figures.
    flagged: int = 0
    flagged_positives: int = 0

    def precision(self, category: str | None = None) -> float:
        tp = self.tp[category] if category else sum(self.tp.values())
        fp = self.fp[category] if category else sum(self.fp.values())
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, category: str | None = None) -> float:
        tp = self.tp[category] if category else sum(self.tp.values())
        fn = self.fn[category] if category else sum(self.fn.values())
        return tp / (tp + fn) if tp + fn else 1.0

    def detection(self) -> tuple[float, float]:
        """Precision and recall of "flagged or not", the category set aside."""
        precision = self.flagged_positives / self.flagged if self.flagged else 1.0
        recall = self.flagged_positives / self.positives if self.positives else 1.0
        return precision, recall


def evaluate(language: str, rows: list[Row], keep_misses: bool) -> Scores:
    scores = Scores()
    for row in rows:
        scores.sentences += 1
        scores.positives += bool(row.categories)
        findings = check_text(row.sentence, language=language)
        found = {f.category for f in findings}
        expected = set(row.categories)
        scores.flagged += bool(found)
        scores.flagged_positives += bool(found and expected)
        for category in expected & found:
            scores.tp[category] += 1
        for category in expected - found:
            scores.fn[category] += 1
            if keep_misses:
                scores.misses.append(f"missed {category}: {row.sentence}")
        for category in found - expected:
            scores.fp[category] += 1
            if keep_misses:
                which = ", ".join(f"{f.rule_id} «{f.matched}»" for f in findings)
                scores.misses.append(f"false {category} ({row.label}): {row.sentence}  [{which}]")
    return scores


def rows_of(name: str, language: str) -> list[Row]:
    if name == "tuned":
        return three_column_rows(CORPUS / f"{language}.tsv", "tuned")
    if name in ("train", "dev", "test"):
        return sentence_rows(language, frozenset({name}))
    return blind_rows(name, language)


def print_table(title: str, scores: Scores) -> None:
    """Per-category counts and figures, the overall precision and recall, then the same
    for flagging a sentence at all, whatever its category."""
    print(f"== {title}: {scores.sentences} sentences, {scores.positives} positive")
    print(f"{'category':16} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>10} {'recall':>8}")
    for category in CATEGORIES:
        if not (scores.tp[category] or scores.fp[category] or scores.fn[category]):
            continue
        low = " <" if scores.recall(category) < CATEGORY_RECALL_FLOOR else ""
        print(
            f"{category:16} {scores.tp[category]:5} {scores.fp[category]:5} "
            f"{scores.fn[category]:5} {scores.precision(category):10.3f} "
            f"{scores.recall(category):8.3f}{low}"
        )
    precision, recall = scores.precision(), scores.recall()
    floors = "" if precision >= PRECISION_FLOOR and recall >= RECALL_FLOOR else "  (below floors)"
    print(f"{'all':16} {'':17} {precision:10.3f} {recall:8.3f}{floors}")
    # A sentence flagged under a neighbouring category is a miss and a false alarm above;
    # this line tells that part of the shortfall from sentences not flagged at all.
    precision, recall = scores.detection()
    print(f"{'flagged (any)':16} {'':17} {precision:10.3f} {recall:8.3f}")


def by_kind(rows: list[Row]) -> dict[str, list[Row]]:
    """The rows grouped by the kind of their source (a blind set's rows under its name),
    the largest group first."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.kind or row.source, []).append(row)
    return dict(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])))


def print_kinds(title: str, language: str, rows: list[Row]) -> None:
    """Overall figures per kind of source, a line each."""
    print(f"== {title}, by kind of source")
    print(f"{'kind':22} {'rows':>5} {'pos':>5} {'precision':>10} {'recall':>8} {'flagged':>8}")
    for kind, group in by_kind(rows).items():
        scores = evaluate(language, group, False)
        flagged = scores.detection()[1]
        print(
            f"{kind:22} {scores.sentences:5} {scores.positives:5} "
            f"{scores.precision():10.3f} {scores.recall():8.3f} {flagged:8.3f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--misses", action="store_true", help="print the tuned and dev sentences got wrong"
    )
    parser.add_argument(
        "--open-only",
        action="store_true",
        help="measure the tuned set and the train and dev splits only, so that working on the "
        "rules never shows a figure of a set kept for measuring",
    )
    args = parser.parse_args()
    print(
        f"floors: precision >= {PRECISION_FLOOR}, recall >= {RECALL_FLOOR}, "
        f"each category's recall >= {CATEGORY_RECALL_FLOOR} (< marks one below)"
    )
    for language in ("fr", "en"):
        for name in OPEN_SETS:
            rows = rows_of(name, language)
            if not rows:
                continue
            scores = evaluate(language, rows, args.misses and name in ("tuned", "dev"))
            print_table(f"{language} {name}", scores)
            for miss in scores.misses:
                print(f"  {miss}")
            if name == "dev":
                print_kinds(f"{language} {name}", language, rows)
    if args.open_only:
        return 0
    print()
    print("### never used to tune: figures only")
    for language in ("fr", "en"):
        for name in CLOSED_SETS:
            rows = rows_of(name, language)
            if rows:
                print_table(f"{language} {name}", evaluate(language, rows, False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
