"""Rule files: TOML data loaded, validated and expanded into regular expressions.

A rules file holds ``language = "fr"`` and a list of ``[[rule]]`` tables::

    [[rule]]
    id = "FR-DENIAL-001"
    category = "denial"
    severity = "error"
    since = "0.1.0"
    message = "Why this hurts the relationship, in one sentence."
    suggestion = "What to write instead."
    patterns = ["ce n'est pas un bug"]
    unless = ["c'est (?:la|une) notre"]        # optional: the sentence makes it fine
    examples.match = ["Ce n'est pas un bug."]
    examples.no_match = ["C'est un bug, et il est chez nous."]

A file may also hold, before its rules, ``owned = [...]``: patterns of a
sentence that owns the fault while it names what a bad sentence names ("the
carrier lost it, and that is our responsibility", "it would be easy to blame
the night shift"). They are an ``unless`` of every rule of the file whose
category such a sentence answers (``OWNED_CATEGORIES``), and of the clause
rules of those categories.

Patterns are Python regular expressions without capturing groups, matched
on the folded text (see ``_normalize``: lower case, no accents, one
apostrophe): write accents and capitals or not, any apostrophe, and a plain
space for "one or more spaces or line breaks" (`` ?`` for "maybe none").
``<gap>`` stands for up to three words between two parts of a phrase,
``<gap:N>`` for up to N, and ``<name>`` for a person's name (a capitalised
word, or one of the team's names). ``unless`` patterns are searched in the
sentence around a match: when one is found, the match is fine.
"""

from __future__ import annotations

import re
import zlib
from functools import cache

from ..errors import RulesError
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
from ._normalize import fold
from ._types import Severity

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import dataclass, replace
    from os import PathLike
    from pathlib import Path
    from typing import Any
else:  # as dataclasses, without importing it at each start (see ``_frozen``)
    from .._frozen import dataclass, replace

CATEGORIES: tuple[str, ...] = (
    "denial",
    "blame-client",
    "blame-team",
    "blame-person",
    "blame-fate",
    "deflection",
    "non-apology",
    "vague-deadline",
    "minimisation",
    "excuse",
)

#: The categories a sentence that owns the fault answers: naming a supplier, a colleague,
#: a rush or the client's setup is fine once the sentence says the fault is ours. Not
#: the others: a vague deadline, a minimised impact or an apology for feelings stays one
#: however much of the fault the sentence owns.
OWNED_CATEGORIES = frozenset(
    {"denial", "blame-client", "blame-team", "blame-person", "blame-fate", "deflection", "excuse"}
)

# Compiled by re (and kept in its cache) when a rule file is read or a pattern expanded:
# a start of the checker on the shipped rules does neither.
_ID_RE = r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$"
_KEYS = {
    "id",
    "category",
    "severity",
    "message",
    "suggestion",
    "patterns",
    "unless",
    "examples",
    "since",
}
_REQUIRED = ("id", "category", "severity", "message", "suggestion", "patterns", "examples")

