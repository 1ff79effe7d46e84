"""Inputs: plain text, Markdown, HTML and email messages turned into checkable text.

Each input becomes an :class:`Extracted`: the text the rules read and a map
from its offsets back to the source, so that a finding in an HTML body is
reported at its place in the HTML, not in the extracted text. The patterns
of each kind are compiled when that kind is first read.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from .._frozen import Frozen
from ..errors import ExcusesError
from ._compiled import helper_bytes
from ._types import Finding

# typing itself is not imported: it costs milliseconds at each start of the checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import replace
    from email.message import EmailMessage, Message
else:  # as dataclasses, without importing it at each start (see ``_frozen``)
    from .._frozen import replace


class Extracted(Frozen):
    """Checkable text plus the way back to the source it came from."""

    __slots__ = ("_segments", "part", "source", "text")
    text: str
    source: str
    part: str | None
    #: Sorted (text offset, source offset, source width of each char, or 0 for a run).
    _segments: tuple[tuple[int, int, int], ...]

    def __init__(
        self,
        text: str,
        source: str,
        part: str | None = None,
        _segments: tuple[tuple[int, int, int], ...] = (),
    ) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "part", part)
        object.__setattr__(self, "_segments", _segments)

    def __repr__(self) -> str:
        # The segments are an index, long and unreadable: left out, as they always were.
        return f"Extracted(text={self.text!r}, source={self.source!r}, part={self.part!r})"

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


def html(source: str, part: str | None = None) -> Extracted:
    """The visible text of an HTML document, with block tags as line breaks.

    Tags, attributes, comments, scripts and styles are skipped and entities
    decoded. A ``<blockquote>`` (how mail clients quote the message replied
    to) has its lines prefixed with ``>`` so that the masking treats it as
    quoted. The standard library's tokenizer reads the markup, as browsers
    do, and its positions keep every piece of text tied to its place in
    ``source``.
    """
    from ._html import HtmlText  # the HTML tokenizer is loaded for HTML only

    reader = HtmlText(source)
    reader.feed(source)
    reader.close()
    return Extracted("".join(reader.out), source, part, tuple(reader.segments))


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


# --- a plain one-part message, read without the email package -----------------------------------
#
# Most messages checked from a file are one plain-text part with ASCII headers. The
# email package costs more to import than the whole check of such a message, so it
# is read here, to exactly what the package's compat32 parser would give; anything
# else (MIME parts, encoded words, folded or repeated fields we read, odd lines) is
# left to the package.

#: A header line as the email package's parser reads one: a field name, then a colon.
_FIELD = helper_bytes(rb"[\x21-\x39\x3b-\x7e]+:")
#: The Content-Type values read here: plain text, in UTF-8 or ASCII.
_PLAIN_TYPE = helper_bytes(
    rb'text/plain[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*("?)(utf-8|us-ascii)\1[ \t]*)?', re.I
)
_READ_FIELDS = (b"subject", b"content-type", b"content-transfer-encoding", b"content-disposition")
_RAW_ENCODINGS = ("7bit", "8bit", "binary")


class PlainMessage(Frozen):
    """A one-part plain-text message: its subject, body and what the headers say of it."""

    __slots__ = ("body", "charset", "encoding", "subject")
    subject: str | None
    body: bytes
    #: The charset parameter as written (None: not given).
    charset: str | None
    #: The Content-Transfer-Encoding as written.
    encoding: str

    def __init__(
        self, subject: str | None, body: bytes, charset: str | None, encoding: str
    ) -> None:
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "body", body)
        object.__setattr__(self, "charset", charset)
        object.__setattr__(self, "encoding", encoding)

    def payload(self) -> str:
        """The body as ``Message.get_payload(decode=False)`` returns it."""
        if self.body.isascii():
            return self.body.decode("ascii")
        return self.body.decode(self.charset or "ascii", "replace")


def plain_message(raw: bytes) -> PlainMessage | None:
    """``raw`` read as a one-part plain-text message, or None when the email package must."""
    fields: dict[bytes, str] = {}
    position = 0
    last = b""
    while True:
        end = raw.find(b"\n", position)
        if end < 0:
            return None
        line = raw[position : end + 1]
        position = end + 1
        if line in (b"\n", b"\r\n"):
            break
        content = line[:-2] if line.endswith(b"\r\n") else line[:-1]
        if b"\r" in content or not content.isascii():
            return None
        if content[:1] in (b" ", b"\t"):
            # A folded line: fine in a field not read here.
            if not last or last in fields:
                return None
            continue
        field = _FIELD.match(content)
        if field is None:
            return None
        last = content[: field.end() - 1].lower()
        if last in _READ_FIELDS:
            if last in fields:
                return None
            fields[last] = content[field.end() :].lstrip(b" \t").decode("ascii")
    if b"content-disposition" in fields:
        return None
    charset: str | None = None
    kind = fields.get(b"content-type")
    if kind is not None:
        plain_type = _PLAIN_TYPE.fullmatch(kind.encode("ascii"))
        if plain_type is None:
            return None
        charset = plain_type.group(2).decode("ascii") if plain_type.group(2) else None
    encoding = fields.get(b"content-transfer-encoding", "7bit")
    if encoding.strip().lower() not in _RAW_ENCODINGS:
        return None
    subject = fields.get(b"subject")
    if subject is not None and "=?" in subject:
        return None
    return PlainMessage(subject, raw[position:], charset, encoding)


def plain_message_parts(message: PlainMessage) -> list[Extracted]:
    """What :func:`message_parts` gives for the parsed message, without parsing it."""
    parts: list[Extracted] = []
    if message.subject:
        parts.append(plain(message.subject, "subject"))
    parts.append(
        plain(_decoded(message.body, (message.charset or "utf-8").lower(), "text"), "text")
    )
    return parts


def _decoded(payload: bytes, charset: str, label: str) -> str:
    """A part's body as text, in its charset, with plain line breaks."""
    try:
        content = payload.decode(charset)
    except LookupError:
        raise ExcusesError(
            f"the {label} part declares an unknown charset {charset!r}; "
            "expected one Python knows, such as utf-8"
        ) from None
    except UnicodeDecodeError:
        content = payload.decode(charset, errors="replace")
    return content.replace("\r\n", "\n")


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
        content = _decoded(payload, sub.get_content_charset() or "utf-8", label)
        parts.append(html(content, label) if subtype == "html" else plain(content, label))
    return parts


