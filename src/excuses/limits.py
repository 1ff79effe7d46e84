"""The bounds on what excuses reads, so that no input can hang a command or exhaust memory.

A file past a bound is refused with a located message (exit status 2 on the
command line), never read half-way. The bounds a person could need to raise
are read from environment variables each time a file is read; the others
follow from the data excuses relies on (the time-zone and holiday calendars,
the precision of amounts) and are fixed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal

from .errors import ExcusesError

#: The first and last years a record's dates may name: the time-zone rules and the
#: public-holiday calendars say nothing reliable outside them.
FIRST_YEAR = 1970
LAST_YEAR = 2199

#: The largest amount a goodwill gesture may state (excluded), and its finest precision.
MAX_AMOUNT = Decimal(10) ** 12
MAX_AMOUNT_DECIMALS = 4


@dataclass(frozen=True)
class Limits:
    """How much of an input excuses reads; see :func:`current_limits`."""

    #: Size of one input file (a record, a file of records, a message to check), in bytes.
    max_input_bytes: int = 10 * 2**20
    #: Length of one text field of a record, in characters.
    max_field_chars: int = 2**20
    #: How deeply mappings and lists may nest in a record file.
    max_depth: int = 64
    #: How many values YAML aliases (``*name``) may add to a file by repeating anchors.
    max_alias_values: int = 10_000


#: The environment variable that sets each limit, by field name.
VARIABLES: dict[str, str] = {
    "max_input_bytes": "EXCUSES_MAX_INPUT_BYTES",
    "max_field_chars": "EXCUSES_MAX_FIELD_CHARS",
    "max_depth": "EXCUSES_MAX_DEPTH",
    "max_alias_values": "EXCUSES_MAX_ALIAS_VALUES",
}


class LimitsError(ExcusesError, ValueError):
    """An environment variable that does not hold a usable limit."""


def current_limits() -> Limits:
    """The defaults, changed by whichever ``EXCUSES_MAX_*`` variables are set.

    Raises :class:`LimitsError` naming a variable that is
    not a positive whole number.
    """
    values: dict[str, int] = {}
    for name, variable in VARIABLES.items():
        raw = os.environ.get(variable, "").strip()
        if not raw:
            continue
        if not raw.isdigit() or int(raw) < 1 or len(raw) > 18:
            raise LimitsError(f"{variable}: expected a positive whole number, got {raw!r}")
        values[name] = int(raw)
    return Limits(**values)


def too_large(size: int, limits: Limits) -> str | None:
    """The message for an input of ``size`` bytes past the limit, else ``None``."""
    if size <= limits.max_input_bytes:
        return None
    return (
        f"is {size:,} bytes; at most {limits.max_input_bytes:,} are read "
        f"(set {VARIABLES['max_input_bytes']} to read more)"
    )
