"""The checks themselves: a text, an email message, an incident record or a draft."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from ._clauses import get_clauses
from ._compiled import helper
from ._engine import _BLANK_LINE, Engine, Hit, detect_language, get_engine, spaced
from ._inputs import (
    Extracted,
    extract,
    message_parts,
    parse_message,
    plain,
    plain_message,
    plain_message_parts,
)
from ._masking import blank, masked_ranges, overlaps
from ._model import Reading, get_model, model_rule_id, model_texts
from ._normalize import normalize
from ._reading import ReadSentence, sentences
from ._runs import Memory, run_ends
from ._suppress import Suppressions, read_markers
from ._types import Finding, LintConfig, Severity

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from email.message import EmailMessage, Message
    from typing import Any

    from ..record import IncidentRecord, Stage
    from ._clauses import Clause
    from ._rules import Rule
    from ._runs import Found

_DEFAULT = LintConfig()
#: The ``source`` of the shipped rules (``excuses/lint/rules/en.toml``).
_BUILTIN = "excuses/lint/rules/"
#: Per sentence: the classifier's reading, the shipped rules' matches in it, and
#: whether any rule (a user's too) matched in it.
_Readings = list[tuple[ReadSentence, Reading, list[Hit], bool]]
_NEWLINE = helper("\n")
#: What was found in each run of sentences met (see ``_runs``).
_RUNS = Memory()
_START = re.Match.start
#: Whether a text is checked run by run, each run met before taken from memory; else whole,
#: as the tests do to compare the two.
BY_RUNS = True


class _Lines:
    """Line and column of offsets in one source, from an index built on first use."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._breaks: list[int] | None = None

    def locate(self, offset: int) -> tuple[int, int]:
        if len(self.source) < 20_000:
            # Counting in C beats building an index for an email-sized text.
            line_start = self.source.rfind("\n", 0, offset) + 1
            return self.source.count("\n", 0, offset) + 1, offset - line_start + 1
        if self._breaks is None:
            self._breaks = [m.start() for m in _NEWLINE.finditer(self.source)]
        line = bisect_right(self._breaks, offset - 1)
        line_start = self._breaks[line - 1] + 1 if line else 0
        return line + 1, offset - line_start + 1


class _Placer:
    """Turns a span of one part's source into a finding: located, silenced by its
    markers, and given the severity the configuration sets. Rules, clause rules and
    the classifier all place their findings through it."""

    def __init__(
        self,
        extracted: Extracted,
        markers: Suppressions,
        config: LintConfig,
        field_path: str | None,
        source_name: str | None,
        base_line: int | None,
    ) -> None:
        self.extracted = extracted
        self.lines = _Lines(extracted.source)
        self.markers = markers
        self.config = config
        self.field_path = field_path
        self.source_name = source_name
        self.base_line = base_line

    def place(
        self,
        start: int,
        end: int,
        rule_id: str,
        category: str,
        severity: Severity,
        message: str,
        suggestion: str,
        *,
        confidence: float | None = None,
        evidence: tuple[str, ...] = (),
    ) -> Finding | None:
        """The finding at ``[start, end)``, or None where a marker silences it."""
        line, column = self.lines.locate(start)
        if self.markers.silences(line, rule_id, category):
            return None
        return Finding(
            rule_id=rule_id,
            category=category,
            severity=self.config.severity_of(rule_id, category, severity),
            message=message,
            suggestion=suggestion,
            matched=self.extracted.source[start:end],
            start=start,
            end=end,
            line=line if self.base_line is None else self.base_line + line - 1,
            column=column,
            part=self.extracted.part,
            field_path=self.field_path,
            source=self.source_name,
            confidence=confidence,
            evidence=evidence,
        )


class _Prepared:
    """One extracted part, normalised and masked, ready for rules and stage checks."""

    def __init__(self, extracted: Extracted) -> None:
        self.extracted = extracted
        self.normalized = normalize(extracted.text)
        self.masked = masked_ranges(self.normalized.nfc)
        self.lowered = blank(self.normalized.lowered, self.masked)
        self.cased = blank(self.normalized.nfc, self.masked)


def _language_of(parts: Iterable[_Prepared], language: str | None) -> str:
    if language is not None:
        if language not in ("fr", "en"):
            from ..errors import ExcusesError

            raise ExcusesError(f"unknown language {language!r}; expected `fr` or `en`")
        return language
    chosen = list(parts)
    return detect_language(
        " ".join(p.lowered for p in chosen), " ".join(p.extracted.text for p in chosen)
    )


