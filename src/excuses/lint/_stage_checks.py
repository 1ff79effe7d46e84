"""What each stage's message must contain, and the detector of a precise date or time.

The checks read the lower-cased, masked text (the sender's own words): a date in
the quoted history is not a deadline, and the client's "sorry" is not ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ._rules import expand
from ._types import Severity


class _Cue:
    """A pattern written like a rule's (see ``_rules.expand``), compiled on first use."""

    def __init__(self, language: str, pattern: str) -> None:
        self.language = language
        self.source = pattern
        self._compiled: re.Pattern[str] | None = None

    @property
    def rx(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(expand(self.source, language=self.language))
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.rx.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text)


_FR_MONTHS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
_FR_DAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_EN_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|march|mar\.|april|apr\.|may|june|july|aug(?:ust|\.)?|"
    r"sep(?:tember|t\.|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
)
_EN_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"

# Times of day and calendar dates, as each language writes them. The spaces
# are plain because the lowered text has turned every no-break space into one.
_PRECISE = {
    "fr": _Cue(
        "fr",
        r"(?<![\w:])(?:[01]?\d|2[0-3])(?: ?h(?:eures?)?(?: ?[0-5]\d)?| ?: ?[0-5]\d)(?!\w)"
        r"|\bmidi\b|\bminuit\b"
        rf"|\b(?:1er|[0-3]?\d) (?:{_FR_MONTHS})\b"
        rf"|\b(?:{_FR_DAYS}) (?:1er|[0-3]?\d)\b"
        r"|\b[0-3]?\d/[01]?\d(?:/\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b",
    ),
    "en": _Cue(
        "en",
        r"(?<![\w:])(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)? *(?:a\.?m\b\.?|p\.?m\b\.?)"
        r"|(?<![\w:])(?:[01]?\d|2[0-3]):[0-5]\d(?!\w)"
        r"|\bnoon\b|\bmidday\b|\bmidnight\b"
        rf"|\b(?:{_EN_MONTHS}) [0-3]?\d(?:st|nd|rd|th)?\b"
        rf"|\b[0-3]?\d(?:st|nd|rd|th)? (?:of )?(?:{_EN_MONTHS})(?!\w)"
        rf"|\b(?:{_EN_DAYS}) (?:the )?[0-3]?\d(?:st|nd|rd|th)?\b"
        r"|\b\d{4}-\d{2}-\d{2}\b",
    ),
}
# A number of hours after these words is a duration, not a time of day.
_DURATION_BEFORE = _Cue("en", r"(?:\b(?:dans|sous|en|pendant|within|in|for|under)) $")


def _precise(lowered: str, language: str) -> Iterator[tuple[int, int]]:
    for match in _PRECISE[language].finditer(lowered):
        before = lowered[max(0, match.start() - 12) : match.start()]
        if match.group(0)[0].isdigit() and _DURATION_BEFORE.search(before):
            continue
        yield match.span()


def precise_dates(lowered: str, language: str) -> list[tuple[int, int]]:
    """Spans of absolute dates or times of day (``avant 17 h``, ``by 5:00 p.m.``).

    "au plus vite", "soon", "dans l'heure" or "within 2 hours" are not dates:
    they cannot be checked against a clock.
    """
    return list(_precise(lowered, language))


def has_precise_date(lowered: str, language: str) -> bool:
    """Whether the text names at least one absolute date or time of day."""
    # Drafting asks this of every record: the first date found is enough.
    return next(_precise(lowered, language), None) is not None


