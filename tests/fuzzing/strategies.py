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


def _zones() -> list[str]:
    import zoneinfo

    return sorted(zoneinfo.available_timezones())


def _countries() -> list[str]:
    from babel import Locale

    return sorted(str(c) for c in Locale.parse("en").territories if str(c).isalpha())


def _currencies() -> list[str]:
    from babel.numbers import list_currencies

    return sorted(list_currencies())


# Moments around the edges: DST changes, the ends of the calendar, leap days, midnight.
EDGE_MOMENTS = [
    "2026-03-29T01:30",
    "2026-03-29T02:30",
    "2026-03-08T02:30",
    "2026-10-25T01:30",
    "2026-11-01T01:30",
    "2028-02-29T23:59",
    "1970-01-01T00:00",
    "2199-12-31T23:59",
    "2199-12-31T23:59-12:00",
    "1970-01-01T00:00+14:00",
    "2026-12-31T23:59",
    "2027-01-01T00:00",
    "2026-11-23T00:00Z",
    "2026-11-23T10:02+05:45",
]
moments = st.one_of(
    st.sampled_from(EDGE_MOMENTS),
    st.datetimes(
        min_value=__import__("datetime").datetime(1970, 1, 2),
        max_value=__import__("datetime").datetime(2199, 12, 30),
    ).map(lambda d: d.isoformat(timespec="minutes")),
    st.datetimes(
        min_value=__import__("datetime").datetime(2026, 10, 1),
        max_value=__import__("datetime").datetime(2027, 4, 1),
    ).map(lambda d: d.isoformat(timespec="minutes")),
)
SPANS = [
    "1 minute",
    "0 minutes",
    "59 minutes",
    "1h",
    "24 hours",
    "366 days",
    "8784 hours",
    "527040 minutes",
    "260 business days",
    "2000 business hours",
    "1 business hour",
    "end of business day",
    "3 business days",
    "0 business days",
    "367 days",
]
spans = st.one_of(
    st.sampled_from(SPANS),
    st.builds(
        lambda n, u: f"{n} {u}",
        st.integers(min_value=0, max_value=10**6),
        st.sampled_from(["minutes", "hours", "days", "business hours", "business days"]),
    ),
)
HOURS = ["00:00-24:00", "23:59-24:00", "09:00-09:01", "00:00-00:01", "08:30-17:30", "12:00-11:00"]
amounts = st.one_of(
    st.decimals(min_value=0, max_value=10**13, places=4).map(str),
    st.sampled_from(["0", "-0", "0.00", "999999999999.9999", "1e11", "1E+3", "0.0001"]),
)
emails = st.one_of(
    st.sampled_from(
        [
            "a@b.c",
            "ü@bücher.example",
            "x@bücher.example",
            "a@" + "x" * 64 + ".example",
            "o'brien@example.com",
            "a+b@example.com",
            "a@xn--bcher-kva.example",
        ]
    ),
    st.builds(lambda a, b: f"{a}@{b}.example", texts.filter(bool), texts.filter(bool)),
)
printable_texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from("\n\t \u00a0\u202f«»’'\"{}%#<>&"),
    min_size=1,
    max_size=60,
).filter(str.strip)
#: Characters that have broken encoders, headers and terminals.
ODD_CHARACTERS = "\x00\x07\x1b\x7f\x85\x9b\ud800\udfff\u2028\u202e\u200b\u00ad\ufeff\r\n\x0b"
odd_texts = st.builds(
    lambda text, at, odd: text[:at] + odd + text[at:],
    printable_texts,
    st.integers(min_value=0, max_value=60),
    st.sampled_from(list(ODD_CHARACTERS)),
)
strings = st.one_of(
    st.sampled_from([v for v in NASTY_VALUES if isinstance(v, str)]),
    printable_texts,
    odd_texts,
)

#: Strategies for the values of keys whose meaning the record model gives them.
BY_KEY: dict[str, st.SearchStrategy[Any]] = {
    "timezone": st.sampled_from(_zones()),
    "country": st.sampled_from(_countries()),
    "subdivision": st.sampled_from(["ENG", "SCT", "75", "CA", "BY", "XX", ""]),
    "currency": st.sampled_from(_currencies()),
    "email": emails,
    "amount": amounts,
    "answer_within": spans,
    "update_every": spans,
    "business_hours": st.sampled_from(HOURS),
    "working_days": st.lists(
        st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday"]), max_size=7
    ),
    "time_basis": st.sampled_from(["clock", "business"]),
    "criticality": st.sampled_from(["annoying", "important", "critical"]),
    "found_by": st.sampled_from(["client", "us"]),
    "language": st.sampled_from(["fr", "en"]),
    "done": st.booleans(),
}
KEYS_OF_MOMENTS = ("_at", "due", "answer_by")


def _like(key: Any, old: Any) -> st.SearchStrategy[Any]:
    """Values of the kind the key expects, the odd ones included."""
    import datetime as dt

    if key in BY_KEY:
        return BY_KEY[key]
    if isinstance(old, dt.datetime | dt.date) or (
        isinstance(key, str) and key.endswith(KEYS_OF_MOMENTS)
    ):
        return moments
    if isinstance(old, bool):
        return st.booleans()
    if isinstance(old, list):
        return st.lists(strings, max_size=6)
    return strings


def _is_leaf(value: Any) -> bool:
    if isinstance(value, list):
        return not any(isinstance(item, dict | list) for item in value)
    return not isinstance(value, dict)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step] if isinstance(data, dict | list) else None
    return data


@st.composite
def record_data(draw: st.DrawFn) -> Any:
    """An example record with a few values changed, mostly to values of the right kind."""
    data: Any = draw(st.sampled_from(EXAMPLE_DATA))
    if draw(st.booleans()):
        overrides = {
            key: draw(BY_KEY[key])
            for key in (
                "answer_within",
                "update_every",
                "time_basis",
                "business_hours",
                "working_days",
            )
            if draw(st.booleans())
        }
        if draw(st.booleans()):
            overrides["answer_by"] = draw(moments)
        data = {**data, "policy": overrides}
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        action = draw(st.sampled_from(["like"] * 12 + ["any", "delete", "grow"]))
        paths = _paths(data)
        if action == "like":
            paths = [p for p in paths if _is_leaf(_at(data, p))] or paths
        path = draw(st.sampled_from(paths))
        old = _at(data, path)
        if action == "delete":
            data = _delete(data, path)
        elif action == "grow":
            big = draw(st.sampled_from(["x" * 5000, "word " * 2000, ["a"] * 50]))
            data = _replace(data, path, big)
        elif action == "any":
            data = _replace(data, path, draw(leaf_values))
        else:
            data = _replace(data, path, draw(_like(path[-1], old)))
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
            text = (
                text[:at] + draw(st.text(max_size=5) | st.sampled_from(ODD_CHARACTERS)) + text[at:]
            )
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


POLICY_KEYS = ["business_hours", "working_days", "last_call", "acknowledge_within", "x"]
LEVEL_KEYS = ["answer_within", "update_every", "time_basis", "y"]

policy_tables = st.dictionaries(
    st.sampled_from([*POLICY_KEYS, "annoying", "important", "critical"]),
    leaf_values | st.dictionaries(st.sampled_from(LEVEL_KEYS), leaf_values, max_size=3),
    max_size=4,
)