# --- places in the file a finding was read from --------------------------------------------------


class _PartPlace(Frozen):
    """Where a message part's body (or the subject's value) starts in the raw file."""

    __slots__ = ("column", "exact", "line", "lines", "offset")
    offset: int
    line: int
    column: int
    #: Lines and columns of the decoded text are those of the file (no transfer encoding).
    exact: bool
    #: For quoted-printable parts: the file line of each decoded line, soft breaks undone.
    lines: tuple[int, ...]

    def __init__(
        self, offset: int, line: int, column: int, exact: bool, lines: tuple[int, ...] = ()
    ) -> None:
        object.__setattr__(self, "offset", offset)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "column", column)
        object.__setattr__(self, "exact", exact)
        object.__setattr__(self, "lines", lines)


def _file_position(raw: bytes, at: int) -> tuple[int, int, int]:
    """Character offset, line and column of byte ``at`` in a file read as UTF-8."""
    before = raw[:at].decode("utf-8", errors="replace")
    line_start = before.rfind("\n") + 1
    return len(before), before.count("\n") + 1, len(before) - line_start + 1


_HEADER_END = helper_bytes(rb"\r?\n\r?\n")
_SUBJECT = helper_bytes(rb"(?im)^subject:[ \t]*")
_UNFOLDED_LINE_END = helper_bytes(rb"\r?\n(?![ \t])")


def _subject_place(raw: bytes) -> _PartPlace | None:
    header_end = _HEADER_END.search(raw)
    head = raw[: header_end.start() if header_end else len(raw)]
    found = _SUBJECT.search(head)
    if found is None:
        return None
    value_end = _UNFOLDED_LINE_END.search(head[found.end() :])
    value = head[found.end() : found.end() + value_end.start() if value_end else len(head)]
    offset, line, column = _file_position(raw, found.end())
    exact = b"=?" not in value and b"\n" not in value
    return _PartPlace(offset, line, column, exact)