_APOLOGY = {
    "fr": _Cue(
        "fr",
        r"\bnous (?:vous )?(?:\w+ )?(?:presentons|prions|adressons|renouvelons|devons)\b"
        r"(?:[^.!?]{0,40})\bexcuses\b"
        r"|\bnous nous (?:\w+ )?excusons\b|\bnous sommes (?:\w+ )?(?:desole|navre)"
        r"|\bnous (?:avons|avions) (?:\w+ )?(?:fait|commis) (?:une|des|plusieurs|deux|trois) "
        r"(?:\w+ )?(?:erreurs?|fautes?)"
        r"|\bnous (?:nous )?sommes trompes\b|\bnous regrettons\b|\btoutes nos excuses\b"
        r"|\bnos (?:\w+ )?excuses\b|\bc'est (?:de )?notre (?:faute|erreur)\b|\bc'est la notre\b"
        r"|\bnous avons (?:\w+ )?(?:failli|manque a)",
    ),
    "en": _Cue(
        "en",
        r"\bwe (?:\w+ )?apologi[sz]e|\bwe(?: are|'re) (?:\w+ )?sorry\b"
        r"|\bwe(?: have|'ve)? (?:\w+ )?made (?:a|an|two|three|several|some) (?:\w+ )?"
        r"(?:mistakes?|errors?)"
        r"|\bour (?:\w+ )?apologies\b|\bwe got (?:it|this|that) wrong\b"
        r"|\b(?:it|this|that) (?:is|was) our (?:fault|mistake|error)\b|\bwe owe you an apology\b"
        r"|\bwe (?:\w+ )?let you down\b",
    ),
}
_NEXT_UPDATE = {
    "fr": _Cue(
        "fr",
        r"\bprochaine?s? (?:point|message|mise a jour|nouvelles|retour|bilan|courriel|e-mail|"
        r"appel)"
        r"|\bnous (?:vous )?(?:ecrirons|reviendrons|recontacterons|rappellerons|tiendrons|"
        r"donnerons|enverrons|ferons)"
        r"|\bnouveau point\b|\bde nos nouvelles\b|\bvous (?:aurez|recevrez)\b|\bpoint suivant\b",
    ),
    "en": _Cue(
        "en",
        r"\bnext (?:update|message|report|email|e-mail|call|progress)"
        r"|\bwe(?: will|'ll) (?:\w+ )?(?:write|update|be back|get back|come back|send|call|"
        r"report|let you know|contact)"
        r"|\byou(?: will|'ll) (?:\w+ )?(?:hear|receive|get)\b|\bfurther update",
    ),
}
_MEASURES = {
    "fr": _Cue(
        "fr",
        r"\bpour (?:que|qu'|eviter que |eviter qu')(?:[^.!?]{0,60})(?:reprodui|repete|arrive)"
        r"|\bmesures?\b|\bnous avons (?:\w+ )?(?:mis en place|ajoute|instaure|change|modifie|"
        r"revu|renforce|introduit|automatise)"
        r"|\bdesormais\b|\bdorenavant\b|\ba l'avenir\b|\bnous allons (?:\w+ )?(?:mettre en "
        r"place|ajouter|instaurer|changer|modifier|revoir|renforcer|automatiser)",
    ),
    "en": _Cue(
        "en",
        r"\bso (?:that )?(?:it|this) (?:does not|doesn't|will not|won't|cannot|can't) "
        r"(?:\w+ )?happen"
        r"|\bto (?:prevent|avoid)\b|\bmeasures?\b|\bcorrective\b"
        r"|\bwe(?: have|'ve)? (?:\w+ )?(?:put in place|introduced|added|changed|set up|reviewed|"
        r"strengthened|automated)"
        r"|\bfrom now on\b|\bgoing forward\b|\bin future\b|\bfrom (?:monday|today|next)"
        r"|\bwe will (?:\w+ )?(?:put in place|introduce|add|change|set up|review|automate)",
    ),
}
_GESTURE = {
    "fr": _Cue(
        "fr",
        r"\bgeste\b|\b(?:un|d'un|cet|l'|votre) avoir\b|\bremise\b|\brembours|\bgratuit"
        r"|\boffert|\boffrons\b|\breduction\b|\bcredit\b|\bdedommag|\bcompens|\bristourne"
        r"|\bsans frais\b|\bprioritaire|\ben priorite\b|\bnous prenons en charge",
    ),
    "en": _Cue(
        "en",
        r"\bgesture\b|\bcredit\b|\brefund|\bdiscount|\bfree of charge\b|\bcomplimentary\b"
        r"|\bwaive|\bon us\b|\bcompensat|\bgoodwill\b|\bpriority\b|\bat no (?:extra )?cost\b"
        r"|\bno charge\b|\bfor free\b|\bwe will cover\b",
    ),
}


@dataclass(frozen=True)
class StageCheck:
    """One thing a stage's message must contain; reported when it is missing."""

    id: str
    stage: str
    severity: Severity
    message: str
    suggestion: str


