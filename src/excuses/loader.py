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

#: The formats a record is written in.
RecordFormat = Literal["yaml", "json"]
Format = RecordFormat

_TOP_LEVEL_EXPECTED = "expected a mapping with language, client, sender and incident"


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

    def __init__(self, stream: str, limits: Limits | None = None) -> None:
        super().__init__(stream)
        self.limits = limits or Limits()
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                f"explicit YAML tags like `{shown}` are not read in a record; "
                "write the value plainly",
                event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > self.limits.max_depth:
                raise _Refused(_too_deep(self.limits), event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, IndexError, OverflowError, TypeError):
            what = node.tag.replace("tag:yaml.org,2002:", "")
            raise _Refused(
                f"cannot read {_shown(node.value)} as {what}; quote it to keep it as text",
                node.start_mark,
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


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else "the value"
    return repr(text[:40] + ("..." if len(text) > 40 else ""))


def _too_deep(limits: Limits) -> str:
    return (
        f"nested deeper than {limits.max_depth} levels "
        f"(set {VARIABLES['max_depth']} to read deeper files)"
    )


def _check_expansion(root: yaml.Node, limits: Limits) -> None:
    """Refuse aliases that repeat too much (an "alias bomb"), nest too deep, or loop."""
    heights: dict[int, tuple[int, int]] = {}  # id(node) -> (height, values once expanded)
    open_nodes: set[int] = set()

    def visit(node: yaml.Node, depth: int) -> tuple[int, int]:
        known = heights.get(id(node))
        if known is not None:
            if depth + known[0] - 1 > limits.max_depth:
                raise _Refused(_too_deep(limits), node.start_mark)
            return known
        if depth > limits.max_depth:
            raise _Refused(_too_deep(limits), node.start_mark)
        if id(node) in open_nodes:
            raise _Refused("an alias refers to the value that holds it", node.start_mark)
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
                raise _Refused(
                    f"its aliases (*name) repeat more than {limits.max_alias_values:,} values "
                    f"(set {VARIABLES['max_alias_values']} to allow more)",
                    child.start_mark,
                )
        open_nodes.discard(id(node))
        heights[id(node)] = (height, values)
        return height, values

    visit(root, 1)


def _walk(node: yaml.Node, path: str, lines: dict[str, int], problems: list[Problem]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            sub = f"{path}.{key}" if path else key
            if key in seen:
                problems.append(
                    Problem(sub, "appears twice; keep one", key_node.start_mark.line + 1)
                )
            seen.add(key)
            lines[sub] = key_node.start_mark.line + 1
            _walk(value_node, sub, lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{path}[{index}]", lines, problems)


def yaml_documents(
    text: str, filename: str | None = None, limits: Limits | None = None
) -> list[tuple[Any, dict[str, int]]]:
    """Each document of a YAML text with the line of each field path, within ``limits``.

    Raises :class:`~excuses.errors.RecordError` for a syntax error, a
    duplicate key, an explicit tag, or a file past the limits, with its line.
    """
    limits = limits or current_limits()
    try:
        loader = _PlainLoader(text, limits)
        documents: list[tuple[Any, dict[str, int]]] = []
        try:
            while loader.check_node():
                node = loader.get_node()
                if node is None:
                    continue
                _check_expansion(node, limits)
                lines: dict[str, int] = {}
                problems: list[Problem] = []
                _walk(node, "", lines, problems)
                if problems:
                    raise RecordError(problems, filename)
                documents.append((loader.construct_document(node), lines))
        finally:
            loader.dispose()
    except _Refused as exc:
        raise RecordError([Problem("", exc.message, exc.line)], filename) from None
    except RecursionError:
        raise RecordError([Problem("", _too_deep(limits))], filename) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = f", column {mark.column + 1}" if mark is not None else ""
        what = exc.problem or exc.context or "not valid YAML"
        raise RecordError(
            [Problem("", f"YAML syntax error{column}: {what}", line)], filename
        ) from None
    except yaml.YAMLError as exc:
        raise RecordError([Problem("", f"YAML syntax error: {exc}")], filename) from None
    return documents


def _parse_yaml(text: str, filename: str | None, limits: Limits) -> tuple[Any, dict[str, int]]:
    documents = yaml_documents(text, filename, limits)
    if len(documents) > 1:
        raise RecordError(
            [Problem("", "holds several YAML documents; a record is one (--- separates them)")],
            filename,
        )
    return documents[0] if documents else (None, {})


def json_data(text: str, filename: str | None = None, limits: Limits | None = None) -> Any:
    """The data of a JSON text, within ``limits``; a located RecordError otherwise."""
    limits = limits or current_limits()
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _Duplicate as exc:
        raise RecordError([Problem(exc.key, "appears twice; keep one")], filename) from None
    except json.JSONDecodeError as exc:
        raise RecordError(
            [Problem("", f"JSON syntax error, column {exc.colno}: {exc.msg}", exc.lineno)],
            filename,
        ) from None
    except RecursionError:
        raise RecordError([Problem("", _too_deep(limits))], filename) from None
    except ValueError as exc:  # an integer of thousands of digits, say
        raise RecordError([Problem("", f"JSON value cannot be read: {exc}")], filename) from None
    if _depth(data) > limits.max_depth:
        raise RecordError([Problem("", _too_deep(limits))], filename)
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


def _check_size(size: int, unit: str, filename: str | None, limits: Limits) -> None:
    if size > limits.max_input_bytes:
        raise RecordError(
            [
                Problem(
                    "",
                    f"is {size:,} {unit}; at most {limits.max_input_bytes:,} are read "
                    f"(set {VARIABLES['max_input_bytes']} to read more)",
                )
            ],
            filename,
        )


def parse_record(
    text: str, *, format: RecordFormat = "yaml", filename: str | None = None
) -> IncidentRecord:
    """Read an incident record from YAML or JSON text.

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
    _check_size(len(text), "characters", filename, limits)
    lines: dict[str, int] = {}
    if format == "json":
        data = json_data(text, filename, limits)
    else:
        data, lines = _parse_yaml(text, filename, limits)
    return _build(data, SourceMap(filename, lines), limits)


def load_record(
    source: str | PathLike[str] | Mapping[str, Any] | IncidentRecord,
) -> IncidentRecord:
    """Load an incident record from a file path (YAML or JSON), a mapping, or a record.

    Date-times written without a UTC offset are read in the client's time zone.
    """
    if isinstance(source, IncidentRecord):
        return source
    if isinstance(source, Mapping):
        return _build(source, SourceMap(None), current_limits())
    path = Path(source)
    text = read_input(path)
    fmt: Format = "json" if path.suffix.lower() == ".json" else "yaml"
    return parse_record(text, format=fmt, filename=str(path))


def read_input(path: Path, limits: Limits | None = None) -> str:
    """The UTF-8 text of a record file, refused with a located RecordError past the size limit."""
    limits = limits or current_limits()
    name = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_input_bytes + 1)
            size = handle.seek(0, 2) if len(data) > limits.max_input_bytes else len(data)
    except FileNotFoundError:
        raise RecordError([Problem("", "no such file")], name) from None
    except IsADirectoryError:
        raise RecordError([Problem("", "is a folder; expected a record file")], name) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or exc
        raise RecordError([Problem("", f"cannot be read: {reason}")], name) from None
    _check_size(size, "bytes", name, limits)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(
            [
                Problem(
                    "",
                    f"is not UTF-8 text (invalid byte at offset {exc.start}); "
                    "save it as UTF-8 and try again",
                )
            ],
            name,
        ) from None


def _build(data: Any, source: SourceMap, limits: Limits | None = None) -> IncidentRecord:
    if not isinstance(data, Mapping):
        kind = "nothing" if data is None else type(data).__name__
        raise RecordError(
            [
                Problem(
                    "", f"expected a mapping with language, client, sender and incident, got {kind}"
                )
            ],
            source.filename,
        )
    converter = Converter(zone_of(data), limits or current_limits())
    record = converter.dataclass(data, IncidentRecord, "")
    if converter.problems:
        located = [
            Problem(p.path, p.message, p.line or source.line_of(p.path)) for p in converter.problems
        ]
        raise RecordError(located, source.filename)
    assert isinstance(record, IncidentRecord)
    disorder = order_problems(record)
    if disorder:
        located = [Problem(p.path, p.message, source.line_of(p.path)) for p in disorder]
        raise RecordError(located, source.filename)
    return _with_source(record, source)


def _with_source(record: IncidentRecord, source: SourceMap) -> IncidentRecord:
    with already_checked():  # the values were checked while the record was built
        return replace(record, source=source)
