"""Jamie Zawinski's message threading algorithm, as mail readers run it on a mailbox.

The steps of https://www.jwz.org/doc/threading.html, without the last one
(merging threads by subject), so that only the headers thread the messages:
a container per Message-ID, linked parent to child along each message's
``References`` (``In-Reply-To`` when there are none), the parent of a
message being the last identifier of its chain; then the roots, with empty
containers pruned and their children promoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage

_ID = re.compile(r"<[^<>\s]+>")


@dataclass(eq=False)
class Container:
    """One node of the thread tree: a message, or the place of one that was referenced."""

    message: EmailMessage | None = None
    parent: Container | None = None
    children: list[Container] = field(default_factory=list)

    def reaches(self, other: Container) -> bool:
        """Whether ``other`` is this container or below it (a link to it would make a loop)."""
        return self is other or any(child.reaches(other) for child in self.children)

    def adopt(self, child: Container) -> None:
        if child.parent is not None:
            child.parent.children.remove(child)
        child.parent = self
        self.children.append(child)


def _ids(value: object) -> list[str]:
    return _ID.findall(str(value)) if value is not None else []


def thread(messages: Iterable[EmailMessage]) -> list[Container]:
    """The root set of ``messages``: one container per thread, children in arrival order."""
    table: dict[str, Container] = {}

    def container(message_id: str) -> Container:
        return table.setdefault(message_id, Container())

    for number, message in enumerate(messages):
        own_ids = _ids(message["Message-ID"])
        own = container(own_ids[0] if own_ids else f"<no-id-{number}@local>")
        own.message = message
        chain = _ids(message["References"]) or _ids(message["In-Reply-To"])[-1:]
        previous: Container | None = None
        for reference in chain:
            node = container(reference)
            # Link each reference to the one before it, unless already linked or a loop.
            if previous is not None and node.parent is None and not node.reaches(previous):
                previous.adopt(node)
            previous = node
        if own.parent is not None:
            own.parent.children.remove(own)
            own.parent = None
        if previous is not None and not own.reaches(previous):
            previous.adopt(own)
    roots = [c for c in table.values() if c.parent is None]
    return _pruned(roots)


def _pruned(nodes: list[Container]) -> list[Container]:
    """Drop empty containers: one without children goes, one with children gives them up."""
    kept: list[Container] = []
    for node in nodes:
        node.children = _pruned(node.children)
        for child in node.children:
            child.parent = node
        if node.message is not None:
            kept.append(node)
        elif len(node.children) == 1 or (node.parent is not None and node.children):
            for child in node.children:
                child.parent = node.parent
            kept.extend(node.children)
        elif node.children:
            kept.append(node)  # an empty root keeps its several children together
    return kept


def walk(root: Container, depth: int = 0) -> list[tuple[int, EmailMessage | None]]:
    """The tree in reading order, as a reader shows it: (depth, message), depth first."""
    rows = [(depth, root.message)]
    for child in sorted(root.children, key=_date):
        rows += walk(child, depth + 1)
    return rows


def _date(node: Container) -> datetime:
    header = node.message["Date"] if node.message is not None else None
    return header.datetime if header is not None else datetime.min.replace(tzinfo=UTC)