def _stage_name(stage: Any) -> str | None:
    if stage is None:
        return None
    name = str(getattr(stage, "value", stage)).lower()
    if name not in ("acknowledgement", "apology", "update", "closing", "debrief"):
        from ..errors import ExcusesError

        raise ExcusesError(
            f"unknown stage {name!r}; expected acknowledgement, apology, update, closing or debrief"
        )
    return name


def _word_end(text: str, end: int) -> int:
    """``end`` moved to the end of the word it falls inside.

    Patterns name a word by its stem ("plante" for "plantée"); the reported
    span still covers the whole word the reader sees.
    """
    if end == 0 or not text[end - 1].isalnum():
        return end
    while end < len(text) and text[end].isalnum():
        end += 1
    return end


def _phrase_findings(
    prepared: _Prepared,
    language: str,
    config: LintConfig,
    team_names: tuple[str, ...],
    *,
    field_path: str | None = None,
    source_name: str | None = None,
    base_line: int | None = None,
) -> list[Finding]:
    engine = get_engine(language, config.extra_rules, team_names)
    extracted = prepared.extracted
    markers = read_markers(extracted.source)
    if markers.whole:
        return []
    if engine.stretches and BY_RUNS:
        found = _found_by_runs(prepared.lowered, prepared.cased, language, config, engine)
    else:
        found = _found(prepared.lowered, prepared.cased, language, config, engine)
    placer = _Placer(extracted, markers, config, field_path, source_name, base_line)
    return _placed(prepared, language, found, placer)


def _found_by_runs(
    lowered: str, cased: str, language: str, config: LintConfig, engine: Engine
) -> Found:
    """What :func:`_found` finds in the whole text, read run by run (``_runs``): each run
    met before is taken from memory, by its text."""
    memory = _RUNS.of(language, config.disabled, get_model(language))
    phrase: list[tuple[Rule, int, int, int]] = []
    claused: list[tuple[Clause, int, int]] = []
    modelled: list[tuple[str, str, float, int, int, tuple[tuple[int, int], ...]]] = []
    # Where a client wrapped the lines changes nothing the checks read in a run without a
    # blank line that does not end on a line break (``_engine.spaced``): such a run is
    # taken from the text with its line breaks as spaces, made once.
    if "\n" in lowered:
        flat_lowered = lowered.replace("\n", " ")
        flat_cased = cased.replace("\n", " ")
        # Where each blank line opens, read once: a run ends just after a ".", so the spaces
        # and line breaks around a blank line fall inside one run. The text's last line
        # break counts as one, so that a run ending on it is read as it is.
        blanks = list(map(_START, _BLANK_LINE.finditer(lowered)))
        if lowered[-1] == "\n":
            blanks.append(len(lowered) - 1)
    else:
        flat_lowered, flat_cased, blanks = lowered, cased, []
    blanks.append(len(lowered) + 1)
    next_blank = blanks[0]
    passed = 0
    last = 0
    get = memory.get
    for end in run_ends(lowered, cased, engine.dot_cuts):
        if next_blank < end:
            key = (lowered[last:end], cased[last:end])
            while next_blank < end:
                passed += 1
                next_blank = blanks[passed]
        else:
            key = (flat_lowered[last:end], flat_cased[last:end])
        found = get(key)
        if found is None:
            found = memory[key] = _found_anew(*key, language, config, engine, memory)
        if found[0] or found[1] or found[2]:  # most runs hold nothing: no call for them
            _add(found, last, phrase, claused, modelled)
        last = end
    return phrase, claused, modelled


def _found_anew(
    lowered: str,
    cased: str,
    language: str,
    config: LintConfig,
    engine: Engine,
    memory: dict[tuple[str, str], Found],
) -> Found:
    """What :func:`_found_by_paragraphs` finds in a run met for the first time; for a run that
    opens on one space before a letter or digit, what it finds in the run without that space,
    moved by one (see ``_runs``): an email's first sentence is met without it, after the blank
    line below the greeting, and the same sentence later in an email with it."""
    if (
        lowered[:1] == " "
        and cased[:1] == " "
        and lowered[1:2].isalnum()
        and not engine.opens_on_blank
    ):
        bare = (lowered[1:], cased[1:])
        inner = memory.get(bare)
        if inner is None:
            inner = memory[bare] = _found_by_paragraphs(*bare, language, config, engine, memory)
        found: Found = ([], [], [])
        _add(inner, 1, *found)
        return found
    return _found_by_paragraphs(lowered, cased, language, config, engine, memory)


