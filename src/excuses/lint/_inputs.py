"""Inputs: plain text, Markdown, HTML and email messages turned into checkable text.

Each input becomes an :class:`Extracted`: the text the rules read and a map
from its offsets back to the source, so that a finding in an HTML body is
reported at its place in the HTML, not in the extracted text. The patterns
of each kind are compiled when that kind is first read.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from ..errors import ExcusesError

if TYPE_CHECKING:
    from email.message import EmailMessage, Message

_Emit = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Extracted:
    """Checkable text plus the way back to the source it came from."""

    text: str
    source: str
    part: str | None = None
    #: Sorted (text offset, source offset, source width of each char, or 0 for a run).
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


@cache
def _markdown_markup() -> re.Pattern[str]:
    return re.compile(
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
    """Markdown with its markup turned into spaces: offsets stay those of the source.

    A phrase split by emphasis ("un **petit** souci") still reads as one.
    """

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return Extracted(_markdown_markup().sub(blank, text), text, part)


@cache
def _html_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    token = re.compile(
        r"<!--[\s\S]*?(?:-->|\Z)"
        r"|<(?P<skip>script|style|head|title|noscript|template)\b[\s\S]*?(?:</(?P=skip)\s*>|\Z)"
        r"|<!\[CDATA\[[\s\S]*?(?:\]\]>|\Z)"
        r"|<[!?/]?[A-Za-z][^>]*>?"
        r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?",
        re.IGNORECASE,
    )
    block = re.compile(
        r"</?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|section|article|header|"
        r"footer|hr|pre|body|html|center|tbody|thead)\b",
        re.IGNORECASE,
    )
    quote = re.compile(r"<(/?)blockquote\b", re.IGNORECASE)
    return token, block, quote


def html(source: str, part: str | None = None) -> Extracted:
    """The visible text of an HTML document, with block tags as line breaks.

    Tags, attributes, comments, scripts and styles are skipped and entities
    decoded. A ``<blockquote>`` (how mail clients quote the message replied
    to) has its lines prefixed with ``>`` so that the masking treats it as
    quoted.
    """
    from html import unescape

    token_re, block_re, quote_re = _html_patterns()
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

    for token in token_re.finditer(source):
        if token.start() > position:
            _emit_run(source, position, token.start(), depth, emit)
        raw = token.group(0)
        if raw.startswith("&"):
            char = unescape(raw)
            if char == raw:
                _emit_run(source, token.start(), token.end(), depth, emit)
            else:
                emit(char, token.start(), len(raw))
        elif block_re.match(raw):
            quote = quote_re.match(raw)
            if quote is not None:
                depth = max(0, depth - 1) if quote.group(1) else depth + 1
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


def parse_message(msg: EmailMessage | Message | bytes | str) -> Message:
    """A message object from a message object, raw bytes or text.

    The legacy ``compat32`` parser is enough to read headers and decode
    parts, and loads a fraction of the modules the modern policy does.
    """
    import email

    if isinstance(msg, bytes):
        return email.message_from_bytes(msg)
    if isinstance(msg, str):
        return email.message_from_string(msg)
    return msg


def _header_text(value: object) -> str:
    from email.header import decode_header, make_header

    if not isinstance(value, str):  # a Header object, or a policy.default header
        return str(value)
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, ValueError, UnicodeDecodeError):
        return value


def message_parts(msg: Message) -> list[Extracted]:
    """The subject and every text part (plain and HTML), each named for the report."""
    parts: list[Extracted] = []
    subject = msg.get("Subject")
    if subject:
        parts.append(plain(_header_text(subject), "subject"))
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
        payload = sub.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = sub.get_content_charset() or "utf-8"
        try:
            content = payload.decode(charset)
        except LookupError:
            raise ExcusesError(
                f"the {label} part declares an unknown charset {charset!r}; "
                "expected one Python knows, such as utf-8"
            ) from None
        except UnicodeDecodeError:
            content = payload.decode(charset, errors="replace")
        content = content.replace("\r\n", "\n")
        parts.append(html(content, label) if subtype == "html" else plain(content, label))
    return parts
