"""The documentation: the site builds strictly, the references are current, every snippet runs.

Snippets in README.md and docs/ (the generated docs/reference/ pages excepted,
which the staleness test covers) are run by their fence's language:

- ``pycon``: doctest, one session per page (names carry over between blocks),
  run from the repository root; output compared exactly, ``...`` only where
  a snippet says ``# doctest: +ELLIPSIS``.
- ``console``: each ``$ excuses ...`` line runs ``python -m excuses ...`` from
  the repository root; the lines after it, up to the next ``$``, are what it
  prints on standard output then standard error, and a last line
  ``[exit status N]`` gives a non-zero exit status (no such line: 0).
  ``cat FILE`` and ``head -n N FILE`` print files; ``| head -n N`` keeps the
  first lines of a command's output.
- ``yaml``, ``toml``, ``json``: parsed; an incident record must load, a
  configuration or rules file must be valid.
- ``jinja``: compiled by Jinja; ``python``: compiled.
- ``sh``: set-up commands, not run here (``make test`` is what runs this test):
  each ``make TARGET`` must name a target of the Makefile; ``excuses ... > FILE``
  must exit 0; any other ``excuses`` command belongs in a ``console`` block.
"""

from __future__ import annotations

import argparse
import doctest
import importlib.util
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
HAND_WRITTEN = [p for p in PAGES if "reference" not in p.relative_to(ROOT).parts]
LANGUAGES = {"pycon", "console", "yaml", "toml", "json", "jinja", "python", "sh"}
EXIT_LINE = re.compile(r"^\[exit status (\d+)\]$")


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    page: Path
    line: int  # of the first line inside the fence, 1-based
    language: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"


def blocks(page: Path) -> list[Block]:
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        opening = re.match(r"^(`{3,})\s*([\w-]*)", lines[i])
        if opening is None:
            i += 1
            continue
        fence, language = opening.groups()
        end = i + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        found.append(Block(page, i + 2, language, "\n".join(lines[i + 1 : end]) + "\n"))
        i = end + 1
    return found


def page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the site and the generated pages ----------------------------------------------------------


def test_site_builds_in_strict_mode(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", tmp_path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reference" / "rules" / "index.html").is_file()


def test_generated_reference_is_current() -> None:
    generator = load_generator()
    diffs = generator.stale(generator.generate())
    assert not diffs, "run `python scripts/gen_docs.py`:\n" + "\n".join(diffs)


