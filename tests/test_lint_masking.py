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
