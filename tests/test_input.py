"""What a caller gives to read (``itu_tcb._input``): sources of each type and their
labels, paths that cannot be read, paths that are not regular files (FIFOs, pipes,
terminals, sockets, devices: none makes a read wait forever), and the size cap."""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from helpers import BUNDLED_BYTES, BUNDLED_TEXT, one_line_error, only, run_cli
from itu_tcb import DataError, ProblemKind, _input

needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


# ----------------------------------------------- sources and their labels


def test_labels_name_the_source(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(b"[]")
    assert itu_tcb.validate(path).source == str(path)
    assert itu_tcb.validate(b"[]").source == "<bytes>"
    assert itu_tcb.validate("[]").source == "<string>"
    assert itu_tcb.validate({}).source == "<mapping>"
    assert itu_tcb.load(BUNDLED_BYTES).origin == "<bytes>"


def test_str_is_json_text_only_when_it_starts_like_json(tmp_path: Path) -> None:
    """A str is JSON text when its first non-blank character is '{' or '[', else a path."""
    assert only(itu_tcb.validate('  \n {"x": 1')).kind is ProblemKind.SYNTAX
    assert only(itu_tcb.validate("\ufeff[]")).kind is ProblemKind.TYPE
    problem = only(itu_tcb.validate("null"))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "'null'" in problem.message
    # A file named like JSON text is still reachable as a Path.
    odd = tmp_path / "[odd].json"
    odd.write_bytes(BUNDLED_BYTES)
    assert itu_tcb.validate(odd).valid


def test_a_source_of_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="path, bytes, str or mapping"):
        itu_tcb.validate(42)  # type: ignore[arg-type]


# ---------------------------------------------------------------- unreadable


def test_missing_file() -> None:
    problem = only(itu_tcb.validate(Path("/nonexistent/dir/doc.json")))
    assert (problem.path, problem.kind) == ("$", ProblemKind.UNREADABLE)
    assert "No such file" in problem.message


def test_directory(tmp_path: Path) -> None:
    problem = only(itu_tcb.validate(tmp_path))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "directory" in problem.message


def test_symlink_loop_is_unreadable(tmp_path: Path) -> None:
    """A loop of links cannot be opened by anyone, root included."""
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    problem = only(itu_tcb.validate(loop))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "symbolic links" in problem.message


def test_path_with_a_nul_byte_is_unreadable() -> None:
    problem = only(itu_tcb.validate("bad\x00name.json"))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "null byte" in problem.message


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads a file whatever its mode; the symlink-loop and /proc cases cover root",
)
def test_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_bytes(BUNDLED_BYTES)
    path.chmod(0)
    problem = only(itu_tcb.validate(path))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "Permission denied" in problem.message


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_file_that_fails_while_reading() -> None:
    """Reading /proc/self/mem from offset 0 fails with an I/O error, even for root."""
    problem = only(itu_tcb.validate(Path("/proc/self/mem")))
    assert problem.kind is ProblemKind.UNREADABLE
    assert "/proc/self/mem" in problem.message


# ------------------------------------------------------- inputs stay unchanged


def test_validating_a_file_leaves_it_unchanged(tmp_path: Path) -> None:
    for name, data in (("good.json", BUNDLED_BYTES), ("bad.json", b'{"x": NaN, "x": 1}')):
        path = tmp_path / name
        path.write_bytes(data)
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
        before = path.stat()
        itu_tcb.validate(path)
        itu_tcb.validate(str(path))
        with pytest.raises(DataError) if name == "bad.json" else _nothing():
            itu_tcb.load(path)
        after = path.stat()
        assert path.read_bytes() == data
        assert after.st_mtime_ns == before.st_mtime_ns
        assert after.st_size == before.st_size


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


# ------------------------------------------------ a file that changes as it is read


class _ChangingOs:
    """``os`` as ``_input`` sees it, but ``change`` runs once, right after the first
    read of the file's bytes: the file changes between one read and the next."""

    def __init__(self, change: Callable[[], None]) -> None:
        self.change: Callable[[], None] | None = change

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def read(self, fd: int, size: int) -> bytes:
        chunk = os.read(fd, size)
        if self.change is not None:
            change, self.change = self.change, None
            change()
        return chunk


#: Another version of the document, longer than the first: read after the first
#: one's bytes, its end would make a mixture of the two.
SECOND_VERSION = json.dumps(json.loads(BUNDLED_BYTES), indent=8).encode()


def _rewrite_in_place(path: Path) -> None:
    path.write_bytes(SECOND_VERSION)


def _replace(path: Path) -> None:
    new = path.with_name("new.json")
    new.write_bytes(SECOND_VERSION)
    os.replace(new, path)


CHANGES = {"rewritten in place": _rewrite_in_place, "replaced": _replace}
CHANGED = "it changed as it was read; read it again once it is written"


