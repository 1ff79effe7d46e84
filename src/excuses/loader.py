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

from ._convert import Converter, zone_of
from .errors import Problem, RecordError
from .record import IncidentRecord, SourceMap

Format = Literal["yaml", "json"]

_TOP_LEVEL_EXPECTED = "expected a mapping with language, client, sender and incident"


class _PlainLoader(yaml.SafeLoader):
    """YAML 1.2-like scalars: dates and yes/no/on/off stay text.

    PyYAML's YAML 1.1 rules turn ``country: NO`` into ``False`` and drop the
    time zone of timestamps; the record model reads those strings itself.
    """


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


def _parse_yaml(text: str, filename: str | None) -> tuple[Any, dict[str, int]]:
    try:
        node = yaml.compose(text, Loader=_PlainLoader)
        if node is None:
            return None, {}
        lines: dict[str, int] = {}
        problems: list[Problem] = []
        _walk(node, "", lines, problems)
        if problems:
            raise RecordError(problems, filename)
        data = _PlainLoader(text).get_single_data()
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
    return data, lines


def _parse_json(text: str, filename: str | None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(
            [Problem("", f"JSON syntax error, column {exc.colno}: {exc.msg}", exc.lineno)],
            filename,
        ) from None


def parse_record(
    text: str, *, format: Format = "yaml", filename: str | None = None
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
    lines: dict[str, int] = {}
    if format == "json":
        data = _parse_json(text, filename)
    else:
        data, lines = _parse_yaml(text, filename)
    return _build(data, SourceMap(filename, lines))


def load_record(
    source: str | PathLike[str] | Mapping[str, Any] | IncidentRecord,
) -> IncidentRecord:
    """Load an incident record from a file path (YAML or JSON), a mapping, or a record.

    Date-times written without a UTC offset are read in the client's time zone.
    """
    if isinstance(source, IncidentRecord):
        return source
    if isinstance(source, Mapping):
        return _build(source, SourceMap(None))
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RecordError([Problem("", "no such file")], str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError([Problem("", f"cannot be read: {exc}")], str(path)) from None
    fmt: Format = "json" if path.suffix.lower() == ".json" else "yaml"
    return parse_record(text, format=fmt, filename=str(path))


def _build(data: Any, source: SourceMap) -> IncidentRecord:
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
    converter = Converter(zone_of(data))
    record = converter.dataclass(data, IncidentRecord, "")
    if converter.problems:
        located = [
            Problem(p.path, p.message, p.line or source.line_of(p.path)) for p in converter.problems
        ]
        raise RecordError(located, source.filename)
    assert isinstance(record, IncidentRecord)
    return _with_source(record, source)


def _with_source(record: IncidentRecord, source: SourceMap) -> IncidentRecord:
    return replace(record, source=source)
