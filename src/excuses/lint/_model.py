"""The second detector: a linear classifier that reads the sentences no rule matched.

Each language has one model file (``model/fr.json``, ``model/en.json``),
written by ``scripts/train_checker.py`` from the labelled corpus: the
lexicon it was trained with, a weight per feature and class (features from
``_reader.features``), a bias per class, and the confidence threshold chosen
on the dev split (one per category). Reading it needs only ``json``: no numerical library is
imported at run time.

The classes are ``none`` and the ten categories. A sentence's scores are
the sums of its features' weights, turned into probabilities by softmax;
when the most probable category (not ``none``) reaches its threshold, the
sentence is a finding of rule ``<LANG>-MODEL-<CATEGORY>``, with that
probability as its confidence and the words that weighed most towards it.
"""

from __future__ import annotations

import math
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping
from functools import cache, partial, reduce
from operator import add

from .._frozen import Frozen
from ._compiled import (
    HERE,
    built_key,
    built_name,
    exists,
    joined,
    read_artefact,
    read_bytes,
    read_text,
)

if sys.version_info < (3, 12):
    #: Adds a column's floats one after the other, left to right, in C.
    _running_sum = sum
else:  # sum() of floats compensates its rounding from 3.12 on: add them one by one instead.
    _running_sum = partial(reduce, add)
from ._reader import _BREAKS, Lexicon, features

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

# A string, not pathlib's path (see ``_compiled``); ``MODEL_DIR`` is a path for tools.
_MODEL_DIR = joined(HERE, "model")


def __getattr__(name: str) -> object:
    if name == "MODEL_DIR":
        from pathlib import Path

        return Path(_MODEL_DIR)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: How many words a finding names as those that weighed most.
EVIDENCE = 3
#: The row of a feature the model does not know: no weight for any class.
_UNKNOWN: tuple[float, ...] = ()
#: Sentence readings remembered per model before the memory is cleared.
_REMEMBERED = 20_000


def model_rule_id(language: str, category: str) -> str:
    """The stable rule id of the classifier's findings of one category: ``EN-MODEL-DENIAL``."""
    return f"{language.upper()}-MODEL-{category.upper()}"


def feature_names(tokens: Sequence[str], lexicon: Lexicon) -> list[str]:
    """The names of ``_reader.features``, in the same order, without the indices of their words.

    What the classifier needs to score a sentence: the indices are read only
    for a finding's evidence. Kept step for step with ``features`` (the order
    of the names is the order the weights are added in), and kept here, not
    in ``_reader``, whose text is part of what a model is trained from; the
    tests check the two agree on every sentence of the corpus.
    """
    found: list[str] = []
    append = found.append
    previous: str | None = None
    sequence: list[str] = []
    negated = False
    seen: set[str] = set()
    for token in tokens:
        if token in _BREAKS:
            previous = None
            negated = False
            sequence.append("|")
            continue
        classes = lexicon.get(token, ())
        append("w:" + token)
        if previous is not None:
            append(f"b:{previous} {token}")
        previous = token
        if len(token) > 5:
            append("p:" + token[:5])
        if negated:
            append("n:" + token)
        if classes:
            for name in classes:
                append("k:" + name)
                if negated:
                    append("n:" + name)
            seen.update(classes)
            first = classes[0]
            sequence.append(first)
            if first == "NEG" or "NEG" in classes:
                negated = True
            elif "CONTRAST" in classes:
                negated = False
    if len(sequence) > 1:
        last = len(sequence) - 1
        for position, name in enumerate(sequence):
            if name == "|" or position == last:
                continue
            second = sequence[position + 1]
            if second == "|":
                continue
            append(f"c:{name} {second}")
            if position + 1 < last:
                third = sequence[position + 2]
                if third != "|":
                    append(f"c:{name} {second} {third}")
    if tokens and tokens[0] not in _BREAKS:
        append("a:" + tokens[0])
    if sequence and sequence[0] != "|":
        append("f:" + sequence[0])
        if len(sequence) > 1 and sequence[1] != "|":
            append(f"f:{sequence[0]} {sequence[1]}")
    if len(seen) > 1:
        names = sorted(seen)
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                append(f"s:{first}+{second}")
    return found