def _found_by_paragraphs(
    lowered: str,
    cased: str,
    language: str,
    config: LintConfig,
    engine: Engine,
    memory: dict[tuple[str, str], Found],
) -> Found:
    """What :func:`_found` finds in a run, read apart on each side of its last blank line
    when that changes nothing (see ``_runs``), each side from memory when met before:
    an email's greeting opens its first sentence's run, its signature closes another."""
    blanks = [match.end() for match in _BLANK_LINE.finditer(lowered)]
    if not blanks or blanks[-1] == len(lowered):
        return _found(lowered, cased, language, config, engine)
    cut = blanks[-1]
    head, head_twin = lowered[:cut], cased[:cut]
    # No rule may match from the paragraph before, whether read with what follows or alone.
    if not engine.quiet_before(lowered, cased, cut) or engine.hits(head, head_twin):
        return _found(lowered, cased, language, config, engine)
    rest, rest_twin = lowered[cut:], cased[cut:]
    if "\n" in rest and (spaced_rest := spaced(rest)) is not None:
        rest, rest_twin = spaced_rest, rest_twin.replace("\n", " ")
    found = []
    for key in ((head, head_twin), (rest, rest_twin)):
        known = memory.get(key)
        if known is None:
            known = memory[key] = _found(*key, language, config, engine)
        found.append(known)
    both: Found = ([], [], [])
    _add(found[0], 0, *both)
    _add(found[1], cut, *both)
    return both


def _add(
    found: Found,
    by: int,
    phrase: list[tuple[Rule, int, int, int]],
    claused: list[tuple[Clause, int, int]],
    modelled: list[tuple[str, str, float, int, int, tuple[tuple[int, int], ...]]],
) -> None:
    """What was found in a part of a text, its offsets moved ``by`` the part's start, added
    to what was found in the text."""
    hits, clauses, verdicts = found
    if hits:
        phrase.extend((rule, a + by, b + by, c + by) for rule, a, b, c in hits)
    if clauses:
        claused.extend((clause, a + by, b + by) for clause, a, b in clauses)
    if verdicts:
        modelled.extend(
            (rule_id, category, confidence, a + by, b + by, _shifted(spans, by))
            for rule_id, category, confidence, a, b, spans in verdicts
        )


def _shifted(spans: tuple[tuple[int, int], ...], by: int) -> tuple[tuple[int, int], ...]:
    return tuple((a + by, b + by) for a, b in spans)


def _found(lowered: str, cased: str, language: str, config: LintConfig, engine: Engine) -> Found:
    """What the rules, the clause rules and the classifier find in a folded, masked text
    (``cased``: its twin with case kept), offsets into it, before it is placed."""
    if engine.quiet_in(lowered, cased):
        # No rule matches, and the reader finds no sentence in spaces and masked text.
        return [], [], []
    hits = engine.hits(lowered, cased)
    readings = _read_sentences(lowered, cased, language, config, hits)
    vetoed = {
        id(hit)
        for _, reading, shipped, _ in readings
        if shipped and reading.vetoes()
        for hit in shipped
    }
    phrase = [
        (hit.rule, hit.start, hit.end, _word_end(lowered, hit.end))
        for hit in hits
        if id(hit) not in vetoed and not config.is_disabled(hit.rule.id, hit.rule.category)
    ]
    clauses, claused = _clause_found(lowered, cased, language, config, engine, hits, readings)
    if claused:
        readings = [entry for entry in readings if id(entry[0]) not in claused]
    return phrase, clauses, _model_found(language, config, readings)


