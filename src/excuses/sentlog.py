"""The sent-log: one JSON line per message an SMTP server accepted, appended and fsynced.

The log sits next to the incident file (``late-delivery.en.yaml`` logs to
``late-delivery.en.sent.jsonl``) unless a path is given. It is only ever
appended to, one ``write`` per entry followed by ``fsync``, so a crash can at
worst leave the last line incomplete. Reading skips such a line with a
:class:`SentLogWarning` instead of failing, and the next append first ends it
with a line break so the new entry stays whole.

An entry's ``status`` is ``sent`` (the server accepted it) or ``uncertain``
(the connection failed after the whole message was transmitted, so it may
have been delivered). Writers take the log's lock (:func:`locked`, a
``.lock`` file beside it, held through the `filelock` library, which uses
``flock`` where the platform has it and a lock file elsewhere): a send holds
it from the moment it reads the log to the moment it has logged, so two
processes never send the same stage.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ExcusesError
from .limits import FIRST_YEAR, LAST_YEAR
from .record import Stage

with warnings.catch_warnings():
    # Without fcntl, filelock falls back to a lock file and says so on import; that is fine here.
    warnings.simplefilter("ignore")
    from filelock import BaseFileLock, FileLock, Timeout

if TYPE_CHECKING:
    from .timeline import SentMessage

#: The version of the entry format, written in every line as ``"v"``.
FORMAT_VERSION = 1

#: The server accepted the message.
SENT = "sent"
#: The connection failed after the whole message was transmitted: it may have been delivered.
UNCERTAIN = "uncertain"


class SentLogError(ExcusesError, ValueError):
    """A sent-log entry that is complete JSON but not a valid entry (edited by hand?)."""


class SentLogWarning(UserWarning):
    """A line of the sent-log was skipped: the write was cut short, most likely by a crash."""


@dataclass(frozen=True)
class SentLogEntry:
    """One message an SMTP server accepted for delivery."""

    message_id: str
    sent_at: datetime
    recipients: tuple[str, ...]
    stage: Stage | None = None
    incident_id: str | None = None
    subject: str | None = None
    override_reason: str | None = None
    overridden_rules: tuple[str, ...] = ()
    server: str | None = None
    #: The progress update's number, for an update drafted from a record.
    number: int | None = None
    #: 1 for the first send of a message, 2 for a deliberate second one, and so on.
    sequence: int = 1
    #: :data:`SENT`, or :data:`UNCERTAIN` when it may or may not have been delivered.
    status: str = SENT

    def to_json(self) -> dict[str, Any]:
        """The JSON object written as one line of the log."""
        return {
            "v": FORMAT_VERSION,
            "message_id": self.message_id,
            "sent_at": self.sent_at.isoformat(),
            "stage": self.stage.value if self.stage is not None else None,
            "recipients": list(self.recipients),
            "incident_id": self.incident_id,
            "subject": self.subject,
            "override_reason": self.override_reason,
            "overridden_rules": list(self.overridden_rules),
            "server": self.server,
            "number": self.number,
            "sequence": self.sequence,
            "status": self.status,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str) -> SentLogEntry:
        """Read an entry back; raise :class:`SentLogError` naming ``where`` and the field."""

        def fail(key: str, expected: str) -> SentLogError:
            return SentLogError(f"{where}: {key}: expected {expected}, got {data.get(key)!r}")

        message_id = data.get("message_id")
        if not isinstance(message_id, str) or not message_id:
            raise fail("message_id", "the Message-ID as a non-empty string")
        try:
            sent_at = datetime.fromisoformat(data.get("sent_at"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise fail("sent_at", "an ISO 8601 date-time with its offset") from None
        if sent_at.tzinfo is None:
            raise fail("sent_at", "an ISO 8601 date-time with its offset")
        if not FIRST_YEAR <= sent_at.year <= LAST_YEAR:
            raise fail("sent_at", f"a date-time between {FIRST_YEAR} and {LAST_YEAR}")
        recipients = data.get("recipients")
        if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
            raise fail("recipients", "a list of addresses")
        stage_text = data.get("stage")
        stage: Stage | None = None
        if stage_text is not None:
            try:
                stage = Stage(stage_text)
            except ValueError:
                names = ", ".join(s.value for s in Stage)
                raise fail("stage", f"null or one of {names}") from None
        rules = data.get("overridden_rules", [])
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise fail("overridden_rules", "a list of rule ids")
        number = data.get("number")
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
            raise fail("number", "null or the update's number")
        sequence = data.get("sequence", 1)
        if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
            raise fail("sequence", "a whole number from 1")
        status = data.get("status", SENT)
        if status not in (SENT, UNCERTAIN):
            raise fail("status", f"{SENT} or {UNCERTAIN}")
        texts: dict[str, str | None] = {}
        for key in ("incident_id", "subject", "override_reason", "server"):
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                raise fail(key, "a string or null")
            texts[key] = value
        return cls(
            message_id=message_id,
            sent_at=sent_at,
            recipients=tuple(recipients),
            stage=stage,
            incident_id=texts["incident_id"],
            subject=texts["subject"],
            override_reason=texts["override_reason"],
            overridden_rules=tuple(rules),
            server=texts["server"],
            number=number,
            sequence=sequence,
            status=status,
        )


def default_sent_log_path(source: Path | str) -> Path:
    """The log beside an incident or message file: its name with ``.sent.jsonl`` as suffix."""
    path = Path(source)
    return (
        path.with_suffix(".sent.jsonl")
        if path.suffix
        else path.with_name(path.name + ".sent.jsonl")
    )


class SentLogBusy(ExcusesError):
    """Another process held the sent-log's lock for longer than we would wait."""

    exit_code = 75


