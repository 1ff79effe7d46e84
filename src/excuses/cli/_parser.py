"""The command line's argparse parser: imported only when a command line needs it.

``excuses lint`` with paths and ``--no-config`` alone is read without it
(``excuses.cli._plain_lint``): building this parser costs several milliseconds
at each start of the checker.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from . import COMMANDS, DEBUG_VARIABLE, EXIT_SOFTWARE, _version

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def build(only: str | None = None) -> argparse.ArgumentParser:
    """The full argument parser, also used to generate the CLI reference.

    With ``only``, a command's name, only that command is registered: running
    ``excuses lint`` need not import and describe the six other commands.
    """
    parser = _Parser(
        prog="excuses",
        description=(
            "Draft the emails a professional sends a client when something went wrong, "
            "and check any such email before it leaves."
        ),
        epilog=(
            "Exit status: 0 ok, 1 findings or refused, 2 usage or input error, "
            f"{EXIT_SOFTWARE} internal error (a bug in excuses: run again with --debug "
            f"or {DEBUG_VARIABLE}=1 for the traceback, and report it)."
        ),
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"on an internal error, print the traceback too (as {DEBUG_VARIABLE}=1 does)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS if only is None else (only,):
        import_module(f"excuses.cli._{name}").register(subparsers)
    return parser


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size()`` reads it (``COLUMNS``, then
    the terminal of standard output, then 80), without importing shutil: argparse asks for
    it at every option it registers, and shutil brings in bz2, lzma and zlib at each start."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its help as wide as the terminal, measured without shutil.

    Subcommands' parsers are of the same class (``add_subparsers`` uses the parent's).
    """

    def _get_formatter(self) -> argparse.HelpFormatter:
        # HelpFormatter's own default is the terminal's width less two. Every formatter
        # class of argparse takes ``width``; the stubs' protocol names ``prog`` only.
        width = _columns() - 2
        return self.formatter_class(prog=self.prog, width=width)  # type: ignore[call-arg]


class _VersionAction(argparse.Action):
    """``--version``, with the version looked up only when the option is given."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show program's version number and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"excuses {_version()}")
        parser.exit()
