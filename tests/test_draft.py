"""Every stage of every example: golden subject and text, and what each stage must say."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from excuses import FoundBy, Stage, draft, load_record
from excuses.drafting import Draft
from excuses.filters import money
from excuses.phrasing import locale_for, say_datetime, say_day, say_deadline
from excuses.record import IncidentRecord

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = Path(__file__).resolve().parent / "golden"
STAGES = list(Stage)


def moment_for(record: IncidentRecord, stage: Stage) -> datetime:
    """A plausible time to draft ``stage``, read from the record's own history."""
    incident = record.incident
    if stage is Stage.ACKNOWLEDGEMENT:
        return incident.reported_at + timedelta(minutes=15)
    if stage is Stage.APOLOGY:
        acks = [c.delivered_at for c in record.commitments if c.stage is Stage.ACKNOWLEDGEMENT]
        return acks[0] if acks and acks[0] else incident.reported_at + timedelta(hours=2)
    if stage is Stage.UPDATE:
        return record.updates[-1].sent_at if record.updates else incident.reported_at
    assert record.resolution is not None
    if stage is Stage.CLOSING:
        return record.resolution.resolved_at + timedelta(hours=1)
    return record.resolution.resolved_at + timedelta(days=1)


def written(record: IncidentRecord) -> str:
    """How the record's messages write dates and amounts: by its language and client's country."""
    return locale_for(record.language, record.client.country)


def drafted(example: Path, stage: Stage) -> Draft:
    record = load_record(example)
    return draft(record, stage, now=moment_for(record, stage))


CASES = [pytest.param(e, s, id=f"{e.stem}-{s.value}") for e in EXAMPLES for s in STAGES]


def test_the_four_examples_are_there() -> None:
    assert [e.name for e in EXAMPLES] == [
        "duplicate-invoices.en.yaml",
        "factures-en-double.fr.yaml",
        "late-delivery.en.yaml",
        "livraison-en-retard.fr.yaml",
    ]


@pytest.mark.parametrize(("example", "stage"), CASES)
def test_golden_subject_and_text(example: Path, stage: Stage) -> None:
    item = drafted(example, stage)
    actual = f"Subject: {item.subject}\n\n{item.text}"
    golden = GOLDEN / example.stem / f"{stage.value}.txt"
    if os.environ.get("EXCUSES_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"{golden.name} is missing; write it with EXCUSES_UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(("example", "stage"), CASES)
def test_draft_language_and_wrapping(example: Path, stage: Stage) -> None:
    item = drafted(example, stage)
    assert item.stage is stage
    assert item.language == example.suffixes[0].lstrip(".")
    assert "\n" not in item.subject
    assert item.text.endswith("\n") and "\n\n\n" not in item.text
    long_lines = [line for line in item.text.splitlines() if len(line) > 72]
    # Only a single word longer than the width may stand out.
    assert all(" " not in line.strip() for line in long_lines), long_lines


class _Outline(HTMLParser):
    """Collects the tags, the text, and any unbalanced closing tag of an HTML body."""

    VOID = frozenset({"br", "meta", "link", "img", "hr", "col", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in not in ("style",):
            self.text.append(data)


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize(("example", "stage"), CASES)
def test_html_is_well_formed_and_says_the_same(example: Path, stage: Stage) -> None:
    item = drafted(example, stage)
    parsed = outline(item.html)
    assert parsed.errors == []
    assert parsed.stack == []
    assert parsed.title == item.subject
    assert "script" not in parsed.tags
    assert {"html", "head", "body", "table"} <= set(parsed.tags)
    body = " ".join(" ".join(parsed.text).split())
    record = item.record
    assert record.sender.name in body
    assert record.incident.id in body
    # No placeholder or markup from the template machinery leaks into the email.
    for leak in ("{{", "}}", "{%", "%}", "[%", "%]", "<mj-", "None"):
        assert leak not in item.html


def _flat(text: str) -> str:
    # French drafts write the typographic apostrophe; the expectations here type it straight.
    return " ".join(text.replace("\u2019", "'").split())


def _has(text: str, fragment: str) -> bool:
    return _flat(fragment) in _flat(text)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.stem)
def test_acknowledgement_states_the_precise_deadline(example: Path) -> None:
    item = drafted(example, Stage.ACKNOWLEDGEMENT)
    record = item.record
    now = moment_for(record, Stage.ACKNOWLEDGEMENT)
    answer_by = item.facts["answer_by"]
    assert answer_by > record.incident.reported_at
    phrase = say_deadline(answer_by, language=written(record), now=now, relative=False)
    assert _has(item.text, phrase), phrase
    assert _has(item.html.replace("&#39;", "'"), phrase)
    fr = record.language == "fr"
    if record.incident.found_by.value == "client":
        assert _has(item.text, "Merci de nous avoir signalé" if fr else "Thank you for letting us")
        for question in record.incident.questions:
            assert _has(item.text, question)
        assert _has(item.text, "étudie le problème dès maintenant" if fr else "looking into it")
    else:
        assert _has(item.text, "avant que vous ne le découvriez" if fr else "hear it from us first")
        for fact in record.incident.known_facts:
            assert _has(item.text, fact[1:])
    assert _has(item.text, record.incident.impact)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.stem)
def test_apology_owns_the_mistake_and_gives_the_plan_with_dates(example: Path) -> None:
    item = drafted(example, Stage.APOLOGY)
    record = item.record
    fr = record.language == "fr"
    now = moment_for(record, Stage.APOLOGY)
    assert _has(item.text, "Nous avons fait une erreur" if fr else "We made a mistake")
    for action in record.actions:
        assert _has(item.text, action.description)
        assert _has(item.text, action.owner)
        if not action.done:
            when = say_datetime(action.due, language=written(record), now=now)
            assert _has(item.text, when), when
    assert item.facts["actions_due"] == tuple(a.due for a in record.actions)
    following = say_deadline(item.facts["next_update_at"], language=written(record), now=now)
    assert _has(item.text, following.removesuffix(".")), following


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.stem)
def test_update_gives_status_and_the_time_of_the_next_one(example: Path) -> None:
    item = drafted(example, Stage.UPDATE)
    record = item.record
    fr = record.language == "fr"
    now = moment_for(record, Stage.UPDATE)
    following = say_deadline(item.facts["next_update_at"], language=written(record), now=now)
    assert _has(item.text, following.removesuffix("."))
    latest = record.updates[-1]
    for line in (*latest.done, *latest.in_progress, *latest.blocked):
        assert _has(item.text, line[1:])
    if not latest.blocked:
        assert _has(item.text, "Rien n'est bloqué" if fr else "Nothing is blocked")
    if item.facts["missed"]:
        assert _has(item.text, "nous n'avons pas tenu" if fr else "we did not keep that promise")
        assert _has(item.text, "Nous vous présentons nos excuses" if fr else "We apologi")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.stem)
