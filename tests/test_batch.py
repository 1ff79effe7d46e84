"""Many records at once: one .eml each in a folder or an mbox; bad records reported by position."""

from __future__ import annotations

import io
import json
import mailbox
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import yaml

from excuses import Stage, draft_all
from excuses.batch import iter_records, write_atomic
from excuses.cli import main
from excuses.cli._draft import _Progress
from excuses.errors import OutputError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FR = EXAMPLES / "livraison-en-retard.fr.yaml"
EN = EXAMPLES / "late-delivery.en.yaml"
NOW = "2026-11-23T16:30"


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text("language: de\n", encoding="utf-8")
    return path


def test_several_files_become_one_eml_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    status = main(
        ["draft", str(FR), str(EN), "--stage", "apology", "--now", NOW, "--outdir", str(out)]
    )
    assert status == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["001-INC-2026-0142-apology.eml", "002-INC-2026-0142-apology.eml"]
    first = message_from_bytes((out / names[0]).read_bytes(), policy=policy.default)
    assert first["To"] == "Madame Vasseur <claire.vasseur@maison-vasseur.example>"
    assert capsys.readouterr().err == f"excuses: 2 of 2 drafted into {out}\n"


def test_a_bad_record_is_reported_and_the_rest_still_drafted(
    tmp_path: Path, bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["draft", str(FR), str(bad), str(EN), "--stage", "apology", "--now", NOW]
    status = main([*argv, "--outdir", str(out)])
    assert status == 2
    assert sorted(p.name for p in out.iterdir()) == [
        "001-INC-2026-0142-apology.eml",
        "003-INC-2026-0142-apology.eml",
    ]
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"excuses: error: {bad} (position 2): the incident record has 4 problems:")
    assert err[-1] == (f"excuses: 2 of 3 drafted into {out}; 1 could not be drafted (listed above)")


def test_fail_fast_stops_at_the_first_bad_record(
    tmp_path: Path, bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["draft", str(FR), str(bad), str(EN), "--stage", "apology", "--now", NOW]
    assert main([*argv, "--outdir", str(out), "--fail-fast"]) == 2
    assert [p.name for p in out.iterdir()] == ["001-INC-2026-0142-apology.eml"]
    assert "1 of 3 drafted" in capsys.readouterr().err


def test_mbox_holds_every_message_in_order(tmp_path: Path) -> None:
    box_path = tmp_path / "out.mbox"
    argv = ["draft", str(FR), str(EN), str(FR), "--stage", "closing", "--now", NOW]
    assert main([*argv, "--mbox", str(box_path)]) == 0
    box = mailbox.mbox(box_path)
    subjects = [message["Subject"] for message in box]
    assert len(subjects) == 3
    assert subjects[0] == subjects[2] != subjects[1]
    assert [p.name for p in tmp_path.iterdir()] == ["out.mbox"]


def _record_data(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return json.loads(json.dumps(data, default=str))  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", ["yaml-stream", "yaml-list", "json-list", "jsonl"])
def test_a_file_of_records_is_drafted_record_by_record(tmp_path: Path, kind: str) -> None:
    good = _record_data(FR)
    broken = {**good, "language": "de"}
    rows = [good, broken, _record_data(EN)]
    if kind == "yaml-stream":
        path = tmp_path / "records.yaml"
        path.write_text(yaml.safe_dump_all(rows, allow_unicode=True), encoding="utf-8")
    elif kind == "yaml-list":
        path = tmp_path / "records.yaml"
        path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    elif kind == "json-list":
        path = tmp_path / "records.json"
        path.write_text(json.dumps(rows), encoding="utf-8")
    else:
        path = tmp_path / "records.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    items = list(draft_all(iter_records([path]), Stage.APOLOGY))
    assert [i.position for i in items] == [1, 2, 3]
    assert [i.source for i in items] == [f"{path}, record {n}" for n in (1, 2, 3)]
    assert items[0].draft is not None and items[0].draft.language == "fr"
    assert items[2].draft is not None and items[2].draft.language == "en"
    assert items[1].draft is None
    assert str(items[1].error).startswith(
        f"{path}, record 2: the incident record has 1 problem:\n  language: expected one of"
    )


def test_draft_all_takes_plain_records_and_stops_early_on_request(bad: Path) -> None:
    from excuses import load_record

    record = load_record(FR)
    items = list(draft_all([record, record], "update"))
    assert [(i.source, i.draft is not None) for i in items] == [
        ("record 1", True),
        ("record 2", True),
    ]
    entries = list(iter_records([bad, FR]))
    assert len(list(draft_all(entries, "update", fail_fast=True))) == 1
    assert len(list(draft_all(entries, "update"))) == 2


def test_the_progress_bar_is_drawn_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet = io.StringIO()
    shown = Terminal()
    for stream in (quiet, shown):
        progress = _Progress(4, stream)
        for _ in range(4):
            progress.step()
        progress.done()
    assert quiet.getvalue() == ""
    assert shown.getvalue().endswith("\rdrafting [" + "█" * 30 + "] 4/4\n")
    assert "\rdrafting [" + "█" * 15 + "·" * 15 + "] 2/4" in shown.getvalue()


def test_write_atomic_leaves_the_old_file_whole_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "message.eml"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"

    def refuse(self: Path, other: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OutputError, match=r"message.eml: cannot be written \(disk full\)"):
        write_atomic(target, b"third")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["message.eml"]
