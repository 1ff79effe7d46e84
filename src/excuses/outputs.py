"""Writing output files so that nothing is ever destroyed: atomic, regular files only.

Every file excuses writes (``--output``, each ``.eml`` of ``--outdir``, an
``--mbox``) is written to a temporary file in the same folder and then put in
place in one step, so a reader never sees half a file and a failure leaves
the old one whole. The rules, the same for every output:

- A new file gets the mode any new file gets (``0666`` less the umask; the
  operating system applies the umask, so no process-wide setting is touched).
- A regular file that is replaced keeps its permission bits, never its
  set-user-ID, set-group-ID or sticky bits.
- A symbolic link is written through: the file it points to is replaced (or
  created), the link stays a link.
- A folder, a FIFO, a device or a socket is refused with an
  :class:`~excuses.errors.OutputError`, as is a path whose folder does not
  exist: nothing else is ever replaced.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def resolve_output(path: Path | str) -> tuple[Path, int | None]:
    """The regular file to write for ``path`` (links followed) and the mode to keep, if any.

    Raises :class:`~excuses.errors.OutputError` for anything but a regular
    file or a new file in an existing folder.
    """
    given = Path(path)
    if "\x00" in str(given):
        raise OutputError(f"{given!r}: a file name cannot hold a NUL character")
    try:
        # Links followed by the system itself first: /dev/stdout names a pipe or a terminal
        # through /proc, where the link's text is no path to write to.
        info = given.stat()
        target = Path(os.path.realpath(given)) if given.is_symlink() else given
    except FileNotFoundError:
        target = Path(os.path.realpath(given)) if given.is_symlink() else given
        folder = target.parent
        if not folder.is_dir():
            raise OutputError(
                f"{given}: the folder {folder} does not exist; create it first"
            ) from None
        return target, None
    except OSError as exc:
        raise OutputError(f"{given}: cannot be written ({exc.strerror or exc})") from None
    kind = stat.S_IFMT(info.st_mode)
    if kind != stat.S_IFREG:
        what = _KINDS.get(kind, "not a regular file")
        if kind == stat.S_IFDIR:
            raise OutputError(f"{given}: is a folder; give the name of a file to write")
        raise OutputError(f"{given}: is {what}; excuses writes only regular files")
    return target, stat.S_IMODE(info.st_mode) & 0o777


@contextmanager
def replacing(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file to write that replaces ``path`` when the block ends without error.

    On an error, or on :class:`KeyboardInterrupt` and the like, the temporary
    file is removed and ``path`` is left as it was.
    """
    given = Path(path)
    target, mode = resolve_output(given)
    fd, temp = _new_temp(target, given)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            # By path, not by descriptor: os.fchmod is missing on Windows before 3.13.
            temp.chmod(mode)
        temp.replace(target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"{given}: cannot be written ({exc.strerror or exc})") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no reader ever sees a half-written file."""
    with replacing(path) as handle:
        handle.write(data)


def temp_beside(path: Path | str) -> tuple[Path, Path, int | None]:
    """(temporary file, target, mode to keep) for a writer that needs a path, like mailbox.

    The caller writes the temporary file, then calls :func:`put_in_place`,
    or removes it on failure.
    """
    given = Path(path)
    target, mode = resolve_output(given)
    fd, temp = _new_temp(target, given)
    os.close(fd)
    return temp, target, mode


def put_in_place(temp: Path, target: Path, mode: int | None) -> None:
    """Give ``temp`` the kept mode and move it over ``target`` in one step."""
    try:
        if mode is not None:
            temp.chmod(mode)
        temp.replace(target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from None


def _new_temp(target: Path, given: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        # Short whatever the target's name: a long name plus a suffix must still fit.
        temp = target.with_name(f".{target.name[:40]}.{secrets.token_hex(6)}.tmp")
        try:
            # 0o666: the operating system takes the umask off, as for any new file.
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"{given}: cannot be written ({exc.strerror or exc})") from None
