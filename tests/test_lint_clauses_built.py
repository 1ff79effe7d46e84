"""The clause rules shipped built (``clauses/<lang>.<tag>.marshal``): current, checked before
use, and the same rules as building them from the TOML files."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from excuses.lint import _clauses, check_text
from excuses.lint._clauses import (
    CLAUSES_DIR,
    ClauseSet,
    built_clauses_file,
    clause_data,
)
from excuses.lint._compiled import built_name, same

LANGUAGES = ("fr", "en")


def _everything(clauses: ClauseSet) -> tuple[object, ...]:
    """Every field of the rules, the derived indexes included."""
    return (
        clauses.state(),
        clauses.triggers,
        {word: tuple(c.id for c in found) for word, found in clauses.by_trigger.items()},
        [tuple(step.state() for step in clause.steps) for clause in clauses.clauses],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_built_file_is_what_building_the_toml_files_gives(language: str) -> None:
    path = CLAUSES_DIR / built_name(language)
    assert path.is_file(), "run `python scripts/gen_docs.py`"
    assert same(path.read_bytes(), built_clauses_file(language)), (
        f"{path.name} is stale: run `python scripts/gen_docs.py`"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_built_rules_are_the_rules_built_from_the_toml_files(language: str) -> None:
    crc = _clauses._sources_crc32(language)
    loaded = _clauses._load_built(language, crc)
    assert loaded is not None
    fresh = ClauseSet(language, clause_data(language))
    assert _everything(loaded) == _everything(fresh)
    assert [c.id for c in loaded.clauses] == [c.id for c in fresh.clauses]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_built_file_for_other_toml_files_or_another_format_is_not_used(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crc = _clauses._sources_crc32(language)
    assert _clauses._load_built(language, crc) is not None
    assert _clauses._load_built(language, crc ^ 1) is None
    data = marshal.loads((CLAUSES_DIR / built_name(language)).read_bytes())
    assert data["toml_crc32"] == crc
    # A file written with another layout, or one that is not marshal data at all.
    for raw in (
        marshal.dumps({**data, "key": (_clauses.FORMAT + 1, *data["key"][1:])}),
        b"not marshal data",
    ):
        for name in (f"{language}.toml", f"{language}.json", built_name(language)):
            target = tmp_path / name
            if name.endswith(".marshal"):
                target.write_bytes(raw)
            else:
                target.write_bytes((CLAUSES_DIR / name).read_bytes())
        monkeypatch.setattr(_clauses, "_CLAUSES_DIR", tmp_path)
        assert _clauses._load_built(language, crc) is None
        _clauses.get_clauses.cache_clear()
        try:
            fallback = _clauses.get_clauses(language)
        finally:
            _clauses.get_clauses.cache_clear()
            monkeypatch.undo()
        assert fallback is not None
        assert _everything(fallback) == _everything(ClauseSet(language, clause_data(language)))


TEXTS = {
    "en": "UPS never delivered it. It's not our fault, it's yours. The courier lost your parcel.",
    "fr": "Le transporteur a perdu votre colis. Ce n'est pas de notre faute, c'est la vôtre.",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_findings_are_the_same_without_the_built_file(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = check_text(TEXTS[language], language=language)
    assert any("-CLAUSE-" in f.rule_id for f in shipped) or language == "fr"
    for name in (f"{language}.toml", f"{language}.json"):
        (tmp_path / name).write_bytes((CLAUSES_DIR / name).read_bytes())
    monkeypatch.setattr(_clauses, "_CLAUSES_DIR", tmp_path)
    _clauses.get_clauses.cache_clear()
    try:
        assert _clauses._load_built(language, _clauses._sources_crc32(language)) is None
        assert check_text(TEXTS[language], language=language) == shipped
    finally:
        monkeypatch.undo()
        _clauses.get_clauses.cache_clear()
