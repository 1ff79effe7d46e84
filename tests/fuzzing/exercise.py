"""What every fuzzed input goes through: loading, drafting in every format, checking."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from excuses.errors import ExcusesError

NOW = datetime(2026, 11, 23, 17, 0)


def exercise_record(source: Any, fmt: str = "yaml", stage: str | None = None) -> None:
    """Load ``source`` (text in ``fmt``, or a mapping), draft and render it.

    Only :class:`~excuses.errors.ExcusesError` may come out.
    """
    from excuses.cli._draft import render_as
    from excuses.drafting import draft
    from excuses.lint import check_draft, check_record
    from excuses.loader import load_record, parse_record
    from excuses.stages import STAGES

    try:
        if isinstance(source, str):
            record = parse_record(source, format=fmt, filename="fuzz")  # type: ignore[arg-type]
        else:
            record = load_record(source)
    except ExcusesError:
        return
    check_record(record)
    stages = [stage] if stage is not None else [s.value for s in STAGES]
    for name in stages:
        try:
            item = draft(record, name, now=NOW)
        except ExcusesError:
            continue
        for output in ("text", "html", "json", "eml"):
            with contextlib.suppress(ExcusesError):
                render_as(item, output)
        with contextlib.suppress(ExcusesError):
            item.to_email().as_bytes()
        check_draft(item)


def exercise_text(text: str) -> None:
    """Check ``text`` as plain text and HTML in both languages; only ExcusesError out."""
    from excuses.lint import check_text

    for language in ("fr", "en", None):
        for kind in ("plain", "html"):
            with contextlib.suppress(ExcusesError):
                check_text(text, language=language, kind=kind)  # type: ignore[arg-type]


def exercise_policy(table: Any, stage: str) -> None:
    """Read ``table`` as a ``[policy]`` table and draft an example under it."""
    from excuses.drafting import draft
    from excuses.policy import Policy

    from .strategies import EXAMPLES

    try:
        policy = Policy.from_mapping(table, source="excuses.toml")
    except ExcusesError:
        return
    for example in EXAMPLES[:2]:
        with contextlib.suppress(ExcusesError):
            draft(example, stage, now=NOW, policy=policy).to_email().as_bytes()
