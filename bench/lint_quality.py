"""Precision and recall of the phrase checker on the labelled corpus in tests/corpus/.

Each corpus line is ``label<TAB>category<TAB>sentence``: ``pos`` lines must
be flagged with that category (several may be given, comma-separated);
``neg`` lines are hard negatives that borrow a category's words and must not
be flagged at all. Prints per-category and per-language figures and lists
every miss; exits 1 when a language falls below the floors.

When ``tests/corpus/heldout/*.tsv`` exist (same format, written by someone
who has not read the rules), their figures follow in a section of their own:
those sentences are never used to tune the rules, so that section counts its
misses per category and never prints a sentence or the words matched. It
does not change the exit status: it measures, the floors gate.

    python bench/lint_quality.py
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from excuses.lint import check_text

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
HELDOUT = CORPUS / "heldout"
HELDOUT_TITLE = "held-out (not used to tune the rules)"
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


def evaluate(language: str, paths: list[Path] | None = None) -> Scores:
    """Run the checker over ``tests/corpus/<language>.tsv``, or over ``paths``."""
    scores = Scores()
    rows = [row for path in paths or [CORPUS / f"{language}.tsv"] for row in read_corpus(path)]
    for label, expected, sentence in rows:
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


def print_table(title: str, scores: Scores) -> None:
    """Per-category counts and figures, then the language's overall precision and recall."""
    categories = sorted(set(scores.tp) | set(scores.fp) | set(scores.fn))
    print(f"== {title}: {scores.sentences} sentences")
    print(f"{'category':16} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
    for category in categories:
        print(
            f"{category:16} {scores.tp[category]:4} {scores.fp[category]:4} "
            f"{scores.fn[category]:4} {scores.precision(category):10.3f} "
            f"{scores.recall(category):8.3f}"
        )
    print(f"{'all':16} {'':14} {scores.precision():10.3f} {scores.recall():8.3f}")


def heldout_files(directory: Path = HELDOUT) -> dict[str, list[Path]]:
    """The held-out files per language, the language read from the file name (``fr*.tsv``)."""
    by_language: dict[str, list[Path]] = {}
    for path in sorted(directory.glob("*.tsv")) if directory.is_dir() else []:
        language = path.name[:2].lower()
        if language not in ("fr", "en"):
            raise ValueError(f"{path.name}: a held-out file name starts with fr or en")
        by_language.setdefault(language, []).append(path)
    return by_language


def miss_counts(scores: Scores) -> str:
    """The misses as counts per category: the held-out sentences stay unread."""
    missed = ", ".join(f"{c} {n}" for c, n in sorted(scores.fn.items()) if n) or "none"
    false = ", ".join(f"{c} {n}" for c, n in sorted(scores.fp.items()) if n) or "none"
    return f"  missed: {missed}; false alarms: {false}"


def main() -> int:
    ok = True
    for language in ("fr", "en"):
        scores = evaluate(language)
        print_table(language, scores)
        for miss in scores.misses:
            print(f"  {miss}")
        if scores.precision() < PRECISION_FLOOR or scores.recall() < RECALL_FLOOR:
            ok = False
            print(f"  BELOW FLOOR (precision >= {PRECISION_FLOOR}, recall >= {RECALL_FLOOR})")
    heldout = heldout_files()
    if heldout:
        print()
        print(f"### {HELDOUT_TITLE}")
        for language in ("fr", "en"):
            if language in heldout:
                scores = evaluate(language, heldout[language])
                print_table(f"{language} (held-out)", scores)
                print(miss_counts(scores))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