def _placed(prepared: _Prepared, language: str, found: Found, placer: _Placer) -> list[Finding]:
    """The findings of what was found in a part: outside masked text for a rule's match,
    mapped back to the source, located, silenced by markers (see :class:`_Placer`)."""
    phrase, clauses, verdicts = found
    extracted = prepared.extracted
    to_original = prepared.normalized.to_original
    findings: list[Finding] = []
    for rule, hit_start, hit_end, word_end in phrase:
        if overlaps(prepared.masked, hit_start, hit_end):
            continue
        start, end = extracted.span(to_original(hit_start), to_original(word_end))
        finding = placer.place(
            start, end, rule.id, rule.category, rule.severity, rule.message, rule.suggestion
        )
        if finding is not None:
            findings.append(finding)
    for clause, words_start, words_end in clauses:
        start, end = extracted.span(to_original(words_start), to_original(words_end))
        finding = placer.place(
            start,
            end,
            clause.id,
            clause.category,
            Severity(clause.severity),
            clause.message,
            clause.suggestion,
        )
        if finding is not None:
            findings.append(finding)
    source = extracted.source
    for rule_id, category, sure, sentence_start, sentence_end, spans in verdicts:
        start, end = extracted.span(to_original(sentence_start), to_original(sentence_end))
        evidence = tuple(
            source[a:b]
            for a, b in (extracted.span(to_original(a), to_original(b)) for a, b in spans)
        )
        confidence = round(sure, 2)
        message, suggestion = model_texts(language, category, confidence, evidence)
        finding = placer.place(
            start,
            end,
            rule_id,
            category,
            Severity.WARNING,
            message,
            suggestion,
            confidence=confidence,
            evidence=evidence,
        )
        if finding is not None:
            findings.append(finding)
    return findings


def _read_sentences(
    lowered: str, cased: str, language: str, config: LintConfig, hits: list[Hit]
) -> _Readings:
    """Each sentence with the classifier's reading of it and the rule matches that start in it.

    Empty when the classifier is off (``disable = ["model"]``) or has no model.
    """
    if "model" in config.disabled:
        return []
    model = get_model(language)
    if model is None:
        return []
    ordered = sorted(hits, key=lambda hit: hit.start)
    count = len(ordered)
    read = model.read
    readings: _Readings = []
    next_hit = 0
    for sentence in sentences(lowered, language, cased):
        # Sentences and hits are both in text order.
        while next_hit < count and ordered[next_hit].start < sentence.start:
            next_hit += 1
        if next_hit == count or ordered[next_hit].start >= sentence.end:
            # No rule matched in it, as in most sentences: read it as it is.
            readings.append((sentence, read(sentence.words, ()), [], False))
            continue
        ruled: list[Hit] = []
        while next_hit < count and ordered[next_hit].start < sentence.end:
            ruled.append(ordered[next_hit])
            next_hit += 1
        # The model learnt the shipped rules only: a user's own rules are neither
        # read as features nor ever dropped.
        shipped = [hit for hit in ruled if hit.rule.source.startswith(_BUILTIN)]
        categories = tuple(sorted({hit.rule.category for hit in shipped}))
        reading = read(sentence.words, categories)
        readings.append((sentence, reading, shipped, bool(ruled)))
    return readings


def _clause_found(
    lowered: str,
    cased: str,
    language: str,
    config: LintConfig,
    engine: Engine,
    hits: list[Hit],
    readings: _Readings,
) -> tuple[list[tuple[Clause, int, int]], set[int]]:
    """The clause rules' matches (``clauses/<lang>.toml``) in sentences no rule matched, each
    with the span of its words, and the ``id`` of each sentence they matched (the classifier
    leaves those alone).

    A match is dropped, as a phrase rule's is, when the sentence owns the fault (the rules
    file's ``owned`` patterns, for the categories they answer), or when the classifier reads
    the sentence with the clause's category as a feature and is sure enough that it is fine.
    """
    if "clauses" in config.disabled:
        return [], set()
    clauses = get_clauses(language)
    if clauses is None:
        return [], set()
    model = get_model(language) if readings else None
    if readings:
        unruled = [sentence for sentence, _, _, ruled in readings if not ruled]
    else:
        # The classifier is off: the text is read here, for the clause rules alone.
        starts = sorted(hit.start for hit in hits)
        unruled = [
            sentence
            for sentence in sentences(lowered, language, cased)
            if not _starts_within(starts, sentence.start, sentence.end)
        ]
    found: list[tuple[Clause, int, int]] = []
    claused: set[int] = set()
    for sentence in unruled:
        matched = clauses.match(sentence.words)
        if matched is None:
            continue
        clause, indices = matched
        claused.add(id(sentence))
        if config.is_disabled(clause.id, clause.category):
            continue
        owned = engine.owned_guard(clause.category)
        if owned is not None and owned.search(lowered[sentence.start : sentence.end]):
            continue
        # Like a phrase rule's match, a clause rule's is a feature of the model, and dropped
        # when the model is nonetheless sure the sentence owns the fault.
        if model is not None and model.read(sentence.words, (clause.category,)).vetoes():
            continue
        spans = sentence.spans()
        found.append((clause, spans[indices[0]][0], spans[indices[-1]][1]))
    return found, claused


