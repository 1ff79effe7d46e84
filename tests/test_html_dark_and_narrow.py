"""HTML drafts: dark mode, tables that stack on phones, names, dates and references kept whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from excuses import Stage
from test_draft import EXAMPLES, drafted

CLIENT_STAGES = [Stage.APOLOGY, Stage.UPDATE, Stage.CLOSING]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.value)
def test_every_draft_declares_and_styles_dark_mode(example: Path, stage: Stage) -> None:
    html = drafted(example, stage).html
    assert '<meta name="color-scheme" content="light dark" />' in html
    assert '<meta name="supported-color-schemes" content="light dark" />' in html
    assert "color-scheme: light dark" in html
    dark = html.split("@media (prefers-color-scheme: dark)", 1)[1].split("</style>", 1)[0]
    # The page, the card, its text and headings, and the footer all change colour.
    for selector in ("body", ".card", ".card p", ".card h2", ".foot div", ".brand"):
        assert selector in dark
    for css_class in ("page", "card", "foot", "brand"):
        assert re.search(rf'class="[^"]*\b{css_class}\b', html), css_class


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_plan_table_stacks_on_a_phone_and_keeps_names_and_dates_whole(example: Path) -> None:
    html = drafted(example, Stage.APOLOGY).html
    narrow = html.split("@media only screen and (max-width: 480px)", 1)[1].split("</style>", 1)[0]
    assert ".plan tr" in narrow and "display: block" in narrow
    assert ".plan tr.head { display: none" in narrow
    assert '<tr class="head">' in html
    rows = re.findall(
        r'<td class="what">.*?</td><td class="nowrap">.*?</td><td class="when">', html
    )
    assert rows, "each step row marks its owner nowrap and its date"
    assert ".nowrap, .plan td.when { white-space: nowrap; }" in html


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.value)
def test_the_reference_never_breaks_at_its_hyphen(example: Path, stage: Stage) -> None:
    item = drafted(example, stage)
    reference = item.record.incident.id
    # The header's and the footer's "Ref: INC-2026-0142" are kept on one line.
    assert item.html.count(f'<span class="nowrap">{reference}</span>') == 2


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_table_heading_gets_the_spacing_of_the_other_headings(example: Path) -> None:
    html = drafted(example, Stage.CLOSING).html
    assert "h2.table-title { margin-top: 2px; }" in html
    assert '<h2 class="table-title">' in html
