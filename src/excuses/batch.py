"""Drafting many records at once: an outage that hit thousands of clients, one message each.

Records come from several files, or from one file holding many (a YAML
stream of ``---`` documents, a YAML or JSON list, or JSON Lines). Each one is
drafted on its own: a bad record is reported with its position and the rest
are still drafted, unless the caller asks to stop at the first. Results go to
a folder (one ``.eml`` per record) or to one mbox file, always written
atomically by :mod:`excuses.outputs`; a record that cannot be written is
reported like one that cannot be drafted, and the others are still written.
"""

from __future__ import annotations

import mailbox
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from itertools import pairwise
from pathlib import Path
from typing import Any

from .drafting import Draft, draft_with
from .errors import ExcusesError, OutputError, Problem, RecordError
from .loader import Format, json_data, load_record, parse_record, read_input, yaml_documents
from .outputs import put_in_place, temp_beside, write_atomic
from .policy import Policy
from .record import IncidentRecord, Stage
from .rendering import Renderer, renderer_for


@dataclass(frozen=True)
class BatchItem:
    """One record of a batch: where it came from, and its draft or the error that stopped it."""

    #: 1-based position of the record in the whole batch.
    position: int
    #: Where the record came from: ``file`` or ``file, record N``.
    source: str
    draft: Draft | None = None
    error: ExcusesError | None = None


def iter_records(
    paths: Sequence[str | os.PathLike[str]],
) -> Iterator[tuple[str, IncidentRecord | ExcusesError]]:
    """Each record of ``paths`` with its source label, or the error that made it unreadable."""
    for path in paths:
        yield from _records_of(Path(path))


def _records_of(path: Path) -> Iterator[tuple[str, IncidentRecord | ExcusesError]]:
    name = str(path)
    try:
        text = read_input(path)
        documents = _documents(text, path.suffix.lower(), name)
    except RecordError as exc:
        yield name, exc
        return
    if documents is None:
        # One record per file: the loader reports problems with their lines.
        try:
            yield name, parse_record(text, format=_format(path), filename=name)
        except ExcusesError as exc:
            yield name, exc
        return
    for index, data in enumerate(documents, start=1):
        label = f"{name}, record {index}"
        if isinstance(data, RecordError):
            yield label, RecordError(data.problems, label, data.language)
            continue
        try:
            yield label, load_record(data) if isinstance(data, dict) else _not_a_record(data)
        except RecordError as exc:
            yield label, RecordError(exc.problems, label, exc.language)


def _format(path: Path) -> Format:
    return "json" if path.suffix.lower() == ".json" else "yaml"


def _not_a_record(data: Any) -> IncidentRecord:
    kind = "nothing" if data is None else type(data).__name__
    raise RecordError([Problem("", f"expected a mapping (one incident record), got {kind}")])


def _documents(text: str, suffix: str, name: str) -> list[Any] | None:
    """The records of a file that holds several, or ``None`` when it holds one."""
    if suffix == ".jsonl":
        records: list[Any] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    records.append(json_data(line, name))
                except RecordError as exc:
                    # One bad line is one bad record: the lines after it are still read.
                    moved = [replace(p, line=number) for p in exc.problems]
                    records.append(RecordError(moved, language=exc.language))
        return records
    if suffix == ".json":
        data = json_data(text, name)
        return data if isinstance(data, list) else None
    if re.search(r"^---\s*$", text, re.MULTILINE) is None and not re.match(
        r"\s*(#.*\n\s*)*-\s", text
    ):
        return None
    docs: list[Any] = []
    for offset, chunk in _yaml_chunks(text):
        try:
            docs.extend(data for data, _lines in yaml_documents(chunk, name) if data is not None)
        except RecordError as exc:
            # A broken document is one bad record: the documents after it are still read.
            moved = [replace(p, line=p.line and p.line + offset) for p in exc.problems]
            docs.append(RecordError(moved, language=exc.language))
    if len(docs) == 1:
        return docs[0] if isinstance(docs[0], list) else None
    return docs


_DOCUMENT_START = re.compile(r"^---(?=\s|$)", re.MULTILINE)


