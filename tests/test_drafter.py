"""``Drafter``: one configuration (templates, policy, checker settings) for many drafts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import excuses

ROOT = Path(__file__).resolve().parent.parent
LATE = ROOT / "examples" / "late-delivery.en.yaml"
CRITICAL = ROOT / "examples" / "duplicate-invoices.en.yaml"
TEMPLATES = ROOT / "docs" / "examples" / "templates"
NOW = datetime(2026, 11, 23, 11, 0)


def test_a_drafter_drafts_as_draft_does_with_its_settings() -> None:
    policy = excuses.Policy.from_mapping({"critical": {"answer_within": "30 minutes"}})
    drafter = excuses.Drafter(templates=TEMPLATES, policy=policy)
    for stage in ("acknowledgement", "apology"):
        mine = drafter.draft(CRITICAL, stage, now=NOW)
        theirs = excuses.draft(CRITICAL, stage, now=NOW, templates=TEMPLATES, policy=policy)
        assert (mine.subject, mine.text, mine.html, mine.facts) == (
            theirs.subject,
            theirs.text,
            theirs.html,
            theirs.facts,
        )
    plain = excuses.draft(CRITICAL, "acknowledgement", now=NOW)
    assert drafter.draft(CRITICAL, "acknowledgement", now=NOW).facts != plain.facts


def test_a_drafter_drafts_batches_and_checks_with_its_settings() -> None:
    drafter = excuses.Drafter(
        lint_config=excuses.LintConfig(disabled=frozenset({"excuse"}), stage_checks=False)
    )
    records = [excuses.load_record(LATE), excuses.load_record(LATE)]
    items = list(drafter.draft_all(records, "acknowledgement", now=NOW))
    assert [item.position for item in items] == [1, 2]
    assert all(item.draft is not None and item.error is None for item in items)
    draft = items[0].draft
    assert draft is not None
    bad = type(draft)(
        **{**vars(draft), "text": "We were swamped.", "html": "<p>We were swamped.</p>"}
    )
    assert drafter.check(bad) == []
    assert [f.rule_id for f in excuses.check_draft(bad)] == ["EN-EXCUSE-001", "EN-STAGE-001"]


def test_a_wrong_template_folder_fails_when_the_drafter_is_made(tmp_path: Path) -> None:
    with pytest.raises(excuses.TemplateError, match="does not exist or is not a folder"):
        excuses.Drafter(templates=tmp_path / "nowhere")
