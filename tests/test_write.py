"""Writing files all at once or not at all (``itu_tcb._write``)."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import _write


def test_write_atomic_writes_utf8(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    _write.write_atomic(target, "d\u00e9j\u00e0 vu\r\n")
    assert target.read_bytes() == "d\u00e9j\u00e0 vu\r\n".encode()
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_atomic_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep me")
    with pytest.raises(FileExistsError):
        _write.write_atomic(target, "new")
    assert target.read_text() == "keep me"
    _write.write_atomic(target, "new", force=True)
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_atomic_refuses_a_file_that_appears_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    real_fsync = os.fsync

    def racing_fsync(fd: int) -> None:
        real_fsync(fd)
        target.write_text("someone else's")

    monkeypatch.setattr(os, "fsync", racing_fsync)
    with pytest.raises(FileExistsError):
        _write.write_atomic(target, "mine")
    assert target.read_text() == "someone else's"
    assert os.listdir(tmp_path) == ["out.txt"]


needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and modes")


@needs_posix
def test_write_atomic_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for force in (False, True):
        with pytest.raises(OSError, match="it is a FIFO") as caught:
            _write.write_atomic(fifo, "text", force=force)
        assert not isinstance(caught.value, FileExistsError)
    link = tmp_path / "to-fifo"
    link.symlink_to(fifo)
    with pytest.raises(OSError, match="it is a FIFO"):
        _write.write_atomic(link, "text", force=True)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(OSError, match="loop of symbolic links"):
        _write.write_atomic(loop, "text", force=True)
    with pytest.raises(IsADirectoryError):
        _write.write_atomic(tmp_path, "text", force=True)
    assert fifo.is_fifo()
    assert link.is_symlink()
    assert loop.is_symlink()
    assert sorted(os.listdir(tmp_path)) == ["fifo", "loop", "to-fifo"]


@needs_posix
def test_nothing_is_written_inside_the_installed_package(tmp_path: Path) -> None:
    """Every load reads the package: no write goes there, by any name, ``force`` or not."""
    package = Path(itu_tcb.__file__).resolve().parent
    target = package / "data" / "never-written.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    try:
        for path in (target, link):
            for force in (False, True):
                with pytest.raises(PermissionError, match="inside the installed itu_tcb package"):
                    _write.write_atomic(path, "text", force=force)
        with pytest.raises(PermissionError, match="inside the installed itu_tcb package"):
            _write.write_files(package / "never-made", {"a.csv": "a"})
        assert not target.exists()
        assert not (package / "never-made").exists()
    finally:  # should the refusal fail, the working tree is left as it was
        target.unlink(missing_ok=True)
        if (package / "never-made").exists():
            shutil.rmtree(package / "never-made")


@needs_posix
def test_write_atomic_refuses_a_device(tmp_path: Path) -> None:
    # A link to /dev/null: refused before anything is written, so /dev stays untouched.
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    with pytest.raises(OSError, match="it is a character device, not a regular file"):
        _write.write_atomic(link, "text", force=True)
    assert os.path.realpath(link) == os.devnull
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert os.listdir(tmp_path) == ["null"]


@needs_posix
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_write_atomic_keeps_the_permission_bits(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(mode)
    _write.write_atomic(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == mode


@needs_posix
def test_write_atomic_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "data" / "real.csv"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(Path("data") / "real.csv")
    with pytest.raises(FileExistsError):
        _write.write_atomic(link, "new")
    assert real.read_text() == "old"
    _write.write_atomic(link, "new", force=True)
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("data", "real.csv")
    assert real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path / "data")) == ["real.csv"]
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "data" / "later.csv")
    with pytest.raises(FileExistsError):
        _write.write_atomic(dangling, "new")
    _write.write_atomic(dangling, "new", force=True)
    assert dangling.is_symlink()
    assert (tmp_path / "data" / "later.csv").read_text() == "new"


@needs_posix
def test_write_atomic_says_what_a_link_to_nowhere_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink(os.path.join("nowhere", "x.json"), "dang")
    os.symlink("later.json", "dang2")
    os.symlink("dang", "chain")
    with pytest.raises(FileExistsError) as caught:
        _write.write_atomic("dang2", "new")
    assert caught.value.strerror == "it is a symbolic link to 'later.json', where no file is yet"
    with pytest.raises(FileExistsError, match="it is a symbolic link to 'nowhere"):
        _write.write_atomic("dang", "new")  # its folder is missing too: the link comes first
    for name, what in [
        ("dang", "a symbolic link to 'nowhere/x.json'"),
        ("chain", f"a chain of symbolic links to {os.path.realpath('dang')!r}"),
    ]:
        with pytest.raises(OSError, match="whose folder does not exist") as failed:
            _write.write_atomic(name, "new", force=True)
        assert (failed.value.filename, failed.value.errno) == (name, errno.ENOENT)
        assert failed.value.strerror == f"it is {what}, whose folder does not exist"
    with pytest.raises(OSError, match="its folder does not exist") as failed:
        _write.write_atomic(os.path.join("nowhere", "y.json"), "new", force=True)
    assert failed.value.strerror == "its folder does not exist"
    assert sorted(os.listdir(tmp_path)) == ["chain", "dang", "dang2"]


def test_write_atomic_without_force_never_renames_over_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new file is put in place by a hard link, which cannot replace one."""
    if not hasattr(os, "link"):
        pytest.skip("no hard links")

    def no_replace(*_: object) -> None:
        raise AssertionError("os.replace used without --force")

    monkeypatch.setattr(os, "replace", no_replace)
    target = tmp_path / "out.txt"
    _write.write_atomic(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_nlink == 1
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.parametrize("error", [errno.EPERM, errno.EXDEV, errno.ENOTSUP])
def test_write_atomic_without_hard_links_falls_back_to_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    def no_link(*_: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(os, "link", no_link)
    target = tmp_path / "out.txt"
    _write.write_atomic(target, "new")
    assert target.read_text() == "new"
    with pytest.raises(FileExistsError):
        _write.write_atomic(target, "newer")
    assert target.read_text() == "new"

    real_fsync = os.fsync

    def racing_fsync(fd: int) -> None:  # the file appears before the last check
        real_fsync(fd)
        (tmp_path / "late.txt").write_text("someone else's")

    monkeypatch.setattr(os, "fsync", racing_fsync)
    with pytest.raises(FileExistsError):
        _write.write_atomic(tmp_path / "late.txt", "mine")
    assert (tmp_path / "late.txt").read_text() == "someone else's"
    assert sorted(os.listdir(tmp_path)) == ["late.txt", "out.txt"]


def test_write_atomic_other_link_errors_leave_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_link(*_: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "link", failing_link)
    with pytest.raises(OSError, match="Input/output error"):
        _write.write_atomic(tmp_path / "out.txt", "new")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("step", "force"), [("link", False), ("fsync", False), ("replace", True), ("fsync", True)]
)
def test_a_failed_step_is_named_by_the_users_path_never_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, force: bool
) -> None:
    """The system names the temporary file (or nothing) when writing it or putting it
    in place fails; the error names the path the user gave, and nothing is left."""

    def failing(*names: object) -> None:
        name = names[0] if names and isinstance(names[0], str) else None
        raise OSError(errno.EACCES, "Permission denied", name)

    monkeypatch.setattr(os, step, failing)
    given = os.path.join(str(tmp_path), "out.txt")
    with pytest.raises(OSError, match="Permission denied") as caught:
        _write.write_atomic(given, "new", force=force)
    assert (caught.value.errno, caught.value.filename) == (errno.EACCES, given)
    assert os.listdir(tmp_path) == []


