"""Inputs: plain text, Markdown, HTML and email messages turned into checkable text.

Each input becomes an :class:`Extracted`: the text the rules read and a map
from its offsets back to the source, so that a finding in an HTML body is
reported at its place in the HTML, not in the extracted text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser, Parser
from html import unescape

from ..errors import ExcusesError

_Emit = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Extracted:
    """Checkable text plus the way back to the source it came from."""

    text: str
    source: str
    part: str | None = None
    #: Sorted (text offset, source offset, source length of one char or 0 for a run).
    _segments: tuple[tuple[int, int, int], ...] = field(default=(), repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the text span ``[start, end)``."""
        if not self._segments:
            return start, end
        if start >= end:
            position = self._source_start(start)
            return position, position
        return self._source_start(start), self._source_end(end - 1)

    def _locate(self, offset: int) -> tuple[int, int, int]:
        index = bisect_right(self._segments, (offset, 1 << 62, 0)) - 1
        return self._segments[max(index, 0)]

    def _source_start(self, offset: int) -> int:
        if offset >= len(self.text):
            return len(self.source)
        text_at, source_at, width = self._locate(offset)
        return source_at if width else source_at + (offset - text_at)

    def _source_end(self, offset: int) -> int:
        text_at, source_at, width = self._locate(offset)
        return source_at + width if width else source_at + (offset - text_at) + 1


def plain(text: str, part: str | None = None) -> Extracted:
    return Extracted(text, text, part)


# Markup characters become spaces, so offsets stay those of the source and a
# phrase split by emphasis ("un **petit** souci") still reads as one.
_MD_BLANK = re.compile(
    r"```[\s\S]*?(?:```|\Z)"  # fenced code: not prose
    r"|`[^`\n]*`"  # inline code
    r"|\]\([^)\s]*\)"  # the target of a link
    r"|!?\["  # the opening of a link or image
    r"|(?m:^[ \t]*#{1,6}(?=[ \t]))"  # heading marks
    r"|(?m:^[ \t]*(?:[-*+]|\d+[.)])(?=[ \t]))"  # list marks
    r"|\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|~~"  # emphasis
    r"|<!--[\s\S]*?-->|</?[A-Za-z][^>\n]*>"  # inline HTML
)


def markdown(text: str, part: str | None = None) -> Extracted:
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return Extracted(_MD_BLANK.sub(blank, text), text, part)


_HTML_TOKEN = re.compile(
    r"<!--[\s\S]*?(?:-->|\Z)"
    r"|<(?P<skip>script|style|head|title|noscript|template)\b[\s\S]*?(?:</(?P=skip)\s*>|\Z)"
    r"|<!\[CDATA\[[\s\S]*?(?:\]\]>|\Z)"
    r"|<[!?/]?[A-Za-z][^>]*>?"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?",
    re.IGNORECASE,
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|section|article|header|"
    r"footer|hr|pre|body|html|center|tbody|thead)\b",
    re.IGNORECASE,
)
_QUOTE_OPEN = re.compile(r"<blockquote\b", re.IGNORECASE)
_QUOTE_CLOSE = re.compile(r"</blockquote\s*>", re.IGNORECASE)


def html(source: str, part: str | None = None) -> Extracted:
    """The visible text of an HTML document, with block tags as line breaks.

    A ``<blockquote>`` (how mail clients quote the message replied to) has
    its lines prefixed with ``>`` so that the masking treats it as quoted.
    """
    out: list[str] = []
    segments: list[tuple[int, int, int]] = []
    length = 0
    position = 0
    depth = 0

    def emit(text: str, source_at: int, width: int) -> None:
        nonlocal length
        if not text:
            return
        segments.append((length, source_at, width))
        out.append(text)
        length += len(text)

    for token in _HTML_TOKEN.finditer(source):
        if token.start() > position:
            _emit_run(source, position, token.start(), depth, emit)
        raw = token.group(0)
        if raw.startswith("&"):
            char = unescape(raw)
            if char == raw:
                _emit_run(source, token.start(), token.end(), depth, emit)
            else:
                emit(char, token.start(), len(raw))
        elif _BLOCK_TAG.match(raw):
            if _QUOTE_OPEN.match(raw):
                depth += 1
            elif _QUOTE_CLOSE.match(raw):
                depth = max(0, depth - 1)
            emit("\n> " if depth else "\n", token.start(), len(raw))
        position = token.end()
    if position < len(source):
        _emit_run(source, position, len(source), depth, emit)
    return Extracted("".join(out), source, part, tuple(segments))


def _emit_run(source: str, start: int, end: int, depth: int, emit: _Emit) -> None:
    if not depth:
        emit(source[start:end], start, 0)
        return
    # Inside a blockquote every source line break starts a quoted line.
    cursor = start
    while cursor < end:
        newline = source.find("\n", cursor, end)
        if newline < 0:
            emit(source[cursor:end], cursor, 0)
            return
        emit(source[cursor:newline], cursor, 0)
        emit("\n> ", newline, 1)
        cursor = newline + 1


def extract(text: str, kind: str, part: str | None = None) -> Extracted:
    """Turn ``text`` of the given kind (``plain``, ``markdown``, ``html``) into checkable text."""
    if kind == "html":
        return html(text, part)
    if kind == "markdown":
        return markdown(text, part)
    if kind == "plain":
        return plain(text, part)
    raise ExcusesError(f"unknown input kind {kind!r}; expected plain, markdown or html")


def parse_message(msg: EmailMessage | Message | bytes | str) -> EmailMessage:
    """An :class:`EmailMessage` from a message object, raw bytes or text."""
    if isinstance(msg, bytes):
        parsed = BytesParser(policy=policy.default).parsebytes(msg)
    elif isinstance(msg, str):
        parsed = Parser(policy=policy.default).parsestr(msg)
    else:
        return msg  # type: ignore[return-value]
    if not isinstance(parsed, EmailMessage):  # pragma: no cover - policy.default makes one
        raise ExcusesError("could not read the email message")
    return parsed


def message_parts(msg: EmailMessage) -> list[Extracted]:
    """The subject and every text part (plain and HTML), each named for the report."""
    parts: list[Extracted] = []
    subject = msg.get("Subject")
    if subject:
        parts.append(plain(str(subject), "subject"))
    counts: dict[str, int] = {}
    for sub in msg.walk():
        if sub.is_multipart() or sub.get_content_maintype() != "text":
            continue
        if sub.get_content_disposition() == "attachment":
            continue
        subtype = sub.get_content_subtype()
        name = "html" if subtype == "html" else "text"
        counts[name] = counts.get(name, 0) + 1
        label = name if counts[name] == 1 else f"{name}[{counts[name]}]"
        try:
            content = sub.get_content() if isinstance(sub, EmailMessage) else sub.get_payload()
        except (LookupError, ValueError) as exc:
            raise ExcusesError(f"the {label} part cannot be decoded: {exc}") from None
        if not isinstance(content, str):
            continue
        parts.append(html(content, label) if subtype == "html" else plain(content, label))
    return parts
