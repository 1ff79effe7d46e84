"""Hypothesis strategies: record files built field by field, and the shipped examples mutated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
EXAMPLE_TEXTS = [path.read_text(encoding="utf-8") for path in EXAMPLES]
EXAMPLE_DATA = [yaml.safe_load(text) for text in EXAMPLE_TEXTS]

STAGES = ("acknowledgement", "apology", "update", "closing", "debrief")

# Values that have broken parsers, calendars, formatters or headers somewhere.
NASTY_VALUES: list[Any] = [
    "",
    " ",
    "\n",
    "a\r\nBcc: victim@example.com",
    "a\u2028b",
    "\x1b]0;title\x07",
    "\x00",
    "\ud800",
    "\u200b",
    "\u00ad",
    "\ufeff",
    "é" * 3,
    "𝒳",
    "ü@bücher.example",
    "a@b.c",
    "x@xn--bcher-kva.example",
    "user@localhost",
    "-0",
    "0",
    "1e30",
    "1e-30",
    "NaN",
    "Infinity",
    "-1",
    "150.005",
    "9" * 40,
    "99999999 days",
    "0 minutes",
    "1 minute",
    "end of business day",
    "366 days",
    "260 business days",
    "2000 business hours",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "1970-01-01T00:00",
    "2199-12-31T23:59",
    "2026-03-29T01:30",
    "2026-03-29T02:30",
    "2026-10-25T01:30",
    "2026-11-23T10:02+14:00",
    "2026-11-23T10:02-12:00",
    "2026-11-23",
    "00:00-24:00",
    "23:59-24:00",
    "09:00-09:01",
    ["sun"],
    ["mon", "mon"],
    [],
    {},
    None,
    True,
    0,
    -1,
    10**30,
    1e308,
    float("nan"),
    "Europe/London",
    "Pacific/Kiritimati",
    "Pacific/Apia",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "UTC",
    "Etc/GMT+12",
    "XX",
    "AQ",
    "US",
    "GB",
    "FR",
    "XXX",
    "JPY",
    "BHD",
    "KWD",
    "fr",
    "en",
    "critical",
    "annoying",
    "us",
    "client",
]

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from("\r\n\t \u00a0\u202f«»’'\"{}%#<>&"),
    max_size=40,
)
leaf_values: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(NASTY_VALUES),
    texts,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        copy = dict(data)
        copy[head] = _replace(data.get(head), rest, value)
        return copy
    if isinstance(data, list) and isinstance(head, int) and head < len(data):
        items = list(data)
        items[head] = _replace(data[head], rest, value)
        return items
    return data


def _delete(data: Any, path: tuple[Any, ...]) -> Any:
    if len(path) == 1:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k != path[0]}
        if isinstance(data, list):
            return [v for i, v in enumerate(data) if i != path[0]]
        return data
    head = path[0]
    if isinstance(data, dict) and head in data:
        return {**data, head: _delete(data[head], path[1:])}
    if isinstance(data, list) and isinstance(head, int) and head < len(data):
        return [_delete(v, path[1:]) if i == head else v for i, v in enumerate(data)]
    return data


@st.composite
def record_data(draw: st.DrawFn) -> Any:
    """An example record with a few of its values replaced, removed or duplicated."""
    data: Any = draw(st.sampled_from(EXAMPLE_DATA))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "grow"]))
        if action == "delete":
            data = _delete(data, path)
        elif action == "grow":
            data = _replace(
                data, path, draw(st.sampled_from(["x" * 5000, "word " * 2000, ["a"] * 50]))
            )
        else:
            data = _replace(data, path, draw(leaf_values))
    return data


# Fragments that hit the YAML and JSON machinery: anchors, tags, flow nesting, escapes.
YAML_FRAGMENTS = [
    "&a ",
    "*a",
    "<<: *a\n",
    "!!int ",
    "!!float ",
    "!!timestamp ",
    "!!binary ",
    "!!python/object ",
    "! ",
    "!local ",
    "[" * 70,
    "{" * 70,
    "---\n",
    "...\n",
    "? ",
    ": ",
    "- ",
    '"\\ud800"',
    '"\\x1b"',
    "'",
    '"',
    "#",
    "|\n",
    ">-\n",
    "\t",
    "0b_",
    "0x_",
    "1_:_0",
    ".nan",
    "9999-12-31T23:59",
    "1e30",
    "-0",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "\ufeff",
    "\x85",
    "\u2028",
]


@st.composite
def mutated_text(draw: st.DrawFn) -> tuple[str, str]:
    """(format, text): an example's YAML or JSON text with characters and fragments spliced in."""
    index = draw(st.integers(min_value=0, max_value=len(EXAMPLE_TEXTS) - 1))
    fmt = draw(st.sampled_from(["yaml", "yaml", "yaml", "json"]))
    if fmt == "json":
        text = json.dumps(EXAMPLE_DATA[index], ensure_ascii=draw(st.booleans()), indent=1)
    else:
        text = EXAMPLE_TEXTS[index]
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        kind = draw(st.sampled_from(["insert", "insert", "delete", "fragment", "duplicate"]))
        if kind == "insert":
            text = text[:at] + draw(st.text(max_size=5)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=20)) :]
        elif kind == "fragment":
            text = text[:at] + draw(st.sampled_from(YAML_FRAGMENTS)) + text[at:]
        else:
            end = min(len(text), at + draw(st.integers(min_value=1, max_value=200)))
            text = text[:end] + text[at:end] + text[end:]
    return fmt, text


#: Sentences and words the checker reads, mixed with odd characters.
LINT_WORDS = [
    "ASAP",
    "as soon as possible",
    "just",
    "a minor glitch",
    "not our fault",
    "you must have",
    "au plus vite",
    "ce n'est pas",
    "notre faute",
    "HHHHHHHHHHHH",
    "\u200b",
    "\u00ad",
    "\n",
    "\r\n",
    "«",
    "»",
    "’",
    " ",
    "  ",
    ".",
    "!",
    "?",
    "<p>",
    "</p>",
    "&amp;",
    "https://x.example",
    "> quoted",
    "-- ",
    "17 h 00",
    "5:00 p.m.",
    "ÉÉ",
    "İ",
    "ß",
    "ﬁ",
    "\ufeff",
    "\x00",
]

lint_texts = st.lists(st.sampled_from(LINT_WORDS) | st.text(max_size=8), max_size=40).map("".join)