class Verdict(Frozen):
    """What the classifier read in one sentence."""

    __slots__ = ("category", "confidence", "evidence")
    category: str
    confidence: float
    #: Indices of the words that weighed most towards ``category``, heaviest first.
    evidence: tuple[int, ...]

    def __init__(self, category: str, confidence: float, evidence: tuple[int, ...]) -> None:
        object.__setattr__(self, "category", category)
        object.__setattr__(self, "confidence", confidence)
        object.__setattr__(self, "evidence", evidence)


class Reading:
    """The classifier's probabilities for one sentence, and what it can tell from them."""

    __slots__ = ("_verdict", "model", "probabilities", "ruled", "tokens")

    def __init__(
        self,
        model: Model,
        tokens: tuple[str, ...],
        ruled: tuple[str, ...],
        probabilities: list[float],
    ) -> None:
        self.model = model
        self.tokens = tokens
        self.ruled = ruled
        self.probabilities = probabilities
        self._verdict: Verdict | bool | None = False

    @property
    def fine(self) -> float:
        """How sure the model is that the sentence has no reflex at all."""
        return self.probabilities[0]

    def vetoes(self) -> bool:
        """Whether the model is sure enough the sentence is fine to drop a rule's match in it.

        Rules read words; the model also reads who owns what ("not your
        fault, it's ours"), so a match it is very sure of is a false alarm.
        """
        return self.fine >= self.model.veto

    def verdict(self) -> Verdict | None:
        """The most probable category, when its probability reaches the model's threshold."""
        known = self._verdict
        if known is not False:
            return known  # type: ignore[return-value]
        probabilities = self.probabilities
        best = max(range(1, len(probabilities)), key=probabilities.__getitem__)
        category = self.model.classes[best]
        verdict: Verdict | None = None
        if probabilities[best] >= self.model.thresholds.get(category, self.model.threshold):
            # The words that weighed most are worked out only for a finding.
            found = features(self.tokens, self.model.lexicon)
            found.extend((f"r:{name}", ()) for name in self.ruled)
            evidence = self.model._evidence(found, best, len(self.tokens))
            verdict = Verdict(category, probabilities[best], evidence)
        self._verdict = verdict
        return verdict


