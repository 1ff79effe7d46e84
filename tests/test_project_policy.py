"""A team's ``[policy]`` in excuses.toml or pyproject.toml: plan, draft and send agree on it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

import excuses
from excuses import Policy, Stage, load_record
from excuses.batch import draft_all
from excuses.cli import main
from excuses.stages import stage_context

RECORD = """\
language: en
client:
  organisation: Hartley & Sons Delicatessen
  contact_name: Ms Hartley
  email: emma.hartley@hartley-sons.example
  country: US
  timezone: America/New_York
sender:
  name: Sarah Collins
  role: Fulfilment Team Lead
  organisation: Northwind Supplies
  email: sarah.collins@northwind.example
incident:
  id: INC-1
  title: Order 4471 arrived late
  found_by: client
  reported_at: 2026-11-23T10:02
  channel: phone
  criticality: important
  what_happened: Order 4471 reached you a week late.
  impact: Your shop had no hampers to sell.
"""
TWO_HOURS = '[policy.important]\nanswer_within = "2 business hours"\n'
NOW = "2026-11-23T10:30"
BAD_VALUE = (
    "expected a delay like `1h`, `30 minutes`, `2 business days` or `end of business day`, "
    "got 'soon'"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with a team policy and an incident in a subfolder of it."""
    (tmp_path / "excuses.toml").write_text(TWO_HOURS, encoding="utf-8")
    incidents = tmp_path / "incidents"
    incidents.mkdir()
    path = incidents / "inc.en.yaml"
    path.write_text(RECORD, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _answer_row(table: str) -> str:
    return _one_line(next(line for line in table.splitlines() if "answer due" in line))


def test_plan_and_draft_state_the_team_deadline(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, table, err = run(capsys, "plan", str(project), "--now", NOW)
    assert (code, err) == (0, "")
    assert _answer_row(table) == ("Mon 23 Nov 12:15 apology answer due (2 business hours) upcoming")
    code, text, err = run(capsys, "draft", str(project), "--stage", "acknowledgement", "--now", NOW)
    assert (code, err) == (0, "")
    assert (
        "We will get back to you within 2 business hours, by 12:15 p.m. today, "
        "Monday, November 23, with our findings" in _one_line(text)
    )
    code, out, _ = run(capsys, "plan", str(project), "--now", NOW, "--format", "json")
    due = next(e["at"] for e in json.loads(out)["entries"] if e["label"].startswith("answer due"))
    code, out, _ = run(
        capsys,
        "draft",
        str(project),
        "--stage",
        "acknowledgement",
        "--now",
        NOW,
        "--format",
        "json",
    )
    assert json.loads(out)["facts"]["answer_by"] == due == "2026-11-23T12:15:00-05:00"


def test_no_config_returns_to_the_default_policy(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, table, _ = run(capsys, "plan", str(project), "--now", NOW, "--no-config")
    assert code == 0
    assert _answer_row(table) == (
        "Mon 23 Nov 18:00 apology answer due (end of business day) upcoming"
    )
    code, text, _ = run(
        capsys, "draft", str(project), "--stage", "acknowledgement", "--now", NOW, "--no-config"
    )
    assert code == 0
    assert (
        "We will get back to you by 6:00 p.m. today, Monday, November 23, with our findings"
        in _one_line(text)
    )


def test_a_config_named_on_the_command_line_wins(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    pyproject = elsewhere / "pyproject.toml"
    pyproject.write_text(
        '[tool.excuses.policy.important]\nanswer_within = "3 business hours"\n', encoding="utf-8"
    )
    code, table, _ = run(capsys, "plan", str(project), "--now", NOW, "--config", str(pyproject))
    assert code == 0
    assert _answer_row(table) == "Mon 23 Nov 13:15 apology answer due (3 business hours) upcoming"
    code, _, err = run(capsys, "plan", str(project), "--config", str(elsewhere / "none.toml"))
    assert code == 2
    assert err == f"excuses: error: --config {elsewhere / 'none.toml'}: no such file\n"


@pytest.mark.parametrize(
    "argv",
    [["plan"], ["draft"], ["draft", "--stage", "acknowledgement"], ["send", "--dry-run"]],
    ids=["plan", "draft", "draft-stage", "send"],
)
def test_a_bad_policy_value_is_one_located_error(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    config = project.parent.parent / "excuses.toml"
    config.write_text('[policy.important]\nanswer_within = "soon"\n', encoding="utf-8")
    if argv[0] == "send":
        argv = [*argv, "--stage", "acknowledgement"]
    code, out, err = run(capsys, argv[0], str(project), *argv[1:], "--now", NOW)
    assert (code, out) == (2, "")
    assert err == (f"excuses: error: {config}: key `policy.important.answer_within`: {BAD_VALUE}\n")


def test_a_bad_policy_in_pyproject_names_its_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.excuses.policy]\nworking_days = "mon"\n[tool.excuses.policy.important]\n'
        'answer_within = "soon"\n',
        encoding="utf-8",
    )
    path = tmp_path / "inc.en.yaml"
    path.write_text(RECORD, encoding="utf-8")
    code, _, err = run(capsys, "plan", str(path))
    assert code == 2
    assert err == (
        f"excuses: error: {pyproject}: key `tool.excuses.policy.working_days`: "
        'expected a list of weekday names like ["mon", "tue"], got \'mon\'\n'
        f"{pyproject}: key `tool.excuses.policy.important.answer_within`: {BAD_VALUE}\n"
    )


def test_send_drafts_with_the_team_policy(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HOST", "PORT", "SECURITY", "USERNAME", "PASSWORD", "TIMEOUT", "FROM", "CAFILE"):
        monkeypatch.delenv(f"EXCUSES_SMTP_{name}", raising=False)
    argv = ["send", str(project), "--stage", "acknowledgement", "--dry-run", "--now", NOW]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert "within 2 business hours, by 12:15 p.m. today" in _one_line(out)
    code, out, _ = run(capsys, *argv, "--no-config")
    assert code == 0
    assert "by 6:00 p.m. today" in _one_line(out)


def test_the_api_takes_a_policy(project: Path) -> None:
    record = load_record(project)
    team = Policy.from_mapping({"important": {"answer_within": "2 business hours"}})
    moment = datetime(2026, 11, 23, 10, 30)
    default = excuses.draft(record, "acknowledgement", now=moment)
    ours = excuses.draft(record, "acknowledgement", now=moment, policy=team)
    assert default.facts["answer_by"].hour == 18
    assert ours.facts["answer_by"].strftime("%H:%M") == "12:15"
    # The stage cache tells the two policies apart, in either order.
    for policy, hour in ((None, 18), (team, 12), (None, 18)):
        context = stage_context(record, Stage.ACKNOWLEDGEMENT, moment, policy)
        assert context.facts["answer_by"].hour == hour
    batch = list(draft_all([record, record], "acknowledgement", now=moment, policy=team))
    assert [item.draft.facts["answer_by"] for item in batch if item.draft] == [
        ours.facts["answer_by"]
    ] * 2


def test_config_and_no_config_exclude_each_other(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["draft", str(project), "--config", "x.toml", "--no-config"])
    assert caught.value.code == 2
    assert "argument --no-config: not allowed with argument --config" in capsys.readouterr().err
