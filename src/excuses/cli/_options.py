"""Options several commands share, parsed one way: ``--now``."""

from __future__ import annotations

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from datetime import datetime


def parse_now(text: str) -> datetime:
    """An ISO date-time; without an offset it is read later in the client's time zone."""
    import argparse
    from datetime import datetime

    from ..limits import FIRST_YEAR, LAST_YEAR

    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            "expected an ISO date-time like 2026-11-24T18:00 or 2026-11-24T18:00+01:00, "
            f"got {text!r}"
        ) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"expected a date between {FIRST_YEAR} and {LAST_YEAR}, got {text!r}"
        )
    return moment


def add_now_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--now ISO``: the moment a command drafts or judges from (default: the current time)."""
    parser.add_argument("--now", type=parse_now, default=None, metavar="ISO", help=help)
