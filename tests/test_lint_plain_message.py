"""A one-part plain-text message read without the email package reads as the package reads it."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excuses.lint import check_message
from excuses.lint._inputs import (
    _body_place,
    _subject_place,
    message_parts,
    parse_message,
    plain_message,
    plain_message_parts,
)

HEADERS = [
    b"From: Sarah Collins <sarah@example.com>",
    b"To: Emma <emma@example.co.uk>",
    b"Subject: Your order 4471: what went wrong",
    b"Subject:Order late",
    b"Subject: \t Spaces around  ",
    b"Subject: =?utf-8?q?Commande_en_retard?=",
    b"Subject: folded\n over two lines",
    b"Subject:",
    b"Content-Type: text/plain; charset=utf-8",
    b'Content-Type: text/plain; charset="UTF-8"',
    b"Content-Type: TEXT/PLAIN ; charset = us-ascii",
    b"Content-Type: text/plain",
    b"Content-Type: text/html; charset=utf-8",
    b"Content-Type: text/plain; charset=latin-1",
    b"Content-Type: text/plain; format=flowed",
    b"Content-Type: multipart/alternative; boundary=x",
    b"Content-Transfer-Encoding: 8bit",
    b"Content-Transfer-Encoding: 7BIT ",
    b"Content-Transfer-Encoding: quoted-printable",
    b"Content-Transfer-Encoding: base64",
    b"Content-Disposition: inline",
    b"MIME-Version: 1.0",
    b"X-Folded: one\n\ttwo",
    b"Subject : space before the colon",
    b"not a header line",
    b"From sarah@example.com Mon Nov 23 10:02:00 2026",
    b"X-Latin: caf\xe9",
]
BODIES = [
    b"Dear Ms Hartley,\n\nWe were swamped. It was just a minor glitch.\n\nSarah\n",
    "Bonjour Claire,\n\nNous étions débordés, désolés pour le retard.\n".encode(),
    b"Hello,\r\n\r\nWe will get back to you asap.\r\n",
    b"caf\xe9 latin-1 bytes, we will fix it asap\n",
    b"",
    b"Subject: a body line that looks like a header\nasap\n",
]


def _email_reading(raw: bytes) -> tuple[object, object]:
    msg = parse_message(raw)
    parts = [(p.text, p.source, p.part, p._segments) for p in message_parts(msg)]
    place = None
    subs = [s for s in msg.walk() if not s.is_multipart()]
    if len(subs) == 1:
        sub = subs[0]
        encoding = str(sub.get("Content-Transfer-Encoding", "7bit"))
        placed = _body_place(raw, sub.get_payload(decode=False), encoding, 0)
        place = placed[0] if placed else None
    return parts, place


def _check(raw: bytes) -> None:
    simple = plain_message(raw)
    if simple is None:
        return
    parts = [(p.text, p.source, p.part, p._segments) for p in plain_message_parts(simple)]
    placed = _body_place(raw, simple.payload(), simple.encoding, 0)
    assert (parts, placed[0] if placed else None) == _email_reading(raw), raw
    assert _subject_place(raw) == _subject_place(raw)


def _messages() -> list[bytes]:
    found = []
    for count in (0, 1, 2, 3):
        for headers in itertools.combinations(HEADERS, count):
            for body in BODIES[:3] if count > 1 else BODIES:
                for newline in (b"\n", b"\r\n"):
                    head = b"".join(h.replace(b"\n", newline) + newline for h in headers)
                    found.append(head + newline + body)
    return found


def test_every_message_read_without_the_package_reads_as_the_package_reads_it() -> None:
    read = 0
    for raw in _messages():
        _check(raw)
        read += plain_message(raw) is not None
    assert read > 1000  # the plain ones are read here, the rest left to the package


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(HEADERS), max_size=5),
    st.binary(max_size=60) | st.sampled_from(BODIES),
    st.sampled_from([b"\n", b"\r\n", b"\r\n\r\n", b"\n\r\n"]),
)
def test_any_message_is_read_here_as_the_package_reads_it_or_left_to_it(
    headers: list[bytes], body: bytes, separator: bytes
) -> None:
    _check(b"\n".join(headers) + separator + body)


@pytest.mark.parametrize(
    "raw",
    [
        b"Subject: Order 4471\n\nIt was just a minor glitch, we will fix it asap.\n",
        b"Subject: Multipart\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
        b"Content-Type: text/plain\n\nWe were swamped.\n--b--\n",
    ],
)
def test_findings_are_those_of_the_parsed_message(raw: bytes) -> None:
    assert check_message(raw) == check_message(parse_message(raw))


def test_a_plain_message_is_checked_without_loading_the_email_package(tmp_path: object) -> None:
    code = (
        "import sys\n"
        "from excuses.lint import check_message\n"
        "found = check_message(b'Subject: Late\\n\\nWe will fix it asap.\\n')\n"
        "print(len(found), 'email.parser' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "False"]