class Model:
    """One language's classifier, as loaded from its model file."""

    def __init__(self, data: dict[str, object]) -> None:
        self.language = str(data["language"])
        self.classes: list[str] = list(data["classes"])  # type: ignore[call-overload]
        self.bias: list[float] = list(data["bias"])  # type: ignore[call-overload]
        self.threshold = float(data["threshold"])  # type: ignore[arg-type]
        #: Each category's own threshold, chosen for precision (``threshold`` when absent).
        self.thresholds: dict[str, float] = {
            str(name): float(value)
            for name, value in data.get("thresholds", {}).items()  # type: ignore[attr-defined]
        }
        #: A rule's match is dropped when the model reads "fine" with at least this probability.
        self.veto = float(data.get("veto", 2.0))  # type: ignore[arg-type]
        lexicon = data["lexicon"]
        assert isinstance(lexicon, dict)
        self.lexicon: dict[str, tuple[str, ...]] = {
            word: tuple(classes) for word, classes in lexicon.items()
        }
        #: feature -> "class:weight class:weight ..." (non-zero weights only), read when
        #: first needed: a string loads faster than a list of numbers. From the built
        #: file, in buckets read when first needed (see :class:`Weights`).
        self.weights: Mapping[str, str]
        if "weights" in data:
            weights = data["weights"]
            assert isinstance(weights, dict)
            self.weights = weights
        else:
            buckets, rows = data["weight_buckets"], data["weight_rows"]
            assert isinstance(buckets, tuple) and isinstance(rows, bytes)
            self.weights = Weights(buckets, rows)
        self._readings: dict[tuple[tuple[str, ...], tuple[str, ...]], Reading] = {}
        #: feature -> its weight for every class, built when first met (empty: unknown).
        self._dense: dict[str, tuple[float, ...]] = {}

    def read(self, tokens: Sequence[str], ruled: tuple[str, ...] = ()) -> Reading:
        """The class probabilities of one sentence; ``ruled``: the categories rules found in it.

        Readings are remembered per sentence: a mailbox repeats its greetings,
        closings and boilerplate sentences many times.
        """
        words = tuple(tokens)
        key = (words, ruled)
        reading = self._readings.get(key)
        if reading is None:
            if len(self._readings) >= _REMEMBERED:
                self._readings.clear()
            reading = self._readings[key] = self._read(words, ruled)
        return reading

    def _read(self, tokens: tuple[str, ...], ruled: tuple[str, ...]) -> Reading:
        names = feature_names(tokens, self.lexicon)
        names.extend(f"r:{category}" for category in ruled)
        rows = list(map(self._dense.get, names))
        if None in rows:
            # A feature met for the first time: its row is built once (only those rows).
            row_of = self._row_of
            rows = [
                row_of(name) if row is None else row for name, row in zip(names, rows, strict=True)
            ]
        # Each class's total is its bias plus the weights of the sentence's features, added
        # in the order of the features (one running sum per class), in C.
        columns = zip(self.bias, *filter(None, rows), strict=True)
        totals = [_running_sum(column) for column in columns]
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        whole = sum(exps)
        return Reading(self, tokens, ruled, [e / whole for e in exps])

    def _row(self, name: str) -> tuple[float, ...] | None:
        """A feature's weight for every class (None: the feature is unknown)."""
        return self._row_of(name) or None

    def _row_of(self, name: str) -> tuple[float, ...]:
        """A feature's weight for every class (empty: the feature is unknown).

        The file keeps only the non-zero weights; a feature's full row is
        built the first time a sentence has it, so that adding it to the
        totals is one call in C, and loading stays cheap.
        """
        row = self._dense.get(name)
        if row is not None:
            return row
        weights = self.weights
        if isinstance(weights, Weights):
            found = weights.row(name, len(self.classes))
        else:
            sparse = weights.get(name)
            found = None if sparse is None else dense_row(sparse, len(self.classes))
        row = self._dense[name] = _UNKNOWN if found is None else found
        return row

    def _evidence(
        self, found: list[tuple[str, tuple[int, ...]]], best: int, size: int
    ) -> tuple[int, ...]:
        """The words whose features pushed most towards class ``best`` rather than ``none``."""
        share = [0.0] * size
        for name, indices in found:
            row = self._row(name)
            if row is None or not indices:
                continue
            weight = (row[best] - row[0]) / len(indices)
            for index in indices:
                share[index] += weight
        ranked = sorted(range(size), key=lambda i: (-share[i], i))
        return tuple(i for i in ranked[:EVIDENCE] if share[i] > 0)


def dense_row(sparse: str, size: int) -> tuple[float, ...]:
    """The weights of a feature as the model file writes them (``class:weight`` pairs,
    non-zero ones only), one per class."""
    dense = [0.0] * size
    # One split for the whole row, not one per pair.
    fields = iter(sparse.replace(":", " ").split())
    for index, weight in zip(fields, fields, strict=True):
        dense[int(index)] = float(weight)
    return tuple(dense)


