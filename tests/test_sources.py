"""Paths that are not regular files: FIFOs, pipes, terminals, sockets, devices.

None of them can make a read wait forever: a FIFO without a writer and a stalled
writer are problems, terminals and sockets are refused, pipes read as they come.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itu_tcb
from itu_tcb import _input
from itu_tcb.report import ProblemKind

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")

BUNDLED = (resources.files("itu_tcb") / "data" / "itu.json").read_bytes()


def unreadable(report: itu_tcb.Report) -> str:
    """The message of the report's one problem, which says the path cannot be read."""
    assert len(report.problems) == 1, str(report)
    problem = report.problems[0]
    assert (problem.path, problem.kind) == ("$", ProblemKind.UNREADABLE)
    assert "\n" not in problem.message
    return problem.message


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.json"
    os.mkfifo(path)
    return path


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


def test_a_fifo_without_a_writer_is_a_problem_within_a_second(fifo: Path) -> None:
    start = time.monotonic()
    message = unreadable(itu_tcb.validate(fifo))
    assert time.monotonic() - start < 1.0
    assert (
        message == f"cannot read {str(fifo)!r}: it is a named pipe (FIFO) that no process writes to"
    )
    with pytest.raises(itu_tcb.DataError):
        itu_tcb.load(fifo)


def test_a_fifo_whose_writer_comes_a_little_later_is_read(fifo: Path) -> None:
    writer = _write_later(fifo, BUNDLED, delay=0.2)
    assert itu_tcb.validate(fifo).valid
    writer.join(5)


def test_a_writer_that_sends_in_pieces_is_read_to_its_end(fifo: Path) -> None:
    def write() -> None:
        with open(fifo, "wb") as handle:
            for start in range(0, len(BUNDLED), 4096):
                handle.write(BUNDLED[start : start + 4096])
                handle.flush()
                time.sleep(0.001)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    assert itu_tcb.load(fifo) == itu_tcb.load()
    thread.join(5)


def test_a_writer_that_holds_the_fifo_open_and_sends_nothing_is_reported(
    fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_input, "IDLE", 0.3)
    writer = _write_later(fifo, b"", delay=0.0, hold=2.0)
    message = unreadable(itu_tcb.validate(fifo))
    assert "sent nothing for 0.3 seconds" in message
    writer.join(5)


@given(st.binary(min_size=1, max_size=3000) | st.sampled_from([BUNDLED, b"{}", b"[", b"\xff"]))
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


def test_a_fifo_beyond_the_limit_is_a_limit_problem(
    fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_input, "MAX_BYTES", 2**20)
    writer = _write_later(fifo, b" " * (2**20 + 10), delay=0.0)
    report = itu_tcb.validate(fifo)
    assert [p.kind for p in report.problems] == [ProblemKind.LIMIT]
    writer.join(5)


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


def test_a_terminal_is_refused(terminal: str) -> None:
    start = time.monotonic()
    assert unreadable(itu_tcb.validate(terminal)).endswith("it is a terminal, not a file")
    assert time.monotonic() - start < 1.0


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_the_null_device_is_an_empty_document() -> None:
    report = itu_tcb.validate("/dev/null")
    assert [p.kind for p in report.problems] == [ProblemKind.SYNTAX]


def _cli(*argv: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "itu_tcb", *argv], input=stdin, capture_output=True, timeout=60
    )


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="needs /dev/stdin")
def test_dev_stdin_and_dash_read_a_pipe() -> None:
    for argv in (["validate", "/dev/stdin"], ["validate", "-"]):
        done = _cli(*argv, stdin=BUNDLED)
        assert done.returncode == 0, done.stderr
        assert b": valid" in done.stdout
    for data in ("/dev/stdin", "-"):
        done = _cli("--data", data, "list", "sectors", stdin=BUNDLED)
        assert (done.returncode, done.stdout.split(b"\t")[0]) == (0, b"itu-r")


def test_the_cli_reports_a_fifo_without_a_writer_on_one_line(fifo: Path) -> None:
    done = _cli("validate", str(fifo), stdin=b"")
    assert done.returncode == 2
    assert b"that no process writes to" in done.stdout
    done = _cli("--data", str(fifo), "summary", stdin=b"")
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1
    assert "that no process writes to" in done.stderr.decode()
