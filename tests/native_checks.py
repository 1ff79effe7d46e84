"""Native-language checkers run over every draft: Grammalecte (French), Hunspell and proselint.

Each draft is checked as the template writes it, one paragraph a line, before
the plain text is wrapped. What is set aside, and why, is listed here with
the reason it is the checker's false alarm rather than an error of ours.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from excuses import Stage, load_record
from excuses.drafting import _now
from excuses.locales import client_locale
from excuses.record import IncidentRecord
from excuses.rendering import renderer_for
from excuses.stages import stage_context
from test_draft import moment_for  # the goldens' drafting moments, read from the record

ROOT = Path(__file__).resolve().parents[1]
RECORDS = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (Path(__file__).resolve().parent / "edge").glob("*.yaml")
)

# Plain-text lists start with "- " or "1. ": Grammalecte reads a line-leading hyphen as
# a dialogue dash (rule typo_tiret_début_ligne) and wants an em dash there. A list
# marker is not a dialogue: the marker is set aside, the item is checked.
_LIST_MARKER = re.compile(r"^(?:- |\d+\. )")

#: Grammalecte rules set aside, each with why it is a false alarm on our text.
GRAMMALECTE_ASIDE = {
    # A French postcode (69001 Lyon) is written in one block: splitting it in threes,
    # as this rule asks of large numbers, would make it wrong.
    "num_grand_nombre_soudé",
}


def _numbered(rule: str, paragraph: str, start: int) -> bool:
    """ "commande n° 4471 livrée": Grammalecte reads 4471 as a quantity and asks for a
    plural, but after "n°" a number is an identifier and the noun stays singular."""
    before = paragraph[:start]
    return "gn_nombre_chiffres" in rule and re.search(r"n°\s?\d+\s$", before) is not None


@dataclass(frozen=True)
class Drafted:
    """One stage of one record, as paragraphs of plain text, and the record's own words."""

    record_path: Path
    stage: Stage
    language: str
    spelling: str
    paragraphs: tuple[str, ...]
    names: frozenset[str]

    @property
    def where(self) -> str:
        return f"{self.record_path.name} {self.stage.value}"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _strings(getattr(value, f.name))


def _names(record: IncidentRecord) -> frozenset[str]:
    """Proper names and references of the record: set aside by the spelling checks."""
    texts = [
        record.client.organisation,
        record.client.contact_name,
        record.sender.name,
        record.sender.organisation,
        record.incident.id,
        *(m.name for m in record.team),
        *record.incident.id.split("-"),
        *(str(v) for v in _strings(record) if "@" in str(v)),
    ]
    words = {w for t in texts for w in re.findall(r"[\w’'.-]+", t)}
    # Capitalised words of the record's free text are names too (Ledgerly, Lyon).
    for text in _strings(record):
        words.update(re.findall(r"\b[A-Z][\w-]+\b", text))
    return frozenset(words)


def drafts() -> list[Drafted]:
    """Every stage of every example and edge record, unwrapped."""
    out = []
    renderer = renderer_for(None)
    for path in RECORDS:
        record = load_record(path)
        locale = client_locale(record.language, record.client.country, record.client.locale)
        for stage in Stage:
            now = _now(record, moment_for(record, stage))
            context = stage_context(record, stage, now)
            subject = renderer.subject(record.language, stage.value, context.values)
            body = renderer.text(record.language, stage.value, context.values)
            lines = [subject, *(line.strip() for line in body.splitlines())]
            paragraphs = tuple(_LIST_MARKER.sub("", line) for line in lines if line.strip())
            out.append(
                Drafted(path, stage, record.language, locale.spelling, paragraphs, _names(record))
            )
    return out


def grammalecte(items: Iterable[Drafted]) -> list[str]:
    """Grammar and typography findings of Grammalecte, as ``where: rule: text`` lines."""
    items = [i for i in items if i.language == "fr"]
    paragraphs = [(item, p) for item in items for p in item.paragraphs]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "drafts.txt"
        source.write_text("\n".join(p for _, p in paragraphs) + "\n", encoding="utf-8")
        result = subprocess.run(
            ["grammalecte-cli", "-f", str(source), "-j", "-ctx"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
    report = json.loads(result.stdout[result.stdout.index("{") :])
    found = []
    for block in report["data"]:
        item, paragraph = paragraphs[block["iParagraph"] - 1]
        for error in block["lGrammarErrors"]:
            rule = error["sRuleId"]
            if rule in GRAMMALECTE_ASIDE or _numbered(rule, paragraph, error["nStart"]):
                continue
            span = paragraph[error["nStart"] : error["nEnd"]]
            found.append(f"{item.where}: {rule}: {span!r} in {paragraph!r}")
    return found


_DICTIONARY = {"en_US": "en_US", "en_GB": "en_GB"}


def hunspell(items: Iterable[Drafted]) -> list[str]:
    """Words Hunspell does not know in the client's variant, names and references aside."""
    found = []
    for item in items:
        if item.language != "en":
            continue
        text = "\n".join(item.paragraphs)
        result = subprocess.run(
            ["hunspell", "-d", _DICTIONARY[item.spelling], "-l"],
            input=text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
        for word in sorted(set(result.stdout.split())):
            if (
                word in item.names
                or word.strip(".") in item.names
                or any(c.isdigit() for c in word)
            ):
                continue
            found.append(f"{item.where} ({item.spelling}): {word}")
    return found


#: proselint checks set aside, each with why it is a false alarm on our text.
PROSELINT_ASIDE: dict[str, str] = {}


def _across_lines(diagnostic: dict[str, Any], text: str) -> bool:
    """A "lexical illusion" across two lines of the signature ("…, Ledgerly" then
    "Ledgerly, 200 Park Avenue"): the role's organisation and the address's first
    word are two separate lines, not a word typed twice."""
    start, end = diagnostic["span"]
    return diagnostic["check_path"] == "lexical_illusions" and "\n" in text[start:end]


def _word_at(text: str, start: int, end: int) -> str:
    """The whole words the span ``start:end`` touches (proselint's spans may cut them)."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def proselint(items: Iterable[Drafted]) -> list[str]:
    """proselint's findings on the English drafts."""
    items = [i for i in items if i.language == "en"]
    found = []
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, item in enumerate(items):
            path = Path(folder) / f"{index}.txt"
            path.write_text("\n\n".join(item.paragraphs) + "\n", encoding="utf-8")
            paths[path.as_uri()] = item
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "proselint",
                "check",
                "-o",
                "json",
                *(str(Path(p[7:])) for p in paths),
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        report = json.loads(result.stdout)
    for uri, data in report["result"].items():
        item = paths[uri]
        text = "\n\n".join(item.paragraphs) + "\n"
        for diagnostic in data.get("diagnostics", []):
            start, end = diagnostic["span"]
            if diagnostic["check_path"] in PROSELINT_ASIDE or _across_lines(diagnostic, text):
                continue
            if set(re.findall(r"\w+", _word_at(text, start, end))) <= item.names:
                continue  # a name the record spells its own way ("Maple Lane Cafe")
            found.append(
                f"{item.where}: {diagnostic['check_path']}: {text[start:end]!r}: "
                f"{diagnostic['message']}"
            )
    return found


def missing(*tools: str) -> str | None:
    """Why a check cannot run here: the first tool that is not installed."""
    for tool in tools:
        if shutil.which(tool) is None:
            return f"{tool} is not installed (make test installs it as root with apt-get)"
    return None
