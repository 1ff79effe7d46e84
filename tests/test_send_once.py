"""Each message is sent once: the sent-log refuses a repeat, --again makes one on purpose,
an uncertain delivery asks before a retry, and twenty senders at once deliver one message."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from excuses import draft, load_record
from excuses.cli import main
from excuses.drafting import Draft
from excuses.record import Stage
from excuses.sending import AlreadySent, ConnectionDropped, MaybeSent, send
from excuses.sentlog import read_sent_log
from excuses.smtp_config import Security, SmtpSettings
from smtp_server import LOOPBACK, Dropper, Recorder, running

ROOT = Path(__file__).resolve().parents[1]
EN = ROOT / "examples" / "late-delivery.en.yaml"
SENT_AT = datetime(2026, 11, 23, 10, 31, tzinfo=UTC)
ACK = "<INC-2026-0142.acknowledgement.1@northwind.example>"


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def settings(recorder: Recorder) -> Iterator[SmtpSettings]:
    with running(recorder) as port:
        yield SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for suffix in ("HOST", "PORT", "SECURITY", "USERNAME", "PASSWORD", "TIMEOUT", "FROM", "CAFILE"):
        monkeypatch.delenv(f"EXCUSES_SMTP_{suffix}", raising=False)
    (tmp_path / "excuses.toml").write_text("", encoding="utf-8")


def drafted(stage: Stage, when: str = "2026-11-23T10:10") -> Draft:
    return draft(load_record(EN), stage, now=datetime.fromisoformat(when))


def test_a_stage_already_sent_is_refused_and_nothing_goes_out(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path
) -> None:
    log = tmp_path / "sent.jsonl"
    first = send(
        drafted(Stage.ACKNOWLEDGEMENT), settings=settings, log_path=log, now=lambda: SENT_AT
    )
    assert first.message_id == ACK
    # A redraft later the same morning is the same message: refused.
    with pytest.raises(AlreadySent) as caught:
        send(drafted(Stage.ACKNOWLEDGEMENT, "2026-11-23T10:40"), settings=settings, log_path=log)
    assert str(caught.value) == (
        "the acknowledgement of INC-2026-0142 was already sent on 2026-11-23T10:31+00:00 to "
        f"emma.hartley@hartley-sons.example ({ACK}); nothing was sent; to send a second "
        "message on purpose, pass again=True (it gets a Message-ID of its own)"
    )
    assert caught.value.exit_code == 1
    assert len(recorder.received) == 1
    assert len(read_sent_log(log)) == 1


def test_again_sends_a_second_message_with_its_own_message_id(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path
) -> None:
    log = tmp_path / "sent.jsonl"
    send(drafted(Stage.ACKNOWLEDGEMENT), settings=settings, log_path=log, now=lambda: SENT_AT)
    second = send(drafted(Stage.ACKNOWLEDGEMENT), settings=settings, log_path=log, again=True)
    third = send(drafted(Stage.ACKNOWLEDGEMENT), settings=settings, log_path=log, again=True)
    assert second.message_id == "<INC-2026-0142.acknowledgement.2@northwind.example>"
    assert third.message_id == "<INC-2026-0142.acknowledgement.3@northwind.example>"
    assert [r.message["Message-ID"] for r in recorder.received] == [
        ACK,
        second.message_id,
        third.message_id,
    ]
    # The repeat still belongs to the thread: it replies to the last message sent.
    assert recorder.received[2].message["In-Reply-To"] == second.message_id
    assert [(e.sequence, e.status) for e in read_sent_log(log)] == [
        (1, "sent"),
        (2, "sent"),
        (3, "sent"),
    ]


def test_later_stages_reply_to_what_the_sent_log_shows_went_out(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path
) -> None:
    log = tmp_path / "sent.jsonl"
    send(drafted(Stage.ACKNOWLEDGEMENT), settings=settings, log_path=log)
    send(drafted(Stage.DEBRIEF, "2026-11-26T12:00"), settings=settings, log_path=log)
    update = send(drafted(Stage.UPDATE, "2026-11-24T17:00"), settings=settings, log_path=log)
    # No apology went out: the log knows it, so the update replies to the acknowledgement,
    # and the internal debrief, which the client never got, is not in the client's thread.
    assert update.message["In-Reply-To"] == ACK
    assert str(update.message["References"]) == ACK
    assert [e.stage for e in read_sent_log(log)] == [
        Stage.ACKNOWLEDGEMENT,
        Stage.DEBRIEF,
        Stage.UPDATE,
    ]


def test_an_uncertain_delivery_asks_before_a_retry_which_keeps_its_message_id(
    tmp_path: Path,
) -> None:
    log = tmp_path / "sent.jsonl"
    with running(Dropper()) as port:
        dropping = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)
        with pytest.raises(ConnectionDropped):
            send(drafted(Stage.APOLOGY), settings=dropping, log_path=log, now=lambda: SENT_AT)
    recorder = Recorder()
    with running(recorder) as port:
        settings = SmtpSettings(host=LOOPBACK, port=port, security=Security.NONE, timeout=2)
        with pytest.raises(MaybeSent) as caught:
            send(drafted(Stage.APOLOGY), settings=settings, log_path=log)
        assert str(caught.value).startswith(
            "the apology of INC-2026-0142 may already have been delivered: on "
            "2026-11-23T10:31+00:00 the connection to "
        )
        assert "failed after the whole message <INC-2026-0142.apology.1@northwind.example> " in (
            str(caught.value)
        )
        assert str(caught.value).endswith(
            "if it did not arrive, pass again=True to send it once more (it keeps its "
            "Message-ID, so a mailbox that has the first copy can tell)"
        )
        assert caught.value.exit_code == 1 and recorder.received == []
        retry = send(drafted(Stage.APOLOGY), settings=settings, log_path=log, again=True)
        with pytest.raises(AlreadySent):
            send(drafted(Stage.APOLOGY), settings=settings, log_path=log)
    assert retry.message_id == "<INC-2026-0142.apology.1@northwind.example>"
    assert [(e.status, e.message_id) for e in read_sent_log(log)] == [
        ("uncertain", retry.message_id),
        ("sent", retry.message_id),
    ]
    assert len(recorder.received) == 1


# --- on the command line ------------------------------------------------------------------


def point_at(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    monkeypatch.setenv("EXCUSES_SMTP_HOST", LOOPBACK)
    monkeypatch.setenv("EXCUSES_SMTP_PORT", str(port))
    monkeypatch.setenv("EXCUSES_SMTP_SECURITY", "none")
    monkeypatch.setenv("EXCUSES_SMTP_TIMEOUT", "5")


def incident_copy(folder: Path) -> Path:
    copy = folder / "late-delivery.en.yaml"
    copy.write_bytes(EN.read_bytes())
    return copy


@pytest.fixture
def source(settings: SmtpSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the English example, and the environment pointing at the test server."""
    point_at(monkeypatch, settings.effective_port)
    return incident_copy(tmp_path)