# The French texts are written with their typography (no-break spaces, ’): they are
# shown as they are, with no typesetter loaded before a send.
_MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        "deadline": (
            "L’accusé de réception ne donne aucune échéance précise\u00a0: le client ne sait pas "
            "quand il aura de nos nouvelles.",
            "Donnez une date et une heure\u00a0: «\u00a0avant 17\u00a0h\u00a000 aujourd’hui, "
            "lundi 23\u00a0novembre\u00a0».",
        ),
        "apology": (
            "Le message d’excuses ne s’excuse pas\u00a0: il faut dire, à la première personne du "
            "pluriel, que nous nous sommes trompés.",
            "Écrivez par exemple «\u00a0Nous avons fait une erreur et nous vous présentons nos "
            "excuses.\u00a0»",
        ),
        "plan": (
            "Le message d’excuses n’a pas de plan d’action daté\u00a0: le client ne sait pas "
            "ce qui va être fait, ni quand.",
            "Listez les étapes, chacune avec une date et la personne qui s’en charge.",
        ),
        "next": (
            "Le point d’avancement ne dit pas quand aura lieu le prochain point\u00a0: le client "
            "reste dans l’attente.",
            "Ajoutez «\u00a0Prochain point\u00a0: mardi 24\u00a0novembre "
            "à 10\u00a0h\u00a000.\u00a0»",
        ),
        "measures": (
            "La clôture ne cite aucune mesure pour que cela ne se reproduise pas.",
            "Décrivez les mesures correctives prises ou prévues, avec leur date.",
        ),
        "gesture": (
            "La clôture ne propose aucun geste commercial.",
            "Proposez un geste à la mesure de la gêne\u00a0: un avoir, une remise, un traitement "
            "prioritaire.",
        ),
    },
    "en": {
        "deadline": (
            "The acknowledgement gives no precise deadline: the client does not know when "
            "they will hear from us.",
            'Give a date and a time: "by 5:00 p.m. today, Monday, November 23".',
        ),
        "apology": (
            "The apology does not apologise: say, in the first person plural, that we got it "
            "wrong.",
            'Write for example "We made a mistake, and we apologise."',
        ),
        "plan": (
            "The apology has no dated action plan: the client does not know what will be done, "
            "or when.",
            "List the steps, each with a date and the person who owns it.",
        ),
        "next": (
            "The update does not say when the next update will come: the client is left waiting.",
            'Add "Next update: Tuesday, November 24 at 10:00 a.m."',
        ),
        "measures": (
            "The closing note names no measure to keep this from happening again.",
            "Describe the corrective measures taken or planned, with their dates.",
        ),
        "gesture": (
            "The closing note offers no goodwill gesture.",
            "Offer a gesture in proportion to the trouble: a credit, a discount, priority "
            "handling.",
        ),
    },
}
_IDS = {
    "deadline": ("001", "acknowledgement", Severity.ERROR),
    "apology": ("002", "apology", Severity.ERROR),
    "plan": ("003", "apology", Severity.ERROR),
    "next": ("004", "update", Severity.ERROR),
    "measures": ("005", "closing", Severity.ERROR),
    "gesture": ("006", "closing", Severity.WARNING),
}


def stage_check(language: str, key: str) -> StageCheck:
    number, stage, severity = _IDS[key]
    message, suggestion = _MESSAGES[language][key]
    return StageCheck(f"{language.upper()}-STAGE-{number}", stage, severity, message, suggestion)


def all_stage_checks(language: str) -> list[StageCheck]:
    """Every stage check of a language, for documentation and SARIF rule lists."""
    return [stage_check(language, key) for key in _IDS]


def _next_update_given(lowered: str, language: str) -> bool:
    cue = _NEXT_UPDATE[language]
    for start, end in precise_dates(lowered, language):
        window = lowered[max(0, start - 200) : end + 120]
        if cue.search(window):
            return True
    return False


def missing(lowered: str, language: str, stage: str) -> list[StageCheck]:
    """The stage checks the text fails (an empty list when it has what the stage needs)."""
    keys: list[str] = []
    if stage == "acknowledgement":
        if not has_precise_date(lowered, language):
            keys.append("deadline")
    elif stage == "apology":
        if not _APOLOGY[language].search(lowered):
            keys.append("apology")
        if not has_precise_date(lowered, language):
            keys.append("plan")
    elif stage == "update":
        if not _next_update_given(lowered, language):
            keys.append("next")
    elif stage == "closing":
        if not _MEASURES[language].search(lowered):
            keys.append("measures")
        if not _GESTURE[language].search(lowered):
            keys.append("gesture")
    return [stage_check(language, key) for key in keys]