def test_an_empty_file_name_is_refused_not_taken_for_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for force in (False, True):
        with pytest.raises(FileNotFoundError, match="the file name is empty"):
            _write.write_atomic("", "text", force=force)
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------- several files


def test_write_files_refuses_what_is_not_a_directory_or_a_plain_name(tmp_path: Path) -> None:
    plain = tmp_path / "file"
    plain.write_text("x")
    with pytest.raises(NotADirectoryError):
        _write.write_files(plain, {"a.csv": "a"})
    for name in ("", "..", "sub/a.csv"):
        with pytest.raises(ValueError, match="is not a plain file name"):
            _write.write_files(tmp_path / "new", {name: "a"})
    assert sorted(os.listdir(tmp_path)) == ["file"]


@given(
    existing=st.sets(st.sampled_from(["a.csv", "b.csv", "c.json", "other.txt"])),
    force=st.booleans(),
)
def test_write_files_never_overwrites_without_force(existing: set[str], force: bool) -> None:
    """Any mix of files already there: without force all is kept, with force all is new."""
    files: dict[str, str | bytes] = {"a.csv": "new a", "b.csv": b"new b", "c.json": "{}"}
    with tempfile.TemporaryDirectory() as root:
        directory = Path(root)
        for name in existing:
            (directory / name).write_text(f"old {name}")
        clash = existing & set(files)
        if clash and not force:
            with pytest.raises(FileExistsError):
                _write.write_files(directory, files, force=force)
            assert sorted(os.listdir(directory)) == sorted(existing)
            for name in existing:
                assert (directory / name).read_text() == f"old {name}"
            return
        written = _write.write_files(directory, files, force=force)
        assert written == [str(directory / name) for name in files]
        for name, content in files.items():
            raw = content.encode() if isinstance(content, str) else content
            assert (directory / name).read_bytes() == raw
        if "other.txt" in existing:
            assert (directory / "other.txt").read_text() == "old other.txt"
