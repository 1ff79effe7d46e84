"""Which files ``excuses lint`` reads: named files, folders searched, glob patterns expanded."""

from __future__ import annotations

import os
from pathlib import Path

from .._frozen import Frozen

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..lint._output import InputError

#: File suffixes the checker reads, and how it reads each; others are read as plain text.
KINDS: dict[str, str] = {
    ".txt": "plain",
    ".text": "plain",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".eml": "eml",
    ".yaml": "record",
    ".yml": "record",
    ".json": "record",
}

#: Folders never searched: tools' caches and environments, where no message lives.
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


class Target(Frozen):
    """One file to check; ``explicit`` when it was named, not found in a folder or by a pattern."""

    __slots__ = ("explicit", "name")
    name: str
    explicit: bool

    def __init__(self, name: str, explicit: bool = True) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "explicit", explicit)


def _search(folder: str) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_FOLDERS)
        found.extend(
            str(Path(root, name))
            for name in sorted(files)
            if not name.startswith(".") and Path(name).suffix.lower() in KINDS
        )
    return found


def _has_magic(argument: str) -> bool:
    """``glob.has_magic()``: whether ``argument`` holds a wildcard (``*``, ``?`` or ``[``)."""
    return any(char in argument for char in "*?[")


def expand(arguments: list[str]) -> tuple[list[Target], list[InputError]]:
    """The files the arguments name, each once, in order; and the arguments that name none."""
    from ..lint._output import InputError

    targets: list[Target] = []
    errors: list[InputError] = []
    seen: set[str] = set()

    def add(name: str, explicit: bool) -> None:
        key = os.path.normpath(name) if name != "-" else name
        if key not in seen:
            seen.add(key)
            targets.append(Target(name, explicit))

    for argument in arguments:
        if argument != "-" and Path(argument).is_dir():
            files = _search(argument)
            if not files:
                errors.append(InputError(argument, f"{argument}: no file to check in this folder"))
            for name in files:
                add(name, explicit=False)
        elif _has_magic(argument) and not Path(argument).exists():
            # Imported here: glob (with fnmatch) is for patterns only, not every start.
            import glob

            # Path.glob takes no absolute pattern; glob.glob takes what a shell would.
            matches = sorted(glob.glob(argument, recursive=True))  # noqa: PTH207
            if not matches:
                errors.append(InputError(argument, f"{argument}: no file matches this pattern"))
            for match in matches:
                if Path(match).is_dir():
                    for name in _search(match):
                        add(name, explicit=False)
                else:
                    add(match, explicit=False)
        else:
            add(argument, explicit=True)
    return targets, errors