def _body_place(
    raw: bytes, payload: object, encoding: str, cursor: int
) -> tuple[_PartPlace, int] | None:
    if not isinstance(payload, str):
        return None
    try:
        body = payload.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        body = payload.encode("utf-8", "surrogateescape")
    probe = body.lstrip(b"\r\n")[:200]
    at = raw.find(probe, cursor) if probe else -1
    if at < 0:
        return None
    offset, line, column = _file_position(raw, at)
    encoding = encoding.strip().lower()
    if encoding in ("7bit", "8bit", "binary"):
        return _PartPlace(offset, line, column, exact=True), at + len(probe)
    lines: list[int] = []
    if encoding == "quoted-printable":
        decoded_start = True
        for index, raw_line in enumerate(raw[at : at + len(body)].split(b"\n")):
            if decoded_start:
                lines.append(line + index)
            decoded_start = not raw_line.rstrip(b"\r \t").endswith(b"=")
    return _PartPlace(offset, line, 1, exact=False, lines=tuple(lines)), at + len(probe)


def message_places(raw: bytes) -> dict[str, _PartPlace]:
    """Where the subject and each text part of a raw message stand in the file.

    The parts are named as :func:`message_parts` names them, so that a
    finding's ``part`` finds its place.
    """
    places: dict[str, _PartPlace] = {}
    subject = _subject_place(raw)
    if subject is not None:
        places["subject"] = subject
    simple = plain_message(raw)
    if simple is not None:
        placed = _body_place(raw, simple.payload(), simple.encoding, 0)
        if placed is not None:
            places["text"] = placed[0]
        return places
    msg = parse_message(raw)
    counts: dict[str, int] = {}
    cursor = 0
    for sub in msg.walk():
        if sub.is_multipart() or sub.get_content_maintype() != "text":
            continue
        if sub.get_content_disposition() == "attachment":
            continue
        name = "html" if sub.get_content_subtype() == "html" else "text"
        counts[name] = counts.get(name, 0) + 1
        label = name if counts[name] == 1 else f"{name}[{counts[name]}]"
        encoding = str(sub.get("Content-Transfer-Encoding", "7bit"))
        placed = _body_place(raw, sub.get_payload(decode=False), encoding, cursor)
        if placed is not None:
            places[label], cursor = placed
    return places


def in_message_file(finding: Finding, places: dict[str, _PartPlace]) -> Finding:
    """``finding`` (located in its decoded part) located in the raw message file instead.

    Exact for parts written as they are read (7bit, 8bit); for quoted-printable
    the line is exact and the column that of the decoded text; for base64 the
    finding points at the start of the part's body.
    """
    place = places.get(finding.part or "")
    if place is None:
        return finding
    if place.exact:
        column = finding.column + place.column - 1 if finding.line == 1 else finding.column
        return replace(
            finding,
            line=place.line + finding.line - 1,
            column=column,
            start=place.offset + finding.start,
            end=place.offset + finding.end,
        )
    if place.lines and finding.line <= len(place.lines):
        line = place.lines[finding.line - 1]
        return replace(finding, line=line, start=place.offset, end=place.offset)
    return replace(
        finding, line=place.line, column=place.column, start=place.offset, end=place.offset
    )


def record_value_spans(text: str) -> dict[str, tuple[int, int]]:
    """The source span of every scalar value of a YAML or JSON record, by field path."""
    import yaml

    spans: dict[str, tuple[int, int]] = {}

    def walk(node: yaml.Node, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, f"{path}.{key.value}" if path else str(key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]")
        else:
            spans[path] = (node.start_mark.index, node.end_mark.index)

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return spans
    if root is not None:
        walk(root, "")
    return spans


def in_record_file(finding: Finding, text: str, spans: dict[str, tuple[int, int]]) -> Finding:
    """``finding`` (located in a field's value) located in the record's file instead.

    The value as written may be folded over lines, quoted or indented; the
    matched words are looked for in it, nearest their place in the value.
    """
    span = spans.get(finding.field_path or "")
    if span is None:
        return finding
    start, end = span
    written = text[start:end]
    words = [re.escape(word).replace("'", "(?:''|')") for word in finding.matched.split()]
    best: tuple[int, int] | None = None
    if words:
        for match in re.finditer(r"\s+".join(words), written):
            if best is None or abs(match.start() - finding.start) < abs(best[0] - finding.start):
                best = (match.start(), match.end())
    at, until = (start + best[0], start + best[1]) if best else (start, start)
    line_start = text.rfind("\n", 0, at) + 1
    return replace(
        finding,
        line=text.count("\n", 0, at) + 1,
        column=at - line_start + 1,
        start=at,
        end=until,
    )
