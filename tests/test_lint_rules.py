"""The rule files: every rule's own examples, the fields the docs are built from, and validation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from excuses.errors import RulesError
from excuses.lint import LintConfig, check_text, load_rules
from excuses.lint._compiled import built_name
from excuses.lint._rules import CATEGORIES, builtin_rules, expand, load_rule_file, parse_rules

RULES = [rule for language in ("fr", "en") for rule in builtin_rules(language).rules]


def _examples(kind: str) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for rule in RULES:
        examples = rule.examples_match if kind == "match" else rule.examples_no_match
        rows.extend((rule.id, rule.language, example) for example in examples)
    return rows


@pytest.mark.parametrize(("rule_id", "language", "example"), _examples("match"))
def test_rule_flags_its_must_match_examples(rule_id: str, language: str, example: str) -> None:
    found = [f.rule_id for f in check_text(example, language=language)]
    assert rule_id in found


@pytest.mark.parametrize(("rule_id", "language", "example"), _examples("no_match"))
def test_rule_examples_that_must_not_match_raise_nothing(
    rule_id: str, language: str, example: str
) -> None:
    assert [(f.rule_id, f.matched) for f in check_text(example, language=language)] == []


def test_every_rule_carries_the_documented_fields() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.id.startswith(rule.language.upper() + "-")
        assert rule.category in CATEGORIES
        assert rule.message.endswith(".") and rule.suggestion
        assert rule.examples_match and rule.examples_no_match
        assert rule.since in ("0.1.0", "0.2.0")
        for pattern in (*rule.patterns, *rule.unless):
            assert re.compile(expand(pattern, language=rule.language)).groups == 0


def test_every_category_has_rules_in_both_languages() -> None:
    for language in ("fr", "en"):
        covered = {rule.category for rule in builtin_rules(language).rules}
        assert covered == set(CATEGORIES)


def test_load_rules_returns_one_language_or_both() -> None:
    assert {rule.language for rule in load_rules("fr")} == {"fr"}
    assert {rule.language for rule in load_rules()} == {"fr", "en"}


def test_a_space_in_a_pattern_matches_any_run_of_spaces_and_line_breaks() -> None:
    regex = re.compile(expand("au plus vite"))
    assert regex.fullmatch("au\u00a0plus\n  vite")
    assert regex.fullmatch("au\u202fplus vite")
    assert not regex.fullmatch("auplus vite")


def test_gap_allows_up_to_n_words_between_parts() -> None:
    regex = re.compile(expand("ce n'est <gap:2>pas"))
    assert regex.fullmatch("ce n'est pas")
    assert regex.fullmatch("ce n'est vraiment pas")
    assert regex.fullmatch("ce n'est vraiment absolument pas")
    assert not regex.fullmatch("ce n'est vraiment vraiment absolument pas")


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "house.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD_RULE = """
language = "en"
[[rule]]
id = "HOUSE-001"
category = "vague-deadline"
severity = "warning"
message = "Say when."
suggestion = "Give a time."
patterns = ["in a jiffy"]
examples.match = ["We will do it in a jiffy."]
examples.no_match = ["We will do it by 5:00 p.m."]
"""


def test_a_valid_user_rule_file_loads(tmp_path: Path) -> None:
    rules = load_rule_file(_write(tmp_path, GOOD_RULE)).rules
    assert [(r.id, r.category, r.severity.value) for r in rules] == [
        ("HOUSE-001", "vague-deadline", "warning")
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('category = "vague-deadline"', 'category = "rudeness"'),
            "rule HOUSE-001, key `category`: expected one of denial, blame-client",
        ),
        (
            ('severity = "warning"', 'severity = "fatal"'),
            "rule HOUSE-001, key `severity`: expected `error`, `warning` or `info`",
        ),
        (
            ('patterns = ["in a jiffy"]', 'patterns = ["in a (jiffy"]'),
            "rule HOUSE-001, key `patterns`: 'in a (jiffy' is not a valid pattern",
        ),
        (
            ('patterns = ["in a jiffy"]', 'patterns = ["in a (jiffy)"]'),
            "rule HOUSE-001, key `patterns`: 'in a (jiffy)' has a capturing group; "
            "write (?:...) instead",
        ),
        (
            ('message = "Say when."', 'messsage = "Say when."'),
            "rule HOUSE-001, key `messsage`: unknown key",
        ),
        (('suggestion = "Give a time."\n', ""), "rule HOUSE-001, key `suggestion`: missing"),
        (
            ('id = "HOUSE-001"', 'id = "house rule"'),
            "rule #1, key `id`: expected an id like FR-DENIAL-001",
        ),
        (
            ('patterns = ["in a jiffy"]', "patterns = [12]"),
            "rule HOUSE-001, key `patterns`: expected a list of non-empty strings",
        ),
        (
            ('language = "en"', 'language = "de"'),
            "the file, key `language`: expected `fr` or `en`, got 'de'",
        ),
        (
            ('language = "en"', 'language = "en"\nowned = 3'),
            "the file, key `owned`: expected a list of non-empty strings",
        ),
        (
            ('language = "en"', 'language = "en"\nowned = ["and (that|it)"]'),
            "the file, key `owned`: 'and (that|it)' has a capturing group",
        ),
        (
            ('language = "en"', 'language = "en"\nownd = ["x"]'),
            "the file, key `ownd`: unknown key; expected `language`, `owned` and [[rule]]",
        ),
    ],
)
def test_rule_file_errors_name_the_file_the_rule_and_the_key(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = _write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RulesError) as caught:
        load_rule_file(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    body = GOOD_RULE + GOOD_RULE.split('language = "en"', 1)[1]
    path = _write(tmp_path, body)
    with pytest.raises(RulesError, match=r"rule HOUSE-001, key `id`: appears twice"):
        load_rule_file(path)


def test_broken_toml_is_reported_with_its_file() -> None:
    with pytest.raises(RulesError, match=r"^house\.toml: not valid TOML: "):
        parse_rules("[[rule]\nid=", "house.toml")


def test_a_missing_rule_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"nope\.toml: cannot read the rules file"):
        load_rule_file(tmp_path / "nope.toml")


def test_the_parsed_rule_files_hold_the_toml_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from excuses.lint import _rules

    for language in ("fr", "en"):
        text = (Path(_rules._RULES_DIR) / f"{language}.toml").read_text("utf-8")
        source = f"excuses/lint/rules/{language}.toml"
        assert builtin_rules(language) == parse_rules(text, source, language)
    # A TOML edited after the parsed file was written is read as it is now.
    shutil.copytree(_rules._RULES_DIR, tmp_path / "rules")
    toml = tmp_path / "rules" / "en.toml"
    toml.write_text(
        toml.read_text("utf-8").replace('id = "EN-DENIAL-001"', 'id = "EN-DENIAL-901"', 1), "utf-8"
    )
    monkeypatch.setattr(_rules, "_RULES_DIR", tmp_path / "rules")
    assert builtin_rules("en").rules[0].id == "EN-DENIAL-901"


@pytest.mark.parametrize(
    "sentence",
    [
        "Sophie from accounts mixed up your invoice with another client's.",
        "Emma from our team mixed up the two quotes.",
    ],
)
def test_a_named_colleague_is_blamed_as_a_person_not_as_a_team(sentence: str) -> None:
    rules_only = LintConfig(disabled=frozenset({"model"}))
    categories = {f.category for f in check_text(sentence, language="en", config=rules_only)}
    assert categories == {"blame-person"}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_shipped_built_rules_file_is_what_the_parsed_file_holds(language: str) -> None:
    import json
    import zlib

    from excuses.lint import _rules
    from excuses.lint._compiled import same

    path = Path(_rules._RULES_DIR) / built_name(language)
    assert path.is_file(), "run `python scripts/gen_docs.py`"
    assert same(path.read_bytes(), _rules.built_rules_file(language)), (
        f"{path.name} is stale: run `python scripts/gen_docs.py`"
    )
    crc32 = zlib.crc32((Path(_rules._RULES_DIR) / f"{language}.toml").read_bytes())
    parsed = json.loads((Path(_rules._RULES_DIR) / f"{language}.json").read_text("utf-8"))
    assert _rules._built_in(_rules._RULES_DIR, language, crc32) == parsed


def test_a_built_rules_file_for_another_toml_or_format_is_not_used(tmp_path: Path) -> None:
    import marshal
    import shutil
    import zlib

    from excuses.lint import _rules

    crc32 = zlib.crc32((Path(_rules._RULES_DIR) / "en.toml").read_bytes())
    assert _rules._built_in(_rules._RULES_DIR, "en", crc32) is not None
    assert _rules._built_in(_rules._RULES_DIR, "en", crc32 ^ 1) is None
    name = built_name("en")
    data = marshal.loads((Path(_rules._RULES_DIR) / name).read_bytes())
    (tmp_path / name).write_bytes(marshal.dumps({**data, "key": ("another format",)}))
    assert _rules._built_in(tmp_path, "en", crc32) is None
    # Without its built file, the parsed file is read, to the same data.
    shutil.copytree(_rules._RULES_DIR, tmp_path / "rules")
    (tmp_path / "rules" / name).unlink()
    from_json = _rules._parsed_in(tmp_path / "rules", "en")
    assert from_json is not None
    assert from_json == _rules._parsed_in(_rules._RULES_DIR, "en")
