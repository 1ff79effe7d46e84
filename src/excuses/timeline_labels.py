"""What each timeline entry says, in English (stable, for tools) or French (for people).

:func:`excuses.build_timeline` gives every entry it writes a ``label`` in
English, which tools can rely on, and a ``display_label`` in the record's
language, which ``excuses plan`` shows. French keeps a number with its unit on
one line (no-break space, ``2 heures``) and agrees each word with what it
speaks of (« excuses envoyées », « note de clôture attendue »).
"""

from __future__ import annotations

from .record import Criticality, FoundBy, Span, SpanUnit, Stage

_NBSP = "\u00a0"

_CRITICALITY_FR = {
    Criticality.ANNOYING: "gênant",
    Criticality.IMPORTANT: "important",
    Criticality.CRITICAL: "critique",
}

#: Each stage "sent", agreed in gender and number.
_SENT_FR = {
    Stage.ACKNOWLEDGEMENT: "accusé de réception envoyé",
    Stage.APOLOGY: "excuses envoyées",
    Stage.UPDATE: "point d’avancement envoyé",
    Stage.CLOSING: "note de clôture envoyée",
    Stage.DEBRIEF: "retour d’expérience envoyé",
}

#: French units: singular, plural, and whether the noun is feminine.
_UNITS_FR = {
    SpanUnit.MINUTES: ("minute", "minutes", True),
    SpanUnit.HOURS: ("heure", "heures", True),
    SpanUnit.DAYS: ("jour", "jours", False),
    SpanUnit.BUSINESS_HOURS: ("heure ouvrée", "heures ouvrées", True),
    SpanUnit.BUSINESS_DAYS: ("jour ouvré", "jours ouvrés", False),
}


def criticality_name(criticality: Criticality, language: str) -> str:
    """``critical`` in English, ``critique`` in French."""
    return _CRITICALITY_FR[criticality] if language == "fr" else criticality.value


def span_text(span: Span, language: str = "en") -> str:
    """A span with the right number: ``1 hour``, ``2 business days``, ``3 jours ouvrés``."""
    if language == "fr":
        if span.unit is SpanUnit.END_OF_BUSINESS_DAY:
            return "fin de journée ouvrée"
        one, many, _ = _UNITS_FR[span.unit]
        return f"{span.amount}{_NBSP}{one if span.amount == 1 else many}"
    if span.unit is SpanUnit.END_OF_BUSINESS_DAY:
        return "end of business day"
    unit = span.unit.value.replace("-", " ")
    if span.amount == 1:
        unit = unit.removesuffix("s")
    return f"{span.amount} {unit}"


def reported(found_by: FoundBy, criticality: Criticality, language: str) -> str:
    """The first entry: who noticed the incident, and how bad it is."""
    if language == "fr":
        who = "constaté par nos soins" if found_by is FoundBy.US else "signalé par le client"
    else:
        who = "found by us" if found_by is FoundBy.US else "reported by the client"
    return f"{who} ({criticality_name(criticality, language)})"


def sent(stage: Stage, recipient: str | None, language: str) -> str:
    """A message that went out, and to whom when the log says."""
    if language == "fr":
        label = _SENT_FR[stage]
        return f"{label} à {recipient}" if recipient else label
    label = f"{stage.value} sent"
    return f"{label} to {recipient}" if recipient else label


def resolved(language: str) -> str:
    return "résolu" if language == "fr" else "resolved"


def first_answer_due(stage: Stage, promise: Span | None, language: str) -> str:
    """The acknowledgement's or the answer's deadline, with the delay the policy gives."""
    if language == "fr":
        what = (
            "accusé de réception attendu" if stage is Stage.ACKNOWLEDGEMENT else "réponse attendue"
        )
        delay = "échéance fixée par le dossier" if promise is None else span_text(promise, "fr")
        return f"{what} ({delay})"
    what = "acknowledgement due" if stage is Stage.ACKNOWLEDGEMENT else "answer due"
    delay = "set by the record" if promise is None else span_text(promise)
    return f"{what} ({delay})"


def next_update_due(every: Span, language: str) -> str:
    """The next update the cadence calls for."""
    if language == "fr":
        return f"point d’avancement attendu ({_every_fr(every)})"
    return f"next update due (every {span_text(every)})"


def _every_fr(span: Span) -> str:
    """``toutes les 2 heures``, ``tous les jours ouvrés``, ``chaque fin de journée ouvrée``."""
    if span.unit is SpanUnit.END_OF_BUSINESS_DAY:
        return "chaque fin de journée ouvrée"
    _, many, feminine = _UNITS_FR[span.unit]
    every = "toutes les" if feminine else "tous les"
    return f"{every} {many}" if span.amount == 1 else f"{every} {span.amount}{_NBSP}{many}"


def closing_due(language: str) -> str:
    return "note de clôture attendue" if language == "fr" else "closing note due"
