"""Hostile, huge or odd record files: each refused with a located message, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from excuses import RecordError, load_record, parse_record

ROOT = Path(__file__).resolve().parents[1]
LATE = ROOT / "examples" / "late-delivery.en.yaml"
TEXT = LATE.read_text(encoding="utf-8")
APOLOGY = ["--stage", "apology", "--now", "2026-11-23T17:00"]


def edited(old: str, new: str) -> str:
    assert old in TEXT
    return TEXT.replace(old, new, 1)


def refused(text: str, *, format: str = "yaml") -> str:
    with pytest.raises(RecordError) as caught:
        parse_record(text, format=format, filename="incident")  # type: ignore[arg-type]
    return str(caught.value)


def alias_bomb(levels: int) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def excuses(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "excuses", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    bomb = alias_bomb(9)
    assert len(bomb) < 400
    assert refused(bomb) == (
        "incident: the incident record has 1 problem:\n"
        "  line 4: (top level): its aliases (*name) repeat more than 10,000 values "
        "(set EXCUSES_MAX_ALIAS_VALUES to allow more)"
    )


def test_a_few_aliases_are_read_as_usual() -> None:
    text = edited("  - name: Priya Shah\n", "  - &priya\n    name: Priya Shah\n")
    text += "\n# the same person, written once\nx-team: [*priya, *priya]\n"
    assert "x-team: unknown field" in refused(text)


def test_an_alias_that_holds_itself_is_refused() -> None:
    assert "line 1: (top level): an alias refers to the value that holds it" in refused(
        "a: &a [1, *a]\n"
    )


@pytest.mark.parametrize("depth", [65, 600, 5000])
def test_deep_nesting_is_refused_in_yaml_and_json(depth: int) -> None:
    nested = "[" * depth + "]" * depth
    expected = "nested deeper than 64 levels (set EXCUSES_MAX_DEPTH to read deeper files)"
    assert expected in refused(nested)
    assert expected in refused(nested, format="json")
    in_a_field = edited("  channel: phone\n", f"  channel: {nested}\n")
    assert f"line 31: (top level): {expected}" in refused(in_a_field)


def test_nesting_through_aliases_is_counted() -> None:
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 80)]
    assert "nested deeper than 64 levels" in refused("\n".join(lines))


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!int abc", "!!int"),
        ("!!float x", "!!float"),
        ("!!bool maybe", "!!bool"),
        ("!!timestamp 2026-11-23", "!!timestamp"),
        ("!!binary aGk=", "!!binary"),
    ],
)
def test_explicit_yaml_tags_are_refused_at_their_line(value: str, tag: str) -> None:
    assert refused(edited("language: en\n", f"language: {value}\n")) == (
        "incident: the incident record has 1 problem:\n"
        f"  line 3: (top level): explicit YAML tags like `{tag}` are not read in a record; "
        "write the value plainly"
    )


def test_a_str_tag_is_harmless() -> None:
    record = parse_record(edited("  id: INC-2026-0142\n", "  id: !!str 20260142\n"))
    assert record.incident.id == "20260142"


@pytest.mark.parametrize("value", ["0b_", "0x_", "-0x_", "+0b_"])
def test_numbers_yaml_cannot_build_are_refused_at_their_line(value: str) -> None:
    message = refused(edited("  channel: phone\n", f"  channel: {value}\n"))
    assert f"line 31: (top level): cannot read '{value}' as int" in message


def test_a_file_past_the_size_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXCUSES_MAX_INPUT_BYTES", "1000")
    path = tmp_path / "big.yaml"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_record(path)
    assert str(caught.value) == (
        f"{path}: the incident record has 1 problem:\n"
        f"  (top level): is {len(TEXT.encode()):,} bytes; at most 1,000 are read "
        "(set EXCUSES_MAX_INPUT_BYTES to read more)"
    )
    monkeypatch.setenv("EXCUSES_MAX_INPUT_BYTES", str(10 * 2**20))
    assert load_record(path).incident.id == "INC-2026-0142"


def test_a_field_past_the_length_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXCUSES_MAX_FIELD_CHARS", "20")
    assert (
        "line 28: incident.title: is 38 characters long; at most 20 are read "
        "(set EXCUSES_MAX_FIELD_CHARS to read more)"
    ) in refused(TEXT)


def test_a_limit_that_is_not_a_number_is_an_input_error() -> None:
    result = excuses("draft", str(LATE), *APOLOGY, env={"EXCUSES_MAX_DEPTH": "deep"})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "excuses: error: EXCUSES_MAX_DEPTH: expected a positive whole number, got 'deep'\n"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  reported_at: 2026-11-23T10:02\n",
            "  reported_at: 9999-12-31T23:59\n",
            "line 30: incident.reported_at: expected a date between 1970 and 2199 (the years "
            'the time-zone and holiday calendars cover), got "9999-12-31T23:59"',
        ),
        (
            '    amount: "150.00"\n',
            '    amount: "1e30"\n',
            "line 119: resolution.gesture.amount: expected an amount below 1,000,000,000,000 with "
            'at most 4 decimals, got "1e30"',
        ),
        (
            '    amount: "150.00"\n',
            '    amount: "0.000001"\n',
            "line 119: resolution.gesture.amount: expected an amount below 1,000,000,000,000 with "
            'at most 4 decimals, got "0.000001"',
        ),
        (
            '    amount: "150.00"\n',
            '    amount: "-0"\n',
            'line 119: resolution.gesture.amount: expected a positive amount like 150.00, got "-0"',
        ),
        (
            "  channel: phone\n",
            "  channel: phone\npolicy:\n  answer_within: 99999999 days\n",
            "line 33: policy.answer_within: expected a delay of at most a year, so at most "
            '`366 days`, got "99999999 days"',
        ),
        (
            "  channel: phone\n",
            "  channel: phone\npolicy:\n  update_every: 100000000000000000000000 minutes\n",
            "line 33: policy.update_every: expected a delay of at most a year, so at most "
            '`527040 minutes`, got "100000000000000000000000 minutes"',
        ),
        (
            "  reported_at: 2026-11-23T10:02\n",
            "  reported_at: 2026-03-29T01:30\n",
            'line 30: incident.reported_at: "2026-03-29T01:30" never showed on a clock in '
            "Europe/London: the clocks jumped past it that night; write the time the clock "
            "showed, or add its UTC offset",
        ),
        (
            "  title: Order 4471 arrived late and incomplete\n",
            '  title: "Order 4471\\e]0;owned\\a arrived"\n',
            "line 28: incident.title: holds the control character \\x1b at character 11; remove it",
        ),
        (
            "  title: Order 4471 arrived late and incomplete\n",
            '  title: "Order\\0 4471"\n',
            "line 28: incident.title: holds the control character \\x00 at character 6; remove it",
        ),
        (
            "  title: Order 4471 arrived late and incomplete\n",
            '  title: "Order \\ud800 4471"\n',
            "line 28: incident.title: holds the control character \\ud800 at character 7; "
            "remove it",
        ),
    ],
    ids=[
        "year-9999",
        "amount-1e30",
        "amount-decimals",
        "amount-minus-zero",
        "span-days",
        "span-digits",
        "dst-gap",
        "escape",
        "nul",
        "surrogate",
    ],
)
def test_values_outside_what_excuses_can_state_are_refused(
    old: str, new: str, expected: str
) -> None:
    message = refused(edited(old, new))
    assert expected in message
    assert "\x1b" not in message and "\x00" not in message


def test_a_time_the_clock_showed_twice_is_its_first_occurrence() -> None:
    record = parse_record(
        edited("  reported_at: 2026-11-23T10:02\n", "  reported_at: 2026-10-25T01:30\n")
    )
    assert record.incident.reported_at.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]


def test_a_lone_surrogate_in_json_is_refused() -> None:
    data = json.loads(json.dumps(load_record(LATE).__class__ and {}))
    assert data == {}
    text = json.dumps({"language": "en", "client": "\ud800"})
    assert '  client: expected a mapping of Client fields, got "\\ud800"' in refused(
        text, format="json"
    )


def test_a_record_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    raw = TEXT.replace("Order 4471", "Commande née").encode("latin-1")
    path.write_bytes(raw)
    offset = raw.index("é".encode("latin-1"))
    result = excuses("draft", str(path), *APOLOGY)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"excuses: error: {path}: the incident record has 1 problem:\n"
        f"  (top level): is not UTF-8 text (invalid byte at offset {offset}); "
        "save it as UTF-8 and try again\n"
    )


@pytest.mark.parametrize("command", ["draft", "plan", "lint", "send"])
def test_every_command_refuses_the_bomb_and_the_nesting_with_exit_2(
    command: str, tmp_path: Path
) -> None:
    # Both carry a record's key, so that lint reads them as records instead of skipping them.
    bomb = alias_bomb(9) + "incident: *i\n"
    deep = '{"incident": ' + "[" * 5000 + "]" * 5000 + "}"
    for name, text in [("bomb.yaml", bomb), ("deep.json", deep)]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        extra = ["--stage", "apology", "--dry-run"] if command == "send" else []
        result = excuses(command, str(path), *extra)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"excuses: error: {path}")


def test_a_team_policy_span_past_a_year_is_refused() -> None:
    from excuses.errors import RulesError
    from excuses.policy import Policy

    with pytest.raises(RulesError) as caught:
        Policy.from_mapping({"critical": {"answer_within": "99999999 days"}}, source="excuses.toml")
    assert str(caught.value) == (
        "excuses.toml: key `policy.critical.answer_within`: expected a delay of at most a year, "
        "so at most `366 days`, got '99999999 days'"
    )


def test_now_outside_the_calendar_is_a_usage_error() -> None:
    result = excuses("draft", str(LATE), "--stage", "apology", "--now", "9999-12-31T23:59")
    assert result.returncode == 2
    assert result.stderr.endswith(
        "argument --now: expected a date between 1970 and 2199, got '9999-12-31T23:59'\n"
    )


def test_an_international_domain_is_kept_in_its_ascii_form() -> None:
    text = edited("sarah.collins@northwind.example", "sarah@bücher.example")
    assert parse_record(text).sender.email == "sarah@xn--bcher-kva.example"
    assert "expected an email address whose part before the @ is plain ASCII" in refused(
        edited("sarah.collins@northwind.example", "sára@bücher.example")
    )
    assert 'expected a valid domain after the @, got "sarah@' in refused(
        edited("sarah.collins@northwind.example", "sarah@" + "ü" * 70 + ".example")
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '{"message_id": ' + "[" * 5000 + "]" * 5000 + "}",
            "line 1: expected one JSON object per line, got a value nested too deeply or too "
            "large to read",
        ),
        (
            '{"message_id": "<a@b>", "sent_at": "9999-12-31T23:59:00+00:00", "recipients": []}',
            "line 1: sent_at: expected a date-time between 1970 and 2199, "
            "got '9999-12-31T23:59:00+00:00'",
        ),
    ],
    ids=["nesting", "year-9999"],
)
def test_a_sent_log_line_past_the_limits_is_a_located_error(
    tmp_path: Path, line: str, expected: str
) -> None:
    log = tmp_path / "incident.sent.jsonl"
    log.write_text(line + "\n", encoding="utf-8")
    result = excuses("plan", str(LATE), "--sent-log", str(log), "--now", "2026-11-23T17:00")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"excuses: error: {log}: {expected}\n"


def test_a_delay_the_calendar_cannot_place_is_an_input_error() -> None:
    text = TEXT + (
        "policy:\n  business_hours: 09:00-09:01\n"
        "  working_days: [mon]\n  answer_within: 2000 business hours\n"
    )
    result_error = None
    try:
        from excuses import draft

        # The acknowledgement states the answer deadline: the delay must be placed.
        draft(
            parse_record(text), "acknowledgement", now=__import__("datetime").datetime(2026, 11, 23)
        )
    except Exception as exc:  # the type is the point of the test
        result_error = exc
    from excuses.errors import ExcusesError

    assert isinstance(result_error, ExcusesError)
    assert "does not fit in 8,784 days of a calendar open 09:00-09:01 on 1 day(s) a week" in str(
        result_error
    )


@pytest.mark.parametrize(
    "text",
    [("word " * 200_000).strip(), "x" * 1_000_000, "a" + " " * 100_000 + "b ; c"],
    ids=["words", "one-word", "spaces-then-semicolon"],
)
def test_a_one_megabyte_field_is_drafted(text: str) -> None:
    """Linear work: a quadratic step would make this run for minutes (timed in bench/)."""
    from excuses import draft

    french = (ROOT / "examples" / "livraison-en-retard.fr.yaml").read_text(encoding="utf-8")
    data = __import__("yaml").safe_load(french)
    data["incident"]["what_happened"] = text
    item = draft(load_record(data), "apology", now=__import__("datetime").datetime(2026, 11, 23))
    assert text.split()[0] in item.text
    assert len(item.to_email().as_bytes()) > len(text)


def test_paths_and_hours_that_python_itself_refuses_are_located_errors(tmp_path: Path) -> None:
    from excuses.errors import OutputError
    from excuses.outputs import write_atomic

    with pytest.raises(RecordError, match="cannot be read: embedded null byte"):
        load_record("incident\x00.yaml")
    with pytest.raises(OutputError, match="a file name cannot hold a NUL character"):
        write_atomic(tmp_path / "out\x00.eml", b"data")
    # Digits of other scripts read as numbers by \d, not by a clock.
    message = refused(TEXT + "policy:\n  business_hours: ٠٩:٠٠-١٨:٠٠\n")
    assert "policy.business_hours: expected business hours like 09:00-18:00" in message


def test_a_json_key_written_twice_is_refused_as_in_yaml() -> None:
    assert refused('{"language": "en", "language": "fr"}', format="json") == (
        "incident: the incident record has 1 problem:\n  language: appears twice; keep one"
    )


def test_a_record_built_in_python_with_an_impossible_amount_is_a_record_error() -> None:
    import dataclasses
    from datetime import datetime
    from decimal import Decimal

    from excuses import draft

    record = load_record(LATE)
    assert record.resolution is not None and record.resolution.gesture is not None
    with pytest.raises(RecordError, match=r"1E\+30|1e30|cannot be drafted"):
        gesture = dataclasses.replace(record.resolution.gesture, amount=Decimal("1e30"))
        resolution = dataclasses.replace(record.resolution, gesture=gesture)
        record = dataclasses.replace(record, resolution=resolution)
        draft(record, "closing", now=datetime(2026, 11, 26, 10))
