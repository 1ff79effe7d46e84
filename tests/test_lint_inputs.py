"""What the checker reads: HTML, Markdown, emails, incident records, drafts, and the corpus."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace

import pytest

from excuses.lint import check_draft, check_message, check_record, check_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_html_offsets_point_into_the_source() -> None:
    source = (
        "<html><head><style>p { content: 'au plus vite' }</style></head><body>\n"
        "<p>Ce n&rsquo;est qu'un <b>petit</b> souci.</p>\n"
        '<p title="au plus vite">Nous &eacute;tions d&eacute;bord&eacute;s.</p>\n'
        "</body></html>"
    )
    findings = check_text(source, kind="html", language="fr")
    assert [(f.category, f.matched, f.line, f.column) for f in findings] == [
        ("minimisation", "Ce n&rsquo;est qu'un <b>petit</b> souci", 2, 4),
        ("excuse", "Nous &eacute;tions d&eacute;bord&eacute;s", 3, 25),
    ]
    for finding in findings:
        assert source[finding.start : finding.end] == finding.matched


def test_html_blockquote_is_quoted_history() -> None:
    source = (
        "<p>We will reply by 5:00 p.m. today.</p>"
        "<blockquote><p>Just a minor glitch?</p></blockquote>"
    )
    assert check_text(source, kind="html", language="en") == []


def test_markdown_markup_does_not_split_a_phrase() -> None:
    source = "# Update\n\nIt was *just* a **minor glitch**, see [our status page](https://example.com/asap).\n"
    findings = check_text(source, kind="markdown", language="en")
    assert [(f.matched, f.line, f.column) for f in findings] == [("just* a **minor glitch", 3, 9)]


def _email() -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "Un petit souci sur votre commande"
    message["From"] = "sarah@example.com"
    message["To"] = "claire@example.fr"
    message.set_content("Bonjour,\n\nNous reviendrons vers vous au plus vite.\n")
    message.add_alternative(
        "<p>Bonjour,</p>\n<p>Nous reviendrons vers vous <b>au plus vite</b>.</p>", subtype="html"
    )
    return message


def test_an_email_is_checked_part_by_part() -> None:
    findings = check_message(_email().as_bytes())
    assert [(f.part, f.rule_id, f.matched, f.line, f.column) for f in findings] == [
        ("subject", "FR-MINIMISATION-001", "Un petit souci", 1, 1),
        ("text", "FR-VAGUE-001", "au plus vite", 3, 28),
        ("html", "FR-VAGUE-001", "au plus vite", 2, 34),
    ]


def test_an_email_object_and_its_text_give_the_same_findings() -> None:
    message = _email()
    assert check_message(message) == check_message(message.as_string())


def test_an_email_stage_check_reads_the_text_part_once() -> None:
    findings = check_message(_email(), stage="acknowledgement")
    assert [(f.part, f.rule_id) for f in findings if f.category == "stage"] == [
        ("text", "FR-STAGE-001")
    ]


def test_a_latin1_email_part_is_decoded() -> None:
    raw = (
        b"Subject: =?iso-8859-1?q?Retard?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\nNous \xe9tions d\xe9bord\xe9s.\r\n"
    )
    assert [(f.part, f.matched) for f in check_message(raw)] == [("text", "Nous étions débordés")]


def _record_text(root_cause: str) -> str:
    text = (ROOT / "examples" / "livraison-en-retard.fr.yaml").read_text(encoding="utf-8")
    start = text.index("  root_cause: >-")
    end = text.index("  detection_gap:")
    return text[:start] + f"  root_cause: {root_cause}\n" + text[end:]


@pytest.mark.skipif(not EXAMPLES, reason="the example records are not there yet")
def test_a_record_finding_carries_its_field_path_and_line(tmp_path: Path) -> None:
    from excuses.loader import load_record

    path = tmp_path / "incident.yaml"
    text = _record_text("C'est Cyril qui a oublié de contrôler les colis.")
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("  root_cause:")].count("\n") + 1
    findings = check_record(load_record(path))
    assert [(f.field_path, f.rule_id, f.matched, f.line, f.source) for f in findings] == [
        (
            "resolution.root_cause",
            "FR-BLAME-PERSON-001",
            "C'est Cyril qui a oublié",
            line,
            str(path),
        )
    ]


@pytest.mark.skipif(not EXAMPLES, reason="the example records are not there yet")
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_example_records_have_no_finding(path: Path) -> None:
    from excuses.loader import load_record

    assert check_record(load_record(path)) == []


@pytest.mark.skipif(not EXAMPLES, reason="the example records are not there yet")
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_drafted_stage_passes_the_checker(path: Path) -> None:
    from excuses.drafting import draft

    for stage in ("acknowledgement", "apology", "update", "closing", "debrief"):
        drafted = draft(path, stage, now=datetime(2026, 11, 23, 10, 30))
        assert check_draft(drafted) == [], stage
        assert check_message(drafted.to_email(), stage=stage) == [], stage


def test_check_draft_reads_any_object_with_the_draft_attributes() -> None:
    record = SimpleNamespace(team=[SimpleNamespace(name="Marie de Rosnay")])
    draft = SimpleNamespace(
        stage="apology",
        language="fr",
        subject="Votre commande",
        text="Marie de Rosnay a oublié votre colis.",
        html="<p>Marie de Rosnay a oublié votre colis.</p><p>Ce n'est qu'un petit souci.</p>",
        record=record,
    )
    # The HTML says what the text says: what both say is reported once, from the text.
    assert [(f.part, f.rule_id, f.matched) for f in check_draft(draft)] == [
        ("text", "FR-BLAME-PERSON-001", "Marie de Rosnay a oublié"),
        ("html", "FR-MINIMISATION-001", "Ce n'est qu'un petit souci"),
        ("text", "FR-STAGE-002", ""),
        ("text", "FR-STAGE-003", ""),
    ]


def _quality() -> object:
    spec = importlib.util.spec_from_file_location(
        "lint_quality", ROOT / "bench" / "lint_quality.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["lint_quality"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_tuned_corpus_meets_the_precision_and_recall_floors(language: str) -> None:
    quality = _quality()
    rows = quality.rows_of("tuned", language)  # type: ignore[attr-defined]
    positives = sum(1 for row in rows if row.categories)
    assert positives <= len(rows) - positives  # at least as many hard negatives as positives
    scores = quality.evaluate(language, rows, True)  # type: ignore[attr-defined]
    assert scores.precision() >= quality.PRECISION_FLOOR, scores.misses  # type: ignore[attr-defined]
    assert scores.recall() >= quality.RECALL_FLOOR, scores.misses  # type: ignore[attr-defined]


def test_the_quality_bench_counts_a_flag_under_another_category_as_detected_only() -> None:
    quality = _quality()
    row = quality.Row  # type: ignore[attr-defined]
    rows = [
        row(("excuse",), "dev", "a", "It is not our fault."),  # flagged, as denial
        row(("excuse",), "dev", "b", "Thank you for your patience."),  # not flagged
        row((), "dev", "c", "Thank you for your order."),
    ]
    scores = quality.evaluate("en", rows, False)  # type: ignore[attr-defined]
    assert (scores.recall(), scores.precision()) == (0.0, 0.0)
    assert scores.fp["denial"] == 1
    assert scores.detection() == (1.0, 0.5)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_quality_bench_reads_dev_by_kind_of_source(language: str) -> None:
    """Each dev row counts once, under the kind its source has in the corpus (a retired
    blind set's rows under the set's name), so the per-kind lines add up to the split."""
    quality = _quality()
    rows = quality.rows_of("dev", language)  # type: ignore[attr-defined]
    groups = quality.by_kind(rows)  # type: ignore[attr-defined]
    assert sum(len(group) for group in groups.values()) == len(rows)
    assert {"written-case", "support-reply", "incident-statement", "blind-10"} <= set(groups)
    for kind, group in groups.items():
        assert all((row.kind or row.source) == kind for row in group)
    sizes = [len(group) for group in groups.values()]
    assert sizes == sorted(sizes, reverse=True)


def test_the_corpus_is_large_and_covers_every_category_in_both_languages() -> None:
    from excuses.lint._rules import CATEGORIES

    quality = _quality()
    for language in ("fr", "en"):
        rows = [
            row
            for name in ("tuned", "train", "dev")
            for row in quality.rows_of(name, language)  # type: ignore[attr-defined]
        ]
        covered = set().union(*(set(row.categories) for row in rows))
        assert covered == set(CATEGORIES)
        assert len(rows) >= 1000


def test_the_sets_never_used_to_tune_show_figures_and_never_a_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    quality = _quality()
    row = quality.Row  # type: ignore[attr-defined]
    rows = [
        row(("vague-deadline",), "blind", "a", "Nous reviendrons vers vous au plus vite."),
        row(("denial",), "blind", "b", "Une phrase sans aucun réflexe repérable."),
        row((), "blind", "c", "Nous vous répondrons avant 17 h 00 aujourd'hui."),
    ]
    scores = quality.evaluate("fr", rows, False)  # type: ignore[attr-defined]
    quality.print_table("fr blind", scores)  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert "== fr blind: 3 sentences, 2 positive" in out
    assert [line.split()[:4] for line in out.splitlines()[2:4]] == [
        ["denial", "0", "0", "1"],
        ["vague-deadline", "1", "0", "0"],
    ]
    assert "phrase" not in out and "vite" not in out and not scores.misses