@pytest.fixture(params=list(CHANGES))
def changing(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A document that the next read sees change (rewritten, or replaced) after its
    first chunk."""
    assert len(SECOND_VERSION) > len(BUNDLED_BYTES)
    path = tmp_path / "itu.json"
    path.write_bytes(BUNDLED_BYTES)
    change = CHANGES[request.param]
    monkeypatch.setattr(_input, "os", _ChangingOs(lambda: change(path)))
    return path


def test_a_document_that_changes_as_it_is_read_is_refused(changing: Path) -> None:
    with pytest.raises(itu_tcb.UnreadableError) as caught:
        itu_tcb.load(changing)
    problem = only(caught.value.report)
    assert (problem.path, problem.kind) == ("$", ProblemKind.UNREADABLE)
    assert problem.message == f"cannot read {str(changing)!r}: {CHANGED}"
    assert changing.read_bytes() == SECOND_VERSION  # it did change, after one read


def test_the_cli_refuses_a_document_that_changes_as_it_is_read(
    changing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reason = f"cannot read {str(changing)!r}: {CHANGED}"
    status, out = run_cli("--data", str(changing), "summary")
    assert (status, out) == (2, "")
    assert one_line_error(capsys) == f"itu-tcb: error: {reason}\n"


def test_validate_reports_a_document_that_changes_as_it_is_read(changing: Path) -> None:
    status, out = run_cli("validate", str(changing))
    assert status == 2
    assert out.splitlines()[0] == f"{changing}:$: error: cannot read {str(changing)!r}: {CHANGED}"


# --------------------------------------- paths that are not regular files


def unreadable(report: itu_tcb.Report) -> str:
    """The message of the report's one problem, which says the path cannot be read."""
    assert len(report.problems) == 1, str(report)
    problem = report.problems[0]
    assert (problem.path, problem.kind) == ("$", ProblemKind.UNREADABLE)
    assert "\n" not in problem.message
    return problem.message


def _write_later(path: Path, data: bytes, delay: float, hold: float = 0.0) -> threading.Thread:
    def write() -> None:
        time.sleep(delay)
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            time.sleep(hold)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@needs_fifos
def test_a_fifo_without_a_writer_is_a_problem_within_a_second(fifo: Path) -> None:
    start = time.monotonic()
    message = unreadable(itu_tcb.validate(fifo))
    assert time.monotonic() - start < 1.0
    assert (
        message == f"cannot read {str(fifo)!r}: it is a named pipe (FIFO) that no process writes to"
    )
    with pytest.raises(itu_tcb.DataError):
        itu_tcb.load(fifo)


@needs_fifos
def test_a_fifo_whose_writer_comes_a_little_later_is_read(fifo: Path) -> None:
    writer = _write_later(fifo, BUNDLED_BYTES, delay=0.2)
    assert itu_tcb.validate(fifo).valid
    writer.join(5)


@needs_fifos
def test_a_writer_that_sends_in_pieces_is_read_to_its_end(fifo: Path) -> None:
    def write() -> None:
        with open(fifo, "wb") as handle:
            for start in range(0, len(BUNDLED_BYTES), 4096):
                handle.write(BUNDLED_BYTES[start : start + 4096])
                handle.flush()
                time.sleep(0.001)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    assert itu_tcb.load(fifo) == itu_tcb.load()
    thread.join(5)


@needs_fifos
def test_a_writer_that_holds_the_fifo_open_and_sends_nothing_is_reported(
    fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_input, "IDLE", 0.3)
    writer = _write_later(fifo, b"", delay=0.0, hold=2.0)
    message = unreadable(itu_tcb.validate(fifo))
    assert "sent nothing for 0.3 seconds" in message
    writer.join(5)


@needs_fifos
@given(
    st.binary(min_size=1, max_size=3000) | st.sampled_from([BUNDLED_BYTES, b"{}", b"[", b"\xff"])
)
def test_a_fifo_gives_the_report_of_its_bytes(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    # Not empty: a writer that opens the FIFO and closes it without writing, in
    # between two reads, cannot be told from no writer at all.
    path = tmp_path_factory.mktemp("fifo") / "doc.json"
    os.mkfifo(path)
    writer = _write_later(path, data, delay=0.0)
    through_fifo = itu_tcb.validate(path)
    writer.join(5)
    assert through_fifo.problems == itu_tcb.validate(data).problems


@needs_fifos
def test_a_fifo_beyond_the_limit_is_a_limit_problem(
    fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_input, "MAX_BYTES", 2**20)
    writer = _write_later(fifo, b" " * (2**20 + 10), delay=0.0)
    report = itu_tcb.validate(fifo)
    assert [p.kind for p in report.problems] == [ProblemKind.LIMIT]
    writer.join(5)


@needs_fifos
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "socket"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert unreadable(itu_tcb.validate(path)).endswith("it is a socket, not a file")


@pytest.fixture
def terminal() -> Iterator[str]:
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        yield os.ttyname(follower)
    finally:
        os.close(leader)
        os.close(follower)


@needs_fifos
def test_a_terminal_is_refused(terminal: str) -> None:
    start = time.monotonic()
    assert unreadable(itu_tcb.validate(terminal)).endswith("it is a terminal, not a file")
    assert time.monotonic() - start < 1.0


@needs_fifos
@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_the_null_device_is_an_empty_document() -> None:
    report = itu_tcb.validate("/dev/null")
    assert [p.kind for p in report.problems] == [ProblemKind.SYNTAX]


# ------------------------------------------------------------------ size limit


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """A limit of 1 MiB, so that going past it costs little."""
    monkeypatch.setattr(_input, "MAX_BYTES", 2**20)
    return 2**20


def limit_problem(report: itu_tcb.Report) -> itu_tcb.Problem:
    assert len(report.problems) == 1, str(report)
    problem = report.problems[0]
    assert (problem.path, problem.kind) == ("$", ProblemKind.LIMIT)
    assert "larger than" in problem.message
    return problem


def test_the_limit_is_512_mib_and_documented() -> None:
    assert _input.MAX_BYTES == 512 * 2**20
    assert "512 MiB" in (Path(__file__).parents[1] / "docs" / "format.md").read_text("utf-8")
    # An anonymous map is not touched, so these 512 MiB cost no memory.
    with mmap.mmap(-1, _input.MAX_BYTES + 1) as big, memoryview(big) as view:
        assert "512 MiB" in limit_problem(itu_tcb.validate(view)).message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_stops_at_the_limit(small_limit: int) -> None:
    assert "1 MiB" in limit_problem(itu_tcb.validate("/dev/zero")).message
    with pytest.raises(itu_tcb.DataError):
        itu_tcb.load(Path("/dev/zero"))


def test_reading_stops_once_past_the_limit() -> None:
    """A stream is read to one byte past the limit, and no further."""
    limit, sent = 5 * 2**20, 6 * 2**20
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)

    def write() -> None:
        with os.fdopen(write_end, "wb") as handle:
            handle.write(b" " * sent)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        assert _input._read_stream(read_end, limit) is None
        os.set_blocking(read_end, True)
        with os.fdopen(read_end, "rb", closefd=False) as rest:
            assert sent - len(rest.read()) == limit + 1
    finally:
        writer.join(5)
        os.close(read_end)


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_not(
    small_limit: int, tmp_path: Path
) -> None:
    doc = json.dumps(json.loads(BUNDLED_TEXT))
    data = (doc + " " * (small_limit - len(doc.encode()))).encode()
    assert len(data) == small_limit
    path = tmp_path / "at-limit.json"
    path.write_bytes(data)
    assert itu_tcb.validate(path).valid
    path.write_bytes(data + b" ")
    limit_problem(itu_tcb.validate(path))


def test_a_pipe_past_the_limit_is_refused(small_limit: int, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as out:
            for _ in range(4):
                out.write(b" " * small_limit)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        limit_problem(itu_tcb.validate(fifo))
    finally:
        writer.join(10)


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_bytes_past_the_limit_are_refused(small_limit: int, kind: Any) -> None:
    doc = json.dumps(json.loads(BUNDLED_TEXT)).encode()
    at_limit = doc + b" " * (small_limit - len(doc))
    assert itu_tcb.validate(kind(at_limit)).valid
    limit_problem(itu_tcb.validate(kind(at_limit + b" ")))


def test_text_past_the_limit_is_refused_by_its_utf8_size(small_limit: int) -> None:
    doc = json.dumps(json.loads(BUNDLED_TEXT))
    assert itu_tcb.validate(doc + " " * (small_limit - len(doc))).valid
    limit_problem(itu_tcb.validate(doc + " " * (small_limit - len(doc) + 1)))
    # Fewer characters than the limit, but more bytes: each "\u00e9" takes two.
    wide = '{"x": "' + "\u00e9" * (small_limit // 2) + '"}'
    assert len(wide) < small_limit < len(wide.encode())
    limit_problem(itu_tcb.validate(wide))
    narrow = '{"x": "' + "\u00e9" * (small_limit // 3) + '"}'
    assert all(p.kind is not ProblemKind.LIMIT for p in itu_tcb.validate(narrow).problems)


def test_a_file_whose_name_looks_like_json_is_read_as_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("[draft] itu.json", "{v2}.json"):
        (tmp_path / name).write_text(BUNDLED_TEXT, encoding="utf-8")
        report = itu_tcb.validate(name)
        assert report.valid, str(report)
        assert report.source == name
    assert itu_tcb.validate('{"schema_version": "1.0"}').source == "<string>"
