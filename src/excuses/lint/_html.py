"""The HTML reader of ``_inputs.html``: the visible text of a document, tied to its source.

Kept apart so that checking plain text or an email never loads ``html.parser``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser

_Emit = Callable[[str, int, int], None]

_SKIPPED = frozenset({"script", "style", "head", "title", "noscript", "template"})
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4"}
    | {"h5", "h6", "blockquote", "section", "article", "header", "footer", "hr", "pre"}
    | {"body", "html", "center", "tbody", "thead"}
)


class HtmlText(HTMLParser):
    """Collects visible text and where each piece came from."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", source))]
        self.out: list[str] = []
        self.segments: list[tuple[int, int, int]] = []
        self.length = 0
        self.skip = 0
        self.depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _emit(self, text: str, source_at: int, width: int) -> None:
        if not text:
            return
        self.segments.append((self.length, source_at, width))
        self.out.append(text)
        self.length += len(text)

    def _block(self, tag: str, width: int, *, opening: bool) -> None:
        if tag == "blockquote":
            self.depth = self.depth + 1 if opening else max(0, self.depth - 1)
        self._emit("\n> " if self.depth else "\n", self._offset(), max(width, 1))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip += 1
        elif tag in _BLOCKS and not self.skip:
            self._block(tag, len(self.get_starttag_text() or ""), opening=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS and tag != "blockquote" and not self.skip:
            self._block(tag, len(self.get_starttag_text() or ""), opening=True)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS and not self.skip:
            at = self._offset()
            close = self.source.find(">", at)
            self._block(tag, (close + 1 if close >= 0 else len(self.source)) - at, opening=False)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            at = self._offset()
            _emit_run(self.source, at, at + len(data), self.depth, self._emit)

    def _reference(self, raw_start: int, name_end: int) -> None:
        if self.skip:
            return
        end = name_end + 1 if self.source.startswith(";", name_end) else name_end
        raw = self.source[raw_start:end]
        char = unescape(raw)
        if char == raw:
            _emit_run(self.source, raw_start, end, self.depth, self._emit)
        else:
            self._emit(char, raw_start, end - raw_start)

    def handle_entityref(self, name: str) -> None:
        at = self._offset()
        self._reference(at, at + 1 + len(name))

    def handle_charref(self, name: str) -> None:
        at = self._offset()
        self._reference(at, at + 2 + len(name))


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
