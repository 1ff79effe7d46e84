"""``excuses draft`` on the command line: formats, output files, every stage, and errors."""

from __future__ import annotations

import json
from datetime import datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from excuses import Stage, draft, load_record
from excuses.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FR = EXAMPLES / "livraison-en-retard.fr.yaml"
NOW = "2026-11-23T10:30"


def run(capsys: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, str, str]:
    status = main(["draft", *argv])
    out, err = capsys.readouterr()
    return status, out.decode("utf-8"), err.decode("utf-8")


def test_text_is_the_subject_then_the_body(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    status, out, err = run(capsysbinary, str(FR), "--stage", "apology", "--now", NOW)
    expected = draft(FR, Stage.APOLOGY, now=datetime.fromisoformat(NOW))
    assert (status, err) == (0, "")
    assert out == f"Objet\u00a0: {expected.subject}\n\n{expected.text}"


@pytest.mark.parametrize("fmt", ["html", "json", "eml"])
def test_other_formats(capsysbinary: pytest.CaptureFixture[bytes], fmt: str) -> None:
    status = main(["draft", str(FR), "--stage", "update", "--now", NOW, "--format", fmt])
    out = capsysbinary.readouterr().out
    expected = draft(FR, Stage.UPDATE, now=datetime.fromisoformat(NOW))
    assert status == 0
    if fmt == "html":
        assert out.decode() == expected.html
    elif fmt == "json":
        assert json.loads(out)["subject"] == expected.subject
    else:
        parsed = message_from_bytes(out, policy=policy.default)
        assert parsed["Subject"] == expected.subject


def test_output_is_written_to_a_file(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    target = tmp_path / "apology.eml"
    status, out, err = run(
        capsysbinary,
        str(FR),
        "--stage",
        "apology",
        "--now",
        NOW,
        "--format",
        "eml",
        "--output",
        str(target),
    )
    assert (status, out, err) == (0, "", "")
    parsed = message_from_bytes(target.read_bytes(), policy=policy.default)
    assert parsed["To"] == "Madame Vasseur <claire.vasseur@maison-vasseur.example>"
    assert [p.name for p in tmp_path.iterdir()] == ["apology.eml"]


def test_all_stages_prints_each_with_a_header(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    status, out, err = run(capsysbinary, str(FR), "--all-stages", "--now", NOW)
    assert status == 0
    # At --now the incident is not resolved yet: the last two are drafted as of the resolution.
    assert err.count("est rédigé à la date de la résolution") == 2
    headers = [line for line in out.splitlines() if line.startswith("═")]
    assert [h.strip("═ ") for h in headers] == [
        "1/5 · acknowledgement",
        "2/5 · apology",
        "3/5 · update",
        "4/5 · closing",
        "5/5 · debrief",
    ]
    assert all(len(h) == 72 for h in headers)
    assert out.count("Objet\u00a0: ") == 5
    assert "À\u00a0: Madame Vasseur <claire.vasseur@maison-vasseur.example>" in out
    assert "À\u00a0: Onirio Distribution <equipe-preparation@onirio.example>" in out


def test_all_stages_goes_on_when_one_stage_cannot_be_drafted(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    text = FR.read_text(encoding="utf-8")
    partial = tmp_path / "open.fr.yaml"
    partial.write_text(text[: text.index("resolution:")], encoding="utf-8")
    status, out, err = run(capsysbinary, str(partial), "--all-stages", "--now", NOW)
    assert status == 2
    assert out.count("Objet\u00a0: ") == 3
    # A French record: its problems, and the words around them, are French.
    assert "(non rédigé\u00a0: " in out
    assert err.splitlines()[0] == (
        f"excuses: erreur\u00a0: closing\u00a0: {partial}\u00a0: la fiche d’incident comporte "
        "un problème\u00a0:"
    )


def test_without_stage_the_next_due_stage_is_drafted() -> None:
    from dataclasses import replace

    from excuses import build_timeline

    record = load_record(FR)
    for now in ("2026-11-23T10:30", "2026-11-24T17:30", "2026-11-25T12:00"):
        moment = datetime.fromisoformat(now)
        expected = build_timeline(record, moment).next_stage
        assert expected is not None
        assert draft(record, now=moment).stage is expected

    fresh = replace(record, commitments=(), updates=(), resolution=None)
    assert draft(fresh, now=datetime.fromisoformat(NOW)).stage is Stage.ACKNOWLEDGEMENT


def test_several_records_need_a_folder_or_an_mbox(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    status, out, err = run(capsysbinary, str(FR), str(FR), "--stage", "apology")
    assert (status, out) == (2, "")
    assert err == (
        "excuses: error: 2 records given: write them with --outdir DIR (one .eml each) "
        "or --mbox PATH\n"
    )


def test_a_missing_file_is_an_input_error(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    status, out, err = run(capsysbinary, "nowhere.yaml", "--stage", "apology")
    assert (status, out) == (2, "")
    assert (
        err == "excuses: error: nowhere.yaml: the incident record has 1 problem:\n"
        "  (top level): no such file\n"
    )


def test_a_bad_now_is_a_usage_error(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["draft", str(FR), "--now", "tomorrow"])
    assert caught.value.code == 2
    err = capsysbinary.readouterr().err.decode()
    assert (
        "expected an ISO date-time like 2026-11-24T18:00 or 2026-11-24T18:00+01:00, "
        "got 'tomorrow'" in err
    )


def test_a_file_of_several_records_needs_a_folder_or_an_mbox(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    text = FR.read_text(encoding="utf-8")
    stream = tmp_path / "two.yaml"
    stream.write_text(f"{text}\n---\n{text}", encoding="utf-8")
    status, out, err = run(capsysbinary, str(stream), "--stage", "apology")
    assert (status, out) == (2, "")
    assert err == (
        f"excuses: error: {stream} holds 2 records: write them with --outdir DIR "
        "(one .eml each) or --mbox PATH\n"
    )
    assert main(["draft", str(stream), "--stage", "apology", "--outdir", str(tmp_path / "o")]) == 0
    assert len(list((tmp_path / "o").iterdir())) == 2
