"""The rules' regular expressions shipped compiled: current, checked, and the same as compiling."""

from __future__ import annotations

import marshal
import re
import zlib
from pathlib import Path
from typing import Any

import pytest

from excuses.lint import _compiled
from excuses.lint._compiled import file_name, interpreter_key, load, same
from excuses.lint._engine import Engine, get_engine
from excuses.lint._rules import (
    builtin_rules,
    builtin_rules_crc32,
    builtin_scan_table,
    compiled_rules_file,
)

RULES = Path(_compiled.__file__).parent / "rules"
LANGUAGES = ("fr", "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_compiled_file_is_what_compiling_the_rules_gives(language: str) -> None:
    path = RULES / file_name(language)
    assert path.is_file(), "run `python scripts/gen_docs.py`"
    assert same(path.read_bytes(), compiled_rules_file(language)), (
        f"{path.name} is stale against the rules: run `python scripts/gen_docs.py`"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_start_of_the_checker_compiles_none_of_the_rules(language: str) -> None:
    engine = get_engine(language)
    assert engine._precompiled is not None
    # A new engine, as at a start of the checker (the cached one may have read a lot).
    fresh = get_engine.__wrapped__(language)
    assert fresh._precompiled is not None
    plain = fresh._precompiled.source("plain")
    assert plain is not None
    assert fresh.scanner(1) is fresh._precompiled.get(*plain)
    assert fresh.pattern is fresh._precompiled.main()
    for number in range(len(engine._patterns)):
        source = engine._source("scan", number)
        assert source is not None
        assert engine._precompiled.get(*source) is not None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_name_pass_is_loaded_as_compiled_without_expanding_a_pattern(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = list(builtin_rules(language).rules)
    built = Engine(rules, language=language)
    assert built.name_pattern is not None

    def no_expanding(*args: object, **kwargs: object) -> str:
        raise AssertionError("a rule pattern was expanded at the start of the checker")

    monkeypatch.setattr("excuses.lint._engine.expand", no_expanding)
    loaded = Engine(
        rules,
        language=language,
        table=builtin_scan_table(language),
        compiled=load(language, builtin_rules_crc32(language) or 0),
    )
    assert loaded.name_pattern is not None and loaded.name_pattern is not built.name_pattern
    assert loaded.name_pattern.pattern == built.name_pattern.pattern
    # A compiled file without the name pass: the patterns are expanded as usual.
    monkeypatch.undo()
    assert loaded._precompiled is not None
    shipped = _shipped(language)
    sources = {k: v for k, v in shipped["sources"].items() if k != "names"}
    partial = _compiled.opened(_compiled.layout(0, sources, dict(shipped["entries"])))
    table = builtin_scan_table(language)
    fallback = Engine(rules, language=language, table=table, compiled=partial)
    assert fallback.name_pattern is not None
    assert fallback.name_pattern.pattern == built.name_pattern.pattern


def _shipped(language: str) -> dict[str, Any]:
    """Every part of a language's shipped compiled file."""
    decoded = _compiled._decoded((RULES / file_name(language)).read_bytes())
    assert isinstance(decoded, dict)
    return decoded


def _all_examples(language: str) -> str:
    rules = builtin_rules(language).rules
    return "\n\n".join(
        text.lower() for rule in rules for text in (*rule.examples_match, *rule.examples_no_match)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_loaded_patterns_find_what_compiled_ones_find(language: str) -> None:
    rules = list(builtin_rules(language).rules)
    loaded = Engine(
        rules,
        language=language,
        table=builtin_scan_table(language),
        compiled=load(language, builtin_rules_crc32(language) or 0),
    )
    compiled = Engine(rules, language=language)
    text = _all_examples(language)
    found = [(h.rule.id, h.start, h.end) for h in loaded.hits(text, text)]
    assert found == [(h.rule.id, h.start, h.end) for h in compiled.hits(text, text)]
    assert found
    # Pattern by pattern too: each loaded one matches where its compiled twin does.
    for number in range(len(loaded._patterns)):
        mine, theirs = loaded._rx("scan", number), compiled._rx("scan", number)
        assert mine is not None and theirs is not None and mine is not theirs
        assert mine.pattern == theirs.pattern and mine.flags == theirs.flags
        assert [m.span() for m in mine.finditer(text)] == [m.span() for m in theirs.finditer(text)]


def test_a_file_for_other_rules_or_another_interpreter_is_not_used(tmp_path: Path) -> None:
    crc = builtin_rules_crc32("en")
    assert crc is not None
    assert load("en", crc) is not None
    assert load("en", crc ^ 1) is None
    data = _compiled.opened((RULES / file_name("en")).read_bytes())
    assert data is not None
    assert data.key == interpreter_key()
    assert data.rules_crc32 == zlib.crc32((RULES / "en.toml").read_bytes())


def test_code_the_matcher_refuses_is_compiled_from_its_source_instead() -> None:
    source = r"glitch\s+(?:minor|tiny)"
    entries = _compiled.build([(source, 0)])
    flags, groups, index, names, _ = entries[(source, 0)]
    entries[(source, 0)] = (flags, groups, index, names, b"\xff\x00\x00\x00" * 3)
    broken = _compiled.opened(_compiled.layout(0, {"main": (source, 0)}, entries))
    assert broken is not None and broken.get(source) is None
    good = _compiled.opened(
        _compiled.layout(0, {"main": (source, 0)}, _compiled.build([(source, 0)]))
    )
    assert good is not None
    pattern = good.get(source)
    assert pattern is not None and pattern.pattern == source
    assert pattern.search("a glitch  tiny") is not None
    assert pattern.flags == re.compile(source).flags


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_patterns_tried_at_a_place_include_every_one_that_matches_there(
    language: str,
) -> None:
    engine = get_engine(language)
    text = _all_examples(language)
    for match in re.finditer(r"(?<![\w-])\S", text):
        start = match.start()
        tried = set(engine._candidates_at(text[start : start + 3]))
        for number in range(len(engine._patterns)):
            scan = engine._rx("scan", number)
            assert scan is not None
            found = scan.match(text, start)
            if found is not None and found.end() > start:
                assert number in tried, (engine._main[number], text[start : start + 30])


def test_the_shipped_common_file_is_what_compiling_the_checkers_own_regexes_gives() -> None:
    path = RULES / file_name(_compiled.COMMON)
    assert path.is_file(), "run `python scripts/gen_docs.py`"
    assert same(path.read_bytes(), _compiled.common_file()), (
        f"{path.name} is stale: run `python scripts/gen_docs.py`"
    )


def test_the_common_file_comes_out_right_while_the_parsed_rules_are_stale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Right after a rules file is edited, its parsed file on disk is older than it and is not
    # read; the run-end pattern the common file holds is made from the rules' dot cuts all the
    # same, so that one run of the generator writes it right.
    from excuses.lint import _rules

    monkeypatch.setattr(_rules, "_parsed", lambda language: None)
    assert _rules.builtin_dot_cuts("fr") == ""
    path = RULES / file_name(_compiled.COMMON)
    assert same(path.read_bytes(), _compiled.common_file())


def test_the_checkers_own_regexes_are_loaded_at_a_start() -> None:
    # A start of the checker: every regex its modules compile when imported, or on first
    # use for a plain message with quotes, a reply and non-ASCII text, is loaded; but for
    # the reader's, whose text is part of what a model is trained from (so left as it is).
    code = (
        "import re, sys\n"
        "compiled = []\n"
        "original = re._compile\n"
        "def counting(pattern, flags):\n"
        "    caller = sys._getframe(1)\n"
        "    while caller.f_globals['__name__'] == 're':\n"
        "        caller = caller.f_back\n"
        "    module = caller.f_globals['__name__']\n"
        "    if module.startswith('excuses') and module != 'excuses.lint._reader':\n"
        "        if (type(pattern), pattern, flags) not in re._cache:\n"
        "            compiled.append(pattern)\n"
        "    return original(pattern, flags)\n"
        "re._compile = counting\n"
        "from excuses.lint import check_message\n"
        "message = ('Subject: x\\n\\nDear Tom, \\u00ab it was \\u201cjust\\u201d'\n"
        "           ' a glitch \\u00bb.\\n\\nOn Mon, Tom wrote:\\n> \"hi\"\\n')\n"
        "check_message(message.encode(), language='en')\n"
        "print(compiled)\n"
    )
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def _assert_compiled_alike(
    loaded: re.Pattern[Any] | None, fresh: re.Pattern[Any], subject: str | bytes
) -> None:
    """A pattern loaded from a compiled file is a new object that reads like ``fresh``."""
    assert loaded is not None and loaded is not fresh
    assert (loaded.pattern, loaded.flags, loaded.groups, loaded.groupindex) == (
        fresh.pattern,
        fresh.flags,
        fresh.groups,
        fresh.groupindex,
    )
    assert [m.span() for m in loaded.finditer(subject)] == [
        m.span() for m in fresh.finditer(subject)
    ]


def test_loaded_regexes_of_the_checker_are_those_compiling_gives() -> None:
    entries = _compiled._common()
    assert entries
    text = (RULES / "en.toml").read_text("utf-8")
    raw = text.encode("utf-8")
    for (source, flags), entry in entries.items():
        loaded = _compiled._from_entry(source, entry)
        subject = raw if isinstance(source, bytes) else text
        _assert_compiled_alike(loaded, re.compile(source, flags), subject)


def test_a_common_file_for_another_interpreter_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = marshal.loads((RULES / file_name(_compiled.COMMON)).read_bytes())
    assert data["key"] == interpreter_key()
    (tmp_path / file_name(_compiled.COMMON)).write_bytes(
        marshal.dumps({**data, "key": ("another interpreter",)})
    )
    monkeypatch.setattr(_compiled, "RULES_DIR", tmp_path)
    monkeypatch.setattr(_compiled, "_MADE", {})
    _compiled._common.cache_clear()
    try:
        assert _compiled._common() == {}
        pattern = _compiled.helper(r"\s+")
        assert pattern.pattern == r"\s+" and pattern.search("a  b") is not None
    finally:
        _compiled._common.cache_clear()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pattern_read_from_the_compiled_file_is_what_compiling_gives(language: str) -> None:
    compiled = load(language, builtin_rules_crc32(language) or 0)
    assert compiled is not None
    text = _all_examples(language)
    for name in _shipped(language)["sources"]:
        source = compiled.source(name)
        assert source is not None
        _assert_compiled_alike(compiled.get(*source), re.compile(*source), text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_start_reads_only_the_patterns_it_runs(language: str) -> None:
    crc = builtin_rules_crc32(language) or 0
    compiled = _compiled.opened((RULES / file_name(language)).read_bytes())
    assert compiled is not None and not compiled._pairs
    engine = Engine(
        list(builtin_rules(language).rules),
        language=language,
        table=builtin_scan_table(language),
        compiled=load.__wrapped__(language, crc),
    )
    engine.scanner(1)
    assert engine._precompiled is not None
    assert len(engine._precompiled._pairs) <= 3 < compiled._count


def test_a_pattern_is_found_by_its_source_alone_even_when_checksums_collide(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources = [r"glitch\s+(?:minor|tiny)", r"(?i)just\s+a\s+bug", "ok"]
    monkeypatch.setattr(_compiled, "_hash", lambda source: 7)
    data = _compiled.layout(
        0, {"first": (sources[0], 0)}, _compiled.build([(s, 0) for s in sources])
    )
    compiled = _compiled.opened(data)
    assert compiled is not None
    for source in sources:
        pattern = compiled.get("".join(list(source)))
        assert pattern is not None and pattern.pattern == source
    assert compiled.get("not held") is None
    assert compiled.get(sources[0], re.IGNORECASE) is None


def test_a_damaged_compiled_file_is_not_used_and_a_damaged_pattern_is_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crc = builtin_rules_crc32("en")
    assert crc is not None
    whole = (RULES / file_name("en")).read_bytes()
    monkeypatch.setattr(_compiled, "RULES_DIR", tmp_path)
    target = tmp_path / file_name("en")
    for damaged in (
        whole[:-1],
        whole[: len(whole) // 2],
        whole[:20],
        b"",
        marshal.dumps(_shipped("en")),
        whole.replace(_compiled.MAGIC, b"x" * len(_compiled.MAGIC), 1),
    ):
        target.write_bytes(damaged)
        assert load.__wrapped__("en", crc) is None
    # One pattern's part garbled: that pattern is compiled from its source, the rest read.
    compiled = _compiled.opened(whole)
    assert compiled is not None
    number = compiled._names["plain"]
    begin = compiled._start + compiled._offsets[2 * number + 2]
    garbled = whole[:begin] + b"\x00" * 16 + whole[begin + 16 :]
    target.write_bytes(garbled)
    broken = load.__wrapped__("en", crc)
    assert broken is not None
    plain = broken.source("plain")
    assert plain is not None and broken.get(*plain) is None
    assert broken.main() is not None
    rules = list(builtin_rules("en").rules)
    table = builtin_scan_table("en")
    engine = Engine(rules, language="en", table=table, compiled=broken)
    fresh = Engine(rules, language="en")
    assert engine.scanner(1).pattern == fresh.scanner(1).pattern
    text = _all_examples("en")
    found = [(h.rule.id, h.start, h.end) for h in engine.hits(text, text)]
    assert found and found == [(h.rule.id, h.start, h.end) for h in fresh.hits(text, text)]
    assert not _compiled.same(garbled, whole)
    assert _compiled.same(whole, bytes(whole))


@pytest.mark.parametrize("size", [10**9, -1, 3])
def test_a_pattern_whose_code_size_is_not_what_its_part_holds_is_compiled_instead(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = r"glitch\s+(?:minor|tiny)"
    entries = _compiled.build([(source, 0)])
    sound = _compiled.opened(_compiled.layout(0, {"main": (source, 0)}, entries))
    assert sound is not None and sound.main() is not None

    def told(entry: _compiled._Entry) -> bytes:
        # More than the part holds, less than nothing, or not whole code words.
        flags, groups, groupindex, indexgroup, code = entry
        return marshal.dumps((flags, groups, groupindex, indexgroup, size)) + bytes(code)

    monkeypatch.setattr(_compiled, "_entry_bytes", told)
    compiled = _compiled.opened(_compiled.layout(0, {"main": (source, 0)}, entries))
    assert compiled is not None
    assert compiled.source("main") == (source, 0)
    assert compiled.main() is None


def test_the_modules_reading_the_shipped_files_do_not_import_pathlib() -> None:
    # pathlib (with urllib.parse and ipaddress) costs a tenth of a short email's check.
    import subprocess
    import sys

    modules = ("_compiled", "_clauses", "_rules", "_types")
    code = (
        "import sys\n"
        + "".join(f"import excuses.lint.{name}\n" for name in modules)
        + "print('pathlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_directories_of_the_shipped_files_are_still_paths_for_tools() -> None:
    from excuses.lint import _clauses, _model

    assert isinstance(_clauses.CLAUSES_DIR, Path) and (_clauses.CLAUSES_DIR / "fr.toml").is_file()
    assert isinstance(_model.MODEL_DIR, Path) and (_model.MODEL_DIR / "fr.json").is_file()
    assert Path(_compiled.RULES_DIR) == RULES
    with pytest.raises(AttributeError):
        _model.NOT_THERE  # noqa: B018


def test_a_compiled_file_written_anew_while_in_use_is_no_longer_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crc = builtin_rules_crc32("en")
    assert crc is not None
    whole = (RULES / file_name("en")).read_bytes()
    target = tmp_path / file_name("en")
    target.write_bytes(whole)
    monkeypatch.setattr(_compiled, "RULES_DIR", tmp_path)
    compiled = load.__wrapped__("en", crc)
    assert compiled is not None
    main = compiled.source("main")
    assert main is not None
    # Written in place with other content (as a build may): the parts are no longer
    # where the head read at the start says, so none is taken from it.
    with target.open("ab") as file:
        file.write(b"\0" * 64)
    assert compiled.source("plain") is None
    assert compiled.get(*main) is None
    assert load.__wrapped__("en", crc) is None


@pytest.mark.skipif(not hasattr(__import__("os"), "pread"), reason="read whole without pread")
def test_a_start_reads_a_small_part_of_the_compiled_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    read: list[int] = []
    pread = os.pread

    def counting(fd: int, size: int, offset: int) -> bytes:
        data = pread(fd, size, offset)
        read.append(len(data))
        return data

    monkeypatch.setattr(os, "pread", counting)
    compiled = load.__wrapped__("fr", builtin_rules_crc32("fr") or 0)
    assert compiled is not None
    plain = compiled.source("plain")
    assert plain is not None and compiled.get(*plain) is not None
    assert compiled.source("main") is not None and compiled.source("names") is not None
    assert sum(read) < (RULES / file_name("fr")).stat().st_size / 3
