"""The masking of what is not the sender's words: found as its patterns find it."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from excuses.lint._masking import _SOURCES, reply_start

#: Pieces of reply headers, forwarded messages and the lines around them.
REPLY_PIECES = st.lists(
    st.sampled_from(
        [
            "Le lun. 23 nov. 2026 à 10:02, Claire <c@x.fr> a écrit :",
            "On Mon, Nov 23, 2026 at 10:02 AM, Emma <e@x.co.uk> wrote:",
            "le",
            "Le",
            "ON",
            "on",
            " a écrit",
            " a ecrit",
            " A ÉCRIT",
            " wrote",
            "WROTE",
            ":",
            " :",
            "\u00a0:",
            "-----",
            "--",
            " Original Message ",
            "message transféré",
            "Bonjour",
            "x",
            " ",
            "\t",
            "\n",
            "\n\n",
            "> quoted",
            # Case folds of "i" that ``re`` reads as one, spaces a header may hold, and
            # colons and dashes that end no header.
            "İ",
            "ı",
            "cRİT",
            " a\u202fÉcrit",
            "\u00a0",
            ":\t",
            "10:02",
            "x--",
            " -- ",
            "---- Forwarded message ----",
            # Long enough to reach the header's limits (300 characters, 200 once wrapped).
            "x" * 99,
            "y" * 100,
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(REPLY_PIECES)
@example("Le 2 mai, Claire a écrit :\n> ok")
@example("Bonjour\nOn Monday, Emma\nwrote:\n> ok")
@example("x\n---- Original Message ----\n")
def test_a_reply_header_is_found_where_its_pattern_first_matches(text: str) -> None:
    found = re.compile(_SOURCES["reply"]).search(text)
    assert reply_start(text) == (None if found is None else found.start())


def _headers_near_the_limits() -> list[str]:
    """Headers whose reach is just inside or just past the pattern's limits: 300
    characters from "le" to "a écrit" on one line, or to the line's end when wrapped,
    and then 200 to "wrote"."""
    texts = []
    for gap in (298, 299, 300, 301, 302):
        texts.append(f"Bonjour\nLe{' ' * gap}a écrit :\n> ok")
        texts.append(f"Bonjour\nOn{' ' * gap}wrote:\n> ok")
        texts.append(f"Le{' ' * gap}\n a écrit :\n> ok")
        for second in (198, 199, 200, 201, 202):
            texts.append(f"x\nOn{' ' * gap}\n{' ' * second}wrote:\n")
    return texts


def test_a_reply_header_is_found_as_its_pattern_finds_it_at_the_limits_of_its_reach() -> None:
    pattern = re.compile(_SOURCES["reply"])
    texts = _headers_near_the_limits()
    found = [reply_start(text) for text in texts]
    expected = [None if (m := pattern.search(text)) is None else m.start() for text in texts]
    assert found == expected
    assert found.count(None) > len(found) // 4
    assert sum(start is not None for start in found) > len(found) // 4
