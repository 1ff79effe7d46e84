"""The ``excuses`` command line: a thin layer over the Python API.

Each command lives in ``excuses.cli._<name>`` and imports what it needs only
when it runs, so ``excuses lint`` never loads the drafting machinery. Library
errors become messages and exit codes here, in one place.

Exit codes: 0 success, 1 findings (the checker or the send gate refused),
2 usage or input error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from .. import __version__

#: The commands, in the order ``excuses --help`` lists them.
COMMANDS: tuple[str, ...] = ("draft", "lint", "plan", "send", "schema")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, also used to generate the CLI reference."""
    parser = argparse.ArgumentParser(
        prog="excuses",
        description=(
            "Draft the emails a professional sends a client when something went wrong, "
            "and check any such email before it leaves."
        ),
        epilog="Exit status: 0 ok, 1 findings or refused, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"excuses {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        import_module(f"excuses.cli._{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    from ..errors import ExcusesError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except ExcusesError as exc:
        print(f"excuses: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("excuses: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``excuses ... | head``); nothing left to say.
        sys.stderr.close()
        return EXIT_OK
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