def lock_path(path: Path | str) -> Path:
    """The lock file beside a sent-log: its name with ``.lock`` added."""
    path = Path(path)
    return path.with_name(path.name + ".lock")


@contextmanager
def locked(path: Path | str, timeout: float = 120.0) -> Iterator[None]:
    """Hold the sent-log's lock (re-entrant in one process) for the ``with`` block.

    Raises :class:`SentLogBusy` when another process keeps it longer than
    ``timeout`` seconds, and ``OSError`` when the lock file cannot be made.
    """
    lock = _lock_for(path)
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise SentLogBusy(
            f"{path}: another send has been using this sent-log for more than {timeout:g} s; "
            f"nothing was sent. Try again once it is done (if no send is running, a crash "
            f"left {lock_path(path)} behind: remove it)"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _lock_for(path: Path | str) -> BaseFileLock:
    # One lock object per file in a process, so that append_sent inside send's hold re-enters it.
    return FileLock(str(lock_path(path)), is_singleton=True)


def check_writable(path: Path | str) -> None:
    """Raise ``OSError`` unless the log can be appended to; call it holding :func:`locked`.

    A log that does not exist yet is created and removed again, so that a send
    refused later leaves no empty log behind.
    """
    path = Path(path)
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.close(fd)
    if created:
        path.unlink()


def append_sent(path: Path | str, entry: SentLogEntry) -> None:
    """Append ``entry`` as one line and fsync it before returning."""
    path = Path(path)
    line = json.dumps(entry.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n"
    data = line.encode("utf-8")
    with locked(path):
        created = not path.exists()
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            # A crash may have left a torn last line; end it so this entry starts on its own line.
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    if created:
        _fsync_directory(path.parent)


def read_sent_log(path: Path | str) -> list[SentLogEntry]:
    """Every entry of the log, oldest first; ``[]`` when the log does not exist yet.

    A line that is not complete JSON (a write cut short by a crash) is skipped
    with a :class:`SentLogWarning`; a complete line that is not a valid entry
    raises :class:`SentLogError` with its line number.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise SentLogError(f"{path}: cannot read the sent-log ({exc.strerror})") from None
    entries: list[SentLogEntry] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            data = None
        except (RecursionError, ValueError):  # nested past Python's limit, a 5,000-digit number
            raise SentLogError(
                f"{path}: line {number}: expected one JSON object per line, got a value "
                "nested too deeply or too large to read"
            ) from None
        if not isinstance(data, dict):
            shown = line[:60].decode("utf-8", "replace")
            warnings.warn(
                SentLogWarning(
                    f"{path}: line {number}: skipped an incomplete entry "
                    f"(a write cut short, e.g. by a crash): {shown!r}"
                ),
                stacklevel=2,
            )
            continue
        entries.append(SentLogEntry.from_json(data, f"{path}: line {number}"))
    return entries


def _fsync_directory(directory: Path) -> None:
    """Make a new file's name durable too, where the platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on directories
        pass
    finally:
        os.close(fd)


def sent_messages(path: Path | str, incident_id: str | None = None) -> list[SentMessage]:
    """The log's entries as the timeline's :class:`~excuses.timeline.SentMessage` values.

    Only entries with a stage count; with ``incident_id``, entries logged for
    another incident are left out (those without an id, sent from an .eml, stay).
    """
    from .timeline import SentMessage

    return [
        SentMessage(entry.stage, entry.sent_at, entry.message_id, ", ".join(entry.recipients))
        for entry in read_sent_log(path)
        if entry.stage is not None
        and entry.status == SENT
        and (incident_id is None or entry.incident_id in (None, incident_id))
    ]
