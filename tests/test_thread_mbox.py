"""A whole incident in one mailbox reads as one thread, in order, in a real mail reader.

Every stage of every shipped example is drafted at the moment the record's
history sends it (as ``excuses draft --all-stages`` does) and sent through a
real SMTP server on the loopback; what the server received goes into an mbox,
newest first, so that only the headers can put it back in order. Then the
headers are asserted, the JWZ threading algorithm (tests/jwz.py) must find
one thread, and mutt from Debian, driven in tmux, must show it as one tree.
"""

from __future__ import annotations

import mailbox
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from excuses import draft, load_record
from excuses.mailthread import message_id
from excuses.sending import send
from excuses.smtp_config import Security, SmtpSettings
from excuses.stages import STAGES, sending_moment
from excuses.subjects import topic
from jwz import thread, walk
from smtp_server import LOOPBACK, Recorder, running

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


class Incident:
    """One example sent stage after stage: the messages as received, and the mbox of them."""

    def __init__(self, example: Path, folder: Path, settings: SmtpSettings, server: Recorder):
        self.record = load_record(example)
        self.moments: list[datetime] = []
        server.received.clear()
        log = folder / "sent.jsonl"
        for stage in STAGES:
            moment = sending_moment(self.record, stage)
            assert moment is not None, f"{example.name}: no moment for {stage.value}"
            self.moments.append(moment)
            item = draft(self.record, stage, now=moment)
            send(item, settings=settings, log_path=log, now=lambda at=moment: at)
        self.messages = [got.message for got in server.received]
        self.mbox = folder / "incident.mbox"
        box = mailbox.mbox(self.mbox)
        for got in reversed(server.received):
            box.add(mailbox.mboxMessage(got.content.replace(b"\r\n", b"\n")))
        box.flush()
        box.close()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Recorder, SmtpSettings]]:
    recorder = Recorder()
    with running(recorder) as port:
        yield recorder, SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=5)


@pytest.fixture(params=EXAMPLES, ids=[e.stem for e in EXAMPLES])
def incident(
    request: pytest.FixtureRequest, server: tuple[Recorder, SmtpSettings], tmp_path: Path
) -> Incident:
    recorder, settings = server
    return Incident(request.param, tmp_path, settings, recorder)


def test_each_message_replies_to_the_one_before_it(incident: Incident) -> None:
    record = incident.record
    ids = [
        message_id(
            record.incident.id,
            stage,
            record.sender.email,
            number=len(record.updates) if stage.value == "update" else None,
        )
        for stage in STAGES
    ]
    topics = set()
    for position, (got, moment) in enumerate(zip(incident.messages, incident.moments, strict=True)):
        assert got["Message-ID"] == ids[position]
        assert got["Date"].datetime == moment
        earlier = ids[:position]
        if earlier:
            assert got["In-Reply-To"] == earlier[-1]
            assert str(got["References"]).split() == earlier
        else:
            assert got["In-Reply-To"] is None and got["References"] is None
        topics.add(str(got["Thread-Topic"]))
    assert topics == {topic(record)}


def read_mbox(path: Path) -> list[EmailMessage]:
    parser = BytesParser(policy=policy.default)
    found = []
    for item in mailbox.mbox(path):
        parsed = parser.parsebytes(item.as_bytes())
        assert isinstance(parsed, EmailMessage)
        found.append(parsed)
    return found


def test_the_jwz_algorithm_finds_one_thread_in_the_right_order(incident: Incident) -> None:
    stored = read_mbox(incident.mbox)
    assert [m["Message-ID"] for m in stored] == [
        m["Message-ID"] for m in reversed(incident.messages)
    ]
    [root] = thread(stored)
    rows = walk(root)
    assert [depth for depth, _message in rows] == list(range(len(STAGES)))
    assert [m["Message-ID"] for _depth, m in rows if m is not None] == [
        m["Message-ID"] for m in incident.messages
    ]


MUTTRC = """\
set folder={folder}
set mbox_type=mbox
set sort=threads
set sort_aux=date-sent
set strict_threads=yes
set ascii_chars=yes
set charset=utf-8
set hide_thread_subject=no
set check_new=no
set header_cache=""
set index_format="%4C [%i] %s"
"""
_ROW = re.compile(r"^\s*(\d+) \[(<[^>]+>)\] ((?:[ |]*`->|[ |]*\|->)?)")


def mutt_index(mbox: Path, rows: int) -> list[str]:
    """The index mutt shows for ``mbox``, read from a tmux pane once ``rows`` rows are drawn."""
    muttrc = mbox.with_name("muttrc")
    muttrc.write_text(MUTTRC.format(folder=mbox.parent), encoding="utf-8")
    session = f"excuses-thread-{mbox.parent.name}"
    command = f"LANG=C.UTF-8 mutt -n -R -F {muttrc} -f {mbox}"
    tmux = ["tmux", "-L", session]
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", session, "-x", "250", "-y", "40", command],
        check=True,
    )
    try:
        lines: list[str] = []
        for _attempt in range(200):  # mutt draws within a second; a loaded machine may be slower
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", session],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            lines = [line for line in screen.splitlines() if _ROW.match(line)]
            if len(lines) >= rows:
                break
            time.sleep(0.1)
        return lines
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, check=False)


@pytest.mark.skipif(
    shutil.which("mutt") is None or shutil.which("tmux") is None,
    reason="mutt and tmux are needed to show the thread in a real mail reader "
    "(make test-tools installs them on Debian)",
)
def test_mutt_shows_one_thread_in_the_right_order(incident: Incident) -> None:
    shown = mutt_index(incident.mbox, len(STAGES))
    assert len(shown) == len(STAGES), shown
    parsed = [_ROW.match(line) for line in shown]
    ids = [m.group(2) for m in parsed if m is not None]
    trees = [m.group(3) for m in parsed if m is not None]
    assert ids == [str(m["Message-ID"]) for m in incident.messages]
    # One root, then each message one step deeper than the one it replies to.
    assert trees[0] == ""
    assert trees[1:] == [" " * (2 * (depth - 1)) + "`->" for depth in range(1, len(STAGES))]


def without_threading(incident: Incident) -> Path:
    """The same mailbox with In-Reply-To and References removed, as the messages were before."""
    bare = incident.mbox.with_name("bare.mbox")
    box = mailbox.mbox(bare)
    for message in read_mbox(incident.mbox):
        del message["In-Reply-To"]
        del message["References"]
        box.add(mailbox.mboxMessage(message.as_bytes()))
    box.flush()
    box.close()
    return bare


def test_without_the_reply_headers_the_threader_sees_separate_messages(
    incident: Incident,
) -> None:
    assert len(thread(read_mbox(without_threading(incident)))) == len(STAGES)


@pytest.mark.skipif(
    shutil.which("mutt") is None or shutil.which("tmux") is None,
    reason="mutt and tmux are needed to show the thread in a real mail reader "
    "(make test-tools installs them on Debian)",
)
def test_without_the_reply_headers_mutt_shows_no_tree(
    server: tuple[Recorder, SmtpSettings], tmp_path: Path
) -> None:
    recorder, settings = server
    incident = Incident(EXAMPLES[0], tmp_path, settings, recorder)
    shown = mutt_index(without_threading(incident), len(STAGES))
    parsed = [_ROW.match(line) for line in shown]
    assert [m.group(3) for m in parsed if m is not None] == [""] * len(STAGES)
