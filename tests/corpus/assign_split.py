"""Fill the split column of a labelled sentence corpus from each row's source.

The split is a function of the source id alone, so every sentence of one origin lands in
the same split and nobody chooses where a sentence goes:

    h = int(sha256(source).hexdigest(), 16) % 100
    train if h < 70, dev if h < 85, test otherwise

Usage: python tests/corpus/assign_split.py tests/corpus/sentences/en.tsv [more.tsv ...]
Rewrites each file in place (comment and blank lines kept) and prints the counts per split.
Works for any language: the columns are label, category, split, source_kind, source, sentence.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path

COLUMNS = ("label", "category", "split", "source_kind", "source", "sentence")


def split_of(source: str) -> str:
    """The split a source belongs to: 70 % train, 15 % dev, 15 % test, by hash."""
    h = int(hashlib.sha256(source.encode("utf-8")).hexdigest(), 16) % 100
    if h < 70:
        return "train"
    if h < 85:
        return "dev"
    return "test"


def assign(path: Path) -> Counter[str]:
    """Rewrite `path` with each row's split computed from its source; return the counts."""
    counts: Counter[str] = Counter()
    out: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            out.append(line)
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise SystemExit(
                f"{path}:{number}: expected {len(COLUMNS)} tab-separated columns "
                f"({', '.join(COLUMNS)}), found {len(fields)}"
            )
        fields[2] = split_of(fields[4])
        counts[fields[2]] += 1
        out.append("\t".join(fields))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return counts


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: assign_split.py CORPUS.tsv [CORPUS.tsv ...]", file=sys.stderr)
        return 2
    for name in argv:
        counts = assign(Path(name))
        summary = ", ".join(f"{split} {counts[split]}" for split in ("train", "dev", "test"))
        print(f"{name}: {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