def _yaml_chunks(text: str) -> Iterator[tuple[int, str]]:
    """The documents of a YAML stream as (lines before it, text), split at each ``---``.

    A ``---`` at the start of a line always starts a document in YAML, so
    each part parses on its own, and a syntax error stays in its document.
    """
    starts = [m.start() for m in _DOCUMENT_START.finditer(text)]
    bounds = [0, *(s for s in starts if s > 0), len(text)]
    lines = 0
    for begin, end in pairwise(bounds):
        chunk = text[begin:end]
        yield lines, chunk
        lines += chunk.count("\n")


def draft_all(
    sources: Iterable[tuple[str, IncidentRecord | ExcusesError]] | Sequence[IncidentRecord],
    stage: Stage | str | None = None,
    *,
    now: datetime | None = None,
    templates: Path | None = None,
    fail_fast: bool = False,
    renderer: Renderer | None = None,
    policy: Policy | None = None,
) -> Iterator[BatchItem]:
    """Draft ``stage`` for every record, yielding each result (or error) in order.

    ``sources`` is what :func:`iter_records` yields, or plain records. With
    ``fail_fast`` the iteration stops after the first error (still yielded).
    Every record's deadlines follow ``policy`` (see :func:`~excuses.drafting.draft`).
    """
    shared = renderer or renderer_for(templates)
    # One batch, one moment: every message counts its deadlines from the same "now".
    moment = now if now is not None else datetime.now(UTC)
    entries: Iterable[Any] = sources
    for position, entry in enumerate(entries, start=1):
        label: str
        record: IncidentRecord | ExcusesError
        if isinstance(entry, IncidentRecord):
            label, record = f"record {position}", entry
        else:
            label, record = entry
        if isinstance(record, ExcusesError):
            yield BatchItem(position, label, error=record)
            if fail_fast:
                return
            continue
        try:
            drafted = draft_with(shared, record, stage, now=moment, policy=policy)
            item = BatchItem(position, label, draft=drafted)
        except ExcusesError as exc:
            item = BatchItem(position, label, error=exc)
        yield item
        if item.error is not None and fail_fast:
            return


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: How much of an incident id a file name keeps: names must fit every file system.
_ID_IN_NAME = 80


def eml_name(item: BatchItem, width: int) -> str:
    """``00042-INC-2026-0142-apology.eml``: ordered, unique even when incidents share an id."""
    assert item.draft is not None
    incident = _UNSAFE.sub("_", item.draft.record.incident.id).strip("._")[:_ID_IN_NAME]
    return f"{item.position:0{width}d}-{incident or 'incident'}-{item.draft.stage.value}.eml"


def write_folder(
    items: Iterable[BatchItem],
    folder: Path,
    *,
    total: int,
    on_item: Callable[[BatchItem], None] | None = None,
) -> None:
    """One ``.eml`` per drafted record in ``folder`` (created when missing).

    A record whose message cannot be built or written is passed to
    ``on_item`` with its error, and the others are still written.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: is a file; --outdir names a folder") from None
    except OSError as exc:
        raise OutputError(f"{folder}: cannot be created ({exc.strerror or exc})") from None
    width = max(3, len(str(total)))
    for item in items:
        if item.draft is not None:
            try:
                write_atomic(folder / eml_name(item, width), item.draft.to_email().as_bytes())
            except ExcusesError as exc:
                item = replace(item, draft=None, error=exc)
        if on_item is not None:
            on_item(item)


def write_mbox(
    items: Iterable[BatchItem],
    path: Path,
    *,
    on_item: Callable[[BatchItem], None] | None = None,
) -> int:
    """Every drafted record as one message of an mbox file, replaced in one step at the end.

    Returns how many messages it holds. When none could be drafted, ``path``
    is left as it was: a failed batch never empties an existing mailbox.
    """
    temp, target, mode = temp_beside(path)
    # The temporary file is ours alone, so it needs no lock (and leaves no .lock behind).
    box = mailbox.mbox(temp, create=True)
    added = 0
    try:
        for item in items:
            if item.draft is not None:
                try:
                    message: EmailMessage = item.draft.to_email()
                except ExcusesError as exc:
                    item = replace(item, draft=None, error=exc)
                else:
                    box.add(message)
                    added += 1
            if on_item is not None:
                on_item(item)
        box.close()
    except OSError as exc:
        box.close()
        temp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    except BaseException:
        box.close()
        temp.unlink(missing_ok=True)
        raise
    if added == 0:
        temp.unlink(missing_ok=True)
        return 0
    put_in_place(temp, target, mode)
    return added