class Weights(Mapping[str, str]):
    """A model's weights (feature -> its weights as written in the model file), kept in
    :data:`BUCKETS` strings of ``feature<TAB>weights`` lines (a line break before and
    after each), a feature in the bucket its CRC-32 names, where it is found by a search.

    A start of the checker then loads a few thousand strings instead of a dict of tens
    of thousands: a short email looks up a few hundred features. After
    :data:`WHOLE_AFTER` rows asked for (a mailbox), rows are read from ``rows``
    instead (:mod:`marshal`'s bytes of each feature's offset into one run of
    little-endian doubles, a row of one per class, written when the file was built):
    a mailbox meets thousands of features, and parsing each one's weights cost more
    than loading them. Only the rows met are made into floats: a mailbox meets about
    a quarter of them.
    """

    def __init__(self, buckets: tuple[str, ...], rows: bytes) -> None:
        self._buckets = buckets
        self._rows_bytes = rows
        self._rows: dict[str, int] | None = None
        self._floats = b""
        self._unpack: Callable[[bytes, int], tuple[float, ...]] | None = None
        self._lookups = 0

    @staticmethod
    def bucket_of(name: str, count: int) -> int:
        return zlib.crc32(name.encode("utf-8")) % count

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        bucket = self._buckets[self.bucket_of(name, len(self._buckets))]
        at = bucket.find(f"\n{name}\t")
        if at < 0:
            return default
        start = at + len(name) + 2
        return bucket[start : bucket.index("\n", start)]

    def row(self, name: str, size: int) -> tuple[float, ...] | None:
        """A feature's weight for each of ``size`` classes (None: unknown)."""
        rows = self._rows
        if rows is None:
            self._lookups += 1
            if self._lookups <= WHOLE_AFTER:
                sparse = self.get(name)
                return None if sparse is None else dense_row(sparse, size)
            import marshal
            import struct

            rows, self._floats = marshal.loads(self._rows_bytes)
            self._unpack = struct.Struct(f"<{size}d").unpack_from
            self._rows = rows
        at = rows.get(name)
        if at is None:
            return None
        assert self._unpack is not None
        return self._unpack(self._floats, at)

    def _parsed(self, index: int) -> dict[str, str]:
        lines = (line.partition("\t") for line in self._buckets[index].split("\n") if line)
        return {name: weights for name, _, weights in lines}

    def __getitem__(self, name: str) -> str:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        for index in range(len(self._buckets)):
            yield from self._parsed(index)

    def __len__(self) -> int:
        return sum(len(self._parsed(index)) for index in range(len(self._buckets)))


#: How many buckets a built model file keeps its weights in (see :class:`Weights`).
BUCKETS = 2048
#: Rows of weights read from their buckets before every row is loaded: a short email
#: reads a few hundred.
WHOLE_AFTER = 500


def _bucketed(model: dict[str, object]) -> dict[str, object]:
    """The model file's data with its weights as :class:`Weights` reads them: in
    :data:`BUCKETS` strings and as :mod:`marshal`'s bytes of every row; as they are
    when a feature or its weights hold a tab or a line break (the lines could not be
    read back)."""
    import marshal
    import struct

    weights = model["weights"]
    assert isinstance(weights, dict)
    if any("\t" in text or "\n" in text for item in weights.items() for text in item):
        return model
    buckets: list[list[str]] = [[] for _ in range(BUCKETS)]
    for name, text in weights.items():
        buckets[Weights.bucket_of(name, BUCKETS)].append(f"{name}\t{text}")
    built = {key: value for key, value in model.items() if key != "weights"}
    built["weight_buckets"] = tuple(
        "\n" + "".join(f"{line}\n" for line in lines) for lines in buckets
    )
    size = len(model["classes"])  # type: ignore[arg-type]
    row = struct.Struct(f"<{size}d")
    offsets = {name: number * row.size for number, name in enumerate(weights)}
    floats = b"".join(row.pack(*dense_row(text, size)) for text in weights.values())
    built["weight_rows"] = marshal.dumps((offsets, floats))
    return built


