"""Layout rules of the HTML drafts that a phone screen depends on."""

from __future__ import annotations

from pathlib import Path

import pytest

import excuses

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("example", ["factures-en-double.fr.yaml", "duplicate-invoices.en.yaml"])
def test_plan_table_never_splits_a_word_across_lines(example: str) -> None:
    # MJML wraps tables in word-break: break-word, which lets a narrow column
    # cut names in two ("Lambe/rt") on a phone; the plan's cells opt out.
    html = excuses.draft(ROOT / "examples" / example, "closing", now=None).html
    assert ".plan th, .plan td { word-break: normal; overflow-wrap: normal; }" in html
    assert 'class="plan"' in html