def test_generator_check_mode_reports_a_stale_page(tmp_path: Path) -> None:
    generator = load_generator()
    page = tmp_path / "cli.md"
    page.write_text("# an old CLI reference\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generator, "REFERENCE", tmp_path)
        patch.setattr(generator, "ROOT", tmp_path)
        patch.setattr(generator, "GENERATORS", {"cli.md": generator.cli_reference})
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", io.StringIO())
        assert generator.main(["--check"]) == 1
    assert out.getvalue().startswith("--- cli.md (on disk)\n+++ cli.md (generated)\n")
    assert "-# an old CLI reference\n" in out.getvalue()


def subcommands() -> dict[str, argparse.ArgumentParser]:
    from excuses.cli import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_option_has_help() -> None:
    from excuses.cli import COMMANDS

    generator = load_generator()
    listed = {name: help_line for name, help_line, _ in generator.command_parsers()}
    assert sorted(listed) == sorted(COMMANDS)
    for name, parser in subcommands().items():
        assert listed[name].strip(), f"`excuses {name}` has no one-line help"
        assert (parser.description or "").strip(), f"`excuses {name}` has no description"
        for action in parser._actions:
            assert (action.help or "").strip() not in ("", argparse.SUPPRESS), (
                f"`excuses {name}` {action.option_strings or action.dest} has no help"
            )


def test_every_command_is_in_the_cli_reference() -> None:
    text = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    for name, parser in subcommands().items():
        assert f"## excuses {name}\n" in text
        for action in parser._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert f"`{option}" in text, f"{option} of `excuses {name}` is undocumented"


def test_every_schema_field_is_in_the_record_reference() -> None:
    from excuses.schema import record_schema

    text = (ROOT / "docs" / "reference" / "record.md").read_text(encoding="utf-8")
    schema = record_schema()
    for name, definition in [("IncidentRecord", schema), *schema["$defs"].items()]:
        section = text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
        for field in definition["properties"]:
            assert f"| `{field}` |" in section, f"{name}.{field} is not in the record reference"


def test_every_rule_is_in_the_rules_reference() -> None:
    from excuses import load_rules

    text = (ROOT / "docs" / "reference" / "rules.md").read_text(encoding="utf-8")
    for rule in load_rules():
        assert f"\n### {rule.id}\n" in text


def test_readme_links_exist() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    assert targets
    missing = [t for t in targets if "://" not in t and not (ROOT / t).exists()]
    assert not missing, f"README.md links to missing files: {missing}"


def test_every_example_file_is_shown() -> None:
    examples = [p for p in (ROOT / "docs" / "examples").rglob("*") if p.is_file()]
    texts = [p.read_text(encoding="utf-8") for p in [*HAND_WRITTEN, *examples]]
    unused = [p.name for p in examples if not any(p.name in text for text in texts)]
    assert not unused, f"example files no page uses: {unused}"


def test_every_page_is_in_the_nav() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in PAGES[1:]:
        assert page.relative_to(ROOT / "docs").as_posix() in config


# --- the snippets --------------------------------------------------------------------------


def test_snippets_use_known_languages() -> None:
    unknown = [
        f"{b.where}: ```{b.language or '(none)'}"
        for page in HAND_WRITTEN
        for b in blocks(page)
        if b.language not in LANGUAGES
    ]
    assert not unknown, "snippets that no test runs:\n" + "\n".join(unknown)


def _with_blocks(language: str) -> list[Path]:
    return [p for p in HAND_WRITTEN if any(b.language == language for b in blocks(p))]


@pytest.fixture
def smtp_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A loopback SMTP server that the recipes' snippets find through SMTP_HOST and SMTP_PORT."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from smtp_server import LOOPBACK, Recorder, running
    finally:
        sys.path.remove(str(ROOT / "tests"))
    with running(Recorder()) as port:
        monkeypatch.setenv("SMTP_HOST", LOOPBACK)
        monkeypatch.setenv("SMTP_PORT", str(port))
        yield


@pytest.mark.parametrize("page", _with_blocks("pycon"), ids=page_id)
def test_python_examples(
    page: Path, monkeypatch: pytest.MonkeyPatch, smtp_env: None, tmp_path: Path
) -> None:
    # Each block sits at its own line, so doctest's failure report names the page's line.
    lines = [""] * len(page.read_text(encoding="utf-8").splitlines())
    for block in blocks(page):
        if block.language == "pycon":
            for offset, text in enumerate(block.text.splitlines()):
                lines[block.line - 1 + offset] = text
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    name = page_id(page)
    test = doctest.DocTestParser().get_doctest("\n".join(lines), {}, name, name, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.REPORT_NDIFF)
    report = io.StringIO()
    result = runner.run(test, out=report.write, clear_globs=True)
    assert result.failed == 0, report.getvalue()


def _console_steps(block: Block) -> list[tuple[int, str, list[str], int]]:
    """(line, command, expected output lines, expected exit status) of each ``$`` line."""
    steps: list[tuple[int, str, list[str], int]] = []
    for offset, line in enumerate(block.text.splitlines()):
        if line.startswith("$ "):
            steps.append((block.line + offset, line[2:], [], 0))
        elif not steps:
            raise AssertionError(f"{block.where}: output before any `$ ` command")
        elif match := EXIT_LINE.match(line):
            steps[-1] = (*steps[-1][:3], int(match.group(1)))
        else:
            steps[-1][2].append(line)
    return steps


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXCUSES_")}
    env.update({"COLUMNS": "80", "PYTHONIOENCODING": "utf-8", "TZ": "UTC", "NO_COLOR": "1"})
    return env


def run_console(command: str) -> tuple[str, int]:
    """What a documented command prints (stdout then stderr) and its exit status."""
    keep: int | None = None
    if match := re.fullmatch(r"(.*?) \| head -n (\d+)", command):
        command, keep = match.group(1), int(match.group(2))
    words = shlex.split(command)
    if words[0] == "cat" and len(words) == 2:
        output, status = (ROOT / words[1]).read_text(encoding="utf-8"), 0
    elif words[:2] == ["head", "-n"] and len(words) == 4:
        text = (ROOT / words[3]).read_text(encoding="utf-8")
        output, status = "".join(text.splitlines(keepends=True)[: int(words[2])]), 0
    elif words[0] == "excuses":
        result = subprocess.run(
            [sys.executable, "-m", "excuses", *words[1:]],
            cwd=ROOT,
            env=_environment(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        output, status = result.stdout + result.stderr, result.returncode
    else:
        raise AssertionError(f"not a command the docs may show: {command}")
    if keep is not None:
        output, status = "".join(output.splitlines(keepends=True)[:keep]), 0
    return output, status


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.mark.parametrize("page", _with_blocks("console"), ids=page_id)
def test_shell_examples(page: Path) -> None:
    steps = [
        (block, step)
        for block in blocks(page)
        if block.language == "console"
        for step in _console_steps(block)
    ]
    # The commands are independent (none writes into the tree), so they run side by side.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda item: run_console(item[1][1]), steps))
    failures = []
    for (_, (line, command, expected, status)), (output, actual) in zip(
        steps, results, strict=True
    ):
        if _lines(output) != _lines("\n".join(expected)) or actual != status:
            failures.append(
                f"{page_id(page)}:{line}: $ {command}\n"
                f"expected (exit status {status}):\n" + "\n".join(expected) + "\n"
                f"got (exit status {actual}):\n{output}"
            )
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("page", _with_blocks("sh"), ids=page_id)
def test_setup_commands_exist(page: Path) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))
    for block in blocks(page):
        if block.language != "sh":
            continue
        for line in block.text.splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["excuses"] and ">" in words:
                # Writing a file (`excuses schema > x.json`): the command must at least succeed.
                _, status = run_console(shlex.join(words[: words.index(">")]))
                assert status == 0, f"{block.where}: `{line}` fails"
                continue
            assert "excuses" not in words, f"{block.where}: show `excuses` in a console block"
            if words[:1] == ["make"]:
                assert set(words[1:]) <= targets, f"{block.where}: no such make target: {line}"


@pytest.mark.parametrize("page", _with_blocks("yaml"), ids=page_id)
def test_yaml_examples(page: Path) -> None:
    from excuses import Policy, load_record
    from excuses._convert import record_fields
    from excuses.record import IncidentRecord

    fields = {f.name for f, _ in record_fields(IncidentRecord)}
    minimal = yaml.safe_load((ROOT / "docs" / "examples" / "minimal.fr.yaml").read_text("utf-8"))
    for block in blocks(page):
        if block.language != "yaml":
            continue
        data = yaml.safe_load(block.text)
        if isinstance(data, dict) and "incident" in data:
            load_record(data)  # a record shown in the docs must be a valid record
        elif isinstance(data, dict) and "repos" in data:
            # A pre-commit configuration may only use the hooks this repository defines.
            ours = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
            for repo in data["repos"]:
                if repo["repo"] != "local":
                    assert {h["id"] for h in repo["hooks"]} <= ours, block.where
        elif isinstance(data, dict) and data and set(data) <= fields:
            # Part of a record: valid once completed by the minimal example.
            Policy().for_record(load_record({**minimal, **data}))


@pytest.mark.parametrize("page", _with_blocks("toml"), ids=page_id)
def test_toml_examples(page: Path, tmp_path: Path) -> None:
    from excuses import Policy, load_smtp_settings
    from excuses.lint._config import parse_config
    from excuses.lint._rules import parse_rules

    for block in blocks(page):
        if block.language != "toml":
            continue
        data = tomllib.loads(block.text)
        if "rule" in data:
            parse_rules(block.text, block.where)
        elif "tool" in data:
            parse_config(tmp_path / "pyproject.toml", data["tool"]["excuses"])
            Policy.from_mapping(data["tool"]["excuses"].get("policy", {}))
        elif data.keys() & {"lint", "policy", "smtp"}:
            config = tmp_path / "excuses.toml"
            config.write_text(block.text, encoding="utf-8")
            parse_config(config, data)
            Policy.from_mapping(data.get("policy", {}))
            load_smtp_settings(config, environ={})


@pytest.mark.parametrize("page", _with_blocks("json"), ids=page_id)
def test_json_examples(page: Path) -> None:
    for block in blocks(page):
        if block.language == "json":
            json.loads(block.text)


def test_template_and_python_examples_compile() -> None:
    import jinja2

    for page in HAND_WRITTEN:
        for block in blocks(page):
            if block.language == "jinja":
                jinja2.Environment().parse(block.text)
            elif block.language == "python":
                compile(block.text, block.where, "exec")