#: Capitalised words that start sentences and are never a colleague's name.
_NOT_NAMES = (
    "We|I|You|They|He|She|It|Our|Your|My|His|Her|Their|Its|The|This|That|These|Those|There|"
    "Nobody|Someone|Somebody|Anyone|Anybody|Everyone|Everybody|If|When|Mon|Ma|Mes|Nos|Vos|Son|Sa|Ses|Leur|Leurs|"
    "Nous|Je|Vous|Il|Elle|On|Ils|Elles|Le|La|Les|Notre|Votre|Ce|Cela|Ça|Ca|Personne|Si|Quand|"
    "Monsieur|Madame|Mme|Mr|Mrs|Ms|Dear|Bonjour|Hello|Hi|Merci|Thanks|Support|Team|Équipe|"
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Christmas|God|Murphy|"
    "Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche|Noël|Dieu|"
    "Unfortunately|Sadly|Honestly|Frankly|Well|So|But|And|Also|Then|Yes|No|"
    "Malheureusement|Franchement|Hélas|Bref|Alors|Donc|Mais|Et|Ensuite|Oui|Non|"
    # Carriers are third parties (blame-fate), not colleagues.
    "UPS|DHL|FedEx|TNT|DPD|GLS|USPS|Evri|Hermes|Yodel|Parcelforce|Purolator|Chronopost|Colissimo|Geodis"
)
#: The capital letters a name opens on.
UPPER = "A-ZÀ-ÖØ-Þ"
#: A person's name as the scan sees it (lower-cased text): any word or two.
SCAN_NAME = r"[^\W\d_]+(?:[\s-][^\W\d_]+)?"
#: Words that read as a capitalised name at the start of a sentence but are not one.
NOT_NAMES = frozenset(_NOT_NAMES.lower().split("|"))
#: The start of a name in the cased text: the pass for rules that open on a name.
NAME_HEAD = rf"[{UPPER}][^\W\d_]+(?:[\s-][{UPPER}][^\W\d_]+)?"
#: A person's name as the check on the original text sees it: capitalised, not a pronoun.
CASED_NAME = rf"(?-i:(?!(?:{_NOT_NAMES})\b)[{UPPER}][^\W\d_]+(?:[\s-][{UPPER}][^\W\d_]+)?)"


@dataclass(frozen=True)
class Rule:
    """One rule, as written in its file."""

    id: str
    category: str
    severity: Severity
    message: str
    suggestion: str
    patterns: tuple[str, ...]
    unless: tuple[str, ...]
    examples_match: tuple[str, ...]
    examples_no_match: tuple[str, ...]
    language: str
    source: str
    since: str | None = None
    #: The file's ``owned`` patterns, when the rule's category is one they answer.
    owned: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    """The rules of one language, in file order."""

    language: str
    rules: tuple[Rule, ...]
    #: The file's ``owned`` patterns (see the module's docstring).
    owned: tuple[str, ...] = ()

    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}


_GAP_RE = r"<gap(?::(\d+))?>"


def _lower_outside_escapes(pattern: str) -> str:
    return re.sub(r"(\\.)|(\(\?P<\w+>)|([^\\(]+|\()", _lower_piece, pattern)


def _lower_piece(match: re.Match[str]) -> str:
    if match.group(1) or match.group(2):
        return match.group(0)
    return match.group(0).lower()


def expand(pattern: str, name: str = SCAN_NAME, language: str = "fr") -> str:
    """The regular expression a rule pattern stands for, on folded text (see ``_normalize``).

    Accents and apostrophes are folded like the text's, a space is any run
    of Unicode spaces or line breaks (`` ?``: possibly none), ``<gap:N>`` up
    to N words, ``<name>`` a person's name. ``language`` is kept for rules
    that may one day need it.
    """
    # Placeholders become control characters first, so the accent pass leaves them be.
    out = re.sub(
        _GAP_RE, lambda m: f"\x02{m.group(1) or '3'}\x03", pattern.replace("<name>", "\x01")
    )
    out = _lower_outside_escapes(fold(out))
    out = re.sub(r"(?<!\\) +([?*])?", lambda m: r"\s*" if m.group(1) else r"\s+", out)
    out = re.sub("\x02(\\d+)\x03", lambda m: rf"(?:[^\s.!?;:\x00]+\s+){{0,{m.group(1)}}}", out)
    return out.replace("\x01", name)


def _fail(source: str, rule_id: str | None, key: str, problem: str) -> RulesError:
    where = f"rule {rule_id}" if rule_id else "the file"
    return RulesError(f"{source}: {where}, key `{key}`: {problem}")


