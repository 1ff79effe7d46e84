"""Text from the record is data: escaped in HTML, never evaluated, whatever it contains."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from excuses import Stage, draft, load_record
from excuses.record import IncidentRecord

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "livraison-en-retard.fr.yaml"
NOW = datetime(2026, 11, 25, 12, 0)

HOSTILE = {
    "script": "<script>alert('x')</script>",
    "jinja": "{{ 7*7 }}",
    "raw": "{% raw %}",
    "block": "{% endblock %}",
    "square": "[% include 'layout.mjml' %]",
    "emoji": "Livraison 📦 en retard 😞",
    "rtl": "طلبية متأخرة",
    "amp": "Fish & Chips <b>gras</b>",
}
ALL = " | ".join(HOSTILE.values())


def hostile_record() -> IncidentRecord:
    record = load_record(EXAMPLE)
    incident = dataclasses.replace(
        record.incident,
        title=f"Commande {HOSTILE['emoji']} {HOSTILE['rtl']}",
        what_happened=ALL,
        impact=HOSTILE["script"],
        client_words=HOSTILE["jinja"] + " " + HOSTILE["raw"],
        symptoms=(HOSTILE["block"], HOSTILE["square"]),
    )
    client = dataclasses.replace(record.client, contact_name="Madame <i>Vasseur</i> {{ x }}")
    actions = tuple(
        dataclasses.replace(a, description=HOSTILE["amp"], owner=HOSTILE["script"])
        for a in record.actions
    )
    assert record.resolution is not None
    resolution = dataclasses.replace(
        record.resolution, root_cause=HOSTILE["jinja"], detection_gap=HOSTILE["rtl"]
    )
    return dataclasses.replace(
        record, incident=incident, client=client, actions=actions, resolution=resolution
    )


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.value)
def test_hostile_record_drafts_safely(stage: Stage) -> None:
    item = draft(hostile_record(), stage, now=NOW)
    # Never evaluated: the template syntax in the record comes out as written.
    assert "49" not in item.text and "49" not in item.html
    parser = _Collect()
    parser.feed(item.html)
    # Escaped: the record's markup is text in the HTML, never an element.
    assert "script" not in parser.tags
    assert "i" not in parser.tags
    assert "<script>" not in item.html
    if stage in (Stage.ACKNOWLEDGEMENT, Stage.APOLOGY, Stage.UPDATE):
        assert HOSTILE["script"] in item.text
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in item.html
    if stage is not Stage.DEBRIEF:
        assert "Madame <i>Vasseur</i> {{ x }}" in "".join(parser.text)
        assert "Madame <i>Vasseur</i> {{ x }}" in item.text
    # The subject keeps 78 characters: the title's end (the right-to-left words) is cut
    # at a word, never inside an emoji or a right-to-left run.
    assert HOSTILE["emoji"] in item.subject
    assert item.subject.endswith("\u2026 (INC-2026-0142)")


def test_every_hostile_value_reaches_the_text_unchanged() -> None:
    record = hostile_record()
    acknowledgement = draft(record, Stage.ACKNOWLEDGEMENT, now=NOW)
    flat = " ".join(acknowledgement.text.split())
    for value in HOSTILE.values():
        assert value in flat
    closing = draft(record, Stage.CLOSING, now=NOW)
    assert "{{ 7*7 }}" in closing.text
    assert HOSTILE["rtl"] in closing.text
    apology = draft(record, Stage.APOLOGY, now=NOW)
    assert "Fish & Chips <b>gras</b>" in apology.text
    assert "Fish &amp; Chips &lt;b&gt;gras&lt;/b&gt;" in apology.html


def test_hostile_record_becomes_an_email_that_reads_back() -> None:
    from email import message_from_bytes, policy

    item = draft(hostile_record(), Stage.APOLOGY, now=NOW)
    parsed = message_from_bytes(item.to_email().as_bytes(), policy=policy.default)
    assert parsed["Subject"] == item.subject
    assert parsed["To"].addresses[0].display_name == "Madame <i>Vasseur</i> {{ x }}"
