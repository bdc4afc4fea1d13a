"""What a caller gives to read (a path, bytes, text or a mapping), read within a
size cap, and paths read whatever they are, without blocking forever.

:func:`fetch` gives the input's label and content, or a problem saying why it cannot
be read. A regular file is read whole; a pipe or a FIFO as its writer sends, but a
FIFO that no process writes to is reported after ``WRITER_WAIT`` seconds, and a pipe
that sends nothing for ``IDLE`` seconds too. A terminal, a socket and a directory
hold no document; other devices (``/dev/zero``) are read as streams, up to the cap.
"""

from __future__ import annotations

import errno
import os
import select
import stat
import time
from collections.abc import Mapping
from typing import Any, Union

from .report import Problem, ProblemKind

__all__ = ["MAX_BYTES", "Input", "fetch", "read_path"]

#: What a document is read from: a path, JSON bytes, JSON text, or a parsed mapping.
Input = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]", Mapping[str, Any]]

#: The largest document read, in bytes of UTF-8 (512 MiB): a larger file, or
#: bytes or text beyond it, is a ``limit`` problem, and a file is not read further.
MAX_BYTES = 512 * 2**20


def _is_json_text(source: str) -> bool:
    """A ``str`` source is JSON text when it starts (after blanks) with ``{`` or
    ``[``, or is blank, and does not name an existing file ("[draft] itu.json")."""
    if source.lstrip(" \t\r\n\ufeff")[:1] not in ("{", "[", ""):
        return False
    if len(source) > 4096 or "\n" in source or "\x00" in source:
        return True  # no file name looks like this
    return not os.path.isfile(source)


def fetch(source: Input) -> tuple[str, bytes | str | Mapping[str, Any] | None, list[Problem]]:
    """The label and raw content of a source; a path that cannot be read is a problem."""
    if isinstance(source, bytes | bytearray | memoryview):
        size = source.nbytes if isinstance(source, memoryview) else len(source)
        if size > MAX_BYTES:
            return "<bytes>", None, [_too_large()]
        return "<bytes>", bytes(source), []
    if isinstance(source, Mapping):
        return "<mapping>", source if type(source) is dict else dict(source), []
    if isinstance(source, str) and _is_json_text(source):
        if _utf8_size_over(source, MAX_BYTES):
            return "<string>", None, [_too_large()]
        return "<string>", source, []
    if isinstance(source, str | os.PathLike):
        path = os.fsdecode(source)
        try:
            if "\x00" in path:  # the interpreter's wording for this differs between versions
                raise ValueError("a path cannot hold a null byte")
            # Never blocks: a FIFO without a writer, a terminal or a socket is a problem.
            data = read_path(path, MAX_BYTES)
            return path, data, [] if data is not None else [_too_large()]
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            if isinstance(exc, IsADirectoryError):
                reason = "it is a directory, not a file"
            problem = Problem(
                path="$", message=f"cannot read {path!r}: {reason}", kind=ProblemKind.UNREADABLE
            )
            return path, None, [problem]
    raise TypeError("source must be a path, bytes, str or mapping, not " + type(source).__name__)


def _too_large() -> Problem:
    limit = f"{MAX_BYTES / 2**20:g} MiB"
    return Problem(
        path="$",
        message=f"the document is larger than {limit}, the most this library reads",
        kind=ProblemKind.LIMIT,
        hint="split it into smaller documents and merge them",
    )


def _utf8_size_over(text: str, cap: int) -> bool:
    """Whether ``text`` takes more than ``cap`` bytes as UTF-8, counted without a
    copy of the whole text (``isascii`` is free: CPython records it)."""
    if len(text) > cap:
        return True
    if text.isascii() or len(text) * 4 <= cap:
        return False
    starts = range(0, len(text), _CHUNK)
    return sum(len(text[i : i + _CHUNK].encode("utf-8", "surrogatepass")) for i in starts) > cap


#: How long (seconds) a FIFO is given for a writer to open it.
WRITER_WAIT = 0.5
#: How long (seconds) a pipe, FIFO or device written to may send nothing.
IDLE = 30.0
#: How much is read from a pipe or a device at a time (its buffer holds less).
_PIPE_CHUNK = 2**20
#: How much of a text is encoded at a time to count its UTF-8 size.
_CHUNK = 16 * 2**20

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def read_path(path: str, cap: int) -> bytes | None:
    """The bytes at ``path``, or ``None`` as soon as they prove longer than ``cap``.

    Raises :class:`OSError` (with a one-line reason) when the path cannot be read,
    is not something a document can be read from, or a pipe never sends its end.
    """
    try:
        # Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY)
    except OSError as exc:
        if exc.errno == errno.ENXIO and _is_socket(path):
            raise OSError("it is a socket, not a file") from None
        raise
    try:
        status = os.fstat(fd)
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "it is a directory, not a file")
        if stat.S_ISSOCK(mode):
            raise OSError("it is a socket, not a file")
        if stat.S_ISREG(mode):
            before = _version(status)
            data = None if status.st_size > cap else _read_stream(fd, cap, size=status.st_size)
            if _version(os.fstat(fd)) != before or _version(os.stat(path)) != before:
                # Rewritten in place (or replaced) meanwhile: what was read may be a
                # mixture of two versions, and is never returned as one.
                raise OSError("it changed as it was read; read it again once it is written")
            return data
        if os.isatty(fd):
            raise OSError("it is a terminal, not a file")
        return _read_stream(fd, cap, fifo=stat.S_ISFIFO(mode))
    finally:
        os.close(fd)


def _version(status: os.stat_result) -> tuple[int, ...]:
    """What changes when a file is written: its file, size and modification time."""
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _is_socket(path: str) -> bool:
    try:
        return stat.S_ISSOCK(os.stat(path).st_mode)
    except OSError:
        return False


def _read_stream(fd: int, cap: int, *, fifo: bool = False, size: int | None = None) -> bytes | None:
    """Read a non-blocking file, pipe, FIFO or device to its end, or ``None`` past
    ``cap``. A file of known ``size`` is read in one call of its size (no copy), then
    one byte to see that it ends there (a chunk-sized read would allocate a chunk).

    On a FIFO no process holds open for writing, a read returns nothing at once, as
    at the end (POSIX); while a writer holds it, a read with no data says "try
    again". So an end before any writer was seen gets ``WRITER_WAIT`` seconds.
    """
    chunks: list[bytes] = []
    total = 0
    written = not fifo  # a device has no writer: its first empty read is its end
    deadline = time.monotonic() + WRITER_WAIT
    while True:
        try:
            want = _PIPE_CHUNK if size is None or total > size else size + 1 - total
            chunk = os.read(fd, min(want, cap + 1 - total))
        except BlockingIOError:  # never on Windows, which has no O_NONBLOCK (nor poll)
            written = True
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            if not poller.poll(IDLE * 1000):
                stalled = f"it sent nothing for {IDLE:g} seconds; is its writer stuck?"
                raise OSError(stalled) from None
            continue
        if chunk:
            written = True
            total += len(chunk)
            if total > cap:
                return None
            chunks.append(chunk)
        elif written:
            break
        elif time.monotonic() >= deadline:
            raise OSError("it is a named pipe (FIFO) that no process writes to")
        else:
            time.sleep(0.01)
    return b"".join(chunks)