def _starts_within(starts: list[int], start: int, end: int) -> bool:
    """Whether one of the sorted ``starts`` falls in ``[start, end)``."""
    index = bisect_right(starts, start - 1)
    return index < len(starts) and starts[index] < end


def _model_found(
    language: str, config: LintConfig, readings: _Readings
) -> list[tuple[str, str, float, int, int, tuple[tuple[int, int], ...]]]:
    """The classifier's findings: sentences that no rule matched but read as a reflex, each
    with its rule id, category, confidence, span and the spans of the words that weighed most."""
    found: list[tuple[str, str, float, int, int, tuple[tuple[int, int], ...]]] = []
    for sentence, reading, _, ruled in readings:
        if ruled:
            continue
        verdict = reading.verdict()
        if verdict is None:
            continue
        rule_id = model_rule_id(language, verdict.category)
        if config.is_disabled(rule_id, verdict.category):
            continue
        spans = sentence.spans()
        evidence = tuple(spans[i] for i in verdict.evidence)
        found.append(
            (rule_id, verdict.category, verdict.confidence, sentence.start, sentence.end, evidence)
        )
    return found


def _stage_findings(
    prepared: _Prepared, language: str, stage: str | None, config: LintConfig
) -> list[Finding]:
    if stage is None or not config.stage_checks:
        return []
    if read_markers(prepared.extracted.source).whole:
        return []
    from ._stage_checks import missing  # a check without a stage never loads them

    findings = []
    for check in missing(prepared.lowered, language, stage):
        if config.is_disabled(check.id, "stage"):
            continue
        findings.append(
            Finding(
                rule_id=check.id,
                category="stage",
                severity=config.severity_of(check.id, "stage", check.severity),
                message=check.message,
                suggestion=check.suggestion,
                matched="",
                start=0,
                end=0,
                line=1,
                column=1,
                part=prepared.extracted.part,
            )
        )
    return findings


def check_text(
    text: str,
    *,
    language: str | None = None,
    stage: Stage | str | None = None,
    kind: str = "plain",
    config: LintConfig | None = None,
    team_names: Sequence[str] = (),
) -> list[Finding]:
    """Findings in one text (``plain``, ``markdown`` or ``html``), offsets into ``text``.

    ``language`` is detected when not given; with a ``stage``, what that
    stage's message lacks is reported too.
    """
    config = config or _DEFAULT
    prepared = _Prepared(extract(text, kind))
    lang = _language_of([prepared], language)
    findings = _phrase_findings(prepared, lang, config, tuple(team_names))
    findings.extend(_stage_findings(prepared, lang, _stage_name(stage), config))
    return _sorted(findings)


def _check_parts(
    parts: list[Extracted],
    *,
    language: str | None,
    stage: Any,
    config: LintConfig | None,
    team_names: tuple[str, ...] = (),
) -> list[Finding]:
    config = config or _DEFAULT
    if any(read_markers(part.source).whole for part in parts):
        return []
    prepared = [_Prepared(part) for part in parts]
    body = [p for p in prepared if p.extracted.part not in (None, "subject")]
    lang = _language_of(body or prepared, language)
    findings: list[Finding] = []
    get_engine(lang, config.extra_rules, team_names).prime("\n\n".join(p.lowered for p in prepared))
    for item in prepared:
        findings.extend(_phrase_findings(item, lang, config, team_names))
    stage_name = _stage_name(stage)
    if stage_name is not None and body:
        # The plain-text part says what the HTML part says; check it once.
        main = next((p for p in body if p.extracted.part == "text"), body[0])
        findings.extend(_stage_findings(main, lang, stage_name, config))
    return findings


def check_message(
    msg: EmailMessage | Message | bytes | str,
    *,
    stage: Stage | str | None = None,
    config: LintConfig | None = None,
    language: str | None = None,
) -> list[Finding]:
    """Findings in an email: the subject and every text part, HTML included.

    Offsets, lines and columns are those of each part's decoded content,
    named by ``Finding.part`` (``subject``, ``text``, ``html``, ``text[2]``…).
    """
    simple = plain_message(msg) if isinstance(msg, bytes) else None
    parts = plain_message_parts(simple) if simple else message_parts(parse_message(msg))
    return _check_parts(parts, language=language, stage=stage, config=config)