def test_send_twice_on_the_command_line_then_again(
    recorder: Recorder, source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["send", str(source), "--stage", "apology", "--now", "2026-11-23T12:00"]
    assert main(command) == 0
    capsys.readouterr()
    assert main(command) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("excuses: the apology of INC-2026-0142 was already sent on ")
    assert err.endswith(
        "; nothing was sent. To send a second message on purpose, add --again "
        "(it gets a Message-ID of its own)\n"
    )
    assert "again=True" not in err
    assert main([*command, "--again"]) == 0
    assert capsys.readouterr().out.startswith(
        "Sent the apology again (send 2 of it) to emma.hartley@hartley-sons.example via "
    )
    assert [r.message["Message-ID"] for r in recorder.received] == [
        "<INC-2026-0142.apology.1@northwind.example>",
        "<INC-2026-0142.apology.2@northwind.example>",
    ]
    assert len(read_sent_log(tmp_path / "late-delivery.en.sent.jsonl")) == 2


def test_a_refusal_on_the_command_line_names_the_option(
    recorder: Recorder, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["send", str(source), "--stage", "apology", "--force", " "]) == 2
    assert capsys.readouterr().err == (
        "excuses: error: --force needs a REASON: say why the findings are acceptable\n"
    )
    assert recorder.commands == []


def test_no_config_ignores_the_smtp_table_too(
    recorder: Recorder, source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "excuses.toml").write_text(
        '[smtp]\nfrom = "relay@elsewhere.example"\n', encoding="utf-8"
    )
    command = ["send", str(source), "--stage", "acknowledgement", "--now", "2026-11-23T10:10"]
    assert main([*command, "--no-config"]) == 0
    [got] = recorder.received
    assert got.mail_from == "sarah.collins@northwind.example"
    assert got.message["From"].addresses[0].addr_spec == "sarah.collins@northwind.example"


# --- twenty senders at once -------------------------------------------------------------------

# Each process loads everything first, then waits for the go file, so that all twenty reach
# the sent-log at the same moment. With "nofcntl", fcntl cannot be imported, as on platforms
# without it: filelock then falls back to its lock-file lock.
_SENDER = """
import sys, time
from pathlib import Path
if sys.argv[1] == "nofcntl":
    sys.modules["fcntl"] = None
from excuses.cli import main
import excuses.drafting, excuses.sending, excuses.lint._check
from excuses import sentlog
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
status = main(sys.argv[3:])
print("LOCK", type(sentlog._lock_for(sys.argv[-1])).__name__, file=sys.stderr)
sys.exit(status)
"""


# Twenty with the platform's lock; fewer without fcntl, which only needs to show the fallback
# holds (the machine running the suite is shared, and each sender is a whole interpreter).
@pytest.mark.parametrize(("locking", "senders"), [("fcntl", 20), ("nofcntl", 6)])
def test_twenty_concurrent_sends_of_one_stage_deliver_exactly_one_message(
    recorder: Recorder, settings: SmtpSettings, tmp_path: Path, locking: str, senders: int
) -> None:
    source = incident_copy(tmp_path)
    log = tmp_path / "late-delivery.en.sent.jsonl"
    go = tmp_path / "go"
    env = {
        **os.environ,
        "EXCUSES_SMTP_HOST": LOOPBACK,
        "EXCUSES_SMTP_PORT": str(settings.effective_port),
        "EXCUSES_SMTP_SECURITY": "none",
        "EXCUSES_SMTP_TIMEOUT": "10",
        "PYTHONPATH": str(ROOT / "src"),
    }
    command = [
        *("send", str(source), "--stage", "acknowledgement", "--now", "2026-11-23T10:10"),
        *("--sent-log", str(log)),
    ]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _SENDER, locking, str(go), *command],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(senders)
    ]
    time.sleep(0.5)
    go.touch()
    results = [(p.wait(timeout=300), *p.communicate()) for p in processes]
    statuses = sorted(status for status, _out, _err in results)
    assert statuses == [0] + [1] * (senders - 1), [err for _s, _o, err in results]
    refusals = [err for status, _out, err in results if status == 1]
    assert all("was already sent on" in err for err in refusals)
    expected_lock = "UnixFileLock" if locking == "fcntl" else "SoftFileLock"
    assert all(f"LOCK {expected_lock}" in err for _s, _o, err in results)
    assert len(recorder.received) == 1
    assert len(log.read_text("utf-8").splitlines()) == 1
    [entry] = read_sent_log(log)
    assert entry.message_id == ACK
