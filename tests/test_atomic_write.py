"""Files written atomically get the permissions an ordinary write would give them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from excuses.errors import OutputError
from excuses.outputs import write_atomic


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_follows_the_umask(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "message.eml"
    write_atomic(target, b"Subject: x\n\nbody\n")
    assert target.read_bytes() == b"Subject: x\n\nbody\n"
    assert mode_of(target) == 0o644


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "message.eml"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode_of(target) == 0o640


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.eml", b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.eml"]


def test_a_symlink_is_written_through(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "target.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "out.txt"
    link.symlink_to(target.name)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"
    assert mode_of(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "target.txt"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path, umask_022: None) -> None:
    link = tmp_path / "out.txt"
    link.symlink_to("made.txt")
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert (tmp_path / "made.txt").read_bytes() == b"new"


def test_special_bits_are_never_kept(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "tool"
    target.write_bytes(b"old")
    target.chmod(0o6755)
    write_atomic(target, b"new")
    assert mode_of(target) == 0o755


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_and_left_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as caught:
        write_atomic(fifo, b"data")
    assert str(caught.value) == f"{fifo}: is a FIFO (named pipe); excuses writes only regular files"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to("/dev/null")
    with pytest.raises(OutputError, match="is a character device; excuses writes only regular"):
        write_atomic(link, b"data")
    assert link.is_symlink()


def test_a_folder_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path, b"data")
    assert str(caught.value) == f"{tmp_path}: is a folder; give the name of a file to write"
    missing = tmp_path / "nope" / "out.eml"
    with pytest.raises(OutputError) as caught:
        write_atomic(missing, b"data")
    assert str(caught.value) == (
        f"{missing}: the folder {missing.parent} does not exist; create it first"
    )


def test_without_fchmod_or_umask_the_modes_are_the_same(
    tmp_path: Path, umask_022: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows before Python 3.13 has no os.fchmod; the process umask is never changed."""
    monkeypatch.delattr(os, "fchmod", raising=False)

    def no_umask(mask: int) -> int:
        raise AssertionError("the process-wide umask must not be touched")

    monkeypatch.setattr(os, "umask", no_umask)
    new = tmp_path / "new.eml"
    write_atomic(new, b"data")
    assert mode_of(new) == 0o644
    kept = tmp_path / "kept.eml"
    kept.write_bytes(b"old")
    kept.chmod(0o600)
    write_atomic(kept, b"new")
    assert (kept.read_bytes(), mode_of(kept)) == (b"new", 0o600)
