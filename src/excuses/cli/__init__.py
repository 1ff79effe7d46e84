"""The ``excuses`` command line: a thin layer over the Python API.

Each command lives in ``excuses.cli._<name>`` and imports what it needs only
when it runs, so ``excuses lint`` never loads the drafting machinery. Library
errors become messages and exit codes here, in one place: :func:`main` is the
only boundary between the commands and the shell.

Exit codes: 0 success, 1 findings (the checker or the send gate refused),
2 usage or input error (output that cannot be written included), 70 an
internal error (a bug in excuses: one paragraph, the traceback with
``--debug`` or ``EXCUSES_DEBUG=1``), 130 interrupted, 141 the reader of the
output went away, 143 terminated; ``send`` adds its own codes.
"""

from __future__ import annotations

# The C module: signal.py builds an enum of every signal when imported, at each start.
import _signal  # type: ignore[import-not-found]
import errno
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from types import FrameType

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace

#: The commands, in the order ``excuses --help`` lists them.
COMMANDS: tuple[str, ...] = ("draft", "lint", "rules", "explain", "plan", "send", "schema")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
#: sysexits' EX_SOFTWARE: something went wrong inside excuses, not in the input.
EXIT_SOFTWARE = 70
EXIT_INTERRUPTED = 130
#: What a shell reports for a command stopped by SIGPIPE, as ``cat`` or ``grep`` would be.
EXIT_BROKEN_PIPE = 128 + 13
EXIT_TERMINATED = 128 + 15

#: Set to ``1`` to print the traceback of an internal error, as ``--debug`` does.
DEBUG_VARIABLE = "EXCUSES_DEBUG"

# Errors of the output stream itself: a full disk, a closed or vanished reader.
_OUTPUT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EBADF, errno.EPIPE}
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full argument parser, also used to generate the CLI reference.

    With ``only``, a command's name, only that command is registered: running
    ``excuses lint`` need not import and describe the six other commands.
    """
    from ._parser import build

    return build(only)


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that partial outputs are removed on the way out."""


def mark_delivered(args: argparse.Namespace | SimpleNamespace) -> None:
    """Record that the command's effect happened (a message was accepted and logged).

    From then on nothing that fails (printing the report, say) may turn the
    exit status into a failure: a wrapper that retries on failure would send twice.
    """
    args.delivered = True


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    from ._console import tolerate_narrow_consoles

    tolerate_narrow_consoles()
    given = sys.argv[1:] if argv is None else list(argv)
    plain = _plain_lint(given)
    args = build_parser(_command(given)).parse_args(given) if plain is None else plain
    args.delivered = False
    debug = args.debug or os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")
    with _terminate_cleanly():
        return _run(args, debug)


#: What argparse gives for ``excuses lint`` with no option but ``--no-config`` (and ``--debug``
#: before the command); the test suite holds :func:`_plain_lint` to it.
_LINT_DEFAULTS: dict[str, object] = {
    "debug": False,
    "command": "lint",
    "stage": None,
    "language": None,
    "record": None,
    "now": None,
    "format": "text",
    "select": None,
    "ignore": None,
    "fail_on": None,
    "config": None,
    "no_config": False,
}


def _plain_lint(argv: Sequence[str]) -> SimpleNamespace | None:
    """The options of the commonest ``excuses lint`` run, read without argparse; None for
    any other command line, which argparse then parses (and says what is wrong with it).

    ``excuses lint`` runs before every send, and building its argparse parser (argparse,
    gettext and locale imported, every option described) costs several milliseconds. A
    command line of ``--debug`` options, then ``lint``, then ``--no-config`` options, paths
    (``-`` for standard input) and ``--no-config`` options again gives what argparse gives.
    Anything else that opens on ``-`` (another option, ``--``, an abbreviation) leaves
    it to argparse, as do paths on both sides of an option (argparse refuses those).
    """
    index = 0
    debug = False
    while index < len(argv) and argv[index] == "--debug":
        debug = True
        index += 1
    if index == len(argv) or argv[index] != "lint":
        return None
    files: list[str] = []
    no_config = False
    after_files = False
    for arg in argv[index + 1 :]:
        if arg == "--no-config":
            no_config = True
            after_files = bool(files)
        elif arg == "-" or not arg.startswith("-"):
            if after_files:
                return None
            files.append(arg)
        else:
            return None
    from types import SimpleNamespace

    from ._lint import run

    values = {**_LINT_DEFAULTS, "debug": debug, "files": files, "no_config": no_config}
    return SimpleNamespace(**values, run=run)


def _command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, when it names one after the global options only
    (``--debug``, which takes no value); None for anything else (help, a typo)."""
    for arg in argv:
        if arg == "--debug":
            continue
        return arg if arg in COMMANDS else None
    return None


def _run(args: argparse.Namespace | SimpleNamespace, debug: bool) -> int:
    try:
        status: int = args.run(args)
        sys.stdout.flush()
    except (Exception, KeyboardInterrupt, Terminated) as exc:
        if isinstance(exc, OSError) and _is_output_error(exc):
            _silence_stdout()
        if args.delivered:
            return _warn_after_delivery(exc)
        return _failure(exc, debug)
    return status


def _failure(exc: BaseException, debug: bool) -> int:
    """The message and exit status for what stopped a command."""
    from ..errors import ExcusesError
    from ._console import error_label

    if isinstance(exc, ExcusesError):
        return _say(f"{error_label(exc)} {exc}", exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        return _say("interrupted", EXIT_INTERRUPTED)
    if isinstance(exc, Terminated):
        return _say("terminated", EXIT_TERMINATED)
    if isinstance(exc, BrokenPipeError):
        # The reader went away (``excuses ... | head``): stop quietly, as a pipeline expects.
        return EXIT_BROKEN_PIPE
    if isinstance(exc, OSError) and _is_output_error(exc):
        return _say(f"error: cannot write the output: {exc.strerror or exc}", EXIT_USAGE)
    return _internal_error(exc, debug)


def _is_output_error(exc: OSError) -> bool:
    """A failure of the output stream itself (our own file writes name their file)."""
    return exc.filename is None and exc.errno in _OUTPUT_ERRNOS


def _say(message: str, status: int) -> int:
    with suppress(OSError):  # nowhere left to say it, the status still tells
        print(f"excuses: {message}", file=sys.stderr)
    return status


def _warn_after_delivery(exc: BaseException) -> int:
    """Exit 0 with a warning: the message went out, so the command did what it was asked."""
    reason = str(exc) or type(exc).__name__
    _say(f"warning: the message was sent and logged, but then: {reason}", EXIT_OK)
    return EXIT_OK


def _version() -> str:
    # Read when asked: the installed version comes from importlib.metadata, whose
    # import costs more than a whole check of a short email.
    from .. import __version__

    return __version__


def _internal_error(exc: BaseException, debug: bool) -> int:
    if debug:
        # Imported here: traceback (with linecache, tokenize, textwrap) costs milliseconds
        # at each start of the checker, and is needed only for this bug report.
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    hint = "" if debug else f" (run again with --debug or {DEBUG_VARIABLE}=1 to see the traceback)"
    return _say(
        f"internal error: {type(exc).__name__}: {exc}. This is a bug in excuses "
        f"{_version()}, not a problem with your input; please report it on the project's "
        f"issue tracker with the command you ran and this message{hint}.",
        EXIT_SOFTWARE,
    )


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` while a command runs (main thread only)."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    # signal.signal() refuses outside the main thread (a library caller's worker): that
    # refusal is the test, rather than importing threading at each start of the checker.
    try:
        previous = _signal.signal(_signal.SIGTERM, handler)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        _signal.signal(_signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
