"""The checker's labelled sentences, read by split, for training and for measuring.

Sources, per language:

- ``tests/corpus/sentences/<lang>.tsv``: ``label, category, split,
  source_kind, source, sentence``; the split (train, dev, test) is a hash of
  the source, so one origin never sits in two splits;
- ``tests/corpus/<lang>.tsv`` (the corpus the rules were tuned on) and the
  rules' own examples: training only;
- ``tests/corpus/heldout/`` and ``tests/corpus/blind/``: blind sets, never
  used for training or tuning; only the bench reads them, for counts.

Rows of a split that is not asked for are dropped as they are read: a
training run never holds a test sentence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SENTENCES = CORPUS / "sentences"
BLIND_SETS = {
    "heldout": CORPUS / "heldout",
    "blind": CORPUS / "blind",
    "blind-2": CORPUS / "blind-2",
    "blind-3": CORPUS / "blind-3",
    "blind-4": CORPUS / "blind-4",
}


@dataclass(frozen=True)
class Row:
    """One labelled sentence: ``categories`` is empty for a negative."""

    categories: tuple[str, ...]
    split: str
    source: str
    sentence: str

    @property
    def label(self) -> str:
        return "pos" if self.categories else "neg"


def _categories(label: str, category: str, where: str) -> tuple[str, ...]:
    if label not in ("pos", "neg"):
        raise ValueError(f"{where}: label must be pos or neg, got {label!r}")
    return tuple(category.split(",")) if label == "pos" else ()


def sentence_rows(language: str, splits: frozenset[str]) -> list[Row]:
    """The rows of ``sentences/<lang>.tsv`` whose split is in ``splits``."""
    path = SENTENCES / f"{language}.tsv"
    rows: list[Row] = []
    if not path.exists():
        return rows
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 6:
            raise ValueError(f"{path.name}:{number}: expected 6 tab-separated columns")
        label, category, split, _kind, source, sentence = fields
        if split not in splits:
            continue
        rows.append(
            Row(_categories(label, category, f"{path.name}:{number}"), split, source, sentence)
        )
    return rows


def three_column_rows(path: Path, split: str) -> list[Row]:
    """A ``label, category, sentence`` file (the tuned corpus, a blind set) as rows of ``split``."""
    rows: list[Row] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, category, sentence = line.split("\t")[:3]
        rows.append(
            Row(_categories(label, category, f"{path.name}:{number}"), split, path.name, sentence)
        )
    return rows


def rule_example_rows(language: str) -> list[Row]:
    """Every shipped rule's examples: must-match as its category, must-not-match as negatives."""
    from excuses.lint._rules import builtin_rules

    rows: list[Row] = []
    for rule in builtin_rules(language).rules:
        rows.extend(Row((rule.category,), "train", rule.id, text) for text in rule.examples_match)
        rows.extend(Row((), "train", rule.id, text) for text in rule.examples_no_match)
    return rows


def draft_rows(language: str) -> list[Row]:
    """The sentences of our own drafts (every example record, stage and a few moments, and a
    record with no progress yet), as negatives: the text the library ships owns its faults."""
    import dataclasses
    from datetime import datetime, timedelta

    from excuses import Stage, draft, load_record

    texts: set[str] = set()
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        record = load_record(path)
        if record.language != language:
            continue
        idle = dataclasses.replace(
            record,
            commitments=(),
            updates=(),
            resolution=None,
            actions=tuple(dataclasses.replace(a, done=False) for a in record.actions),
        )
        later = record.incident.reported_at + timedelta(hours=6)
        for stage in Stage:
            for moment in ("2026-11-23T10:30", "2026-11-24T17:00", "2026-11-25T12:00"):
                texts.add(draft(record, stage, now=datetime.fromisoformat(moment)).text)
            if stage in (Stage.UPDATE, Stage.APOLOGY):
                texts.add(draft(idle, stage, now=later).text)
    sentences = {
        " ".join(sentence.split())
        for text in texts
        for paragraph in text.split("\n\n")
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph)
        if sentence.strip()
    }
    return [Row((), "train", "drafts", sentence) for sentence in sorted(sentences)]


def training_rows(language: str) -> list[Row]:
    """Everything the model learns from: train split, tuned corpus, rule examples, our drafts."""
    return [
        *sentence_rows(language, frozenset({"train"})),
        *three_column_rows(CORPUS / f"{language}.tsv", "train"),
        *rule_example_rows(language),
        *draft_rows(language),
    ]


def blind_rows(name: str, language: str) -> list[Row]:
    """One blind set's rows of ``language`` (files named ``<lang>*.tsv``)."""
    directory = BLIND_SETS[name]
    rows: list[Row] = []
    for path in sorted(directory.glob(f"{language}*.tsv")) if directory.is_dir() else []:
        rows.extend(three_column_rows(path, name))
    return rows


def corpus_digest(language: str) -> str:
    """SHA-256 of what a model is made from: train and dev rows, the tuned corpus, the
    rules, the lexicon and the reader (test rows left out: they never shape a model)."""
    digest = hashlib.sha256()
    for row in (
        *sentence_rows(language, frozenset({"train", "dev"})),
        *three_column_rows(CORPUS / f"{language}.tsv", "train"),
    ):
        digest.update(f"{','.join(row.categories)}\t{row.split}\t{row.sentence}\n".encode())
    package = ROOT / "src" / "excuses" / "lint"
    for path in (
        package / "rules" / f"{language}.toml",
        package / "lexicon" / f"{language}.toml",
        package / "_reader.py",
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()