def _text_list(value: Any, source: str, rule_id: str | None, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(source, rule_id, key, "expected a list of non-empty strings")
    return tuple(value)


def _text(raw: dict[str, Any], key: str, source: str, rule_id: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, rule_id, key, "expected a non-empty string")
    return value


def _check_pattern(pattern: str, source: str, rule_id: str | None, key: str, language: str) -> None:
    try:
        compiled = re.compile(expand(pattern, language=language))
    except re.error as exc:
        raise _fail(source, rule_id, key, f"{pattern!r} is not a valid pattern: {exc}") from None
    if compiled.groups:
        raise _fail(
            source,
            rule_id,
            key,
            f"{pattern!r} has a capturing group; write (?:...) instead",
        )


def parse_rule(
    raw: Any, language: str, source: str, index: int, *, check_patterns: bool = True
) -> Rule:
    """Validate one ``[[rule]]`` table; errors name the file, the rule and the key."""
    if not isinstance(raw, dict):
        raise _fail(source, f"#{index + 1}", "rule", "expected a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not re.match(_ID_RE, rule_id):
        raise _fail(
            source,
            f"#{index + 1}",
            "id",
            f"expected an id like FR-DENIAL-001 (capitals, digits, dashes), got {rule_id!r}",
        )
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise _fail(source, rule_id, unknown[0], f"unknown key; expected one of {sorted(_KEYS)}")
    for key in _REQUIRED:
        if key not in raw:
            raise _fail(source, rule_id, key, "missing")
    category = raw["category"]
    if category not in CATEGORIES:
        raise _fail(source, rule_id, "category", f"expected one of {', '.join(CATEGORIES)}")
    try:
        severity = Severity(raw["severity"])
    except ValueError:
        raise _fail(source, rule_id, "severity", "expected `error`, `warning` or `info`") from None
    patterns = _text_list(raw["patterns"], source, rule_id, "patterns")
    unless = (
        _text_list(raw.get("unless", []), source, rule_id, "unless") if raw.get("unless") else ()
    )
    if check_patterns:
        for pattern in patterns:
            _check_pattern(pattern, source, rule_id, "patterns", language)
        for pattern in unless:
            _check_pattern(pattern, source, rule_id, "unless", language)
    examples = raw["examples"]
    if not isinstance(examples, dict) or set(examples) - {"match", "no_match"}:
        raise _fail(source, rule_id, "examples", "expected a table with `match` and `no_match`")
    match = _text_list(examples.get("match"), source, rule_id, "examples.match")
    no_match = _text_list(examples.get("no_match"), source, rule_id, "examples.no_match")
    since = raw.get("since")
    if since is not None and not isinstance(since, str):
        raise _fail(source, rule_id, "since", 'expected a version string such as "0.1.0"')
    message = _text(raw, "message", source, rule_id)
    suggestion = _text(raw, "suggestion", source, rule_id)
    if language == "fr":
        message, suggestion = typeset_french(message), typeset_french(suggestion)
    return Rule(
        id=rule_id,
        category=category,
        severity=severity,
        message=message,
        suggestion=suggestion,
        patterns=patterns,
        unless=unless,
        examples_match=match,
        examples_no_match=no_match,
        language=language,
        source=source,
        since=since,
    )


def typeset_french(text: str) -> str:
    """A French message or suggestion, typed with ordinary spaces, as a French reader
    expects it (no-break spaces before ``:`` and inside « », ``l’heure``)."""
    # Imported here: a rules file is read as written only when it is built, or when it
    # is a user's own; the shipped messages are stored already typeset.
    from ..typography import french_spacing

    return str(french_spacing(text))


def parse_rules(
    text: str, source: str, language: str | None = None, *, check_patterns: bool = True
) -> RuleSet:
    """Read a rules file's text; ``language`` is required in the file unless given.

    Shipped files skip the pattern-by-pattern compile (their tests do it) to
    keep the command's start quick; a user's file is always checked.
    """
    import tomllib  # only for a rules file read as written: the shipped ones are read as JSON

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{source}: not valid TOML: {exc}") from None
    file_language = data.get("language", language)
    if file_language not in ("fr", "en"):
        raise _fail(source, None, "language", f"expected `fr` or `en`, got {file_language!r}")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise _fail(source, None, "rule", "expected [[rule]] tables")
    unknown = sorted(set(data) - {"language", "owned", "rule"})
    if unknown:
        raise _fail(
            source, None, unknown[0], "unknown key; expected `language`, `owned` and [[rule]]"
        )
    owned = _text_list(data["owned"], source, None, "owned") if "owned" in data else ()
    if check_patterns:
        for pattern in owned:
            _check_pattern(pattern, source, None, "owned", file_language)
    rules = [
        _with_owned(parse_rule(raw, file_language, source, i, check_patterns=check_patterns), owned)
        for i, raw in enumerate(raw_rules)
    ]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise _fail(source, rule.id, "id", "appears twice; ids are unique")
        seen.add(rule.id)
    return RuleSet(file_language, tuple(rules), owned)


def _with_owned(rule: Rule, owned: tuple[str, ...]) -> Rule:
    """``rule`` with its file's ``owned`` patterns, when its category is one they answer."""
    return replace(rule, owned=owned) if owned and rule.category in OWNED_CATEGORIES else rule


# A string, not pathlib's path (see ``_compiled``).
_RULES_DIR = joined(HERE, "rules")


def builtin_rules(language: str) -> RuleSet:
    """The rules shipped with excuses for ``fr`` or ``en``.

    Read from ``rules/<lang>.json``, the TOML file already parsed and
    validated (``scripts/gen_docs.py`` writes it), when it was made from the
    TOML as it is now; otherwise from the TOML itself.
    """
    source = f"excuses/lint/rules/{language}.toml"
    data = _parsed(language)
    if data is not None:
        owned = tuple(data["owned"])
        rules = tuple(
            _with_owned(
                _tuples(
                    Rule(**{**fields, "severity": Severity(fields["severity"])}, source=source)
                ),
                owned,
            )
            for fields in data["rules"]
        )
        return RuleSet(language, rules, owned)
    text = read_text(joined(_RULES_DIR, f"{language}.toml"))
    return parse_rules(text, source, language, check_patterns=False)


def builtin_scan_table(
    language: str,
) -> list[tuple[str, tuple[str, ...] | None, frozenset[str] | None]] | None:
    """The shipped scan table (see ``_engine.scan_table``), when the parsed file is current."""
    data = _parsed(language)
    if data is None:
        return None
    return [
        (
            regex,
            None if openings is None else tuple(openings),
            None if chars is None else frozenset(chars),
        )
        for regex, openings, chars in data["scan"]
    ]


def builtin_sentence_local(language: str) -> bool:
    """Whether no regex of the shipped rules reads across a cut between stretches of text
    (``_stretches``), as checked when the parsed file was written."""
    data = _parsed(language)
    return data is not None and data.get("sentence_local") is True


def builtin_dot_cuts(language: str) -> str:
    """The words of one character before a ``.`` after which no regex of the shipped rules
    reads on (``_engine.dot_cuts``), as worked out when the parsed file was written."""
    data = _parsed(language)
    cuts = None if data is None else data.get("dot_cuts")
    return cuts if isinstance(cuts, str) else ""


def builtin_rules_crc32(language: str) -> int | None:
    """The checksum of the shipped TOML file, when the parsed file is current."""
    data = _parsed(language)
    return None if data is None else int(data["toml_crc32"])


def _parsed(language: str) -> dict[str, Any] | None:
    """``rules/<lang>.json`` when it was written from the TOML file as it is now."""
    return _parsed_in(_RULES_DIR, language)


@cache
def _parsed_in(directory: str | PathLike[str], language: str) -> dict[str, Any] | None:
    # A plain path beside this module: importlib.resources would cost more to import
    # than the whole check of a short email.
    parsed = joined(directory, f"{language}.json")
    if not exists(parsed):
        return None
    crc32 = zlib.crc32(read_bytes(joined(directory, f"{language}.toml")))
    built = _built_in(directory, language, crc32)
    if built is not None:
        return built
    import json

    data: dict[str, Any] = json.loads(read_text(parsed))
    return data if data.get("toml_crc32") == crc32 else None


#: The layout of a built rules file; a file of another layout is not read.
_BUILT_FORMAT = 1


def built_rules_file(language: str) -> bytes:
    """The bytes of ``rules/<lang>.<tag>.marshal``: what ``rules/<lang>.json`` holds, which
    :mod:`marshal` reads back several times faster than :mod:`json` reads the text."""
    import json
    import marshal

    text = read_bytes(joined(_RULES_DIR, f"{language}.toml"))
    parsed = json.loads(parsed_rules_file(language))
    return marshal.dumps(
        {"key": built_key(_BUILT_FORMAT), "toml_crc32": zlib.crc32(text), "parsed": parsed}
    )


def _built_in(directory: str | PathLike[str], language: str, crc32: int) -> dict[str, Any] | None:
    """What ``rules/<lang>.json`` holds, from the built file when it was written from the
    TOML file as it is now, for this interpreter."""
    data = read_artefact(
        joined(directory, built_name(language)), built_key(_BUILT_FORMAT), "toml_crc32", crc32
    )
    parsed = None if data is None else data.get("parsed")
    if not isinstance(parsed, dict) or parsed.get("toml_crc32") != crc32:
        return None
    return parsed


def _tuples(rule: Rule) -> Rule:
    """A rule read back from JSON, its lists made tuples again."""
    return replace(
        rule,
        patterns=tuple(rule.patterns),
        unless=tuple(rule.unless),
        examples_match=tuple(rule.examples_match),
        examples_no_match=tuple(rule.examples_no_match),
    )


def parsed_rules_file(language: str) -> str:
    """The text of ``rules/<lang>.json``: the shipped TOML, parsed, as JSON (sorted, stable)."""
    import json
    from dataclasses import asdict

    text = read_text(joined(_RULES_DIR, f"{language}.toml"))
    parsed = parse_rules(text, f"excuses/lint/rules/{language}.toml", language)
    rules = parsed.rules
    from ._engine import scan_table

    table = [
        [
            regex,
            None if openings is None else list(openings),
            None if chars is None else sorted(chars),
        ]
        for regex, openings, chars in scan_table(list(rules), language)
    ]
    from ._engine import Engine, dot_cuts, sentence_local

    engine = Engine(list(rules), (), language)
    data = {
        "toml_crc32": zlib.crc32(text.encode("utf-8")),
        "sentence_local": sentence_local(engine),
        "dot_cuts": dot_cuts(engine),
        "scan": table,
        # Once for the file: each rule of an owned category gets them back when read.
        "owned": list(parsed.owned),
        "rules": [
            {
                **{
                    key: value
                    for key, value in asdict(rule).items()
                    if key not in ("source", "owned")
                },
                "severity": rule.severity.value,
            }
            for rule in rules
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def compiled_rules_file(language: str) -> bytes:
    """The content of the compiled file of the shipped rules (see ``_compiled``) for this
    interpreter: every regex the checker runs for them, compiled."""
    from ._compiled import file_bytes
    from ._engine import Engine

    text = read_text(joined(_RULES_DIR, f"{language}.toml"))
    rules = parse_rules(text, f"excuses/lint/rules/{language}.toml", language).rules
    engine = Engine(list(rules), (), language)
    return file_bytes(zlib.crc32(text.encode("utf-8")), engine.sources())


def load_rules(language: str | None = None, extra: tuple[Path | str, ...] = ()) -> list[Rule]:
    """The built-in rules (of one language, or both) followed by those of ``extra`` files."""
    languages = (language,) if language else ("fr", "en")
    rules: list[Rule] = []
    for lang in languages:
        rules.extend(builtin_rules(lang).rules)
    from pathlib import Path

    for path in extra:
        for rule in load_rule_file(Path(path)).rules:
            if language is None or rule.language == language:
                rules.append(rule)
    return rules


def load_rule_file(path: Path) -> RuleSet:
    """A user's rules file; every problem is reported with the file, rule and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RulesError(
            f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8"
        ) from None
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the rules file ({exc.strerror})") from None
    return parse_rules(text, str(path))
