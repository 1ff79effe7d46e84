"""Loading incident records from YAML, JSON, mappings or files.

One entry point, :func:`load_record`, for every kind of input; it raises a
single :class:`~excuses.errors.RecordError` listing every problem with its
field path and, for files, its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import yaml

from ._convert import Converter, already_checked, zone_of
from .chronology import order_problems
from .errors import Problem, RecordError
from .limits import VARIABLES, Limits, current_limits
from .record import IncidentRecord, SourceMap
from .record_messages import Catalogue, Key, catalogue, language_of

#: The formats a record is written in.
RecordFormat = Literal["yaml", "json"]
Format = RecordFormat


class _Refused(Exception):
    """A file past one of the :mod:`~excuses.limits`, found while reading it."""

    def __init__(self, message: str, mark: yaml.Mark | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = mark.line + 1 if mark is not None else None


# Explicit tags that change nothing the record model reads; any other (``!!int abc``,
# ``!!timestamp``, ``!!binary``) would build a value no field expects, or fail to build.
_PLAIN_TAGS = frozenset(
    {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!"}
)


class _PlainLoader(yaml.SafeLoader):
    """YAML 1.2-like scalars: dates and yes/no/on/off stay text; nesting and tags bounded.

    PyYAML's YAML 1.1 rules turn ``country: NO`` into ``False`` and drop the
    time zone of timestamps; the record model reads those strings itself.
    The composer recurses once per level, so nesting is refused past
    :attr:`~excuses.limits.Limits.max_depth` before Python's own limit.
    """

    def __init__(
        self, stream: str, limits: Limits | None = None, say: Catalogue | None = None
    ) -> None:
        super().__init__(stream)
        self.limits = limits or Limits()
        self.say = say or catalogue()
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(self.say.say(Key.YAML_TAG, tag=shown), event.start_mark)
        self.depth += 1
        try:
            if self.depth > self.limits.max_depth:
                raise _Refused(_too_deep(self.limits, self.say), event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, IndexError, OverflowError, TypeError):
            what = self.say.type_name(node.tag.replace("tag:yaml.org,2002:", ""))
            got = self.say.shown(node.value)
            raise _Refused(
                self.say.say(Key.CANNOT_READ_AS, got=got, what=what), node.start_mark
            ) from None


_PlainLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PlainLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _too_deep(limits: Limits, say: Catalogue) -> str:
    return say.say(Key.TOO_DEEP, depth=limits.max_depth, variable=VARIABLES["max_depth"])


def _check_expansion(root: yaml.Node, limits: Limits, say: Catalogue) -> None:
    """Refuse aliases that repeat too much (an "alias bomb"), nest too deep, or loop."""
    heights: dict[int, tuple[int, int]] = {}  # id(node) -> (height, values once expanded)
    open_nodes: set[int] = set()

    def visit(node: yaml.Node, depth: int) -> tuple[int, int]:
        known = heights.get(id(node))
        if known is not None:
            if depth + known[0] - 1 > limits.max_depth:
                raise _Refused(_too_deep(limits, say), node.start_mark)
            return known
        if depth > limits.max_depth:
            raise _Refused(_too_deep(limits, say), node.start_mark)
        if id(node) in open_nodes:
            raise _Refused(say.say(Key.ALIAS_LOOP), node.start_mark)
        open_nodes.add(id(node))
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        height, values = 1, 1
        for child in children:
            child_height, child_values = visit(child, depth + 1)
            height = max(height, child_height + 1)
            values += child_values
            if values - len(heights) > limits.max_alias_values + 1:
                most = say.number(limits.max_alias_values)
                variable = VARIABLES["max_alias_values"]
                raise _Refused(
                    say.say(Key.ALIAS_REPEATS, most=most, variable=variable), child.start_mark
                )
        open_nodes.discard(id(node))
        heights[id(node)] = (height, values)
        return height, values

    visit(root, 1)


def _walk(
    node: yaml.Node, path: str, lines: dict[str, int], problems: list[Problem], say: Catalogue
) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            sub = f"{path}.{key}" if path else key
            if key in seen:
                problems.append(Problem(sub, say.say(Key.TWICE), key_node.start_mark.line + 1))
            seen.add(key)
            lines[sub] = key_node.start_mark.line + 1
            _walk(value_node, sub, lines, problems, say)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{path}[{index}]", lines, problems, say)


def yaml_documents(
    text: str,
    filename: str | None = None,
    limits: Limits | None = None,
    language: str | None = None,
) -> list[tuple[Any, dict[str, int]]]:
    """Each document of a YAML text with the line of each field path, within ``limits``.

    Raises :class:`~excuses.errors.RecordError` for a syntax error, a
    duplicate key, an explicit tag, or a file past the limits, with its line,
    in the language the text's ``language:`` line names (else ``language``, the
    file name's, the environment's: see :mod:`excuses.record_messages`).
    """
    limits = limits or current_limits()
    say = catalogue(language_of(None, text=text, filename=filename, language=language))
    lang = say.language
    try:
        loader = _PlainLoader(text, limits, say)
        documents: list[tuple[Any, dict[str, int]]] = []
        try:
            while loader.check_node():
                node = loader.get_node()
                if node is None:
                    continue
                _check_expansion(node, limits, say)
                lines: dict[str, int] = {}
                problems: list[Problem] = []
                _walk(node, "", lines, problems, say)
                if problems:
                    raise RecordError(problems, filename, lang)
                documents.append((loader.construct_document(node), lines))
        finally:
            loader.dispose()
    except _Refused as exc:
        raise RecordError([Problem("", exc.message, exc.line)], filename, lang) from None
    except RecursionError:
        raise RecordError([Problem("", _too_deep(limits, say))], filename, lang) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = say.yaml_problem(exc.problem or exc.context or "not valid YAML")
        if mark is not None:
            message = say.say(Key.YAML_SYNTAX_AT, column=mark.column + 1, what=what)
        else:
            message = say.say(Key.YAML_SYNTAX, what=what)
        raise RecordError([Problem("", message, line)], filename, lang) from None
    except yaml.YAMLError as exc:
        message = say.say(Key.YAML_SYNTAX, what=say.yaml_problem(str(exc)))
        raise RecordError([Problem("", message)], filename, lang) from None
    return documents


def _parse_yaml(
    text: str, filename: str | None, limits: Limits, language: str | None
) -> tuple[Any, dict[str, int]]:
    documents = yaml_documents(text, filename, limits, language)
    if len(documents) > 1:
        say = catalogue(language_of(None, text=text, filename=filename, language=language))
        raise RecordError([Problem("", say.say(Key.SEVERAL_DOCUMENTS))], filename, say.language)
    return documents[0] if documents else (None, {})


def json_data(
    text: str,
    filename: str | None = None,
    limits: Limits | None = None,
    language: str | None = None,
) -> Any:
    """The data of a JSON text, within ``limits``; a located RecordError otherwise."""
    limits = limits or current_limits()
    say = catalogue(language_of(None, text=text, filename=filename, language=language))
    lang = say.language
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _Duplicate as exc:
        raise RecordError([Problem(exc.key, say.say(Key.TWICE))], filename, lang) from None
    except json.JSONDecodeError as exc:
        what = say.json_problem(exc.msg)
        message = say.say(Key.JSON_SYNTAX, column=exc.colno, what=what)
        raise RecordError([Problem("", message, exc.lineno)], filename, lang) from None
    except RecursionError:
        raise RecordError([Problem("", _too_deep(limits, say))], filename, lang) from None
    except ValueError as exc:  # an integer of thousands of digits, say
        message = say.say(Key.JSON_VALUE, what=say.json_problem(str(exc)))
        raise RecordError([Problem("", message)], filename, lang) from None
    if _depth(data) > limits.max_depth:
        raise RecordError([Problem("", _too_deep(limits, say))], filename, lang)
    return data


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key written twice as the YAML reader does."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _Duplicate(key)
        data[key] = value
    return data


def _depth(data: Any) -> int:
    deepest = 0
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            pending.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            pending.extend((v, depth + 1) for v in value)
    return deepest


def _check_size(size: int, key: Key, filename: str | None, limits: Limits, say: Catalogue) -> None:
    if size > limits.max_input_bytes:
        message = say.say(
            key,
            size=say.number(size),
            most=say.number(limits.max_input_bytes),
            variable=VARIABLES["max_input_bytes"],
        )
        raise RecordError([Problem("", message)], filename, say.language)


def parse_record(
    text: str,
    *,
    format: RecordFormat = "yaml",
    filename: str | None = None,
    language: str | None = None,
) -> IncidentRecord:
    """Read an incident record from YAML or JSON text.

    Problems are written in the record's language (its ``language`` line, even
    in a text that cannot be parsed); else in ``language``; else in that of the
    file name (``incident.fr.yaml``); else in that of the ``EXCUSES_LANGUAGE``
    environment variable; else in English.

    >>> parse_record("language: de").language  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    excuses.errors.RecordError: the incident record has 4 problems:
      line 1: language: expected one of `fr` or `en`, got "de"
      client: missing; expected the client
      sender: missing; expected who signs
      incident: missing; expected what went wrong
    """
    limits = current_limits()
    say = catalogue(language_of(None, text=text, filename=filename, language=language))
    _check_size(len(text), Key.TOO_MANY_CHARACTERS, filename, limits, say)
    lines: dict[str, int] = {}
    if format == "json":
        data = json_data(text, filename, limits, language)
    else:
        data, lines = _parse_yaml(text, filename, limits, language)
    return _build(data, SourceMap(filename, lines), limits, language)


def load_record(
    source: str | PathLike[str] | Mapping[str, Any] | IncidentRecord,
    *,
    language: str | None = None,
) -> IncidentRecord:
    """Load an incident record from a file path (YAML or JSON), a mapping, or a record.

    Date-times written without a UTC offset are read in the client's time zone.
    Problems are reported in the record's language, else in ``language`` (see
    :func:`parse_record`).
    """
    if isinstance(source, IncidentRecord):
        return source
    if isinstance(source, Mapping):
        return _build(source, SourceMap(None), current_limits(), language)
    path = Path(source)
    text = read_input(path, language=language)
    fmt: Format = "json" if path.suffix.lower() == ".json" else "yaml"
    return parse_record(text, format=fmt, filename=str(path), language=language)


def read_input(path: Path, limits: Limits | None = None, *, language: str | None = None) -> str:
    """The UTF-8 text of a record file, refused with a located RecordError past the size limit.

    Its problems are written in ``language``, else that of the file name.
    """
    limits = limits or current_limits()
    name = str(path)
    say = catalogue(language_of(None, filename=name, language=language))

    def refused(message: str) -> RecordError:
        return RecordError([Problem("", message)], name, say.language)

    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_input_bytes + 1)
            size = handle.seek(0, 2) if len(data) > limits.max_input_bytes else len(data)
    except FileNotFoundError:
        raise refused(say.say(Key.NO_FILE)) from None
    except IsADirectoryError:
        raise refused(say.say(Key.FOLDER)) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        text = str(getattr(exc, "strerror", None) or exc)
        reason = say.os_reason(getattr(exc, "errno", None), text)
        raise refused(say.say(Key.UNREADABLE, reason=reason)) from None
    _check_size(size, Key.TOO_MANY_BYTES, name, limits, say)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refused(say.say(Key.NOT_UTF8, offset=exc.start)) from None


def _build(
    data: Any, source: SourceMap, limits: Limits | None = None, language: str | None = None
) -> IncidentRecord:
    say = catalogue(language_of(data, filename=source.filename, language=language))
    if not isinstance(data, Mapping):
        message = say.say(Key.TOP_LEVEL, got=say.kind(data))
        raise RecordError([Problem("", message)], source.filename, say.language)
    converter = Converter(zone_of(data), limits or current_limits(), say=say)
    record = converter.dataclass(data, IncidentRecord, "")
    if converter.problems:
        located = [
            Problem(p.path, p.message, p.line or source.line_of(p.path)) for p in converter.problems
        ]
        raise RecordError(located, source.filename, say.language)
    assert isinstance(record, IncidentRecord)
    disorder = order_problems(record, say)
    if disorder:
        located = [Problem(p.path, p.message, source.line_of(p.path)) for p in disorder]
        raise RecordError(located, source.filename, say.language)
    return _with_source(record, source)


def _with_source(record: IncidentRecord, source: SourceMap) -> IncidentRecord:
    with already_checked():  # the values were checked while the record was built
        return replace(record, source=source)
