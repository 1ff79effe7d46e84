"""``excuses lint``: inputs by extension, stdin, output formats, configuration and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from excuses.cli import main

ROOT = Path(__file__).resolve().parent.parent

EML = (
    "From: Sarah Collins <sarah@example.com>\n"
    "To: Emma Hartley <emma@example.co.uk>\n"
    "Subject: Your order\n"
    "Content-Type: text/plain; charset=utf-8\n\n"
    "Dear Ms Hartley,\n\nIt was just a minor glitch.\n"
)


@pytest.fixture(autouse=True)
def _no_project_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_text_output_lists_each_finding_with_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "note.txt", "Bonjour,\nNous étions débordés.\n")
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert out == (
        f"{path}:2:1: warning FR-EXCUSE-001 [excuse] «Nous étions débordés» La charge de travail "
        "et le stress ne sont pas des arguments pour le client\u00a0: ils sonnent comme une "
        "excuse.\n"
        "  → Dites ce qui s’est passé, en faits, et ce que vous changez, sans justifier.\n"
        "1 finding in 1 file\n"
    )


def test_a_clean_file_exits_0_and_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "ok.txt", "We made a mistake and will reply by 5:00 p.m. today.\n")
    assert main(["lint", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_fail_on_sets_the_lowest_severity_that_fails(tmp_path: Path) -> None:
    path = write(tmp_path, "warn.txt", "We will fix it soon.\n")
    assert main(["lint", "--fail-on", "error", str(path)]) == 0
    assert main(["lint", "--fail-on", "warning", str(path)]) == 1
    assert main(["lint", "--fail-on", "info", str(path)]) == 1


def test_json_output_has_one_object_per_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "mail.eml", EML)
    assert main(["lint", "--format", "json", str(path)]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "file": str(path),
            "rule_id": "EN-MINIMISATION-001",
            "category": "minimisation",
            "severity": "warning",
            "message": rows[0]["message"],
            "suggestion": rows[0]["suggestion"],
            "matched": "just a minor glitch",
            "start": 164,
            "end": 183,
            "line": 8,
            "column": 8,
            "part": "text",
            "field_path": None,
            "source": None,
            "confidence": None,
            "evidence": [],
        }
    ]


SARIF_SHAPE = {
    "type": "object",
    "required": ["$schema", "version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription"],
                                        },
                                    }
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "ruleIndex", "level", "message", "locations"],
                            "properties": {
                                "level": {"enum": ["error", "warning", "note", "none"]},
                                "message": {"type": "object", "required": ["text"]},
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine", "startColumn"],
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "startColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_output_has_the_sarif_2_1_0_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import jsonschema  # type: ignore[import-untyped]

    html = write(tmp_path, "mail.html", "<p>We were swamped.</p>\n<p>Just a minor glitch.</p>\n")
    assert main(["lint", "--format", "sarif", str(html)]) == 1
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, SARIF_SHAPE)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    summary = [
        (
            r["ruleId"],
            rules[r["ruleIndex"]]["id"],
            r["level"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"],
        )
        for r in run["results"]
    ]
    assert summary == [
        ("EN-EXCUSE-001", "EN-EXCUSE-001", "warning", 1, "We were swamped"),
        ("EN-MINIMISATION-001", "EN-MINIMISATION-001", "warning", 2, "Just a minor glitch"),
    ]


def test_markdown_and_stdin_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "reply.md", "# Reply\n\nIt was *just a minor glitch*.\n")
    assert main(["lint", "--format", "json", str(path)]) == 1
    assert [row["line"] for row in json.loads(capsys.readouterr().out)] == [3]
    stdin = io.TextIOWrapper(io.BytesIO(b"Nous revenons vers vous au plus vite."))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["lint", "--format", "json", "-"]) == 1
    assert [(r["file"], r["matched"]) for r in json.loads(capsys.readouterr().out)] == [
        ("<stdin>", "au plus vite")
    ]


def test_stage_option_adds_the_stage_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "ack.txt", "Thank you, we are looking into it.\n")
    assert main(["lint", str(path)]) == 0
    assert main(["lint", "--stage", "acknowledgement", "--format", "json", str(path)]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [r["rule_id"] for r in rows] == ["EN-STAGE-001"]


@pytest.mark.skipif(
    not (ROOT / "examples" / "livraison-en-retard.fr.yaml").exists(), reason="no example yet"
)
def test_an_incident_record_is_checked_field_by_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "examples" / "livraison-en-retard.fr.yaml").read_text(encoding="utf-8")
    text = text.replace("  impact: >-\n", "  impact: >-\n    Un petit souci, en somme.\n", 1)
    path = write(tmp_path, "incident.yaml", text)
    assert main(["lint", "--format", "json", str(path)]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(r["field_path"], r["matched"]) for r in rows] == [
        ("incident.impact", "Un petit souci")
    ]
    assert main(["lint", str(ROOT / "examples" / "livraison-en-retard.fr.yaml")]) == 0


def test_configuration_from_excuses_toml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "note.txt", "Nous étions débordés, au plus vite.\n")
    write(
        tmp_path,
        "excuses.toml",
        '[lint]\ndisable = ["excuse"]\n[lint.severity]\nvague-deadline = "info"\n',
    )
    assert main(["lint", str(path)]) == 0  # the info finding is listed, but does not fail
    assert "info FR-VAGUE-001" in capsys.readouterr().out
    assert main(["lint", "--fail-on", "info", "--format", "json", str(path)]) == 1
    assert [(r["rule_id"], r["severity"]) for r in json.loads(capsys.readouterr().out)] == [
        ("FR-VAGUE-001", "info")
    ]
    assert main(["lint", "--no-config", str(path)]) == 1


def test_configuration_from_pyproject_and_an_explicit_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "note.txt", "Nous étions débordés.\n")
    write(tmp_path, "pyproject.toml", '[tool.excuses.lint]\nfail-on = "error"\n')
    assert main(["lint", str(path)]) == 0
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["lint", str(path)]) == 1
    assert main(["lint", "--config", str(tmp_path / "pyproject.toml"), str(path)]) == 0


def test_a_house_rule_file_from_the_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        "house.toml",
        'language = "en"\n[[rule]]\nid = "HOUSE-001"\ncategory = "vague-deadline"\n'
        'severity = "error"\nmessage = "Say when."\nsuggestion = "Give a time."\n'
        'patterns = ["in a jiffy"]\nexamples.match = ["in a jiffy"]\n'
        'examples.no_match = ["by noon"]\n',
    )
    write(tmp_path, "excuses.toml", '[lint]\nrules = ["house.toml"]\n')
    path = write(tmp_path, "mail.txt", "We will be back to you in a jiffy.\n")
    assert main(["lint", "--format", "json", str(path)]) == 1
    assert [r["rule_id"] for r in json.loads(capsys.readouterr().out)] == ["HOUSE-001"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "excuses: error: no input: give the files, folders or glob patterns to check"),
        (["missing.txt"], "excuses: error: missing.txt: no such file"),
        (["--config", "nope.toml", "x.txt"], "excuses: error: --config nope.toml: no such file"),
    ],
)
def test_usage_and_input_errors_exit_2_with_one_clear_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", *args]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(message)
    assert "Traceback" not in captured.err


def test_a_broken_configuration_exits_2_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "excuses.toml", '[lint]\ndisable = "excuse"\n')
    path = write(tmp_path, "note.txt", "ok\n")
    assert main(["lint", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"excuses: error: {tmp_path / 'excuses.toml'}: key `lint.disable`: "
        "expected a list of strings\n"
    )


def test_a_file_that_is_not_utf8_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Nous étions".encode("latin-1"))
    assert main(["lint", str(path)]) == 2
    assert "not UTF-8 text (invalid byte at offset 5)" in capsys.readouterr().err


def test_linting_loads_none_of_the_drafting_machinery(tmp_path: Path) -> None:
    path = write(tmp_path, "note.txt", "Nous étions débordés.\n")
    script = (
        "import sys\n"
        "from excuses.cli import main\n"
        f"status = main(['lint', '--no-config', {str(path)!r}])\n"
        "heavy = ('jinja2', 'babel', 'mjml', 'yaml', 'dateutil', 'holidays')\n"
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "1 []"


def test_the_pre_commit_hook_runs_excuses_lint() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: excuses-lint" in hooks
    assert "entry: excuses lint" in hooks


def test_load_config_exposes_the_policy_table_for_the_deadline_engine(tmp_path: Path) -> None:
    from excuses.lint import load_config

    write(
        tmp_path,
        "pyproject.toml",
        '[tool.excuses.policy]\nanswer_within = "2h"\n[tool.excuses.lint]\ndisable = ["excuse"]\n',
    )
    nested = tmp_path / "templates" / "fr"
    nested.mkdir(parents=True)
    config = load_config(nested)
    assert config.path == tmp_path / "pyproject.toml"
    assert config.policy == {"answer_within": "2h"}
    assert config.lint.disabled == frozenset({"excuse"})
    assert load_config(tmp_path.parent / f"{tmp_path.name}-none").policy == {}


def test_terminal_output_is_coloured_by_severity() -> None:
    from excuses.lint import check_text
    from excuses.lint._output import format_text

    (finding,) = check_text("We were swamped.", language="en")
    coloured = format_text([("mail.txt", finding)], colour=True)
    assert coloured.startswith(
        "\x1b[1mmail.txt:1:1\x1b[0m: \x1b[33mwarning\x1b[0m \x1b[1mEN-EXCUSE-001\x1b[0m"
    )
    assert "\x1b[" not in format_text([("mail.txt", finding)], colour=False)


def test_language_option_overrides_detection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "short.txt", "ASAP\n")
    assert main(["lint", "--format", "json", "--language", "en", str(path)]) == 1
    assert [r["rule_id"] for r in json.loads(capsys.readouterr().out)] == ["EN-VAGUE-001"]


def test_checking_a_reply_loads_neither_the_record_nor_package_metadata(tmp_path: Path) -> None:
    # Both cost milliseconds at every start, and the checker runs before every send.
    reply = tmp_path / "reply.txt"
    reply.write_text("We will fix it asap.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from excuses.cli import main\n"
        "main(['lint', sys.argv[1]])\n"
        "print([m for m in ('excuses.record', 'importlib.metadata') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(reply)], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_a_plain_check_loads_only_what_it_needs(tmp_path: Path) -> None:
    # The checker runs before every send: its start loads the lint command alone, not the
    # other commands, the TOML reader (no settings file), hashlib (SARIF only), typing,
    # the email package, traceback (--debug only), threading, shutil (argparse's width), glob
    # (patterns only) or dataclasses and the inspect module it brings (the public types are
    # dataclasses described on demand, see excuses._frozen); nor argparse, gettext and locale
    # (paths and --no-config alone are read without them), nor the check of the rules'
    # patterns that reading by stretch relies on (made when the rule files are built), nor
    # json (the rules, clause rules and model are read from their built files).
    reply = write(tmp_path, "reply.txt", "We will fix it asap.\n")
    code = (
        "import sys\n"
        "from excuses.cli import main\n"
        "main(['lint', '--no-config', sys.argv[1]])\n"
        "unneeded = ('excuses.cli._draft', 'excuses.cli._plan', 'excuses.cli._send',\n"
        "            'excuses.cli._rules', 'excuses.cli._explain', 'excuses.cli._schema',\n"
        "            'tomllib', 'hashlib', 'html.parser', 'typing', 'email.parser',\n"
        "            'traceback', 'threading', 'shutil', 'glob', 'dataclasses', 'inspect',\n"
        "            'argparse', 'gettext', 'locale', 'excuses.lint._stretches', 'json')\n"
        "print([m for m in unneeded if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(reply)], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["lint", "a.txt"], "lint"),
        (["--debug", "draft", "x.yaml"], "draft"),
        (["--help"], None),
        (["--version"], None),
        (["lnit"], None),
        ([], None),
    ],
)
def test_only_the_command_being_run_is_registered(argv: list[str], command: str | None) -> None:
    from excuses.cli import _command

    assert _command(argv) == command


PLAIN = [
    ["lint", "a.txt"],
    ["lint", "--no-config", "a.txt", "b.eml"],
    ["lint", "a.txt", "b.eml", "--no-config"],
    ["lint", "--no-config", "a.txt", "--no-config"],
    ["lint", "-"],
    ["lint", "--no-config", "-", "x y.txt", "", "é.md"],
    ["lint"],
    ["lint", "--no-config"],
    ["--debug", "lint", "a.txt"],
    ["--debug", "--debug", "lint", "--no-config", "a.txt"],
]

NOT_PLAIN = [
    ["lint", "--language", "en", "a.txt"],
    ["lint", "a.txt", "--no-config", "b.txt"],  # argparse refuses the path after the option
    ["lint", "--no-c", "a.txt"],  # an abbreviation argparse would accept
    ["lint", "--", "a.txt"],
    ["lint", "-5"],
    ["lint", "--help"],
    ["lint", "--config", "x.toml", "a.txt"],
    ["lint", "--debug", "a.txt"],
    ["draft", "a.yaml"],
    ["--version"],
    [],
]


@pytest.mark.parametrize("argv", PLAIN)
def test_a_plain_lint_command_line_is_read_as_argparse_reads_it(argv: list[str]) -> None:
    from excuses.cli import _command, _plain_lint, build_parser

    plain = _plain_lint(argv)
    assert plain is not None
    assert vars(plain) == vars(build_parser(_command(argv)).parse_args(argv))


@pytest.mark.parametrize("argv", NOT_PLAIN)
def test_any_other_command_line_is_left_to_argparse(argv: list[str]) -> None:
    from excuses.cli import _plain_lint

    assert _plain_lint(argv) is None