#: The layout of a built model file; a file of another layout is not read.
_BUILT_FORMAT = 4


def built_model_file(language: str) -> bytes:
    """The bytes of ``model/<lang>.<tag>.marshal``: the model file already parsed, which
    :mod:`marshal` reads back several times faster than :mod:`json` reads the text."""
    import json
    import marshal

    raw = read_bytes(joined(_MODEL_DIR, f"{language}.json"))
    data = {
        "key": built_key(_BUILT_FORMAT),
        "json_crc32": zlib.crc32(raw),
        "model": _bucketed(json.loads(raw)),
    }
    return marshal.dumps(data)


@cache
def get_model(language: str) -> Model | None:
    """The shipped model of ``language`` (None when there is none), loaded once per process.

    Read from the built file while it was written from the model file as it is now (the
    model file itself otherwise): at each start, the model is most of what is loaded.
    """

    path = joined(_MODEL_DIR, f"{language}.json")
    if not exists(path):
        return None
    raw = read_bytes(path)
    built = read_artefact(
        joined(_MODEL_DIR, built_name(language)),
        built_key(_BUILT_FORMAT),
        "json_crc32",
        zlib.crc32(raw),
    )
    if built is not None and isinstance(built.get("model"), dict):
        return Model(built["model"])
    import json  # the model file itself, read only when its built file is not current

    return Model(json.loads(raw))


def text_sentences(text: str, language: str) -> list[list[str]]:
    """The words of each sentence of a plain text, read as the checker reads them.

    Used to train and measure the model on exactly what it sees at run time:
    normalised, with quoted words masked.
    """
    from ._masking import blank, masked_ranges
    from ._normalize import normalize
    from ._reader import sentences

    normalized = normalize(text)
    masked = masked_ranges(normalized.nfc)
    lowered = blank(normalized.lowered, masked)
    cased = blank(normalized.nfc, masked)
    return [sentence.tokens for sentence in sentences(lowered, language, cased)]


_READ_AS = {
    "en": "Read by the classifier (confidence {confidence}; words that weighed most: {words}).",
    # French typography written out: a narrow no-break space before ";", a no-break space
    # before ":" and inside « » (the typesetter is not loaded to check a text).
    "fr": "Lu par le classifieur (confiance {confidence}\u202f; mots qui ont le plus pesé\u00a0: "
    "{words}).",
}


def model_texts(
    language: str, category: str, confidence: float, evidence: tuple[str, ...]
) -> tuple[str, str]:
    """The message and suggestion of a classifier finding, in the text's language.

    The message is that of the category's first shipped rule, followed by
    the confidence and the words that weighed most, so a person sees why.
    """
    message, suggestion = category_texts(language, category)
    shown = f"{confidence:.2f}"
    if language == "fr":
        shown = shown.replace(".", ",")
        words = ", ".join(f"«\u00a0{w}\u00a0»" for w in evidence) or "aucun"
    else:
        words = ", ".join(f"“{w}”" for w in evidence) or "none"
    note = _READ_AS.get(language, _READ_AS["en"]).format(confidence=shown, words=words)
    return f"{message} {note}", suggestion


@cache
def category_texts(language: str, category: str) -> tuple[str, str]:
    """The message and suggestion of the first shipped rule of ``category``."""
    from ._engine import get_engine

    rule = next(r for r in get_engine(language).rules if r.category == category)
    return rule.message, rule.suggestion


def model_summary(language: str) -> dict[str, object]:
    """What the rules reference says of a shipped model: threshold, veto, size, corpus digest."""
    import json

    data = json.loads(read_text(joined(_MODEL_DIR, f"{language}.json")))
    return {
        "threshold": data["threshold"],
        "thresholds": data.get("thresholds", {}),
        "veto": data.get("veto", 2.0),
        "strength": data.get("strength"),
        "features": len(data["weights"]),
        "corpus_sha256": data.get("corpus_sha256", ""),
    }