def check_draft(draft: Any, *, config: LintConfig | None = None) -> list[Finding]:
    """Findings in a drafted message: its subject, text and HTML, with its stage's checks.

    Reads ``draft.stage``, ``draft.language``, ``draft.subject``, ``draft.text``,
    ``draft.html`` and, when present, the team of ``draft.record``; with the
    record and the draft's moment (``draft.date``), what the text says against
    the record is checked too (``RECORD-*`` rules).
    """
    parts: list[Extracted] = []
    subject = getattr(draft, "subject", None)
    if subject:
        parts.append(plain(subject, "subject"))
    text = getattr(draft, "text", None)
    if text:
        parts.append(plain(text, "text"))
    html = getattr(draft, "html", None)
    if html:
        parts.append(extract(html, "html", "html"))
    record = getattr(draft, "record", None)
    team = tuple(member.name for member in getattr(record, "team", ()) or ())
    findings = _check_parts(
        parts,
        language=getattr(draft, "language", None),
        stage=getattr(draft, "stage", None),
        config=config,
        team_names=team,
    )
    # Only a draft is checked against its record: plain text never pays for importing it.
    from ._consistency import draft_findings

    findings.extend(draft_findings(draft, config))
    return _once(findings)


def _once(findings: list[Finding]) -> list[Finding]:
    """A draft's HTML says what its text says: a problem found in both is reported once."""

    def key(finding: Finding) -> tuple[str, str]:
        return finding.rule_id, " ".join(finding.matched.casefold().split())

    in_text = {key(f) for f in findings if f.part == "text"}
    return [f for f in findings if f.part != "html" or key(f) not in in_text]


def record_texts(record: IncidentRecord) -> list[tuple[str, str]]:
    """The free-text fields of a record that flow into drafts, with their field paths.

    The client's own words (``incident.client_words``) are not ours and are
    left out, as are names and addresses.
    """
    fields: list[tuple[str, str]] = []

    def add(path: str, value: object) -> None:
        if isinstance(value, str) and value.strip():
            fields.append((path, value))

    incident = record.incident
    add("incident.title", incident.title)
    add("incident.what_happened", incident.what_happened)
    add("incident.impact", incident.impact)
    for name in ("symptoms", "questions", "already_tried", "known_facts"):
        for index, value in enumerate(getattr(incident, name)):
            add(f"incident.{name}[{index}]", value)
    for index, action in enumerate(record.actions):
        add(f"actions[{index}].description", action.description)
    for index, update in enumerate(record.updates):
        for name in ("done", "in_progress", "blocked"):
            for item, value in enumerate(getattr(update, name)):
                add(f"updates[{index}].{name}[{item}]", value)
    for index, commitment in enumerate(record.commitments):
        add(f"commitments[{index}].promise", commitment.promise)
    resolution = record.resolution
    if resolution is not None:
        add("resolution.summary", resolution.summary)
        add("resolution.root_cause", resolution.root_cause)
        add("resolution.detection_gap", resolution.detection_gap)
        for index, measure in enumerate(resolution.measures):
            add(f"resolution.measures[{index}].description", measure.description)
        if resolution.gesture is not None:
            add("resolution.gesture.description", resolution.gesture.description)
    return fields


def check_record(record: IncidentRecord, *, config: LintConfig | None = None) -> list[Finding]:
    """Findings in an incident record's free-text fields, before anything is drafted.

    Each finding carries its ``field_path`` (``resolution.root_cause``); its
    line is the field's line in the file the record came from, when known.
    """
    config = config or _DEFAULT
    team = tuple(member.name for member in record.team)
    source_map = record.source
    filename = source_map.filename if source_map is not None else None
    findings: list[Finding] = []
    texts = record_texts(record)
    engine = get_engine(record.language, config.extra_rules, team)
    engine.prime("\n\n".join(normalize(value).lowered for _, value in texts))
    for path, value in texts:
        prepared = _Prepared(plain(value))
        line = source_map.line_of(path) if source_map is not None else None
        findings.extend(
            _phrase_findings(
                prepared,
                record.language,
                config,
                team,
                field_path=path,
                source_name=filename,
                base_line=line,
            )
        )
    return findings


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))
