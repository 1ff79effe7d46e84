"""French typography for text typed with ordinary spaces.

The drafting templates, the record checks and the checker's French messages
are written with ordinary spaces around punctuation; :func:`french_spacing`
gives them the spaces, quotes and apostrophes a French reader expects. Only
:mod:`re` is imported: the checker loads this module without the drafting
stack (Babel, Jinja).
"""

from __future__ import annotations

import re
from functools import lru_cache

_NBSP = "\u00a0"


# Each alternative starts only where a run of spaces starts (never inside one), so a
# long run of spaces is scanned once, not once per space.
_FR_SPACE_BEFORE = re.compile(
    r"(?<![ \t])[ \t]+([:»])|(?<![\u00a0\u202f;!? \t])[ \t]*([;!?])(?=\s|$)"
)
_FR_SPACE_AFTER = re.compile(r"«(?![\u00a0\u202f])[ \t]*")


def _fr_space(match: re.Match[str]) -> str:
    if match.group(1):
        return "\u00a0" + match.group(1)
    return "\u202f" + match.group(2)


# A number and its unit (89,00 €, 15 %, 16 h 15, n° 4471) stay on one line.
_FR_UNIT = re.compile(r"(?<=\d)[ \t]+(?=(?:€|\$|£|¥|%|CHF|h\b|min\b)(?!\w))")
_FR_HOUR_MINUTES = re.compile(r"(?<=\d)(\u00a0h)[ \t]+(?=\d{2}\b)")
_FR_NUMERO = re.compile(r"\b(n°|N°|no|No)[ \t]+(?=\d)")
_FR_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
# A number typed with its thousands grouped by plain spaces (1 500, 12 000 000): a head of
# one to three digits, then groups of exactly three. Nothing that touches another digit
# group, a sign, a word or a reference (INC-2026 0142, 75011 Paris, 01 23 45 67 89,
# +1 212 555 0199) is a grouped number: the whole run is left as typed. The look-behinds
# follow the first digit, so that they are tried at digits only.
_FR_THOUSANDS = re.compile(
    r"[1-9](?<![\w.,+\-/\u00a0\u202f][1-9])(?<!\d [1-9])\d{0,2}(?: \d{3})+"
    r"(?![\w\u00a0\u202f]|[ .:/\-]\d)"
)
# Searched once in C: every rendered value passes here, and most hold no digit at all.
_DIGIT = re.compile(r"\d")
_FR_DAY_MONTH = re.compile(
    r"\b(\d{1,2}|1er)[ \t]+(?=(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre"
    r"|octobre|novembre|décembre)\b)"
)


# Every value a French template prints passes here, and most recur from draft to draft
# (dates, names, roles, the template's own phrases): remembering them halves the work.
@lru_cache(maxsize=8192, typed=True)  # typed: Markup and str stay apart
def french_spacing(text: str) -> str:
    """French typography for text typed with ordinary spaces: ``Ligne directe : 01`` keeps
    its colon on the line (no-break space), ``demain ?`` gets a narrow no-break space,
    ``« oui »`` no-break spaces inside the quotes, ``89,00 €``, ``16 h 15`` and
    ``n° 4471`` no-break spaces between a number and its unit, ``1 500`` a narrow
    no-break space between its groups of digits (only where the text grouped them), and
    ``l'heure`` the typographic apostrophe (``l’heure``).

    A colon with no space before it (``10:02``, ``https://``) is left alone.
    """
    if "'" in text:
        text = _FR_APOSTROPHE.sub("\u2019", text)
    if _DIGIT.search(text):
        text = _FR_THOUSANDS.sub(lambda m: m.group().replace(" ", "\u202f"), text)
        text = _FR_UNIT.sub(_NBSP, text)
        text = _FR_HOUR_MINUTES.sub(lambda m: m.group(1) + _NBSP, text)
        text = _FR_NUMERO.sub(lambda m: m.group(1) + _NBSP, text)
        text = _FR_DAY_MONTH.sub(lambda m: m.group(1) + _NBSP, text)
    if not any(c in text for c in ":;!?«»"):
        return text
    return _FR_SPACE_AFTER.sub("«\u00a0", _FR_SPACE_BEFORE.sub(_fr_space, text))