def test_closing_gives_cause_gap_measures_gesture_and_asks(example: Path) -> None:
    item = drafted(example, Stage.CLOSING)
    record = item.record
    resolution = record.resolution
    assert resolution is not None and resolution.gesture is not None
    fr = record.language == "fr"
    for part in (resolution.summary, resolution.root_cause, resolution.detection_gap):
        assert _has(item.text, part)
    for measure in resolution.measures:
        assert _has(item.text, measure.description)
        assert _has(item.text, say_day(measure.due, language=written(record)))
    gesture = resolution.gesture
    assert _has(item.text, gesture.description)
    if gesture.amount is not None and gesture.currency:
        amount = money(gesture.amount, gesture.currency, written(record))
        assert _has(item.text, amount)
        assert amount in item.html
    assert _has(item.text, "Cette solution vous convient-elle" if fr else "Does this solution")
    assert _has(item.text, "répondant à ce message" if fr else "replying to this email")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.stem)
def test_debrief_asks_the_two_questions_without_blame(example: Path) -> None:
    item = drafted(example, Stage.DEBRIEF)
    record = item.record
    resolution = record.resolution
    assert resolution is not None
    fr = record.language == "fr"
    why = "Pourquoi le dysfonctionnement a-t-il eu lieu" if fr else "Why did the failure happen?"
    # "Why did we not see it before the client?" only when the client saw it first.
    if record.incident.found_by is FoundBy.CLIENT:
        second = (
            "Pourquoi ne l'avons-nous pas détecté avant le client"
            if fr
            else "Why did we not detect it before the client did?"
        )
    else:
        second = "Qu'est-ce qui a laissé passer l'erreur" if fr else "What let it through?"
    assert _has(item.text, why)
    assert _has(item.text, second)
    assert not _has(item.text, "personne ne l'a détecté" if fr else "nobody detect")
    # Blameless means no culprit is sought; "sans reproche" would mean beyond reproach.
    assert _has(item.text, "sans recherche de coupable" if fr else "blameless review")
    assert not _has(item.text, "sans reproche")
    for measure in resolution.measures:
        assert _has(item.text, measure.description)
        assert measure.owner is not None and _has(item.text, measure.owner)
    # Internal: addressed to the team, not to the client.
    assert record.client.email not in {address for _, address in item.recipients()}
    assert not item.text.startswith(("Bonjour Madame", "Dear"))


def test_accented_examples_use_french_typography_in_our_words() -> None:
    item = drafted(ROOT / "examples" / "livraison-en-retard.fr.yaml", Stage.CLOSING)
    assert "Cette solution vous convient-elle\u202f?" in item.text
    assert "Le déroulé\u00a0:" in item.text
    assert "150\u00a0€" in item.text
    assert "11\u00a0h\u00a000" in item.text


FR_TYPO = [p for p in (ROOT / "templates" / "fr").iterdir() if p.is_file()]


@pytest.mark.parametrize("template", FR_TYPO, ids=lambda p: p.name)
def test_french_templates_keep_no_break_spaces(template: Path) -> None:
    import re

    source = re.sub(
        # Template code, tags and the style sheets (CSS is not French text).
        r"<mj-style>.*?</mj-style>|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\[%.*?%\]|\[#.*?#\]|<[^>]*>",
        "",
        template.read_text(),
        flags=re.S,
    )
    assert re.findall(r"\w [;:!?»]|« ", source) == []


def test_the_inbox_preview_states_the_deadline() -> None:
    item = drafted(ROOT / "examples" / "livraison-en-retard.fr.yaml", Stage.ACKNOWLEDGEMENT)
    preview = item.html.split('<div style="display:none;', 1)[1].split("</div>", 1)[0]
    assert preview.endswith(
        ">Merci de votre signalement\u00a0: nous reviendrons vers vous avant 18\u00a0h\u00a000 "
        "aujourd\u2019hui, lundi 23\u00a0novembre."
    )
