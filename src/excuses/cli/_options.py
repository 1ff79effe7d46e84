"""Options several commands share, parsed one way: ``--now``."""

from __future__ import annotations

import argparse
from datetime import datetime


def parse_now(text: str) -> datetime:
    """An ISO date-time; without an offset it is read later in the client's time zone."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            "expected an ISO date-time like 2026-11-24T18:00 or 2026-11-24T18:00+01:00, "
            f"got {text!r}"
        ) from None


def add_now_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--now ISO``: the moment a command drafts or judges from (default: the current time)."""
    parser.add_argument("--now", type=parse_now, default=None, metavar="ISO", help=help)
